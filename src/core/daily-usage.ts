/**
 * Today's usage against the daily cap, as local mode counts it: what finished attempts spent
 * today (UTC) plus what every other live session may still spend. Counting the live sessions'
 * remainders as used is what keeps two concurrent sessions from both being admitted the same
 * remainder of the cap (on GitHub the ledger issue does this with reservations).
 */
import { reservedByLiveSessions, spentOnDay } from "./budget.js";
import type { SessionState } from "./state.js";

/** The UTC day (`YYYY-MM-DD`) of an instant in epoch milliseconds. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * USD counted against today's cap for `sessionId` at `nowMs`: settled spend of the day of every
 * session (its own included) plus the reservations of the other live sessions.
 */
export function todaysUsageUsd(
  sessions: readonly Pick<SessionState, "sessionId" | "status" | "budget" | "spent" | "attempts">[],
  at: { sessionId: string; nowMs: number },
): number {
  const micro = Math.round(spentOnDay(sessions, utcDay(at.nowMs)) * 1e6) + Math.round(reservedByLiveSessions(sessions, at.sessionId) * 1e6);
  return micro / 1e6;
}
