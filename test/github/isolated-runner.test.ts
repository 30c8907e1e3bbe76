/**
 * Isolation of agent and gates from the Action's secrets, with real child processes. Here the
 * tests run as root, so `detectIsolation` creates `foreman-agent` and children start through
 * setpriv; the same gate run without isolation proves the gate really tries (it reads all three).
 */
import { mkdtemp, realpath, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectIsolation, grantAccess, isolatedArgv, isolatedRunner, type Isolation } from "../../src/github/isolated-runner.js";
import { ExecaProcessRunner } from "../../src/local/process-runner.js";

const SECRET = "ghs_isolationSecret0123456789";
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A gate that tries to read the token from its environment, its parent's environment and a file only the Action may read. */
const GATE = [
  "/bin/sh",
  "-c",
  'echo "ENV:${STATE_KEY:-}"; echo "PROC:$(cat /proc/$PPID/environ 2>/dev/null | tr "\\0" "\\n" | wc -c)"; echo "FILE:$(cat "$1" 2>/dev/null)"; echo "ID:$(id -u)"',
  "gate",
];

async function setup() {
  const root = await mkdtemp(path.join(await realpath(tmpdir()), "foreman-iso-"));
  dirs.push(root);
  const runnerTemp = path.join(root, "runner-temp");
  const work = path.join(root, "work", "worktree");
  await mkdir(runnerTemp, { recursive: true });
  await mkdir(work, { recursive: true });
  const secretFile = path.join(runnerTemp, "state-key");
  await writeFile(secretFile, SECRET, { mode: 0o600 });
  return { work, secretFile };
}

async function runGate(how: Isolation, work: string, secretFile: string) {
  await grantAccess(how, { writable: [work] });
  const runner = isolatedRunner(new ExecaProcessRunner(), how);
  // What the engine gives a gate: a scrubbed environment (the Action's STATE_KEY is not in it).
  const r = await runner.run({ argv: [...GATE, secretFile], cwd: work, env: { PATH: "/usr/bin:/bin" }, timeoutMs: 20_000 });
  expect(r.exitCode).toBe(0);
  return Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]),
  );
}

describe.runIf(process.getuid?.() === 0)("isolatedRunner as root", () => {
  it("a gate run as foreman-agent reads no token from its environment, /proc/<ppid>/environ or a 0600 file; without isolation it reads both", async () => {
    const how = await detectIsolation();
    expect(how).toMatchObject({ mode: "user", user: "foreman-agent" });
    if (how.mode !== "user") return;
    expect(how.uid).toBeGreaterThan(0);
    const { work, secretFile } = await setup();

    const isolated = await runGate(how, work, secretFile);
    expect(isolated).toEqual({ ENV: "", PROC: "0", FILE: "", ID: String(how.uid) });

    const open = await runGate({ mode: "none", reason: "test" }, work, secretFile);
    expect(open.ID).toBe("0");
    expect(open.FILE).toBe(SECRET);
    expect(Number(open.PROC)).toBeGreaterThan(0);
  });

  it("detecting twice reuses the user", async () => {
    const a = await detectIsolation();
    const b = await detectIsolation();
    expect(b).toEqual(a);
  });
});

describe("isolatedArgv", () => {
  const how = { mode: "user", user: "foreman-agent", uid: 998, gid: 997 } as const;
  it("as root: setpriv drops to the user's ids and groups, with no new privileges, and keeps the argv as words", () => {
    expect(isolatedArgv({ argv: ["npm", "test", "a b"], env: { PATH: "/bin" } }, how, true)).toEqual([
      "setpriv",
      "--reuid=998",
      "--regid=997",
      "--init-groups",
      "--no-new-privs",
      "--",
      "npm",
      "test",
      "a b",
    ]);
  });
  it("otherwise: sudo -n as the user, keeping exactly the spec's variables", () => {
    expect(isolatedArgv({ argv: ["npm", "test"], env: { PATH: "/bin", ANTHROPIC_API_KEY: "k" } }, how, false)).toEqual([
      "sudo",
      "-n",
      "-u",
      "foreman-agent",
      "--preserve-env=PATH,ANTHROPIC_API_KEY",
      "--",
      "npm",
      "test",
    ]);
    expect(isolatedArgv({ argv: ["x"], env: {} }, how, false)).toEqual(["sudo", "-n", "-u", "foreman-agent", "--", "x"]);
  });
});

describe("detectIsolation without root or sudo", () => {
  it("says why isolation is impossible, what it exposes and the fix", async () => {
    // uid -1: neither root nor a user that can try sudo.
    const how = await detectIsolation({ uid: -1 });
    expect(how.mode).toBe("none");
    if (how.mode !== "none") return;
    expect(how.reason).toContain("without passwordless sudo");
    expect(how.reason).toContain("/proc/<pid>/environ");
    expect(how.reason).toContain("GitHub-hosted runners have it");
  });
});

describe("isolatedRunner with mode none", () => {
  it("is the inner runner itself", () => {
    const inner = new ExecaProcessRunner();
    expect(isolatedRunner(inner, { mode: "none", reason: "r" })).toBe(inner);
  });
});
