import { describe, expect, it } from "vitest";
import { CHECK_RUN_ACTIONS, checkRunActionCommand, checkRunView, unverifiedReason } from "../../src/core/check-run-view.js";
import { MAX_CHECK_RUN_SUMMARY_CHARS, renderCheckRunSummary } from "../../src/core/render.js";
import { TERMINAL_REASONS, type Attempt, type SessionState } from "../../src/core/state.js";
import { sampleSession } from "../support/session.js";

const SHA = "a".repeat(40);
const OTHER = "b".repeat(40);
const T1 = "2026-01-05T09:10:00.000Z";
const T2 = "2026-01-05T09:20:00.000Z";

const passed: Attempt = {
  n: 1,
  startedAt: "2026-01-05T09:00:00.000Z",
  finishedAt: T1,
  outcome: "passed",
  durationMs: 600_000,
  costUsd: 0.42,
  gates: [{ name: "npm test", root: ".", ok: true, exitCode: 0, durationMs: 2_000 }],
  diffStats: { files: 2, additions: 10, deletions: 3 },
};
const failed: Attempt = {
  ...passed,
  n: 2,
  outcome: "gates_failed",
  gates: [{ name: "npm test", root: ".", ok: false, exitCode: 1, durationMs: 2_000 }],
};

function published(overrides: Partial<SessionState> = {}): SessionState {
  return sampleSession({
    status: "ended",
    reason: "succeeded",
    endedAt: T2,
    updatedAt: T2,
    headSha: SHA,
    branch: "foreman/issue-7",
    pullRequest: 12,
    attempts: [passed],
    spent: { costUsd: 0.42, durationMs: 600_000, attempts: 1 },
    ...overrides,
  });
}

const approvedFor = (sha: string | undefined) => ({
  requestedAt: T1,
  expiresAt: "2026-01-06T09:10:00.000Z",
  reasons: ["approval.policy is before_pr"],
  ...(sha === undefined ? {} : { headSha: sha }),
  approvedBy: "octocat",
  approvedAt: T2,
});

describe("checkRunView: green only for a verified commit", () => {
  it("is success for a published result whose gates passed on this SHA, with its ledger as summary", () => {
    const state = published();
    expect(checkRunView(state, SHA)).toEqual({ status: "completed", conclusion: "success", ...renderCheckRunSummary(state), actions: [] });
  });

  it("is success when the approval the policy asked for was given for this SHA", () => {
    expect(checkRunView(published({ approval: approvedFor(SHA) }), SHA).conclusion).toBe("success");
  });

  it("is failure, saying why, on a commit Foreman did not test", () => {
    const view = checkRunView(published(), OTHER);
    expect(view).toMatchObject({ status: "completed", conclusion: "failure", title: "Not verified: commit bbbbbbb", actions: [] });
    expect(view.summary.startsWith("> [!WARNING]\n> Not verified: Foreman tested commit aaaaaaa, not bbbbbbb")).toBe(true);
    expect(view.summary.endsWith(renderCheckRunSummary(published()).summary)).toBe(true);
  });

  it("is failure when the session recorded no commit, the last attempt did not pass, or approval is missing or for another SHA", () => {
    const cases: [SessionState, string][] = [
      [published({ headSha: undefined }), "the session recorded no tested commit"],
      [published({ attempts: [passed, failed] }), "the last attempt did not pass the gates"],
      [published({ attempts: [] }), "the last attempt did not pass the gates"],
      [published({ attempts: [passed, { ...failed, outcome: "interrupted" }] }), "the last attempt did not pass the gates"],
      [published({ approval: { ...approvedFor(SHA), approvedAt: undefined } }), "the approval the policy asks for was not given"],
      [published({ approval: { ...approvedFor(SHA), approvedBy: undefined } }), "the approval the policy asks for was not given"],
      [published({ approval: approvedFor(OTHER) }), "the approval was given for bbbbbbb, not aaaaaaa"],
      [published({ approval: approvedFor(undefined) }), "the approval was given for no recorded commit, not aaaaaaa"],
    ];
    for (const [state, why] of cases) {
      expect(unverifiedReason(state, SHA), why).toBe(why);
      const view = checkRunView(state, SHA);
      expect(view.conclusion, why).toBe("failure");
      expect(view.summary, why).toContain(`> Not verified: ${why}.`);
    }
  });

  it("never says success for any other status or end, whatever the SHA", () => {
    const statuses: Partial<SessionState>[] = [
      { status: "pending" },
      { status: "running" },
      { status: "approved", approval: approvedFor(SHA) },
      { status: "interrupted" },
      { status: "awaiting_approval", approval: { ...approvedFor(SHA), approvedBy: undefined, approvedAt: undefined } },
      ...TERMINAL_REASONS.filter((r) => r !== "succeeded").map((reason) => ({ status: "ended" as const, reason })),
      { status: "ended", reason: null },
    ];
    for (const overrides of statuses) {
      for (const sha of [SHA, OTHER]) expect(checkRunView(published(overrides), sha).conclusion, JSON.stringify(overrides)).not.toBe("success");
    }
    expect(unverifiedReason(published({ status: "running", reason: null }), SHA)).toBe("the session has not published a result");
    expect(unverifiedReason(published({ reason: "gates_failed" }), SHA)).toBe("the session has not published a result");
  });
});

describe("checkRunView: statuses, conclusions and buttons", () => {
  it("shows pending, running and approved sessions in progress with a Cancel button", () => {
    for (const status of ["pending", "running", "approved"] as const) {
      const state = sampleSession({ status });
      expect(checkRunView(state, SHA)).toEqual({ status: "in_progress", ...renderCheckRunSummary(state), actions: [CHECK_RUN_ACTIONS.cancel] });
    }
  });

  it("asks for action with Approve and Reject while approval is pending for this SHA", () => {
    const state = sampleSession({
      status: "awaiting_approval",
      headSha: SHA,
      attempts: [passed],
      approval: { ...approvedFor(SHA), approvedBy: undefined, approvedAt: undefined },
    });
    expect(checkRunView(state, SHA)).toEqual({
      status: "completed",
      conclusion: "action_required",
      ...renderCheckRunSummary(state),
      actions: [CHECK_RUN_ACTIONS.approve, CHECK_RUN_ACTIONS.reject],
    });
  });

  it("offers no Approve button on a commit the pending approval is not for", () => {
    const pending = { ...approvedFor(OTHER), approvedBy: undefined, approvedAt: undefined };
    const view = checkRunView(sampleSession({ status: "awaiting_approval", approval: pending }), SHA);
    expect(view).toMatchObject({
      status: "completed",
      conclusion: "action_required",
      title: "Approval pending for another commit",
      actions: [CHECK_RUN_ACTIONS.reject],
    });
    expect(view.summary).toContain("> Approval is pending for commit bbbbbbb, not for this commit aaaaaaa: review and approve that commit.");
    const none = checkRunView(sampleSession({ status: "awaiting_approval" }), SHA);
    expect(none.summary).toContain("> Approval is pending for commit (none recorded), not for this commit aaaaaaa");
    expect(none.actions).toEqual([CHECK_RUN_ACTIONS.reject]);
  });

  it("asks for action with Retry and Cancel when the session was interrupted", () => {
    const state = sampleSession({ status: "interrupted" });
    expect(checkRunView(state, SHA)).toEqual({
      status: "completed",
      conclusion: "action_required",
      ...renderCheckRunSummary(state),
      actions: [CHECK_RUN_ACTIONS.retry, CHECK_RUN_ACTIONS.cancel],
    });
  });

  it("maps every unsuccessful end to failure or cancelled, with no buttons", () => {
    const expected = {
      gates_failed: "failure",
      budget_exhausted: "failure",
      oscillation_detected: "failure",
      policy_violation: "failure",
      agent_error: "failure",
      rejected: "failure",
      cancelled: "cancelled",
      approval_expired: "cancelled",
    } as const;
    for (const [reason, conclusion] of Object.entries(expected)) {
      const state = published({ reason: reason as keyof typeof expected });
      expect(checkRunView(state, SHA), reason).toEqual({ status: "completed", conclusion, ...renderCheckRunSummary(state), actions: [] });
    }
    expect(checkRunView(published({ reason: null }), SHA)).toMatchObject({ status: "completed", conclusion: "failure", actions: [] });
  });
});

describe("check-run buttons and sizes", () => {
  it("keeps every button within GitHub's limits, and at most 3 per view", () => {
    for (const action of Object.values(CHECK_RUN_ACTIONS)) {
      expect(action.label.length).toBeLessThanOrEqual(20);
      expect(action.description.length).toBeLessThanOrEqual(40);
      expect(action.identifier.length).toBeLessThanOrEqual(20);
    }
    for (const status of ["pending", "running", "approved", "interrupted", "awaiting_approval", "ended"] as const) {
      expect(checkRunView(sampleSession({ status }), SHA).actions.length).toBeLessThanOrEqual(3);
    }
  });

  it("maps each identifier back to its command, and nothing else", () => {
    expect(checkRunActionCommand("foreman-approve")).toBe("approve");
    expect(checkRunActionCommand("foreman-reject")).toBe("reject");
    expect(checkRunActionCommand("foreman-retry")).toBe("retry");
    expect(checkRunActionCommand("foreman-cancel")).toBe("cancel");
    expect(checkRunActionCommand("approve")).toBeNull();
    expect(checkRunActionCommand("")).toBeNull();
  });

  it("keeps the summary within 65,535 characters and the title within 255, also with a warning on a huge ledger", () => {
    const many: Attempt[] = Array.from({ length: 400 }, (_, i) => ({ ...failed, n: i + 1, error: "&<@".repeat(700) }));
    const state = published({ attempts: [...many, { ...passed, n: 401 }] });
    const view = checkRunView(state, OTHER);
    expect(view.summary.length).toBeLessThanOrEqual(MAX_CHECK_RUN_SUMMARY_CHARS);
    expect(view.summary.startsWith("> [!WARNING]")).toBe(true);
    expect(view.title.length).toBeLessThanOrEqual(255);
  });
});
