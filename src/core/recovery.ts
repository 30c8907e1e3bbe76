/**
 * How an attempt that did not finish normally is accounted: one rule for a run that dies (found
 * later, from the ledger) and for a run that is stopped (SIGINT, `/cancel`, a lost runner).
 * `recoverOpenAttempt` returns the charge and the effects as data; the engine only carries
 * them out (stop these orphans, restore this tree, append this ledger entry, apply these events).
 */
import type { LedgerEntry } from "./ledger-entry.js";
import { openAttempt, type AttemptCharge, type SessionEvent } from "./state-machine.js";
import type { Attempt, SessionState } from "./state.js";

export type { AttemptCharge };

/** What the live run knows of the attempt it is stopping (absent for a run found dead). */
export interface LiveInterruption {
  /** How long this run measured the attempt. */
  durationMs?: number;
  /** The cost the agent reported (or was assumed for it) when it finished before the stop. */
  cost?: { costUsd: number; assumed: boolean };
}

export interface RecoveryInput {
  state: SessionState;
  /** Every ledger entry of the session, in order. */
  entries: readonly LedgerEntry[];
  nowMs: number;
  /** `budget.assumed_attempt_usd`: what an attempt of unknown cost counts for (fail closed). */
  assumedAttemptUsd: number;
  /** Set when this run stops its own attempt; absent when recovering a dead run. */
  live?: LiveInterruption;
  /**
   * What the dead run's agent reported spending (its result file, read after its orphans were
   * stopped): an agent that outlived its run may have finished and said what it cost. Ignored
   * for a live run (whose own report is `live.cost`).
   */
  orphanReport?: { costUsd: number };
}

export type InterruptedEntry = Extract<LedgerEntry, { type: "attempt_interrupted" }>;

export type Recovery =
  /** No attempt is open: only the run itself is interrupted (when it was running). */
  | { kind: "no_open_attempt"; events: SessionEvent[] }
  /** The ledger saw the open attempt finish (the run died before saving the state): its verdict is kept. */
  | { kind: "finished"; n: number; stopOrphans: string[]; verdict: Attempt; events: SessionEvent[] }
  | {
      kind: "interrupted";
      n: number;
      /** Handles of the children the attempt started: a dead run may have left them running. */
      stopOrphans: string[];
      /** The tree the agent left, to put back if the working copy differs (the gates may have written to it). */
      restoreTree: string | null;
      charge: AttemptCharge;
      /** The entry to append, or null when the ledger already has one (never a second). */
      append: InterruptedEntry | null;
      events: SessionEvent[];
    };

/**
 * Accounting of the open attempt of a session whose run stopped or died:
 * - the ledger's `attempt_finished` of the open attempt wins: that verdict is kept;
 * - else a recorded `attempt_interrupted` is reused as it is (no second entry);
 * - else the duration is what the live run measured, or the time since the attempt started,
 *   clamped to what remains of the wall-clock budget (the agent's timeout); the cost is the one
 *   reported, else the one recorded before the gates (`attempt_diffed`), else the larger of what
 *   an orphan of a dead run reported and the assumed cost (it may have spent more after), else
 *   the assumed cost;
 * - the tree kept before the gates (`attempt_diffed.keptRef`) is the interrupted attempt's kept
 *   work, unless the stopping run kept a newer one (the engine's own interrupt says so).
 * A running session is then interrupted; an ended one (a `/cancel` that came while the attempt
 * was open) only absorbs the charge.
 */
export function recoverOpenAttempt(input: RecoveryInput): Recovery {
  const { state, entries } = input;
  const at = new Date(input.nowMs).toISOString();
  const interruptRun = (charge?: AttemptCharge): SessionEvent[] =>
    state.status === "running" || charge !== undefined
      ? [{ type: "run_interrupted", at, ...(charge === undefined ? {} : { openAttempt: charge }) }]
      : [];
  const open = openAttempt(state);
  if (!open) return { kind: "no_open_attempt", events: interruptRun() };

  const n = open.n;
  const live = input.live !== undefined;
  const ofAttempt = entries.filter((e) => "n" in e && e.n === n);
  // A live run's children were stopped with it; a dead run's may still be running.
  const stopOrphans = live ? [] : ofAttempt.flatMap((e) => (e.type === "process_started" ? [e.handle] : []));

  const finished = entries.find((e) => e.type === "attempt_finished" && e.attempt.n === n);
  if (finished?.type === "attempt_finished") {
    const verdict = finished.attempt;
    return {
      kind: "finished",
      n,
      stopOrphans,
      verdict,
      events: [{ type: "attempt_finished", at: verdict.finishedAt ?? at, attempt: verdict }, ...interruptRun()],
    };
  }

  const diffed = ofAttempt.filter((e) => e.type === "attempt_diffed").at(-1);
  const restoreTree = !live && diffed?.type === "attempt_diffed" ? diffed.hash : null;
  const recorded = ofAttempt.find((e) => e.type === "attempt_interrupted");
  const charge = chargeOf(
    input,
    open,
    recorded?.type === "attempt_interrupted" ? recorded : undefined,
    diffed?.type === "attempt_diffed" ? diffed : undefined,
  );
  const append: InterruptedEntry | null =
    recorded === undefined
      ? {
          type: "attempt_interrupted",
          sessionId: state.sessionId,
          n,
          at,
          durationMs: charge.durationMs,
          costUsd: charge.costUsd,
          costAssumed: charge.costAssumed,
        }
      : null;
  return { kind: "interrupted", n, stopOrphans, restoreTree, charge, append, events: interruptRun(charge) };
}

function chargeOf(
  input: RecoveryInput,
  open: Attempt,
  recorded: InterruptedEntry | undefined,
  diffed: Extract<LedgerEntry, { type: "attempt_diffed" }> | undefined,
): AttemptCharge {
  // The agent's tree, kept before the gates, is where a later attempt resumes from.
  const kept = diffed?.keptRef === undefined ? {} : { keptRef: diffed.keptRef };
  // An entry written before `costAssumed` existed counts as assumed (fail closed).
  if (recorded !== undefined)
    return { durationMs: recorded.durationMs, costUsd: recorded.costUsd, costAssumed: recorded.costAssumed ?? true, ...kept };
  const cost = input.live?.cost ?? (diffed === undefined ? orphanCost(input) : { costUsd: diffed.costUsd, assumed: diffed.costAssumed });
  const remainingMs = Math.max(0, input.state.budget.minutes * 60_000 - input.state.spent.durationMs);
  const measured = input.live?.durationMs ?? input.nowMs - Date.parse(open.startedAt);
  return {
    durationMs: Math.round(Math.max(0, Math.min(measured, remainingMs))),
    costUsd: cost.costUsd,
    costAssumed: cost.assumed,
    ...kept,
  };
}

/** The cost of an attempt nobody recorded one for: the larger of an orphan's report and the assumed cost. */
function orphanCost(input: RecoveryInput): { costUsd: number; assumed: boolean } {
  const reported = input.live === undefined ? input.orphanReport?.costUsd : undefined;
  if (reported !== undefined && reported > input.assumedAttemptUsd) return { costUsd: reported, assumed: false };
  return { costUsd: input.assumedAttemptUsd, assumed: true };
}
