import { chmod, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExecaProcessRunner, launcherArgv } from "../../src/local/process-runner.js";
import type { ProcessSpec } from "../../src/loop/ports.js";
import { isRunning } from "../support/processes.js";
import { InvalidArgumentError } from "../../src/core/errors.js";

const PATH = process.env.PATH ?? "/usr/bin:/bin";

let dir: string;
const strays: number[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "foreman-run-"));
});

afterEach(async () => {
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await rm(dir, { recursive: true, force: true });
});

function spec(argv: string[], extra: Partial<ProcessSpec> = {}): ProcessSpec {
  return { argv, cwd: dir, env: { PATH }, timeoutMs: 10_000, ...extra };
}

function pidFrom(stdout: string): number {
  const pid = Number(stdout.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${JSON.stringify(stdout)}`);
  strays.push(pid);
  return pid;
}

describe("ExecaProcessRunner: plain runs", () => {
  it("returns exit code, stdout and stderr", async () => {
    const result = await new ExecaProcessRunner().run(spec(["sh", "-c", "echo out; echo err >&2; exit 3"]));
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      timedOut: false,
      aborted: false,
      stdout: "out\n",
      stderr: "err\n",
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("returns exit code 0 for success", async () => {
    const result = await new ExecaProcessRunner().run(spec(["true"]));
    expect([result.exitCode, result.signal, result.stdout, result.stderr]).toEqual([0, null, "", ""]);
  });

  it("gives the child exactly the environment it was given, nothing inherited", async () => {
    expect(process.env.HOME ?? process.env.USER).toBeDefined();
    const result = await new ExecaProcessRunner().run(spec(["env"], { env: { PATH, FOO: "bar baz", EMPTY: "" } }));
    expect(result.stdout.trimEnd().split("\n").sort()).toEqual(["EMPTY=", "FOO=bar baz", `PATH=${PATH}`]);
  });

  it("passes a given PWD through unchanged (the launcher's shell neither adds nor rewrites it)", async () => {
    const result = await new ExecaProcessRunner().run(spec(["env"], { env: { PATH, PWD: "/not/the/cwd" } }));
    expect(result.stdout.trimEnd().split("\n").sort()).toEqual([`PATH=${PATH}`, "PWD=/not/the/cwd"]);
  });

  it("runs in the given directory, without a shell (arguments are not interpreted)", async () => {
    const result = await new ExecaProcessRunner().run(spec(["sh", "-c", 'pwd; printf "%s" "$1"', "sh", "$(echo no) ; *"]));
    expect(result.stdout).toBe(`${await realpath(dir)}\n$(echo no) ; *`);
  });

  it("feeds stdinFile to standard input", async () => {
    const input = path.join(dir, "task.md");
    await writeFile(input, "line one\nline two\n");
    const result = await new ExecaProcessRunner().run(spec(["cat"], { stdinFile: input }));
    expect(result.stdout).toBe("line one\nline two\n");
  });

  it("gives no standard input without stdinFile (a reader sees end of file, it does not hang)", async () => {
    const result = await new ExecaProcessRunner().run(spec(["cat"], { timeoutMs: 5000 }));
    expect([result.exitCode, result.timedOut, result.stdout]).toEqual([0, false, ""]);
  });

  it("measures the duration with the injected clock", async () => {
    const times = [1000, 1250.4];
    const runner = new ExecaProcessRunner({ now: () => times.shift() ?? 9999 });
    expect((await runner.run(spec(["true"]))).durationMs).toBe(250);
  });
});

describe("ExecaProcessRunner: commands that cannot start", () => {
  it("reports a missing executable as a result, not an exception", async () => {
    const result = await new ExecaProcessRunner().run(spec(["foreman-no-such-command-x1"]));
    expect(result).toMatchObject({
      exitCode: null,
      signal: null,
      timedOut: false,
      aborted: false,
      stdout: "",
      stderr: "command not found: foreman-no-such-command-x1",
    });
  });

  it("reports a missing absolute path the same way", async () => {
    const result = await new ExecaProcessRunner().run(spec(["/nonexistent/bin/agent", "--help"]));
    expect([result.exitCode, result.stderr]).toEqual([null, "command not found: /nonexistent/bin/agent"]);
  });

  it("reports a file that is not executable", async () => {
    const script = path.join(dir, "agent.sh");
    await writeFile(script, "#!/bin/sh\necho hi\n");
    await chmod(script, 0o644);
    const result = await new ExecaProcessRunner().run(spec([script]));
    expect([result.exitCode, result.stderr]).toEqual([null, `permission denied: ${script} is not executable`]);
  });
});

describe("ExecaProcessRunner: caller mistakes throw", () => {
  const runner = new ExecaProcessRunner();
  it("refuses an empty argv", async () => {
    await expect(runner.run(spec([]))).rejects.toThrow("ProcessSpec.argv is empty");
    await expect(runner.run(spec([""]))).rejects.toThrow(InvalidArgumentError);
  });
  it("refuses a missing cwd", async () => {
    const missing = path.join(dir, "nope");
    await expect(runner.run(spec(["true"], { cwd: missing }))).rejects.toThrow(`ProcessSpec.cwd '${missing}' does not exist (ENOENT).`);
  });
  it("refuses a cwd that is a file", async () => {
    const file = path.join(dir, "f");
    await writeFile(file, "");
    await expect(runner.run(spec(["true"], { cwd: file }))).rejects.toThrow(`ProcessSpec.cwd '${file}' is not a directory.`);
  });
  it("refuses a missing stdinFile", async () => {
    const missing = path.join(dir, "input.md");
    await expect(runner.run(spec(["cat"], { stdinFile: missing }))).rejects.toThrow(`ProcessSpec.stdinFile '${missing}' cannot be read (ENOENT).`);
  });
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses timeoutMs %s", async (timeoutMs) => {
    await expect(runner.run(spec(["true"], { timeoutMs }))).rejects.toThrow(InvalidArgumentError);
  });
  it("refuses bad options", () => {
    expect(() => new ExecaProcessRunner({ maxOutputBytes: -1 })).toThrow("maxOutputBytes must be an integer >= 0, got -1.");
    expect(() => new ExecaProcessRunner({ maxOutputBytes: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new ExecaProcessRunner({ killGraceMs: -5 })).toThrow("killGraceMs must be a number >= 0, got -5.");
  });
});

describe("ExecaProcessRunner: stopping the whole tree", () => {
  it("on timeout, kills the shell and its background grandchild", async () => {
    const runner = new ExecaProcessRunner({ killGraceMs: 1000 });
    const result = await runner.run(spec(["sh", "-c", "sleep 30 & echo $!; sleep 30; wait"], { timeoutMs: 300 }));
    const grandchild = pidFrom(result.stdout);
    expect(result).toMatchObject({ timedOut: true, aborted: false, exitCode: null, signal: "SIGTERM" });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(3000);
    expect(await isRunning(grandchild)).toBe(false);
  });

  it("sends SIGKILL after the grace period to a tree that ignores SIGTERM", async () => {
    const runner = new ExecaProcessRunner({ killGraceMs: 300 });
    const result = await runner.run(spec(["sh", "-c", "trap '' TERM; sleep 30 & echo $!; sleep 30; wait"], { timeoutMs: 300 }));
    const grandchild = pidFrom(result.stdout);
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGKILL" });
    expect(result.durationMs).toBeGreaterThanOrEqual(580);
    expect(await isRunning(grandchild)).toBe(false);
  });

  it("on abort, kills the tree and reports aborted, not timed out", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const runner = new ExecaProcessRunner({ killGraceMs: 1000 });
    const result = await runner.run(spec(["sh", "-c", "sleep 30 & echo $!; sleep 30; wait"], { timeoutMs: 20_000, signal: controller.signal }));
    const grandchild = pidFrom(result.stdout);
    expect(result).toMatchObject({ timedOut: false, aborted: true, exitCode: null, signal: "SIGTERM" });
    expect(result.durationMs).toBeLessThan(3000);
    expect(await isRunning(grandchild)).toBe(false);
  });

  it("does not start anything when the signal is already aborted", async () => {
    const marker = path.join(dir, "ran");
    const result = await new ExecaProcessRunner().run(spec(["sh", "-c", `touch ${marker}`], { signal: AbortSignal.abort() }));
    expect(result).toEqual({
      exitCode: null,
      signal: null,
      timedOut: false,
      aborted: true,
      stdout: "",
      stderr: "",
      durationMs: 0,
    });
    await expect(readFile(marker)).rejects.toThrow("ENOENT");
  });

  it("stops background processes the leader leaves behind when it exits by itself", async () => {
    const runner = new ExecaProcessRunner({ killGraceMs: 1000 });
    const result = await runner.run(spec(["sh", "-c", "sleep 30 & echo $!; exit 0"], { timeoutMs: 10_000 }));
    const straggler = pidFrom(result.stdout);
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false, aborted: false });
    expect(result.durationMs).toBeLessThan(3000);
    expect(await isRunning(straggler)).toBe(false);
  });

  it("returns even when a process that left the group (setsid) keeps the output pipe open", async () => {
    const runner = new ExecaProcessRunner({ killGraceMs: 200 });
    const result = await runner.run(spec(["sh", "-c", "setsid sh -c 'echo $$; exec sleep 30' & sleep 0.2; exit 4"], { timeoutMs: 10_000 }));
    const escaped = pidFrom(result.stdout);
    expect(result.exitCode).toBe(4);
    expect(result.timedOut).toBe(false);
    expect(result.durationMs).toBeLessThan(3000);
    expect(await isRunning(escaped)).toBe(true); // it escaped the group: documented, killed by afterEach
  });
});

describe("ExecaProcessRunner: bounded output", () => {
  it("keeps only the last maxOutputBytes of stdout and of stderr, with a marker", async () => {
    const runner = new ExecaProcessRunner({ maxOutputBytes: 1000 });
    const result = await runner.run(spec(["sh", "-c", "head -c 100000 /dev/zero | tr '\\0' a; printf END; head -c 5000 /dev/zero | tr '\\0' b >&2"]));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`[foreman: 99003 earlier bytes of output dropped]\n${"a".repeat(997)}END`);
    expect(result.stderr).toBe(`[foreman: 4000 earlier bytes of output dropped]\n${"b".repeat(1000)}`);
  });

  it("keeps output under the limit untouched", async () => {
    const runner = new ExecaProcessRunner({ maxOutputBytes: 1000 });
    const result = await runner.run(spec(["sh", "-c", "head -c 1000 /dev/zero | tr '\\0' a"]));
    expect(result.stdout).toBe("a".repeat(1000));
  });

  it("does not start the kept text in the middle of a UTF-8 character", async () => {
    const runner = new ExecaProcessRunner({ maxOutputBytes: 5 });
    // "é" is two bytes: the last 5 bytes start with the second byte of an "é".
    const result = await runner.run(spec(["printf", "ééé"]));
    expect(result.stdout).toBe("[foreman: 2 earlier bytes of output dropped]\néé");
  });

  it("streams a large output without keeping it (10 MiB through a 1 KiB window)", async () => {
    const runner = new ExecaProcessRunner({ maxOutputBytes: 1024 });
    const result = await runner.run(spec(["sh", "-c", "head -c 10485760 /dev/zero | tr '\\0' z; echo"]));
    expect(result.stdout).toBe(`[foreman: ${10485761 - 1024} earlier bytes of output dropped]\n${"z".repeat(1023)}\n`);
  });
});

describe("ExecaProcessRunner: orphans of a dead run", () => {
  /** Starts a tree through the runner and returns its handle while it is still running. */
  async function startTree(runner: ExecaProcessRunner, controller: AbortController) {
    let handle = "";
    const pidFile = path.join(dir, "pid");
    const running = runner.run(
      spec(["sh", "-c", `sleep 30 & echo $! > "${pidFile}"; sleep 30`], {
        signal: controller.signal,
        onStart: async (h) => {
          handle = h;
        },
      }),
    );
    for (let i = 0; i < 100 && (handle === "" || !(await readFile(pidFile, "utf8").catch(() => ""))); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const grandchild = Number(await readFile(pidFile, "utf8"));
    strays.push(grandchild);
    return { handle, grandchild, running };
  }

  it("hands out a handle naming host, group and start time, and stops that tree with it", async () => {
    const runner = new ExecaProcessRunner({ killGraceMs: 200 });
    const controller = new AbortController();
    const { handle, grandchild, running } = await startTree(runner, controller);
    expect(handle).toMatch(/^.+:\d+:\d+$/);
    expect(await isRunning(grandchild)).toBe(true);
    expect(await runner.stopOrphan(handle)).toBe(true);
    expect(await isRunning(grandchild)).toBe(false);
    expect((await running).exitCode).not.toBe(0);
    // Nothing left to stop the second time.
    expect(await runner.stopOrphan(handle)).toBe(false);
  });

  it("leaves a group alone when its leader is another process (a reused id), another host's, or a malformed handle", async () => {
    const runner = new ExecaProcessRunner({ killGraceMs: 200 });
    const controller = new AbortController();
    const { handle, grandchild, running } = await startTree(runner, controller);
    const [host, pgid, start] = handle.split(":");
    expect(await runner.stopOrphan(`${host}:${pgid}:${Number(start) + 1}`)).toBe(false);
    expect(await runner.stopOrphan(`not-this-host-${host}:${pgid}:${start}`)).toBe(false);
    expect(await runner.stopOrphan(`${host}:${pgid}:`)).toBe(false);
    expect(await runner.stopOrphan("garbage")).toBe(false);
    expect(await runner.stopOrphan(`${host}:1:${start}`)).toBe(false);
    expect(await isRunning(grandchild)).toBe(true);
    controller.abort();
    await running;
  });
});

describe("ExecaProcessRunner: recorded before it works", () => {
  const exists = (file: string) =>
    readFile(file).then(
      () => true,
      () => false,
    );

  it("holds the command until onStart has resolved", async () => {
    const marker = path.join(dir, "ran");
    const seen: boolean[] = [];
    const result = await new ExecaProcessRunner().run(
      spec(["sh", "-c", 'touch "$1"', "sh", marker], {
        onStart: async () => {
          // Long enough for an unheld child to have run many times over.
          for (let i = 0; i < 4; i++) {
            await new Promise((r) => setTimeout(r, 150));
            seen.push(await exists(marker));
          }
        },
      }),
    );
    expect(seen).toEqual([false, false, false, false]);
    expect(result.exitCode).toBe(0);
    expect(await exists(marker)).toBe(true);
  });

  it("still runs the command when recording fails (a failing onStart does not stop the work)", async () => {
    const marker = path.join(dir, "ran");
    const result = await new ExecaProcessRunner().run(
      spec(["sh", "-c", 'touch "$1"', "sh", marker], {
        onStart: () => Promise.reject(new Error("ledger is read-only")),
      }),
    );
    expect(result.exitCode).toBe(0);
    expect(await exists(marker)).toBe(true);
  });

  it("a held command whose hold pipe closes without the go line (Foreman died) never runs", async () => {
    const marker = path.join(dir, "ran");
    const [file, ...args] = launcherArgv(["sh", "-c", 'touch "$1"', "sh", marker], { PATH });
    const child = execa(file!, args, { stdio: ["ignore", "pipe", "pipe", "pipe"], reject: false, extendEnv: false, env: { PATH } });
    const hold = child.stdio[3];
    if (!(hold instanceof Writable)) throw new Error("no hold pipe");
    hold.end();
    const result = await child;
    expect(result.exitCode).toBe(125);
    expect(await exists(marker)).toBe(false);
  });

  it("gives the launcher the argv as positional words after a fixed script", () => {
    const argv = launcherArgv(["my agent", "$(rm -rf ~)", ";"], { PATH });
    expect(argv.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(argv.slice(3)).toEqual(["foreman-launch", "drop", "", "my agent", "$(rm -rf ~)", ";"]);
    expect(launcherArgv(["x"], { PWD: "/w" }).slice(3)).toEqual(["foreman-launch", "keep", "/w", "x"]);
    expect(argv[2]).not.toContain("rm -rf");
  });
});
