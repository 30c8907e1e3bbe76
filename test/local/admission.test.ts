/**
 * Admission to the daily cap on real files: concurrent runs in one repository are admitted
 * exactly (never more than the cap), refused runs create nothing, and one bad entry under
 * `sessions/` blocks no other session.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionState } from "../../src/core/state.js";
import { openLocalSession, type LocalEnv } from "../../src/local/open-local-session.js";
import { hostEnv, makeRepo, rawConfig, removeTempDirs, tempDir, writeScript, type AgentScript } from "../loop/helpers.js";

afterEach(removeTempDirs);

async function setup(script: AgentScript, dailyUsd: number) {
  const repo = await makeRepo();
  const out = await tempDir("adm");
  const task = path.join(out, "task.md");
  await writeFile(task, "# Make value good\n\nThe file `value.txt` must say good.\n");
  const configFile = path.join(out, "foreman.json");
  await writeFile(configFile, JSON.stringify(rawConfig({ script: await writeScript(out, script), budget: { usd: 1 }, dailyUsd })));
  const home = await tempDir("home");
  return { repo, task, configFile, home, sessions: path.join(repo, ".git", "foreman", "sessions") };
}

function localEnv(home: string, notices: string[] = []): LocalEnv {
  return {
    clock: { now: () => Date.now() },
    hostEnv: hostEnv({ HOME: home }),
    signal: new AbortController().signal,
    onProgress: () => {},
    onNotice: (m) => notices.push(m),
  };
}

const passOneUsd: AgentScript = { "*": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 1, summary: "done" } }] };

describe("daily cap under concurrency", () => {
  it("20 runs started together with a 5 USD cap and 1 USD sessions spend at most 5 USD; each is admitted or refused with the reason", async () => {
    const s = await setup(passOneUsd, 5);
    const notices: string[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: `c-${i}` }, localEnv(s.home, notices)),
      ),
    );
    const states: SessionState[] = outcomes.map((o) => o.state);
    const admitted = states.filter((st) => st.reason === "succeeded");
    const refused = states.filter((st) => st.reason === "budget_exhausted");
    expect(admitted.length + refused.length).toBe(20);
    const total = states.reduce((sum, st) => sum + st.spent.costUsd, 0);
    expect(total).toBeLessThanOrEqual(5);
    expect(admitted).toHaveLength(5);
    // Refused runs: no attempt, nothing spent, the reason said, and nothing created.
    for (const st of refused) expect(st).toMatchObject({ status: "ended", attempts: [], spent: { costUsd: 0 } });
    expect(notices.filter((n) => /cap is used up/.test(n))).toHaveLength(15);
    expect((await readdir(s.sessions)).sort()).toEqual(admitted.map((st) => st.sessionId).sort());
  }, 240_000);

  it("a run refused by the cap creates no session directory and no workspace", async () => {
    const s = await setup(passOneUsd, 1);
    const first = await openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: "one" }, localEnv(s.home));
    expect(first.state.reason).toBe("succeeded");
    const second = await openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: "two" }, localEnv(s.home));
    expect(second.state).toMatchObject({ status: "ended", reason: "budget_exhausted", attempts: [] });
    expect(existsSync(path.join(s.sessions, "two"))).toBe(false);
    expect(existsSync(path.join(s.home, ".cache", "foreman", "worktrees"))).toBe(true);
    const keys = await readdir(path.join(s.home, ".cache", "foreman", "worktrees"));
    for (const key of keys) expect(existsSync(path.join(s.home, ".cache", "foreman", "worktrees", key, "two"))).toBe(false);
  }, 60_000);
});

describe("one bad entry blocks nothing else", () => {
  it("a stray file under sessions/ is ignored with a notice naming it", async () => {
    const s = await setup(passOneUsd, 1000);
    await mkdir(s.sessions, { recursive: true });
    await writeFile(path.join(s.sessions, ".DS_Store"), "junk");
    await writeFile(path.join(s.sessions, "NOTES"), "my notes");
    const notices: string[] = [];
    const out = await openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: "ok" }, localEnv(s.home, notices));
    expect(out.state.reason).toBe("succeeded");
    expect(notices.some((n) => n.includes(path.join(s.sessions, ".DS_Store")))).toBe(true);
    expect(notices.some((n) => n.includes(path.join(s.sessions, "NOTES")))).toBe(true);
  }, 60_000);

  it("an unreadable session is skipped with a notice and reserves a whole per-run budget against the cap", async () => {
    // Cap 2, per-run 1: the damaged session holds 1, so exactly 1 remains for the next run.
    const s = await setup(passOneUsd, 2);
    await mkdir(path.join(s.sessions, "broken"), { recursive: true });
    await writeFile(path.join(s.sessions, "broken", "state.json"), "{ torn");
    const notices: string[] = [];
    const first = await openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: "a" }, localEnv(s.home, notices));
    expect(first.state.reason).toBe("succeeded");
    expect(notices.some((n) => n.includes("broken") && n.includes(path.join(s.sessions, "broken")))).toBe(true);
    const second = await openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: "b" }, localEnv(s.home));
    expect(second.state.reason).toBe("budget_exhausted");
  }, 60_000);

  it("a session whose state cannot be read at all (EISDIR) counts fail-closed too", async () => {
    const s = await setup(passOneUsd, 1);
    await mkdir(path.join(s.sessions, "odd", "state.json"), { recursive: true });
    const out = await openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: "c" }, localEnv(s.home));
    expect(out.state.reason).toBe("budget_exhausted");
  }, 60_000);

  it("records the admission before the session's state exists", async () => {
    const s = await setup(passOneUsd, 1000);
    await openLocalSession({ kind: "run", repo: s.repo, task: s.task, config: s.configFile, session: "rec" }, localEnv(s.home));
    const record: unknown = JSON.parse(await readFile(path.join(s.sessions, "rec", "admission.json"), "utf8"));
    expect(record).toMatchObject({ usd: 1, day: new Date().toISOString().slice(0, 10) });
  }, 60_000);
});
