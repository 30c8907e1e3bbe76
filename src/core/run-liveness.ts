/**
 * What a session's status means once we know whether a run holds it. A snapshot saying
 * `running` while no process holds the session's lock belongs to a run that died: showing
 * "🔄 Running" would be a lie. The lock fact comes from the adapter; the decision is here.
 */
import type { SessionState, SessionStatus } from "./state.js";

/** The status as a person should read it: a dead run's session shows as interrupted. */
export type ShownStatus = SessionStatus | "run_died";

export const RUN_DIED_NOTICE = "interrupted: its run stopped; `foreman resume` continues";

export function shownStatus(state: Pick<SessionState, "status">, runHeld: boolean): ShownStatus {
  return state.status === "running" && !runHeld ? "run_died" : state.status;
}

/**
 * Whether `foreman clean` must leave the session alone: every session that is not over, and
 * any session a run holds right now.
 */
export function isLiveSession(state: Pick<SessionState, "status">, runHeld: boolean): boolean {
  return runHeld || state.status !== "ended";
}

/** One short cell for `foreman list`: the status, and the reason or the dead run. */
export function statusCell(state: Pick<SessionState, "status" | "reason">, runHeld: boolean): string {
  const shown = shownStatus(state, runHeld);
  switch (shown) {
    case "run_died":
      return RUN_DIED_NOTICE;
    case "ended":
      return `ended (${(state.reason ?? "unknown").replaceAll("_", " ")})`;
    case "pending":
    case "running":
    case "awaiting_approval":
    case "approved":
    case "interrupted":
      return shown.replaceAll("_", " ");
  }
}

/** The snapshot as `status` should show it: a dead run's `running` session reads as interrupted (resumable). */
export function stateAsShown<S extends Pick<SessionState, "status">>(state: S, runHeld: boolean): S {
  return shownStatus(state, runHeld) === "run_died" ? { ...state, status: "interrupted" } : state;
}
