/**
 * `recover` and `sweep` modes, and a `run` after a dead run: the open attempt is accounted
 * `interrupted` (never for free), nothing runs in recover/sweep, and the next `run` resumes at
 * the next attempt number. Also the runner workspace resuming from a kept ref pushed to origin.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { openRunnerWorkspace } from "../../src/github/runner-workspace.js";
import { git, removeTempDirs } from "../loop/helpers.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { FakeGitHubSide, ISSUE, makeCheckout, mockIssue, OWNER, REPO, runAction } from "./harness.js";

const SESSION = `issue-${ISSUE}`;
const GOOD = { "*": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2 } }] };

/** A session a dead run left `running` with attempt 1 open (as the engine leaves it mid-attempt). */
async function deadRun(side: FakeGitHubSide, baseSha: string): Promise<void> {
  // A minute ago: recovery charges the open attempt the time since it started.
  const at = new Date(Date.now() - 60_000).toISOString();
  await side.store.save(
    {
      schemaVersion: 1,
      version: 1,
      sessionId: SESSION,
      status: "running",
      reason: null,
      createdAt: at,
      updatedAt: at,
      task: { issue: ISSUE, title: "Make value.txt good" },
      budget: { attempts: 5, minutes: 5, usd: 100 },
      budgetOverrideUsd: null,
      spent: { costUsd: 0, durationMs: 0, attempts: 0 },
      attempts: [{ n: 1, startedAt: at }],
      compacted: null,
      lastCommandId: 0,
      baseSha,
      branch: `foreman/${SESSION}`,
    },
    0,
  );
  await side.ledger.append({ type: "attempt_started", sessionId: SESSION, n: 1, at });
}

describe("foreman action: recover, sweep, resume", () => {
  const gh = useGitHubMocks();
  afterEach(removeTempDirs);

  it("recover marks the open attempt interrupted, charges it, and runs nothing", async () => {
    const c = await makeCheckout(GOOD);
    const side = new FakeGitHubSide();
    await deadRun(side, (await git(c.checkout, "rev-parse", "HEAD")).trim());
    const r = await runAction(gh, side, c, { issue: String(ISSUE), mode: "recover", reason: "recover" });

    const state = await side.state();
    expect(state?.status).toBe("interrupted");
    expect(state?.attempts).toHaveLength(1);
    expect(state?.attempts[0]?.outcome).toBe("interrupted");
    expect(state?.spent.costUsd).toBe(0.01);
    expect(r.outputs["status"]).toBe("interrupted");
    expect(r.failures).toEqual([
      `Foreman session ${SESSION} (#${ISSUE}) was interrupted. Comment /retry on the issue to resume it from its kept work.`,
    ]);
    expect(side.daily.entries).toEqual([]);
    // Only the configuration is read (from GitHub, like the App); nothing is written by this part.
    expect(gh.calls.map((x) => `${x.method} ${new URL(x.url).pathname}`)).toEqual([`GET /repos/${OWNER}/${REPO}/contents/.github%2Fforeman.yml`]);
  });

  it("recover of an issue without a session changes nothing and says so", async () => {
    const c = await makeCheckout(GOOD);
    const side = new FakeGitHubSide();
    const r = await runAction(gh, side, c, { issue: String(ISSUE), mode: "recover" });
    expect(r.outputs["status"]).toBe("none");
    expect(r.failures).toEqual([]);
    expect(r.summaries[0]).toContain("has no Foreman session: nothing to recover");
  });

  it("a run after a dead run accounts it first, then resumes at attempt 2", async () => {
    const c = await makeCheckout(GOOD);
    const side = new FakeGitHubSide();
    await deadRun(side, (await git(c.checkout, "rev-parse", "HEAD")).trim());
    mockIssue();
    const r = await runAction(gh, side, c, { issue: String(ISSUE), reason: "manual" });

    const state = await side.state();
    expect(state?.attempts.map((a) => [a.n, a.outcome])).toEqual([
      [1, "interrupted"],
      [2, "passed"],
    ]);
    expect(r.outputs["reason"]).toBe("succeeded");
    expect(r.outputs["cost-usd"]).toBe("0.2100");
    // The reservation holds what remained of the budget; the settlement is what this run spent.
    expect(side.daily.entries).toEqual([
      { type: "reserve", id: 1000, sessionKey: SESSION, usd: 99.99 },
      { type: "settle", reservationId: 1000, usd: 0.2 },
    ]);
  });

  it("sweep ends approvals past their deadline and recovers running sessions whose run has ended", async () => {
    const c = await makeCheckout(GOOD, { approval: "before_pr" });
    const side = new FakeGitHubSide();
    mockIssue();
    await runAction(gh, side, c, { issue: String(ISSUE), reason: "label" });
    expect((await side.state())?.status).toBe("awaiting_approval");

    nock(API)
      .get(`/repos/${OWNER}/${REPO}/issues`)
      .query({ labels: "foreman", state: "open", per_page: "100" })
      .reply(200, [{ number: ISSUE, title: "Make value.txt good", state: "open", html_url: `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}` }]);
    const later = Date.now() + 73 * 3600 * 1000;
    const r = await runAction(gh, side, c, { mode: "sweep", reason: "sweep" }, { now: () => later });

    const state = await side.state();
    expect(state?.status).toBe("ended");
    expect(state?.reason).toBe("approval_expired");
    expect(state?.reportedAt).toBeDefined();
    expect(r.outputs["status"]).toBe("swept");
    expect(side.checkRuns.at(-1)).toEqual({ headSha: state?.headSha, status: "ended", conclusion: "approval_expired" });
  });

  it("sweep leaves a running session alone while a Foreman run for its issue is in progress, and recovers it when none is", async () => {
    const c = await makeCheckout(GOOD);
    const side = new FakeGitHubSide();
    await deadRun(side, (await git(c.checkout, "rev-parse", "HEAD")).trim());
    const issues = [{ number: ISSUE, title: "t", state: "open", html_url: "https://github.com/x" }];
    const runs = (titles: string[]) => ({
      total_count: titles.length,
      workflow_runs: titles.map((t, i) => ({ id: 7000 + i, name: "foreman", display_title: t, status: "in_progress", run_number: i + 1 })),
    });
    const listing = (titles: string[]) => {
      nock(API).get(`/repos/${OWNER}/${REPO}/issues`).query({ labels: "foreman", state: "open", per_page: "100" }).reply(200, issues);
      nock(API).get(`/repos/${OWNER}/${REPO}/actions/runs`).query({ status: "in_progress", per_page: "100" }).reply(200, runs(titles));
      nock(API).get(`/repos/${OWNER}/${REPO}/actions/runs`).query({ status: "queued", per_page: "100" }).reply(200, runs([]));
    };
    listing([`foreman #${ISSUE} label`]);
    await runAction(gh, side, c, { mode: "sweep" });
    expect((await side.state())?.status).toBe("running");

    listing([`foreman #${ISSUE}0 label`, "CI"]);
    await runAction(gh, side, c, { mode: "sweep" });
    expect((await side.state())?.status).toBe("interrupted");
  });
});

describe("runner workspace", () => {
  afterEach(removeTempDirs);

  it("resumes from the kept ref on origin: the working copy holds that tree, diffed against the base", async () => {
    const c = await makeCheckout(GOOD);
    const base = (await git(c.checkout, "rev-parse", "HEAD")).trim();
    // Another runner pushed attempt 1's tree.
    await writeFile(path.join(c.checkout, "value.txt"), "kept work\n");
    await git(c.checkout, "commit", "-q", "-am", "attempt 1");
    await git(c.checkout, "push", "-q", "origin", `HEAD:refs/foreman/${SESSION}/attempt-1`);
    await git(c.checkout, "reset", "-q", "--hard", base);
    const fresh = path.join(path.dirname(c.checkout), "fresh");
    await git(path.dirname(c.checkout), "clone", "-q", c.origin, fresh);

    const ws = await openRunnerWorkspace({
      checkout: fresh,
      runnerTemp: c.runnerTemp,
      sessionId: SESSION,
      baseSha: base,
      keptRef: `refs/foreman/${SESSION}/attempt-1`,
    });
    expect(ws.baseSha).toBe(base);
    expect(await ws.readFile("value.txt")).toBe("kept work\n");
    expect((await ws.diff()).files.map((f) => f.path)).toEqual(["value.txt"]);
  });

  it("refuses a kept ref it cannot fetch instead of starting over from the base", async () => {
    const c = await makeCheckout(GOOD);
    await expect(
      openRunnerWorkspace({ checkout: c.checkout, runnerTemp: c.runnerTemp, sessionId: SESSION, keptRef: `refs/foreman/${SESSION}/attempt-9` }),
    ).rejects.toMatchObject({ name: "KeptWorkUnavailableError", ref: `refs/foreman/${SESSION}/attempt-9`, kind: "conflict" });
  });
});
