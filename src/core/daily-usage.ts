/**
 * Today's usage against the daily cap, as local mode counts it: what finished attempts spent
 * today (UTC) plus what every other live session may still spend. Counting the live sessions'
 * remainders as used is what keeps two concurrent sessions from both being admitted the same
 * remainder of the cap (on GitHub the ledger issue does this with reservations); local mode
 * makes the count and the new reservation one step under a repository-wide lock
 * (`src/local/admission.ts`).
 *
 * When a reservation counts. A live session (pending, running, interrupted) reserves what it may
 * still spend **on the UTC day it was last active**: the later of the day of its last state
 * write (`updatedAt`) and the day it was last admitted (its admission record). A session left
 * `running` by a run that died yesterday therefore reserves nothing today; when it is resumed it
 * is admitted again, against today's usage, and reserves today from then on. (A run still alive
 * across midnight writes its state at its next attempt, and reserves today from then on.)
 */
import { reservedByLiveSessions, spentOnDay } from "./budget.js";
import type { SessionState } from "./state.js";

/** The UTC day (`YYYY-MM-DD`) of an instant in epoch milliseconds. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** What a session's state says, as far as the daily cap needs it. */
export type UsageState = Pick<SessionState, "sessionId" | "status" | "budget" | "spent" | "attempts" | "updatedAt">;

/** One entry under a repository's `sessions/`, as the daily cap counts it. */
export type DailyUsageEntry =
  /** A session with a readable state; `admittedDay` is the UTC day of its last admission, if recorded. */
  | { kind: "session"; state: UsageState; admittedDay?: string }
  /** Admitted (on `day`, for `usd`) but its state is not written yet: a run starting, or a dead start. */
  | { kind: "admitted"; sessionId: string; day: string; usd: number }
  /** A session whose files cannot be read: fail closed, `usd` (a whole per-run budget) counts until it is fixed. */
  | { kind: "unreadable"; sessionId: string; usd: number };

/**
 * USD counted against today's cap for `sessionId` at `nowMs`: the settled spend of the day of
 * every session (its own included), plus what the other sessions reserve today (see the file
 * header), plus a whole `usd` for every other unreadable session. An amount that is not a
 * finite number of 0 or more, in an admitted or unreadable entry, makes today's usage unknown
 * (NaN), which the budget math counts as the whole cap used.
 */
export function dailyUsageUsd(entries: readonly DailyUsageEntry[], at: { sessionId: string; nowMs: number }): number {
  const today = utcDay(at.nowMs);
  const states = entries.flatMap((e) => (e.kind === "session" ? [e.state] : []));
  const reserving = entries.flatMap((e) => (e.kind === "session" && lastActiveDay(e.state, e.admittedDay) === today ? [e.state] : []));
  let micro = Math.round(spentOnDay(states, today) * 1e6) + Math.round(reservedByLiveSessions(reserving, at.sessionId) * 1e6);
  for (const e of entries) {
    if (e.kind === "session" || e.sessionId === at.sessionId) continue;
    if (e.kind === "admitted" && e.day !== today) continue;
    if (!(Number.isFinite(e.usd) && e.usd >= 0)) return Number.NaN;
    micro += Math.round(e.usd * 1e6);
  }
  return micro / 1e6;
}

/** The later of the day of the state's last write and the day of its last admission. */
export function lastActiveDay(state: Pick<SessionState, "updatedAt">, admittedDay?: string): string {
  const written = state.updatedAt.slice(0, 10);
  return admittedDay !== undefined && admittedDay > written ? admittedDay : written;
}

/**
 * USD counted against today's cap for `sessionId` at `nowMs`, from session states alone (no
 * admission records, nothing unreadable): see {@link dailyUsageUsd}.
 */
export function todaysUsageUsd(sessions: readonly UsageState[], at: { sessionId: string; nowMs: number }): number {
  return dailyUsageUsd(
    sessions.map((state) => ({ kind: "session", state })),
    at,
  );
}
