import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ForemanError } from "../../src/core/errors.js";
import { ExecaProcessRunner } from "../../src/local/process-runner.js";
import { bwrapArgv, probeBwrap, resolveSandbox, SandboxUnavailableError, type BwrapProbe } from "../../src/local/sandbox.js";
import type { ProcessSpec } from "../../src/loop/ports.js";
import { openLocalSession } from "../../src/local/open-local-session.js";
import { userGit } from "../support/git-fixture.js";

const PATH = process.env.PATH ?? "/usr/bin:/bin";
const HOME = process.env.HOME ?? "/root";
const probed = await probeBwrap({ PATH });
/** In CI bubblewrap is installed (.ci/run), so these run; elsewhere they skip and say why. */
const NO_BWRAP = probed.available ? "" : ` (skipped: ${probed.reason}; install bubblewrap to run it)`;

const exists = (file: string) =>
  readFile(file).then(
    () => true,
    () => false,
  );

describe("bwrapArgv", () => {
  const base = {
    bwrap: "/usr/bin/bwrap",
    argv: ["npm", "test", "--", "$(x)"],
    cwd: "/w/clone/pkg",
    writable: ["/w/clone", "/s/attempts"],
    tmpDir: "/t/p",
    blockFd: 3,
  };

  it("makes everything read-only, then binds the writable dirs and the private temp dir, in its own PID namespace", () => {
    expect(bwrapArgv(base)).toEqual([
      "/usr/bin/bwrap",
      "--ro-bind",
      "/",
      "/",
      "--dev",
      "/dev",
      "--proc",
      "/proc",
      "--bind",
      "/w/clone",
      "/w/clone",
      "--bind",
      "/s/attempts",
      "/s/attempts",
      "--bind",
      "/t/p",
      "/t/p",
      "--setenv",
      "TMPDIR",
      "/t/p",
      "--unshare-pid",
      "--die-with-parent",
      "--block-fd",
      "3",
      "--chdir",
      "/w/clone/pkg",
      "--",
      "npm",
      "test",
      "--",
      "$(x)",
    ]);
  });

  it.each([
    ["cwd", { cwd: "clone" }],
    ["tmpDir", { tmpDir: "tmp" }],
    ["writable", { writable: ["/ok", "rel"] }],
    ["argv", { argv: [] }],
    ["blockFd", { blockFd: 2 }],
    ["blockFd", { blockFd: 3.5 }],
  ])("refuses a bad %s", (argument, change) => {
    let caught: unknown;
    try {
      bwrapArgv({ ...base, ...change });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ForemanError);
    expect(caught).toMatchObject({ argument, kind: "internal" });
  });
});

describe("resolveSandbox", () => {
  const works: BwrapProbe = () => Promise.resolve({ available: true, bwrap: "/opt/bwrap" });
  const missing: BwrapProbe = () => Promise.resolve({ available: false, reason: "bwrap is not on PATH" });

  async function resolve(mode: "auto" | "required" | "off", probe: BwrapProbe) {
    const notices: string[] = [];
    let probes = 0;
    const bwrap = await resolveSandbox(mode, {
      hostEnv: { PATH },
      onNotice: (m) => notices.push(m),
      probe: (env) => {
        probes++;
        return probe(env);
      },
    });
    return { bwrap, notices, probes };
  }

  it("off: never probes, runs unsandboxed, says nothing", async () => {
    expect(await resolve("off", works)).toEqual({ bwrap: null, notices: [], probes: 0 });
  });

  it("auto or required with a working bwrap: uses it, says nothing", async () => {
    expect(await resolve("auto", works)).toEqual({ bwrap: "/opt/bwrap", notices: [], probes: 1 });
    expect(await resolve("required", works)).toEqual({ bwrap: "/opt/bwrap", notices: [], probes: 1 });
  });

  it("auto without bwrap: one notice that says why and the fix, and runs unsandboxed", async () => {
    const { bwrap, notices } = await resolve("auto", missing);
    expect(bwrap).toBeNull();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("bwrap is not on PATH");
    expect(notices[0]).toContain("sandbox: off");
    expect(notices[0]).not.toContain("\n");
  });

  it("required without bwrap: refuses, naming the key, the reason and the fix", async () => {
    const refused = await resolve("required", missing).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SandboxUnavailableError);
    expect(refused).toMatchObject({ kind: "usage", reason: "bwrap is not on PATH" });
    expect(String(refused)).toContain("sandbox: required");
    expect(String(refused)).toContain("Install bubblewrap");
  });
});

describe("probeBwrap", () => {
  it("reports bwrap missing from PATH", async () => {
    expect(await probeBwrap({ PATH: "/nonexistent-foreman-bin" })).toEqual({ available: false, reason: "bwrap is not on PATH" });
    expect(await probeBwrap({})).toEqual({ available: false, reason: "bwrap is not on PATH" });
  });

  it(`finds a working bwrap by absolute path${NO_BWRAP}`, { skip: !probed.available }, async () => {
    const found = await probeBwrap({ PATH });
    expect(found.available).toBe(true);
    if (found.available) expect(path.isAbsolute(found.bwrap)).toBe(true);
  });

  it("reports a bwrap that is there but cannot build a sandbox", async () => {
    const bin = await mkdtemp(path.join(tmpdir(), "foreman-fakebwrap-"));
    try {
      await writeFile(path.join(bin, "bwrap"), "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n", { mode: 0o755 });
      const found = await probeBwrap({ PATH: bin });
      expect(found).toEqual({
        available: false,
        reason: `${path.join(bin, "bwrap")} does not work here (bwrap: No permissions to create new namespace)`,
      });
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });
});

describe("ExecaProcessRunner in the sandbox", () => {
  let root: string;
  let clone: string;
  let attempts: string;
  let userRepo: string;
  let tempRoot: string;

  beforeEach(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), "foreman-sandbox-test-")));
    clone = path.join(root, "clone");
    attempts = path.join(root, "session", "attempts");
    userRepo = path.join(root, "user-repo");
    tempRoot = path.join(root, "tmp");
    for (const d of [clone, attempts, userRepo, tempRoot]) await mkdir(d, { recursive: true });
    await writeFile(path.join(userRepo, "config"), "original\n");
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function sandboxed(killGraceMs = 500): ExecaProcessRunner {
    if (!probed.available) throw new Error("bwrap is not available");
    return new ExecaProcessRunner({
      killGraceMs,
      sandbox: { bwrap: probed.bwrap, writable: [clone, attempts, path.join(root, "not-made-yet")], tempRoot },
    });
  }

  function spec(script: string, extra: Partial<ProcessSpec> = {}): ProcessSpec {
    return { argv: ["sh", "-c", script], cwd: clone, env: { PATH, HOME }, timeoutMs: 10_000, ...extra };
  }

  it(`writes only its clone, the attempt files and its private temp dir${NO_BWRAP}`, { skip: !probed.available }, async () => {
    const homeFile = path.join(HOME, `.foreman-sandbox-test-${process.pid}`);
    const script = [
      "echo work > in-clone && echo ok-clone",
      `echo r > "${attempts}/result.json" && echo ok-attempts`,
      'echo t > "$TMPDIR/t" && echo "tmp=$TMPDIR"',
      `echo hacked > "${userRepo}/config" || echo refused-repo`,
      `echo x > "${path.join(userRepo, "hooks-pre-commit")}" || echo refused-hook`,
      `echo x > "${homeFile}" || echo refused-home`,
    ].join("; ");
    const result = await sandboxed().run(spec(script));
    await rm(homeFile, { force: true });
    const lines = result.stdout.trimEnd().split("\n");
    const tmpLine = lines.find((l) => l.startsWith("tmp="))?.slice(4) ?? "";
    expect(lines.filter((l) => !l.startsWith("tmp="))).toEqual(["ok-clone", "ok-attempts", "refused-repo", "refused-hook", "refused-home"]);
    expect(path.dirname(tmpLine)).toBe(tempRoot);
    expect(await readFile(path.join(userRepo, "config"), "utf8")).toBe("original\n");
    expect(await readdir(userRepo)).toEqual(["config"]);
    expect(await readFile(path.join(clone, "in-clone"), "utf8")).toBe("work\n");
    expect(await readFile(path.join(attempts, "result.json"), "utf8")).toBe("r\n");
    // The private temp dir is gone with the command.
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it(`a setsid grandchild never outlives the command${NO_BWRAP}`, { skip: !probed.available }, async () => {
    const marker = path.join(clone, "late");
    const result = await sandboxed().run(spec(`setsid sh -c 'sleep 0.6; touch "${marker}"' >/dev/null 2>&1 & echo started; exit 0`));
    expect([result.exitCode, result.stdout]).toEqual([0, "started\n"]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await exists(marker)).toBe(false);
  });

  it(`has its own PID namespace and a fresh /proc${NO_BWRAP}`, { skip: !probed.available }, async () => {
    const result = await sandboxed().run(spec("echo $$; ls /proc | grep -c '^[0-9]*$'"));
    const [pid, count] = result.stdout.trimEnd().split("\n").map(Number);
    expect(pid).toBeLessThan(10);
    expect(count).toBeLessThan(10);
  });

  it(`is held until onStart has resolved${NO_BWRAP}`, { skip: !probed.available }, async () => {
    const marker = path.join(clone, "ran");
    const seen: boolean[] = [];
    const result = await sandboxed().run(
      spec(`touch "${marker}"`, {
        onStart: async () => {
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

  it(`stops the whole sandbox on timeout${NO_BWRAP}`, { skip: !probed.available }, async () => {
    const marker = path.join(clone, "late");
    const result = await sandboxed(300).run(spec(`(sleep 1.2; touch "${marker}") & sleep 30`, { timeoutMs: 300 }));
    expect(result.timedOut).toBe(true);
    expect(result.durationMs).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await exists(marker)).toBe(false);
  });

  it(`reports a command that is not there the same way as without the sandbox${NO_BWRAP}`, { skip: !probed.available }, async () => {
    const result = await sandboxed().run({ argv: ["foreman-no-such-command-x1"], cwd: clone, env: { PATH }, timeoutMs: 5000 });
    expect([result.exitCode, result.stderr]).toEqual([null, "command not found: foreman-no-such-command-x1"]);
  });

  it("auto where bwrap is unavailable: a notice, and the command still runs (unsandboxed)", async () => {
    const notices: string[] = [];
    const bwrap = await resolveSandbox("auto", {
      hostEnv: { PATH },
      onNotice: (m) => notices.push(m),
      probe: () => Promise.resolve({ available: false, reason: "bwrap is not on PATH" }),
    });
    expect(bwrap).toBeNull();
    expect(notices).toHaveLength(1);
    const result = await new ExecaProcessRunner().run(spec(`echo hi > "${userRepo}/unsandboxed" && echo ran`));
    expect(result.stdout).toBe("ran\n");
    expect(await exists(path.join(userRepo, "unsandboxed"))).toBe(true);
  });

  it("off: runs unsandboxed, without a notice", async () => {
    const notices: string[] = [];
    const bwrap = await resolveSandbox("off", { hostEnv: { PATH }, onNotice: (m) => notices.push(m) });
    expect([bwrap, notices]).toEqual([null, []]);
    const result = await new ExecaProcessRunner().run(spec("echo $$"));
    expect(Number(result.stdout)).toBeGreaterThan(1);
  });
});

describe("openLocalSession with sandbox: required where bwrap cannot be used", () => {
  it("refuses before a session, a workspace or any cost exists, naming the key and the fix", async () => {
    const root = await realpath(await mkdtemp(path.join(tmpdir(), "foreman-sandbox-required-")));
    try {
      const repo = path.join(root, "repo");
      await mkdir(repo);
      await userGit(repo, "init", "-q");
      await writeFile(path.join(repo, "README.md"), "hi\n");
      await userGit(repo, "add", ".");
      await userGit(repo, "commit", "-qm", "init");
      const task = path.join(root, "task.md");
      await writeFile(task, "# A task\n");
      const config = path.join(root, "foreman.json");
      await writeFile(config, JSON.stringify({ sandbox: "required", agent: { preset: "custom", command: [process.execPath, "-e", "0"] } }));
      const cache = path.join(root, "cache");
      const notices: string[] = [];
      const refused = await openLocalSession(
        { kind: "run", repo, task, config, session: "sbx" },
        {
          clock: { now: () => Date.parse("2026-01-05T09:00:00Z") },
          // No bwrap on this PATH: the probe finds none.
          hostEnv: { PATH: "/nonexistent-foreman-bin", HOME: root, XDG_CACHE_HOME: cache, USER: "u" },
          signal: new AbortController().signal,
          onProgress: () => undefined,
          onNotice: (m) => notices.push(m),
        },
      ).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SandboxUnavailableError);
      expect(String(refused)).toContain("sandbox: required");
      const sessions = await readdir(path.join(repo, ".git", "foreman", "sessions")).catch(() => []);
      expect(sessions).toEqual([]);
      expect(await exists(cache)).toBe(false);
      expect(await readdir(path.join(repo, ".git", "foreman")).catch(() => [])).not.toContain("ledger.jsonl");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("openLocalSession with sandbox: auto where bwrap cannot be used", () => {
  it("says so once, before the first attempt starts, and runs the agent unsandboxed", async () => {
    const root = await realpath(await mkdtemp(path.join(tmpdir(), "foreman-sandbox-auto-")));
    try {
      const repo = path.join(root, "repo");
      await mkdir(repo);
      await userGit(repo, "init", "-q");
      await writeFile(path.join(repo, "README.md"), "hi\n");
      await userGit(repo, "add", ".");
      await userGit(repo, "commit", "-qm", "init");
      // A bwrap first on PATH that cannot build a sandbox here.
      const bin = path.join(root, "bin");
      await mkdir(bin);
      await writeFile(path.join(bin, "bwrap"), "#!/bin/sh\necho 'bwrap: no user namespaces' >&2\nexit 1\n", { mode: 0o755 });
      const task = path.join(root, "task.md");
      await writeFile(task, "# A task\n");
      // The agent writes outside its clone: possible only unsandboxed.
      const marker = path.join(root, "unsandboxed");
      const agent = [
        process.execPath,
        "-e",
        `require("fs").writeFileSync(${JSON.stringify(marker)}, "x"); require("fs").writeFileSync("README.md", "changed\\n")`,
      ];
      const config = path.join(root, "foreman.json");
      await writeFile(
        config,
        JSON.stringify({
          sandbox: "auto",
          baseline: false,
          gates: [{ name: "check", run: ["node", "-e", "0"] }],
          approval: { policy: "never" },
          budget: { per_run: { attempts: 1 } },
          agent: { preset: "custom", command: agent },
        }),
      );
      const events: string[] = [];
      const done = await openLocalSession(
        { kind: "run", repo, task, config, session: "sbx-auto" },
        {
          clock: { now: () => Date.now() },
          hostEnv: { PATH: `${bin}:${PATH}`, HOME: root, XDG_CACHE_HOME: path.join(root, "cache"), USER: "u" },
          signal: new AbortController().signal,
          onProgress: (e) => events.push(`progress ${e.type}`),
          onNotice: (m) => events.push(`notice ${m}`),
        },
      );
      const notices = events.filter((e) => e.startsWith("notice No sandbox"));
      expect(notices).toEqual([expect.stringContaining(`${path.join(bin, "bwrap")} does not work here (bwrap: no user namespaces)`)]);
      expect(events.indexOf(notices[0] ?? "")).toBeLessThan(events.indexOf("progress attempt_started"));
      expect(events).toContain("progress attempt_started");
      expect(done.state.attempts).toHaveLength(1);
      expect(await exists(marker)).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
