/**
 * What the `Foreman` check run on a commit says (DESIGN.md, "The check run never lies"): a pure
 * function of the session state and the commit the check run is attached to.
 *
 * - `success` only when the session published a result whose gates passed on exactly this head
 *   SHA and, when the policy asked for approval, a person approved exactly this SHA.
 * - `action_required` while approval is pending (Approve / Reject buttons; Approve only when the
 *   pending approval is for this commit), and for an interrupted session (Retry / Cancel): a
 *   person must act, and merging stays blocked. `neutral` is never used for a session: branch
 *   protection counts it as passing.
 * - Every other end is `failure` (gates, budget, policy, agent, rejection, or a commit Foreman
 *   did not verify) or `cancelled` (cancelled, approval expired); pending, running and approved
 *   sessions are `in_progress` with a Cancel button.
 *
 * Buttons stay within GitHub's limits (at most 3; label ≤ 20, description ≤ 40, identifier ≤ 20
 * characters). The summary is the attempt ledger of `renderCheckRunSummary`, within 65,535.
 */
import { lastVerdict } from "./decide.js";
import { capMarkdown, MAX_CHECK_RUN_SUMMARY_CHARS, MAX_CHECK_RUN_TITLE_CHARS, renderCheckRunSummary, truncate } from "./render.js";
import type { SessionState, TerminalReason } from "./state.js";

export type CheckRunConclusion = "success" | "failure" | "action_required" | "cancelled" | "neutral";

export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckRunView {
  status: "in_progress" | "completed";
  /** Set exactly when `status` is `completed`. */
  conclusion?: CheckRunConclusion;
  title: string;
  summary: string;
  text?: string;
  actions: CheckRunAction[];
}

/** The check-run buttons, by the command each one stands for. The App maps a click back with {@link checkRunActionCommand}. */
export const CHECK_RUN_ACTIONS = {
  approve: { label: "Approve", description: "Publish this exact commit as tested", identifier: "foreman-approve" },
  reject: { label: "Reject", description: "End the session without publishing", identifier: "foreman-reject" },
  retry: { label: "Retry", description: "Resume at the next attempt", identifier: "foreman-retry" },
  cancel: { label: "Cancel", description: "Stop the session; nothing is published", identifier: "foreman-cancel" },
} as const satisfies Record<string, CheckRunAction>;

export type CheckRunActionCommand = keyof typeof CHECK_RUN_ACTIONS;

/** The command a clicked button stands for (`check_run.requested_action`), or null for an identifier Foreman never sends. */
export function checkRunActionCommand(identifier: string): CheckRunActionCommand | null {
  for (const command of Object.keys(CHECK_RUN_ACTIONS) as CheckRunActionCommand[]) {
    if (CHECK_RUN_ACTIONS[command].identifier === identifier) return command;
  }
  return null;
}

const CONCLUSION_FOR_REASON: Record<Exclude<TerminalReason, "succeeded">, CheckRunConclusion> = {
  gates_failed: "failure",
  budget_exhausted: "failure",
  oscillation_detected: "failure",
  policy_violation: "failure",
  agent_error: "failure",
  setup_failed: "failure",
  rejected: "failure",
  cancelled: "cancelled",
  approval_expired: "cancelled",
};

function short(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * Why `headSha` is not a verified result of this session, or null when it is: the session
 * published it, its last attempt passed the gates, and any approval was given for this SHA.
 */
export function unverifiedReason(state: SessionState, headSha: string): string | null {
  if (state.status !== "ended" || state.reason !== "succeeded") return "the session has not published a result";
  if (state.headSha !== headSha) {
    return state.headSha === undefined
      ? "the session recorded no tested commit"
      : `Foreman tested commit ${short(state.headSha)}, not ${short(headSha)} (a later push needs a new session)`;
  }
  if (lastVerdict(state)?.outcome !== "passed") return "the last attempt did not pass the gates";
  const approval = state.approval;
  if (approval === undefined) return null;
  if (approval.approvedAt === undefined || approval.approvedBy === undefined) return "the approval the policy asks for was not given";
  if (approval.headSha !== headSha)
    return `the approval was given for ${approval.headSha === undefined ? "no recorded commit" : short(approval.headSha)}, not ${short(headSha)}`;
  return null;
}

/** The check run for `state` on the commit `headSha`. */
export function checkRunView(state: SessionState, headSha: string): CheckRunView {
  const rendered = renderCheckRunSummary(state);
  const view = (
    status: CheckRunView["status"],
    conclusion: CheckRunConclusion | undefined,
    actions: CheckRunAction[],
    note?: { title: string; line: string },
  ): CheckRunView => ({
    status,
    ...(conclusion === undefined ? {} : { conclusion }),
    title: truncate(note === undefined ? rendered.title : note.title, MAX_CHECK_RUN_TITLE_CHARS),
    summary: note === undefined ? rendered.summary : capMarkdown(`> [!WARNING]\n> ${note.line}\n\n${rendered.summary}`, MAX_CHECK_RUN_SUMMARY_CHARS),
    actions,
  });
  const { approve, reject, retry, cancel } = CHECK_RUN_ACTIONS;
  switch (state.status) {
    case "pending":
    case "running":
    case "approved":
      return view("in_progress", undefined, [cancel]);
    case "interrupted":
      return view("completed", "action_required", [retry, cancel]);
    case "awaiting_approval": {
      const pendingFor = state.approval?.headSha;
      if (pendingFor === headSha) return view("completed", "action_required", [approve, reject]);
      const line = `Approval is pending for commit ${pendingFor === undefined ? "(none recorded)" : short(pendingFor)}, not for this commit ${short(headSha)}: review and approve that commit.`;
      return view("completed", "action_required", [reject], { title: "Approval pending for another commit", line });
    }
    case "ended": {
      if (state.reason !== "succeeded") return view("completed", state.reason === null ? "failure" : CONCLUSION_FOR_REASON[state.reason], []);
      const why = unverifiedReason(state, headSha);
      if (why === null) return view("completed", "success", []);
      return view("completed", "failure", [], { title: `Not verified: commit ${short(headSha)}`, line: `Not verified: ${why}.` });
    }
  }
}
