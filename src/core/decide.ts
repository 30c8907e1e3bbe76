/**
 * What the loop does next, decided from the session state alone. The same function runs right
 * after an attempt is recorded and when a run resumes a session, so a resumed run never
 * re-runs finished work: a passed attempt is published, a terminal one ends the session.
 */
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
      return { kind: "end", reason: "policy_violation", note: last.error ?? `Attempt ${last.n} broke the path policy.` };
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

/**
 * Why a session ends when its budget runs out before another attempt. Attempts used up while
 * the gates kept failing is `gates_failed` (DESIGN.md); while the agent kept failing,
 * `agent_error`; anything else (time, money) is `budget_exhausted`.
 */
export function reasonWhenBudgetRunsOut(
  check: Extract<BudgetCheck, { ok: false }>,
  lastOutcome: AttemptOutcome | undefined,
): Exclude<TerminalReason, "succeeded"> {
  if (check.exhausted !== "attempts") return "budget_exhausted";
  if (lastOutcome === "gates_failed" || lastOutcome === "empty_diff") return "gates_failed";
  if (lastOutcome === "agent_error") return "agent_error";
  return "budget_exhausted";
}
