/**
 * The `foreman` command as a user runs it, on a real git repository with the scripted agent.
 * Exit codes, messages, `--json` and approval call `main(io)` in-process (what the entry point
 * does, without TypeScript's start-up per case); only the signal and concurrency tests spawn a
 * real child process (`node` on the test bundle of `src/cli/main.ts`, see test/support/entry-points.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import {
  branchSha,
  checkoutSnapshot,
  git,
  isRunning,
  killPids,
  lines,
  makeRepo,
  PROJECT_ROOT,
  rawConfig,
  removeTempDirs,
  SECRETS,
  showFile,
  tempDir,
  waitFor,
  within,
  writeScript,
  type AgentScript,
  type ConfigOptions,
} from "../loop/helpers.js";
import { nodeArgs } from "../support/entry-points.js";

const JSON_KEYS = ["attempts", "branch", "costUsd", "durationMs", "reason", "sessionId", "status"];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  exited: Promise<Exit>;
}

const children: ChildProcess[] = [];
const strays: number[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  killPids(strays.splice(0));
  await removeTempDirs();
  home = undefined;
});

let home: string | undefined;

async function cliEnv(): Promise<Record<string, string>> {
  home ??= await tempDir("home");
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", USER: "tester", ...SECRETS };
}

async function start(args: string[], envChange: (env: Record<string, string>) => Record<string, string> = (e) => e): Promise<Running> {
  const child = spawn(process.execPath, [...nodeArgs("cli"), ...args], {
    cwd: PROJECT_ROOT,
    env: envChange(await cliEnv()),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<Exit>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

async function cli(...args: string[]): Promise<Exit> {
  return (await start(args)).exited;
}

/**
 * `foreman <args>` in-process: `main(io)` with the same environment a child would get, and the
 * entry point's handling of an unexpected error (its stack on stderr, exit 1).
 */
async function foreman(args: string[], envChange: (env: Record<string, string>) => Record<string, string> = (e) => e): Promise<Exit> {
  let stdout = "";
  let stderr = "";
  let code: number;
  try {
    code = await main({
      argv: args,
      cwd: PROJECT_ROOT,
      env: envChange(await cliEnv()),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      signal: new AbortController().signal,
      now: () => Date.now(),
    });
  } catch (e) {
    stderr += `foreman: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
    code = 1;
  }
  return { code, signal: null, stdout, stderr };
}

/** `foreman <args>` in-process (see {@link foreman}). */
function fm(...args: string[]): Promise<Exit> {
  return foreman(args);
}

/** Whether the session's worktree (in the cache under HOME) still exists. */
function worktreeExists(session: string): boolean {
  const root = path.join(home ?? "", ".cache", "foreman", "worktrees");
  if (!existsSync(root)) return false;
  return readdirSync(root).some((key) => existsSync(path.join(root, key, session, "worktree")));
}

/** The single JSON object `--json` prints: stdout must hold exactly one. */
function summary(out: Exit): Record<string, unknown> {
  const text = out.stdout.trim();
  expect(text.split("\n")).toHaveLength(1);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(parsed).sort()).toEqual(JSON_KEYS);
  return parsed;
}

/** The single error object `--json` prints on a failure: stdout holds exactly it. */
function errorObject(out: Exit): Record<string, unknown> {
  const text = out.stdout.trim();
  expect(text.split("\n")).toHaveLength(1);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(parsed).filter((k) => k !== "error" && k !== "sessionId")).toEqual([]);
  return parsed;
}

/** A repository, a task file, a script and a config file, all but the repository outside it. */
async function setup(script: (out: string) => AgentScript, config: Omit<ConfigOptions, "script"> = {}) {
  const repo = await makeRepo();
  const out = await tempDir("out");
  const task = path.join(out, "task.md");
  await writeFile(task, "# Make value good\n\nThe file `value.txt` must say good.\n");
  const configFile = path.join(out, "foreman.json");
  await writeFile(configFile, JSON.stringify(rawConfig({ script: await writeScript(out, script(out)), ...config })));
  return { repo, out, task, configFile, counter: path.join(out, "counter"), before: await checkoutSnapshot(repo) };
}

const count = (out: string) => ({ append: { path: path.join(out, "counter"), content: "{{attempt}}\n" } });
const value = (content: string) => ({ write: { path: "value.txt", content: `${content}\n` } });

async function stateFile(repo: string, session: string): Promise<{ status: string; attempts: Array<{ n: number; outcome?: string }> }> {
  return JSON.parse(await readFile(path.join(repo, ".git", "foreman", "sessions", session, "state.json"), "utf8")) as {
    status: string;
    attempts: Array<{ n: number; outcome?: string }>;
  };
}

describe("foreman: usage and configuration errors exit 2", () => {
  it("names the flag that is missing, unknown or misplaced", async () => {
    const [noTask, unknownFlag, badAgent, misplaced, unknownVerb] = await Promise.all([
      fm("run"),
      fm("run", "--task", "t.md", "--frobnicate"),
      fm("run", "--task", "t.md", "--agent", "gpt-9"),
      fm("status", "--task", "t.md"),
      fm("rnu"),
    ]);
    for (const out of [noTask, unknownFlag, badAgent, misplaced, unknownVerb]) {
      expect(out.code).toBe(2);
      expect(out.stdout).toBe("");
    }
    expect(noTask.stderr).toMatch(/needs --task FILE/);
    expect(unknownFlag.stderr).toMatch(/--frobnicate/);
    expect(badAgent.stderr).toMatch(/--agent "gpt-9"/);
    expect(misplaced.stderr).toMatch(/--task does not apply to "foreman status"/);
    expect(unknownVerb.stderr).toMatch(/Unknown command "rnu"/);
  });

  it("names the configuration key that is wrong", async () => {
    const repo = await makeRepo();
    const out = await tempDir("out");
    const task = path.join(out, "task.md");
    await writeFile(task, "# A task\n");
    const files = {
      zero: { budget: { per_run: { attempts: 0 } } },
      noCommand: { agent: { preset: "custom" } },
      typo: { budgte: { per_run: { usd: 1 } } },
    };
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(out, `${name}.yml`), JSON.stringify(content));
    await writeFile(path.join(out, "broken.yml"), "budget: [unclosed\n");
    const [zero, noCommand, typo, broken, missing] = await Promise.all(
      ["zero", "noCommand", "typo", "broken", "missing"].map((name) =>
        fm("run", "--repo", repo, "--task", task, "--config", path.join(out, `${name}.yml`), "--json"),
      ),
    );
    for (const r of [zero, noCommand, typo, broken, missing]) {
      expect(r!.code).toBe(2);
      // --json prints exactly one object, the error (issue 7), and no session summary.
      expect(errorObject(r!)).toMatchObject({ error: { kind: "usage" } });
    }
    expect(zero!.stderr).toContain("budget.per_run.attempts");
    expect(noCommand!.stderr).toContain("agent.command");
    expect(typo!.stderr).toContain("budgte");
    expect(broken!.stderr).toMatch(/not valid YAML/);
    expect(missing!.stderr).toContain("missing.yml");
    // Nothing was started: no session, no branch.
    expect(existsSync(path.join(repo, ".git", "foreman", "sessions"))).toBe(false);
    expect((await git(repo, "for-each-ref", "--format=%(refname)", "refs/heads")).trim()).toBe("refs/heads/main");
  });

  it("names the damaged file when a session's stored task or configuration was edited into nonsense", async () => {
    const s = await setup((out) => ({ "*": [count(out), value("good")] }), { approval: "before_pr" });
    const first = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "edited", "--json");
    expect(first.code).toBe(3);
    const dir = path.join(s.repo, ".git", "foreman", "sessions", "edited");
    await writeFile(path.join(dir, "task.json"), "{ not json");
    const badTask = await fm("approve", "edited", "--repo", s.repo);
    expect(badTask.code).toBe(1);
    expect(badTask.stderr).toMatch(/task\.json.*cannot be read as JSON/);
    await writeFile(path.join(dir, "task.json"), JSON.stringify({ title: "t", body: "b" }));
    await writeFile(path.join(dir, "config.json"), JSON.stringify({ budget: { per_run: { usd: "lots" } } }));
    const badConfig = await fm("approve", "edited", "--repo", s.repo);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/config\.json.*budget\.per_run\.usd: expected a positive number/);
    for (const r of [badTask, badConfig]) expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing was applied: the session still awaits approval.
    expect((await stateFile(s.repo, "edited")).status).toBe("awaiting_approval");
  });

  it("refuses to start without a cache directory for worktrees (no shared /tmp fallback)", async () => {
    const s = await setup((out) => ({ "*": [count(out), value("good")] }));
    const out = await foreman(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile], (env) => {
      const { HOME: _home, ...rest } = env;
      return rest;
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/set HOME or XDG_CACHE_HOME to an absolute path/);
    expect(existsSync(s.counter)).toBe(false);
  });

  it("explains a repository it cannot work on, a missing task file and an unknown session, without a stack trace", async () => {
    const empty = await tempDir("empty");
    await git(empty, "init", "-q");
    const notRepo = await tempDir("plain");
    const out = await tempDir("out");
    const task = path.join(out, "task.md");
    await writeFile(task, "# A task\n");
    const repo = await makeRepo();
    const [noCommits, noRepo, noTask, noSession, noSessions] = await Promise.all([
      fm("run", "--repo", empty, "--task", task, "--agent-command", "true"),
      fm("run", "--repo", notRepo, "--task", task),
      fm("run", "--repo", repo, "--task", path.join(out, "missing.md")),
      fm("status", "nope", "--repo", repo),
      fm("resume", "--repo", repo),
    ]);
    for (const r of [noCommits, noRepo, noTask, noSession, noSessions]) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(noCommits.stderr).toMatch(/has no commits on HEAD yet.*make a first commit/);
    expect(noRepo.stderr).toMatch(/is not inside a git repository/);
    expect(noTask.stderr).toMatch(/Cannot read the task file .*missing\.md/);
    expect(noSession.stderr).toMatch(/No session "nope" here/);
    expect(noSessions.stderr).toMatch(/No Foreman session in .* yet/);
  });
});

describe("foreman run", () => {
  it("succeeds (exit 0) and --json prints exactly one object with the documented keys; status shows the session", async () => {
    const s = await setup((out) => ({
      "1": [count(out), value("bad"), { result: { costUsd: 0.1 } }],
      "2": [count(out), value("good"), { dumpEnv: path.join(out, "env.json") }, { result: { costUsd: 0.2 } }],
    }));
    const run = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "cli-ok", "--json");

    expect(run.code).toBe(0);
    const json = summary(run);
    expect(json).toMatchObject({ sessionId: "cli-ok", status: "ended", reason: "succeeded", attempts: 2, branch: "foreman/cli-ok" });
    expect(json["costUsd"]).toBeCloseTo(0.3, 9);
    expect(json["durationMs"]).toEqual(expect.any(Number));
    // Progress goes to stderr with --json.
    expect(run.stderr).toMatch(/attempt 1\/5/);
    expect(await showBranchValue(s.repo, "foreman/cli-ok")).toBe("good\n");
    expect(await lines(s.counter)).toEqual(["1", "2"]);
    expect(await checkoutSnapshot(s.repo)).toEqual(s.before);
    // Published: the result is on its branch, the session's worktree is removed.
    expect(worktreeExists("cli-ok")).toBe(false);

    // The CLI passes its own environment only through the scrub.
    const env = JSON.parse(await readFile(path.join(s.out, "env.json"), "utf8")) as Record<string, string>;
    for (const name of Object.keys(SECRETS)) expect(env).not.toHaveProperty(name);

    const status = await fm("status", "cli-ok", "--repo", s.repo, "--json");
    expect(status.code).toBe(0);
    expect(summary(status)).toEqual(json);
    const text = await fm("status", "--repo", s.repo);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Make value good");
  });

  it("exits 1 when the session ends unsuccessfully", async () => {
    const s = await setup((out) => ({ "*": [count(out), { stderr: "fatal: invalid credentials\n" }, { exit: 7 }] }));
    const run = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "cli-err", "--json");
    expect(run.code).toBe(1);
    expect(summary(run)).toMatchObject({ sessionId: "cli-err", status: "ended", reason: "agent_error", attempts: 1 });
    expect(await branchSha(s.repo, "foreman/cli-err")).toBeNull();
    // Not published: the worktree stays for a person to look at.
    expect(worktreeExists("cli-err")).toBe(true);
  });
});

async function showBranchValue(repo: string, branch: string): Promise<string> {
  return git(repo, "show", `${branch}:value.txt`);
}

describe("foreman approve / reject", () => {
  const script = (out: string): AgentScript => ({ "*": [count(out), value("good"), { result: { costUsd: 0.1 } }] });

  it("before_pr: run exits 3 awaiting approval; approve exits 0 and publishes without running the agent again", async () => {
    const s = await setup(script, { approval: "before_pr" });
    const run = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "appr");
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/attempt 1\/5/);
    const staged = await branchSha(s.repo, "foreman/appr");
    expect(staged).not.toBeNull();

    const approve = await fm("approve", "appr", "--repo", s.repo, "--json");
    expect(approve.code).toBe(0);
    expect(summary(approve)).toMatchObject({ sessionId: "appr", status: "ended", reason: "succeeded", attempts: 1, branch: "foreman/appr" });
    expect(await branchSha(s.repo, "foreman/appr")).toBe(staged);
    expect(await lines(s.counter)).toEqual(["1"]);
    expect(await checkoutSnapshot(s.repo)).toEqual(s.before);
  });

  it("holds sessions to today's USD cap: what earlier sessions spent today is taken off the next one's budget", async () => {
    const s = await setup((out) => ({ "*": [count(out), value("good"), { result: { costUsd: 0.75, summary: "done" } }] }), {
      budget: { usd: 1 },
      dailyUsd: 1,
    });
    const first = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "day-1", "--json");
    expect(summary(first)).toMatchObject({ status: "ended", reason: "succeeded", costUsd: 0.75 });
    // 0.25 USD is left today: the second session's USD budget is lowered to it, so after its
    // first attempt (0.75 USD reported) no further attempt may start.
    const second = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "day-2", "--json");
    expect(second.stderr).toMatch(/0\.25/);
    expect(summary(second)).toMatchObject({ status: "ended", reason: "succeeded", attempts: 1 });
    // Nothing is left: the third session ends before its agent ever runs.
    const third = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "day-3", "--json");
    expect(third.code).toBe(1);
    expect(summary(third)).toMatchObject({ status: "ended", reason: "budget_exhausted", attempts: 0, costUsd: 0 });
    expect(await lines(s.counter)).toEqual(["1", "1"]);
  });

  it("reject exits 1 with reason rejected", async () => {
    const s = await setup(script, { approval: "before_pr" });
    const run = await fm("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "rej", "--json");
    expect(run.code).toBe(3);
    expect(summary(run)).toMatchObject({ status: "awaiting_approval", reason: null, attempts: 1 });

    const reject = await fm("reject", "rej", "--repo", s.repo, "--reason", "not like this", "--json");
    expect(reject.code).toBe(1);
    expect(summary(reject)).toMatchObject({ sessionId: "rej", status: "ended", reason: "rejected" });
    expect(await lines(s.counter)).toEqual(["1"]);

    // A second approve on an ended session is refused (usage), and changes nothing.
    const late = await fm("approve", "rej", "--repo", s.repo, "--json");
    expect(late.code).toBe(2);
    expect(summary(late)).toMatchObject({ status: "ended", reason: "rejected" });
  });
});

describe("foreman: signals and concurrent runs", () => {
  /**
   * Attempt 1 ignores SIGTERM (a slow agent: only the SIGKILL after the grace period stops it),
   * starts a grandchild, marks that it started (with its pid) and sleeps; later attempts pass.
   */
  const sleeper = (out: string): AgentScript => ({
    "1": [
      count(out),
      { ignoreSignals: true },
      { spawnGrandchildSleep: 60_000, pidFile: path.join(out, "grandchild.pid") },
      { write: { path: path.join(out, "started"), content: "{{pid}}" } },
      { sleep: 60_000 },
    ],
    "*": [count(out), value("good")],
  });

  async function startedAgent(out: string): Promise<{ agent: number; grandchild: number }> {
    expect(await waitFor(() => existsSync(path.join(out, "started")), 20_000)).toBe(true);
    const agent = Number(await readFile(path.join(out, "started"), "utf8"));
    const grandchild = Number(await readFile(path.join(out, "grandchild.pid"), "utf8"));
    strays.push(agent, grandchild);
    return { agent, grandchild };
  }

  it("SIGTERM during an attempt exits 4 within 5 s with the agent tree dead; resume continues at attempt N+1", async () => {
    const s = await setup(sleeper, { assumedAttemptUsd: 0.2 });
    const first = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "sig", "--json"]);
    const pids = await startedAgent(s.out);

    const signalledAt = Date.now();
    first.child.kill("SIGTERM");
    const stopped = await within(first.exited, 5_000);
    if (stopped === "timeout") throw new Error("foreman did not exit within 5 s of SIGTERM");
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(stopped.code).toBe(4);
    expect(summary(stopped)).toMatchObject({ sessionId: "sig", status: "interrupted", reason: null, attempts: 1, costUsd: 0.2 });
    expect(await isRunning(pids.agent)).toBe(false);
    expect(await isRunning(pids.grandchild)).toBe(false);
    expect((await stateFile(s.repo, "sig")).attempts).toEqual([expect.objectContaining({ n: 1, outcome: "interrupted" })]);

    const resumed = await fm("resume", "sig", "--repo", s.repo, "--json");
    expect(resumed.code).toBe(0);
    expect(summary(resumed)).toMatchObject({ sessionId: "sig", status: "ended", reason: "succeeded", attempts: 2 });
    expect((await stateFile(s.repo, "sig")).attempts.map((a) => [a.n, a.outcome])).toEqual([
      [1, "interrupted"],
      [2, "passed"],
    ]);
    // Attempt 1 ran once and was not replayed.
    expect(await lines(s.counter)).toEqual(["1", "2"]);
    expect(await checkoutSnapshot(s.repo)).toEqual(s.before);
  });

  it("resumes at attempt N+1 after the run was killed outright (SIGKILL: the open attempt is found and closed)", async () => {
    const s = await setup(sleeper, { assumedAttemptUsd: 0.2 });
    const first = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "crash", "--json"]);
    const pids = await startedAgent(s.out);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    expect((await stateFile(s.repo, "crash")).status).toBe("running");
    // The dead run's agent tree is still running in the worktree...
    expect(await isRunning(pids.agent)).toBe(true);
    expect(await isRunning(pids.grandchild)).toBe(true);

    const resumed = await fm("resume", "crash", "--repo", s.repo, "--json");
    expect(resumed.code).toBe(0);
    expect(summary(resumed)).toMatchObject({ sessionId: "crash", status: "ended", reason: "succeeded", attempts: 2, costUsd: 0.4 });
    // ...until the resuming run stops it before attempt 2 (two agents never share a worktree).
    expect(await isRunning(pids.agent)).toBe(false);
    expect(await isRunning(pids.grandchild)).toBe(false);
    expect(resumed.stderr).toMatch(/Stopped a process of attempt 1 that the dead run left running/);
    expect((await stateFile(s.repo, "crash")).attempts.map((a) => [a.n, a.outcome])).toEqual([
      [1, "interrupted"],
      [2, "passed"],
    ]);
    expect(await lines(s.counter)).toEqual(["1", "2"]);
  });

  it("cancel ends an interrupted session (exit 1, cancelled); a second cancel is refused (exit 2)", async () => {
    const s = await setup(sleeper, { assumedAttemptUsd: 0.2 });
    const first = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "stop", "--json"]);
    await startedAgent(s.out);
    first.child.kill("SIGTERM");
    const stopped = await within(first.exited, 5_000);
    expect(stopped === "timeout" ? "timeout" : stopped.code).toBe(4);

    const cancelled = await fm("cancel", "stop", "--repo", s.repo, "--json");
    expect(cancelled.code).toBe(1);
    expect(summary(cancelled)).toMatchObject({ sessionId: "stop", status: "ended", reason: "cancelled", attempts: 1 });
    const again = await fm("cancel", "stop", "--repo", s.repo);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/the session has ended \(cancelled\)/);
    expect(await lines(s.counter)).toEqual(["1"]);
  });

  it("after a run killed during its gates, resume puts back the agent's tree: nothing the gates wrote is published", async () => {
    const logDir = await tempDir("gatelog");
    const gateLog = path.join(logDir, "gates.log");
    const s = await setup((out) => ({ "1": [count(out), value("good"), { result: { costUsd: 3 } }], "*": [count(out), value("good")] }), {
      gateLog,
      gateMode: "junk-then-hang",
      assumedAttemptUsd: 0.5,
    });
    const first = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "junk", "--json"]);
    expect(await waitFor(() => existsSync(`${gateLog}.hung`), 20_000)).toBe(true);
    const gatePid = (JSON.parse((await lines(gateLog))[0]!) as { pid: number }).pid;
    strays.push(gatePid);
    first.child.kill("SIGKILL");
    await first.exited;

    const resumed = await fm("resume", "junk", "--repo", s.repo, "--json");
    // Attempt 1 counts the 3 USD its agent reported (recorded before the gates), not the 0.50 assumed.
    expect(summary(resumed)).toMatchObject({ status: "ended", reason: "succeeded", attempts: 2, costUsd: 3.5 });
    expect(resumed.stderr).toMatch(/Put back the tree attempt 1 left before its gates ran/);
    expect(await isRunning(gatePid)).toBe(false);
    expect(await showFile(s.repo, "foreman/junk", "value.txt")).toBe("good\n");
    expect(await showFile(s.repo, "foreman/junk", "cache.tmp")).toBeNull();
  });

  it("refuses a second run (and a resume) of a session that is being run: exit 2, saying so", async () => {
    const s = await setup(sleeper);
    const first = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "same", "--json"]);
    await startedAgent(s.out);

    const [second, resume] = await Promise.all([
      cli("run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "same", "--json"),
      cli("resume", "same", "--repo", s.repo, "--json"),
    ]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/already being run by pid \d+/);
    expect(second.code).toBe(2);
    expect(errorObject(second)).toMatchObject({ error: { kind: "conflict" }, sessionId: "same" });

    // The first run was not disturbed: its agent still ran only once, and it stops cleanly.
    expect(await lines(s.counter)).toEqual(["1"]);
    first.child.kill("SIGTERM");
    const stopped = await within(first.exited, 5_000);
    expect(stopped === "timeout" ? "timeout" : stopped.code).toBe(4);

    // The session is held by a live run: the refusal must say so, not advise `foreman resume`
    // (which the lock refuses while that run lives).
    expect(second.stderr).toMatch(/being run|lock/i);
  });
});
