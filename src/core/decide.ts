/**
 * What the loop does next, decided from the session state alone. The same function runs right
 * after an attempt is recorded and when a run resumes a session, so a resumed run never
 * re-runs finished work: a passed attempt is published, a terminal one ends the session.
 */
import { isApprovalExpired } from "./approval.js";
import type { BudgetCheck } from "./budget.js";
import { detectOscillation } from "./oscillation.js";
import type { Attempt, AttemptOutcome, SessionState, TerminalReason } from "./state.js";

export type NextStep =
  /** Start another attempt (if the budget allows). */
  | { kind: "attempt" }
  /** The last attempt passed the gates: stage it, then publish or ask for approval. */
  | { kind: "publish"; attempt: Attempt }
  | { kind: "end"; reason: Exclude<TerminalReason, "succeeded">; note: string };

/** The last attempt that finished with a verdict (an interrupted one has none). */
export function lastVerdict(state: SessionState): Attempt | undefined {
  for (let i = state.attempts.length - 1; i >= 0; i--) {
    const a = state.attempts[i]!;
    if (a.finishedAt === undefined) continue;
    if (a.outcome === "interrupted") return undefined;
    return a;
  }
  return undefined;
}

export function nextStep(state: SessionState): NextStep {
  const last = lastVerdict(state);
  if (!last || last.outcome === undefined) return { kind: "attempt" };
  switch (last.outcome) {
    case "passed":
      return { kind: "publish", attempt: last };
    case "policy_violation":
      // A refused change was put back and explained: the agent gets another attempt, and the
      // session ends `policy_violation` only when the attempts run out (`reasonWhenBudgetRunsOut`).
      return last.refused === true
        ? { kind: "attempt" }
        : { kind: "end", reason: "policy_violation", note: last.error ?? `Attempt ${last.n} broke the path policy.` };
    case "agent_error":
      return last.transient === true
        ? { kind: "attempt" }
        : { kind: "end", reason: "agent_error", note: last.error ?? `The agent failed on attempt ${last.n}.` };
    case "gates_failed":
    case "empty_diff": {
      const earlier = state.attempts
        .filter((a) => a.n < last.n && a.finishedAt !== undefined)
        .map((a) => ({
          n: a.n,
          ...(a.diffHash === undefined ? {} : { diffHash: a.diffHash }),
          ...(a.outcome === undefined ? {} : { outcome: a.outcome }),
          empty: a.outcome === "empty_diff",
        }));
      const osc = detectOscillation(
        earlier,
        { diffHash: last.diffHash ?? "", empty: last.outcome === "empty_diff" },
        { olderHashes: state.compacted?.diffHashes ?? [] },
      );
      return osc.oscillating ? { kind: "end", reason: "oscillation_detected", note: osc.message } : { kind: "attempt" };
    }
    case "interrupted":
      return { kind: "attempt" };
  }
}

/** What a run does with a session, decided from its status (and the time, for an approval's deadline). */
export type RunAction =
  /** A run died with the session `running`, or an attempt is still open: account it first (`recoverOpenAttempt`). */
  | { kind: "recover" }
  /** The approval request is past its deadline: the session ends `approval_expired`. */
  | { kind: "expire" }
  /** Admitted and waiting: admit it against today's cap again, then run the attempt loop. */
  | { kind: "run_attempts" }
  /** A person approved: publish the approved commit without running the agent again. */
  | { kind: "publish_approved" }
  /** Ended and its single terminal report not posted yet: post it. */
  | { kind: "report" }
  /** Nothing to do until a person acts: `/approve` (or `/reject`), or `/retry` of an interrupted session. */
  | { kind: "wait"; for: "approval" | "retry" }
  /** Ended and reported: nothing ever again. */
  | { kind: "none" };

/**
 * The run's next move for a session, beside `nextStep` (which decides inside the attempt loop).
 * Accounting comes first in every status: an attempt left open is recovered before anything else.
 */
export function nextRunAction(state: SessionState, nowMs: number): RunAction {
  const last = state.attempts.at(-1);
  if (state.status === "running" || (last !== undefined && last.finishedAt === undefined)) return { kind: "recover" };
  switch (state.status) {
    case "pending":
      return { kind: "run_attempts" };
    case "approved":
      return { kind: "publish_approved" };
    case "awaiting_approval":
      return isApprovalExpired(state, nowMs) ? { kind: "expire" } : { kind: "wait", for: "approval" };
    case "interrupted":
      return { kind: "wait", for: "retry" };
    case "ended":
      return state.reportedAt === undefined ? { kind: "report" } : { kind: "none" };
  }
}

/**
 * Why a session ends when its budget runs out before another attempt. Attempts used up while
 * the gates kept failing is `gates_failed` (DESIGN.md); while the agent kept failing,
 * `agent_error`; while its change was still refused by the path policy, `policy_violation`;
 * anything else (time, money) is `budget_exhausted`.
 */
export function reasonWhenBudgetRunsOut(
  check: Extract<BudgetCheck, { ok: false }>,
  lastOutcome: AttemptOutcome | undefined,
): Exclude<TerminalReason, "succeeded"> {
  if (check.exhausted !== "attempts") return "budget_exhausted";
  if (lastOutcome === "gates_failed" || lastOutcome === "empty_diff") return "gates_failed";
  if (lastOutcome === "agent_error") return "agent_error";
  if (lastOutcome === "policy_violation") return "policy_violation";
  return "budget_exhausted";
}
