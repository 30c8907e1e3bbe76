/**
 * The Action's `run` mode end to end, driven through `INPUT_*`: a real checkout with a bare
 * origin, the scripted agent, GitHub's issue read through nock (contract-checked), and the other
 * parts' adapters faked behind their interfaces (see harness.ts).
 */
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { NO_APP_WARNING } from "../../src/action/main.js";
import { git, removeTempDirs } from "../loop/helpers.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { FakeGitHubSide, ISSUE, makeCheckout, mockIssue, OWNER, REPO, runAction, STATE_KEY } from "./harness.js";

const TWO_TRIES = {
  "1": [{ write: { path: "value.txt", content: "bad\n" } }, { result: { costUsd: 0.1, summary: "first try" } }],
  "2": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2, summary: "fixed it" } }],
};

describe("foreman action: run", () => {
  const gh = useGitHubMocks();
  afterEach(removeTempDirs);

  it("runs a fresh session to success at attempt 2: reserve + settle, one PR, check run, outputs, summary", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const side = new FakeGitHubSide();
    side.replay = { accepted: [], refused: [], lastCommandId: 3100 };
    mockIssue();
    const r = await runAction(gh, side, c, { issue: String(ISSUE), reason: "label" });

    expect(r.failures).toEqual([]);
    expect(r.outputs).toEqual({
      status: "ended",
      reason: "succeeded",
      attempts: "2",
      "cost-usd": "0.3000",
      "pr-number": "17",
      "session-url": `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}`,
    });
    expect(r.secrets).toContain(STATE_KEY);
    expect(r.secrets).toContain("ghs_testInstallationToken0123456789");
    const state = await side.state();
    expect(state?.attempts.map((a) => a.outcome)).toEqual(["gates_failed", "passed"]);
    // Commands written before the session existed never apply to it.
    expect(state?.lastCommandId).toBe(3100);
    expect(state?.checkRunId).toBe(555);
    expect(side.daily.entries).toEqual([
      { type: "reserve", id: 1000, sessionKey: `issue-${ISSUE}`, usd: 100 },
      { type: "settle", reservationId: 1000, usd: 0.3 },
    ]);
    expect(side.publisher?.opened).toEqual([17]);
    expect(side.checkRuns).toEqual([{ headSha: state?.headSha, status: "ended", conclusion: "succeeded" }]);
    const branch = (await git(c.checkout, "show", `foreman/issue-${ISSUE}:value.txt`)).trim();
    expect(branch).toBe("good");
    expect(r.summaries).toHaveLength(1);
    expect(r.summaries[0]).toContain("| 2 |");
    expect(r.summaries[0]).toContain("they could read this job's credentials");
    expect(r.warnings).toContain(NO_APP_WARNING);
    expect(r.summaries[0]).toContain("the repository's CI will not run on it");
    expect(gh.countByEndpoint()).toEqual({
      [`GET /repos/${OWNER}/${REPO}/contents/.github%2Fforeman.yml`]: 1,
      [`GET /repos/${OWNER}/${REPO}/issues/{n}`]: 1,
    });
  });

  it("the same dispatch twice duplicates nothing: no second reservation, attempt, PR or report", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const side = new FakeGitHubSide();
    mockIssue();
    await runAction(gh, side, c, { issue: String(ISSUE), reason: "label" });
    const first = await side.state();
    mockIssue();
    const again = await runAction(gh, side, c, { issue: String(ISSUE), reason: "label" });

    expect(again.failures).toEqual([]);
    expect(again.outputs["attempts"]).toBe("2");
    const second = await side.state();
    expect(second?.attempts).toEqual(first?.attempts);
    expect(second?.reportedAt).toBe(first?.reportedAt);
    expect(side.daily.entries).toHaveLength(2);
    expect(side.publisher?.opened).toEqual([17]);
    expect(side.ledger.entries(`issue-${ISSUE}`).filter((e) => e.type === "session_ended")).toHaveLength(1);
  });

  it("a reservation the daily cap refuses ends the session budget_exhausted before any agent runs", async () => {
    const c = await makeCheckout({ "*": [{ write: { path: "ran.txt", content: "x" } }] }, { dailyUsd: 20, budget: { usd: 5 } });
    const side = new FakeGitHubSide(18);
    mockIssue();
    const r = await runAction(gh, side, c, { issue: String(ISSUE), reason: "label" });

    expect(r.outputs["status"]).toBe("ended");
    expect(r.outputs["reason"]).toBe("budget_exhausted");
    expect(r.outputs["attempts"]).toBe("0");
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toContain("budget_exhausted");
    expect(side.daily.entries).toEqual([{ type: "reserve", id: 1000, sessionKey: `issue-${ISSUE}`, usd: 5 }]);
    expect((await side.state())?.attempts).toEqual([]);
  });

  it("replayed commands apply in comment-id order, once: /cancel ends a waiting session", async () => {
    const c = await makeCheckout(TWO_TRIES, { approval: "before_pr" });
    const side = new FakeGitHubSide();
    mockIssue();
    const paused = await runAction(gh, side, c, { issue: String(ISSUE), reason: "label" });
    expect(paused.outputs["status"]).toBe("awaiting_approval");
    const watermark = (await side.state())?.lastCommandId ?? 0;

    side.replay = {
      accepted: [
        { commentId: watermark + 20, author: "admin", command: { kind: "cancel" } },
        { commentId: watermark + 10, author: "reader", command: { kind: "status" } },
      ],
      refused: [{ commentId: watermark + 5, author: "reader", reason: "needs write permission", alreadyAnswered: true }],
      lastCommandId: watermark + 30,
    };
    mockIssue();
    const r = await runAction(gh, side, c, { issue: String(ISSUE), reason: "command" });

    expect(side.replaySince.at(-1)).toBe(watermark);
    const state = await side.state();
    expect(state?.status).toBe("ended");
    expect(state?.reason).toBe("cancelled");
    expect(state?.note).toBe("Cancelled by admin.");
    expect(state?.lastCommandId).toBe(watermark + 30);
    expect(r.outputs["reason"]).toBe("cancelled");
    expect(r.failures).toEqual([]);
    expect(r.summaries[0]).toContain("needs write permission");
    expect(side.daily.entries.filter((e) => e.type === "reserve")).toHaveLength(1);
  });

  it("fails with a message that names the input when the issue input is missing", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const side = new FakeGitHubSide();
    const r = await runAction(gh, side, c, { reason: "label" });
    expect(r.outcome).toBeUndefined();
    expect(r.failures).toEqual(["Input 'issue' is required in mode 'run'. Pass the issue number."]);
    expect(r.outputs).toEqual({});
  });

  it("refuses to run without a key to sign state, naming the inputs that fix it", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const side = new FakeGitHubSide();
    const r = await runAction(gh, side, c, { issue: String(ISSUE), "state-key": "" });
    expect(r.outcome).toBeUndefined();
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toContain("'state-key'");
    expect(r.failures[0]).toContain("'app-private-key'");
    expect(await side.state()).toBeNull();
  });

  it("GitHub's 5xx and 429 with retry-after are retried: the session runs as if nothing happened", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const side = new FakeGitHubSide();
    const path = `/repos/${OWNER}/${REPO}/issues/${ISSUE}`;
    nock(API).get(path).reply(502, { message: "Server Error" });
    nock(API).get(path).reply(429, { message: "Too Many Requests" }, { "retry-after": "1" });
    mockIssue();
    const r = await runAction(gh, side, c, { issue: String(ISSUE) });
    expect(r.failures).toEqual([]);
    expect(r.outputs["reason"]).toBe("succeeded");
    expect(gh.calls.filter((x) => x.url.endsWith(path)).map((x) => x.status)).toEqual([502, 429, 200]);
  });

  it("a GitHub failure that outlasts the retries fails the run with nothing started or reserved", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const side = new FakeGitHubSide();
    nock(API).get(`/repos/${OWNER}/${REPO}/issues/${ISSUE}`).times(4).reply(503, { message: "Service Unavailable" });
    const r = await runAction(gh, side, c, { issue: String(ISSUE) });
    expect(r.failures).toHaveLength(1);
    expect(side.daily.entries).toEqual([]);
    expect(await side.state()).toBeNull();
  });
});
