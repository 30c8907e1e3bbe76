import { describe, expect, it } from "vitest";
import { nextStepsForReason, nextStepsForStatus, renderStatusComment, renderTerminalReport } from "../../src/core/render.js";
import { TERMINAL_REASONS, type SessionState, type TerminalReason } from "../../src/core/state.js";
import { sampleSession } from "../support/session.js";

const GITHUB_RESTART = "Start a new session by removing and adding the trigger label again.";
const LOCAL_RESTART = "Start a new session with `foreman run --task FILE`.";

/** A local session whose id would be markdown if it were not escaped. */
const local = (overrides: Partial<SessionState> = {}) => sampleSession({ sessionId: "fix_*login*", ...overrides });

describe("nextStepsForReason on GitHub", () => {
  const plain = sampleSession();
  const withBranch = sampleSession({ branch: "foreman/7-fix" });
  const withPr = sampleSession({ branch: "foreman/7-fix", pullRequest: 12 });

  it.each<[TerminalReason, SessionState, string[]]>([
    ["succeeded", withPr, ["Review and merge pull request #12.", "Ask for changes in a review or a comment; a new session can build on them."]],
    [
      "succeeded",
      withBranch,
      ["Review branch foreman/7-fix and open a pull request.", "Ask for changes in a review or a comment; a new session can build on them."],
    ],
    ["succeeded", plain, ["Review the published change.", "Ask for changes in a review or a comment; a new session can build on them."]],
    [
      "gates_failed",
      plain,
      [
        "Read the failing gates of the last attempt below.",
        `Make the issue more precise (what to change, how to check it), then restart: ${GITHUB_RESTART}`,
        "Or give it more room (add a larger budget label (`foreman:budget-large`, `foreman:budget-xl`), or have an admin raise the cap with `/budget <usd>`) before restarting.",
      ],
    ],
    [
      "budget_exhausted",
      plain,
      [
        `Add a larger budget label (\`foreman:budget-large\`, \`foreman:budget-xl\`), or have an admin raise the cap with \`/budget <usd>\`, then restart: ${GITHUB_RESTART}`,
        "If the daily cap was reached, wait for it to reset at 00:00 UTC.",
      ],
    ],
    [
      "oscillation_detected",
      plain,
      ["The agent is repeating itself: add a hint to the issue (the approach, the file, a failing test), then restart.", GITHUB_RESTART],
    ],
    [
      "policy_violation",
      plain,
      [
        "See the note below for the path or limit that was broken.",
        "Narrow the task so the change stays within the allowed paths, or adjust `paths` or `gates` in `.github/foreman.yml`, then restart.",
      ],
    ],
    [
      "agent_error",
      plain,
      [
        "Check the agent's error below and the workflow run log (model key secret, quota, timeout).",
        `Fix the cause, then restart: ${GITHUB_RESTART}`,
      ],
    ],
    ["cancelled", plain, ["Nothing more will run.", GITHUB_RESTART]],
    [
      "rejected",
      withBranch,
      [
        "The work stays on branch foreman/7-fix for reference.",
        `Clarify the issue with what the reviewer asked for, then restart: ${GITHUB_RESTART}`,
      ],
    ],
    ["rejected", plain, ["Nothing was published.", `Clarify the issue with what the reviewer asked for, then restart: ${GITHUB_RESTART}`]],
    [
      "approval_expired",
      withBranch,
      ["The work stays on branch foreman/7-fix.", `Restart to run again; approve with \`/approve\` within the approval time: ${GITHUB_RESTART}`],
    ],
    [
      "approval_expired",
      plain,
      ["Nothing was published.", `Restart to run again; approve with \`/approve\` within the approval time: ${GITHUB_RESTART}`],
    ],
  ])("%s", (reason, state, expected) => {
    expect(nextStepsForReason(reason, state)).toEqual(expected);
    // GitHub is the default surface.
    expect(nextStepsForReason(reason, state, "github")).toEqual(expected);
  });

  it("escapes the branch name", () => {
    expect(nextStepsForReason("succeeded", sampleSession({ branch: "foreman/@bob_x" }))[0]).toBe(
      "Review branch foreman/@&#8203;bob\\_x and open a pull request.",
    );
  });
});

describe("nextStepsForReason locally", () => {
  it.each<[TerminalReason, string[]]>([
    [
      "gates_failed",
      [
        "Read the failing gates of the last attempt below.",
        `Make the issue more precise (what to change, how to check it), then restart: ${LOCAL_RESTART}`,
        "Or give it more room (raise `budget.per_run` (or `budget.daily`) in the configuration) before restarting.",
      ],
    ],
    [
      "policy_violation",
      [
        "See the note below for the path or limit that was broken.",
        "Narrow the task so the change stays within the allowed paths, or adjust `paths` or `gates` in the configuration (`--config`, or `.github/foreman.yml`), then restart.",
      ],
    ],
    [
      "agent_error",
      ["Check the agent's error below and the agent's output (model key, quota, timeout).", `Fix the cause, then restart: ${LOCAL_RESTART}`],
    ],
    [
      "approval_expired",
      [
        "Nothing was published.",
        `Restart to run again; approve with \`foreman approve fix\\_\\*login\\*\` within the approval time: ${LOCAL_RESTART}`,
      ],
    ],
  ])("%s", (reason, expected) => {
    expect(nextStepsForReason(reason, local(), "local")).toEqual(expected);
  });
});

describe("nextStepsForStatus", () => {
  it.each<[SessionState["status"], string[]]>([
    ["pending", ["A run will pick this up shortly. `/cancel` stops it; `/status` refreshes this comment."]],
    ["running", ["Foreman is working. `/cancel` stops it after the current step; `/status` refreshes this comment."]],
    ["awaiting_approval", ["`/approve` publishes the change exactly as tested.", "`/reject [reason]` ends the session without publishing."]],
    ["approved", ["The next run publishes the approved change (`/retry`). `/cancel` stops it."]],
    ["interrupted", ["`/retry` resumes at attempt 1 (finished attempts are kept and not re-run).", "`/cancel` ends the session."]],
  ])("%s on GitHub", (status, expected) => {
    expect(nextStepsForStatus(sampleSession({ status }))).toEqual(expected);
  });

  it.each<[SessionState["status"], string[]]>([
    [
      "pending",
      ["`foreman resume fix\\_\\*login\\*` runs it. `foreman cancel fix\\_\\*login\\*` stops it; `foreman status fix\\_\\*login\\*` shows it again."],
    ],
    [
      "running",
      ["Foreman is working. `foreman cancel fix\\_\\*login\\*` stops it after the current step; `foreman status fix\\_\\*login\\*` shows it again."],
    ],
    [
      "awaiting_approval",
      [
        "`foreman approve fix\\_\\*login\\*` publishes the change exactly as tested.",
        "`foreman reject fix\\_\\*login\\* --reason TEXT` ends the session without publishing.",
      ],
    ],
    ["approved", ["The next run publishes the approved change (`foreman resume fix\\_\\*login\\*`). `foreman cancel fix\\_\\*login\\*` stops it."]],
  ])("%s locally", (status, expected) => {
    expect(nextStepsForStatus(local({ status }), "local")).toEqual(expected);
  });

  it("resumes an interrupted session after its last attempt, kept or compacted", () => {
    const attempt = { n: 7, startedAt: "2026-01-05T09:00:00.000Z" };
    expect(nextStepsForStatus(sampleSession({ status: "interrupted", attempts: [attempt] }))[0]).toContain("resumes at attempt 8 ");
    const compacted = { count: 40, firstN: 1, lastN: 1_200, costUsd: 0, durationMs: 0, tokens: 0, outcomes: {}, diffHashes: [] };
    expect(nextStepsForStatus(sampleSession({ status: "interrupted", compacted }))[0]).toContain("resumes at attempt 1,201 ");
    // The kept attempts come after the compacted ones: the last kept one counts.
    expect(nextStepsForStatus(sampleSession({ status: "interrupted", compacted, attempts: [{ ...attempt, n: 1_300 }] }))[0]).toContain(
      "resumes at attempt 1,301 ",
    );
  });

  it("an ended session gets the steps of its reason, or none without a reason", () => {
    for (const reason of TERMINAL_REASONS) {
      const state = sampleSession({ status: "ended", reason });
      expect(nextStepsForStatus(state)).toEqual(nextStepsForReason(reason, state));
      expect(nextStepsForStatus(local({ status: "ended", reason }), "local")).toEqual(
        nextStepsForReason(reason, local({ status: "ended", reason }), "local"),
      );
    }
    expect(nextStepsForStatus(sampleSession({ status: "ended", reason: null }))).toEqual(["Nothing more will run."]);
  });
});

describe("surface reaches the renderers", () => {
  it("the status comment and the terminal report use the local wording when asked, GitHub's by default", () => {
    expect(renderStatusComment(local())).toContain("A run will pick this up shortly.");
    expect(renderStatusComment(local(), { surface: "local" })).toContain("`foreman resume fix\\_\\*login\\*` runs it.");
    const ended = local({ status: "ended", reason: "cancelled" });
    expect(renderStatusComment(ended, { surface: "local" })).toContain(`- ${LOCAL_RESTART}`);
    expect(renderTerminalReport(ended)).toContain(`- ${GITHUB_RESTART}`);
    expect(renderTerminalReport(ended, { surface: "local" })).toContain(`- ${LOCAL_RESTART}`);
  });
});
