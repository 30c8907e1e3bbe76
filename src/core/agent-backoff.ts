/**
 * The pause between attempts after a transient agent error (rate limit, overload, a stalled
 * stream): exponential with jitter (`retryDelayMs`), never longer than the wall-clock budget
 * left. The wait counts as time, not money. Pure: the caller supplies the jitter.
 */
import { retryDelayMs } from "./retry.js";
import type { Attempt } from "./state.js";

/** Delay before the first retry after a transient agent error, before jitter. */
export const AGENT_BACKOFF_BASE_MS = 2_000;
/** Longest pause between two attempts, before the wall-clock bound. */
export const AGENT_BACKOFF_MAX_MS = 60_000;

/**
 * How many attempts in a row, counting back from the last finished one, ended on a transient
 * agent error (0 when the last one did not).
 */
export function transientStreak(attempts: readonly Attempt[]): number {
  let streak = 0;
  for (let i = attempts.length - 1; i >= 0; i--) {
    const a = attempts[i]!;
    if (a.outcome !== "agent_error" || a.transient !== true) break;
    streak++;
  }
  return streak;
}

/**
 * Milliseconds to wait after the `streak`-th transient agent error in a row (1 for the first):
 * `retryDelayMs(streak)` with base `AGENT_BACKOFF_BASE_MS` and cap `AGENT_BACKOFF_MAX_MS`, cut to
 * `remainingMs` (never negative). 0 when `streak` is below 1 (nothing to back off from).
 */
export function agentBackoffMs(input: { streak: number; jitter: number; remainingMs: number }): number {
  if (!(input.streak >= 1)) return 0;
  const delay = retryDelayMs(Math.floor(input.streak), { baseMs: AGENT_BACKOFF_BASE_MS, maxMs: AGENT_BACKOFF_MAX_MS, jitter: input.jitter });
  return Math.max(0, Math.min(delay, Number.isFinite(input.remainingMs) ? input.remainingMs : 0));
}
