/**
 * The attempt engine end to end, through the real local adapters: real git repositories in
 * temp dirs, the scripted agent and the gate as real child processes (no mocked execa).
 *
 * The integration layer only: what needs real git and real processes (a commit on the branch,
 * the user's checkout untouched, process trees killed on timeout and abort, gates dirtying a
 * real worktree, the environment a child really gets). The engine's behaviour (budgets,
 * approval, recovery, commands…) is tested on the in-memory ports in engine-behaviour.test.ts.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskInput } from "../../src/core/task.js";
import { runSession } from "../../src/loop/engine.js";
import {
  attemptSummary,
  branchSha,
  checkoutSnapshot,
  git,
  harness,
  hostEnv,
  isRunning,
  killPids,
  lines,
  makeRepo,
  rawConfig,
  readLedger,
  removeTempDirs,
  request,
  SECRETS,
  showFile,
  tempDir,
  waitFor,
  within,
  writeScript,
  type AgentScript,
  type ConfigOptions,
} from "./helpers.js";

const TASK: TaskInput = { title: "Make value.txt good", body: "The file `value.txt` must say good.\n\n## Acceptance\n- `node check.mjs` passes\n" };
const BRANCH = "foreman/s1";
const strays: number[] = [];

afterEach(async () => {
  killPids(strays.splice(0));
  await removeTempDirs();
});

/** One session from scratch: a repo, a script, a config; returns what a test needs to look at. */
async function setup(
  script: (out: string, repo: string) => AgentScript,
  config: Omit<ConfigOptions, "script"> = {},
  env?: Record<string, string | undefined>,
) {
  const repo = await makeRepo();
  const out = await tempDir("out");
  const scriptFile = await writeScript(out, script(out, repo));
  const h = await harness(repo, rawConfig({ gateLog: path.join(out, "gates.log"), ...config, script: scriptFile }), env ? { env } : {});
  // The user has work in progress: it must survive the session untouched.
  await writeFile(path.join(repo, "README.md"), "# sample\n\nlocal edit, not committed\n");
  await writeFile(path.join(repo, "notes.txt"), "untracked\n");
  const before = await checkoutSnapshot(repo);
  const baseSha = (await git(repo, "rev-parse", "HEAD")).trim();
  return { repo, out, h, before, baseSha, counter: path.join(out, "counter"), gateLog: path.join(out, "gates.log") };
}

const count = (out: string) => ({ append: { path: path.join(out, "counter"), content: "{{attempt}}\n" } });
const value = (content: string) => ({ write: { path: "value.txt", content: `${content}\n` } });

describe("runSession: success after feedback", () => {
  it("fails the gate on attempt 1, feeds its output to attempt 2, succeeds and commits to foreman/<session>", async () => {
    const s = await setup((out, repo) => ({
      "1": [
        count(out),
        // What Foreman had made durable by the time the agent started.
        { copy: { from: path.join(repo, ".git", "foreman", "sessions", "s1", "ledger.jsonl"), to: path.join(out, "ledger-at-spawn.jsonl") } },
        { copyFeedback: path.join(out, "feedback-1.md") },
        value("bad"),
        { result: { costUsd: 0.1, summary: "first try" } },
      ],
      "2": [
        count(out),
        { copyFeedback: path.join(out, "feedback-2.md") },
        value("good"),
        { write: { path: "src/new.txt", content: "added\n" } },
        { result: { costUsd: 0.2, summary: "fixed it" } },
      ],
    }));
    const outcome = await runSession(s.h.deps, await request(s.h, TASK));
    const state = outcome.state;

    expect(state.status).toBe("ended");
    expect(state.reason).toBe("succeeded");
    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "gates_failed" },
      { n: 2, outcome: "passed" },
    ]);
    expect(state.attempts[0]!.gates).toEqual([expect.objectContaining({ name: "check", ok: false, exitCode: 1 })]);
    expect(state.attempts[1]!.gates).toEqual([expect.objectContaining({ name: "check", ok: true, exitCode: 0 })]);
    expect(state.attempts.map((a) => [a.costUsd, a.costAssumed])).toEqual([
      [0.1, undefined],
      [0.2, undefined],
    ]);
    expect(state.spent.costUsd).toBeCloseTo(0.3, 9);
    expect(state.spent.attempts).toBe(2);
    expect(state.attempts[1]!.summary).toBe("fixed it");
    expect(outcome.report).toEqual(expect.any(String));

    // Feedback: empty on attempt 1; attempt 1's gate failure output on attempt 2.
    expect(await readFile(path.join(s.out, "feedback-1.md"), "utf8")).toBe("");
    const feedback2 = await readFile(path.join(s.out, "feedback-2.md"), "utf8");
    expect(feedback2).toContain("Feedback from attempt 1");
    expect(feedback2).toContain('GATE-FAIL: expected value.txt to be "good", got "bad"');
    expect(await lines(s.counter)).toEqual(["1", "2"]);
    // `attempt started` was flushed to the ledger before the agent was spawned.
    // (The agent's process handle is recorded while it runs, so it may or may not be there yet.)
    const atSpawn = (await lines(path.join(s.out, "ledger-at-spawn.jsonl"))).map((l) => JSON.parse(l) as { type: string });
    expect(atSpawn.filter((e) => e.type !== "process_started")).toEqual([
      expect.objectContaining({ type: "attempt_started", n: 1, sessionId: "s1" }),
    ]);

    // Published on the session branch: one commit on the base, holding the agent's tree.
    const sha = await branchSha(s.repo, BRANCH);
    expect(sha).not.toBeNull();
    expect(state.branch).toBe(BRANCH);
    expect(state.headSha).toBe(sha);
    expect((await git(s.repo, "rev-parse", `${BRANCH}^`)).trim()).toBe(s.baseSha);
    expect(await showFile(s.repo, BRANCH, "value.txt")).toBe("good\n");
    expect(await showFile(s.repo, BRANCH, "src/new.txt")).toBe("added\n");
    // The branch starts from the commit, not from the user's uncommitted work.
    expect(await showFile(s.repo, BRANCH, "README.md")).toBe("# sample\n");
    expect(await showFile(s.repo, BRANCH, "notes.txt")).toBeNull();
    expect((await git(s.repo, "rev-parse", `${BRANCH}^{tree}`)).trim()).toBe(state.attempts[1]!.diffHash);

    // Gates ran in the worktree, never in the user's checkout, which is untouched.
    const gateRuns = (await lines(s.gateLog)).map((l) => JSON.parse(l) as { cwd: string });
    expect(gateRuns).toHaveLength(2);
    for (const run of gateRuns) expect(run.cwd.startsWith(s.h.stateRoot)).toBe(true);
    expect(await checkoutSnapshot(s.repo)).toEqual(s.before);

    // The ledger: started/finished per attempt, one end.
    const ledger = await readLedger(s.h);
    // Each attempt's agent and gate processes are recorded, so a later run can stop them if this one dies.
    expect(ledger.filter((e) => e.type === "process_started").map((e) => ("n" in e ? e.n : 0))).toEqual([1, 1, 2, 2]);
    // And each attempt's tree before its gates ran, so a later run can put it back.
    expect(ledger.filter((e) => e.type === "attempt_diffed")).toEqual([
      expect.objectContaining({ n: 1, hash: state.attempts[0]!.diffHash }),
      expect.objectContaining({ n: 2, hash: state.attempts[1]!.diffHash }),
    ]);
    expect(
      ledger
        .filter((e) => e.type !== "process_started" && e.type !== "attempt_diffed")
        .map((e) => (e.type === "attempt_finished" ? `${e.type}:${e.attempt.n}` : "n" in e ? `${e.type}:${e.n}` : e.type)),
    ).toEqual(["attempt_started:1", "attempt_finished:1", "attempt_started:2", "attempt_finished:2", "session_ended"]);
  });
});

describe("runSession: real processes are stopped", () => {
  it("kills a sleeping agent and its children when the wall-clock budget runs out", async () => {
    const started = Date.now();
    const s = await setup(
      (out) => ({
        "1": [
          count(out),
          { write: { path: path.join(out, "agent.pid"), content: "{{pid}}" } },
          { spawnGrandchildSleep: 60_000, pidFile: path.join(out, "grandchild.pid") },
          { sleep: 60_000 },
          value("good"),
        ],
        "*": [count(out), value("good")],
      }),
      { budget: { minutes: 0.02 } },
    );
    const { state } = await runSession(s.h.deps, await request(s.h, TASK));
    const agentPid = Number(await readFile(path.join(s.out, "agent.pid"), "utf8"));
    const grandchildPid = Number(await readFile(path.join(s.out, "grandchild.pid"), "utf8"));
    strays.push(agentPid, grandchildPid);

    expect(state.reason).toBe("budget_exhausted");
    expect(attemptSummary(state)).toEqual([{ n: 1, outcome: "agent_error" }]);
    expect(state.attempts[0]!.error).toMatch(/wall-clock budget|time limit/);
    expect(state.spent.durationMs).toBeGreaterThanOrEqual(1200);
    expect(state.note).toMatch(/time budget used/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await isRunning(agentPid)).toBe(false);
    expect(await isRunning(grandchildPid)).toBe(false);
    expect(await lines(s.counter)).toEqual(["1"]);
    expect(await branchSha(s.repo, BRANCH)).toBeNull();
  });

  it("stops a running gate on abort and records the attempt as interrupted", async () => {
    const s = await setup((out) => ({ "*": [count(out), value("good")] }), { gateMode: "slow", assumedAttemptUsd: 0.4 });
    const controller = new AbortController();
    const running = runSession(s.h.deps, await request(s.h, TASK, { signal: controller.signal }));
    expect(await waitFor(() => existsSync(s.gateLog), 15_000)).toBe(true);
    const gatePid = (JSON.parse((await lines(s.gateLog))[0]!) as { pid: number }).pid;
    strays.push(gatePid);
    controller.abort();
    const outcome = await within(running, 5_000);
    if (outcome === "timeout") throw new Error("the run did not stop within 5 s of the abort");

    expect(await isRunning(gatePid)).toBe(false);
    expect(outcome.state.status).toBe("interrupted");
    expect(outcome.state.attempts).toEqual([expect.objectContaining({ n: 1, outcome: "interrupted", costUsd: 0.4, costAssumed: true })]);
    expect(await branchSha(s.repo, BRANCH)).toBeNull();
  });
});

describe("runSession: gates", () => {
  it("puts the tree back when a gate writes caches, so they are neither judged nor published", async () => {
    const s = await setup((out) => ({ "1": [count(out), value("bad")], "2": [count(out), value("good")] }), { gateMode: "cache" });
    const outcome = await runSession(s.h.deps, await request(s.h, TASK));
    const state = outcome.state;

    expect(state.reason).toBe("succeeded");
    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "gates_failed" },
      { n: 2, outcome: "passed" },
    ]);
    // Attempt 2's diff is the agent's one file, not attempt 1's gate litter.
    expect(state.attempts[1]!.diffStats).toEqual({ files: 1, additions: 1, deletions: 1 });
    expect(await lines(s.gateLog)).toHaveLength(2);
    const tree = await git(s.repo, "ls-tree", "-r", "--name-only", BRANCH);
    expect(tree).not.toMatch(/cache\.tmp|\.cache\//);
    expect(await showFile(s.repo, BRANCH, "value.txt")).toBe("good\n");
    expect((await git(s.repo, "rev-parse", `${BRANCH}^{tree}`)).trim()).toBe(state.attempts[1]!.diffHash);
    const worktree = path.join(s.h.sessionDir, "workspace", "worktree");
    expect(existsSync(path.join(worktree, "cache.tmp"))).toBe(false);
    expect(existsSync(path.join(worktree, ".cache"))).toBe(false);
    expect(await readFile(path.join(worktree, "value.txt"), "utf8")).toBe("good\n");
    // Each attempt tells the person that a gate dirtied the tree and it was put back.
    const finished = s.h.events.flatMap((e) => (e.type === "attempt_finished" ? [e.notes.some((n) => /wrote to the working tree/.test(n))] : []));
    expect(finished).toEqual([true, true]);
    expect(await checkoutSnapshot(s.repo)).toEqual(s.before);
  });
});

describe("runSession: what the agent is given", () => {
  it("gives the agent and the gates a scrubbed environment: no token, no FOREMAN_* secret", async () => {
    const s = await setup(
      (out) => ({ "*": [{ dumpEnv: path.join(out, "agent-env.json") }, value("good")] }),
      // A configuration cannot hand a token to the agent either.
      { agentEnv: ["MODEL_API_KEY", "GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "FOREMAN_APP_KEY"] },
      hostEnv({ MODEL_API_KEY: "model-key" }),
    );
    const { state } = await runSession(s.h.deps, await request(s.h, TASK));
    expect(state.reason).toBe("succeeded");

    const agentEnv = JSON.parse(await readFile(path.join(s.out, "agent-env.json"), "utf8")) as Record<string, string>;
    const gateEnv = (JSON.parse((await lines(s.gateLog))[0]!) as { env: Record<string, string> }).env;
    for (const env of [agentEnv, gateEnv]) {
      for (const name of Object.keys(SECRETS)) expect(env).not.toHaveProperty(name);
      expect(Object.keys(env).filter((k) => k.startsWith("ACTIONS_") || k === "GITHUB_TOKEN" || k === "GH_TOKEN")).toEqual([]);
      const leaked = Object.values(env).filter((v) => Object.values(SECRETS).some((secret) => v.includes(secret)));
      expect(leaked).toEqual([]);
      expect(env["PATH"]).toBe(process.env["PATH"]);
    }
    expect(
      Object.keys(agentEnv)
        .filter((k) => k.startsWith("FOREMAN_"))
        .sort(),
    ).toEqual(["FOREMAN_ATTEMPT", "FOREMAN_FEEDBACK_FILE", "FOREMAN_RESULT_FILE", "FOREMAN_TASK_FILE"]);
    expect(agentEnv["FOREMAN_ATTEMPT"]).toBe("1");
    expect(agentEnv["MODEL_API_KEY"]).toBe("model-key");
    expect(Object.keys(gateEnv).filter((k) => k.startsWith("FOREMAN_"))).toEqual([]);
  });
});

describe("runSession: interruption", () => {
  it("records the open attempt as interrupted on abort; a resumed run continues at attempt N+1", async () => {
    const s = await setup(
      (out) => ({
        "1": [count(out), { write: { path: path.join(out, "started-1"), content: "{{pid}}" } }, { sleep: 60_000 }],
        "*": [count(out), value("good")],
      }),
      { assumedAttemptUsd: 0.3 },
    );
    const controller = new AbortController();
    const running = runSession(s.h.deps, await request(s.h, TASK, { signal: controller.signal }));
    expect(await waitFor(() => existsSync(path.join(s.out, "started-1")), 15_000)).toBe(true);
    const agentPid = Number(await readFile(path.join(s.out, "started-1"), "utf8"));
    strays.push(agentPid);
    const abortedAt = Date.now();
    controller.abort();
    const first = await within(running, 5_000);
    if (first === "timeout") throw new Error("the run did not stop within 5 s of the abort");

    expect(Date.now() - abortedAt).toBeLessThan(5_000);
    expect(await isRunning(agentPid)).toBe(false);
    expect(first.state.status).toBe("interrupted");
    expect(first.report).toBeUndefined();
    expect(first.state.attempts).toEqual([expect.objectContaining({ n: 1, outcome: "interrupted", costUsd: 0.3, costAssumed: true })]);
    expect((await readLedger(s.h)).map((e) => e.type).filter((t) => t !== "process_started")).toEqual(["attempt_started", "attempt_interrupted"]);

    const resumed = await runSession(s.h.deps, await request(s.h, TASK, { reopen: true, resumeAuthor: "me" }));
    expect(resumed.state.reason).toBe("succeeded");
    expect(attemptSummary(resumed.state)).toEqual([
      { n: 1, outcome: "interrupted" },
      { n: 2, outcome: "passed" },
    ]);
    expect(resumed.state.spent.attempts).toBe(2);
    expect(await lines(s.counter)).toEqual(["1", "2"]);
  });
});
