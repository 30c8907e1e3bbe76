import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../src/core/ledger-entry.js";
import { recoverOpenAttempt, type RecoveryInput } from "../../src/core/recovery.js";
import { transition, type SessionEvent } from "../../src/core/state-machine.js";
import { newSession, type Attempt, type SessionState } from "../../src/core/state.js";

const T0 = Date.parse("2026-11-21T10:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const ms = (minutes: number) => T0 + minutes * 60_000;
const ASSUMED = 0.4;

function apply(state: SessionState, ...events: SessionEvent[]): SessionState {
  let s = state;
  for (const e of events) {
    const r = transition(s, e);
    if (!r.ok) throw new Error(`refused ${e.type}: ${r.refusal.code}`);
    s = r.state;
  }
  return s;
}

/** A session (budget 30 minutes) whose attempt `n` started at minute `startedAt` and is still open. */
function openAt(startedAt = 1, spentMinutes = 0): SessionState {
  const base = newSession({ sessionId: "s1", now: at(0), title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } });
  const running = apply(base, { type: "run_started", at: at(0) });
  const withSpend: SessionState =
    spentMinutes === 0 ? running : { ...running, spent: { costUsd: 0, durationMs: spentMinutes * 60_000, attempts: 0 } };
  return apply(withSpend, { type: "attempt_started", at: at(startedAt), n: 1 });
}

const input = (state: SessionState, entries: LedgerEntry[], nowMinutes: number, extra: Partial<RecoveryInput> = {}): RecoveryInput => ({
  state,
  entries,
  nowMs: ms(nowMinutes),
  assumedAttemptUsd: ASSUMED,
  ...extra,
});
const started: LedgerEntry = { type: "attempt_started", sessionId: "s1", n: 1, at: at(1) };
const proc = (handle: string, n = 1): LedgerEntry => ({ type: "process_started", sessionId: "s1", n, handle });
const diffed = (costUsd: number, costAssumed: boolean, hash = "h1"): LedgerEntry => ({
  type: "attempt_diffed",
  sessionId: "s1",
  n: 1,
  hash,
  costUsd,
  costAssumed,
});

/** Applies the recovery's events and returns the resulting state (they must all be accepted). */
const carriedOut = (state: SessionState, events: SessionEvent[]) => apply(state, ...events);

describe("recoverOpenAttempt: a run that died", () => {
  it("with no open attempt, only interrupts a running session (and nothing else)", () => {
    const running = apply(newSession({ sessionId: "s1", now: at(0), title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } }), {
      type: "run_started",
      at: at(0),
    });
    expect(recoverOpenAttempt(input(running, [], 2))).toEqual({ kind: "no_open_attempt", events: [{ type: "run_interrupted", at: at(2) }] });
    const ended = apply(running, { type: "ended", at: at(1), reason: "agent_error" });
    expect(recoverOpenAttempt(input(ended, [], 2))).toEqual({ kind: "no_open_attempt", events: [] });
  });

  it("right after attempt_started: charges the time since the start and the assumed cost, and records the interruption once", () => {
    const state = openAt(1);
    const r = recoverOpenAttempt(input(state, [started, proc("p1"), proc("p2"), proc("other", 2)], 6));
    expect(r).toEqual({
      kind: "interrupted",
      n: 1,
      stopOrphans: ["p1", "p2"],
      restoreTree: null,
      charge: { durationMs: 300_000, costUsd: ASSUMED, costAssumed: true },
      append: { type: "attempt_interrupted", sessionId: "s1", n: 1, at: at(6), durationMs: 300_000, costUsd: ASSUMED, costAssumed: true },
      events: [{ type: "run_interrupted", at: at(6), openAttempt: { durationMs: 300_000, costUsd: ASSUMED, costAssumed: true } }],
    });
    expect(carriedOut(state, r.events)).toMatchObject({ status: "interrupted", spent: { costUsd: ASSUMED, durationMs: 300_000, attempts: 1 } });
  });

  it("clamps the duration to what remains of the wall-clock budget (the agent's timeout), never below zero", () => {
    const r = recoverOpenAttempt(input(openAt(1, 10), [started], 600));
    expect(r.kind === "interrupted" && r.charge).toEqual({ durationMs: 20 * 60_000, costUsd: ASSUMED, costAssumed: true });
    const over = recoverOpenAttempt(input(openAt(1, 40), [started], 5));
    expect(over.kind === "interrupted" && over.charge.durationMs).toBe(0);
    const early = recoverOpenAttempt(input(openAt(5), [started], 4));
    expect(early.kind === "interrupted" && early.charge.durationMs).toBe(0);
  });

  it("right after attempt_diffed: charges the cost recorded before the gates and restores the agent's tree", () => {
    const known = recoverOpenAttempt(input(openAt(1), [started, diffed(1.25, false), diffed(1.5, false, "h2")], 3));
    expect(known).toMatchObject({ kind: "interrupted", restoreTree: "h2", charge: { durationMs: 120_000, costUsd: 1.5, costAssumed: false } });
    const assumed = recoverOpenAttempt(input(openAt(1), [started, diffed(0.4, true)], 3));
    expect(assumed).toMatchObject({ charge: { costUsd: 0.4, costAssumed: true } });
    const otherAttempt: LedgerEntry = { type: "attempt_diffed", sessionId: "s1", n: 2, hash: "x", costUsd: 9, costAssumed: false };
    expect(recoverOpenAttempt(input(openAt(1), [started, otherAttempt], 3))).toMatchObject({ restoreTree: null, charge: { costUsd: ASSUMED } });
  });

  it("the agent's tree kept before the gates (attempt_diffed.keptRef) becomes the interrupted attempt's kept work", () => {
    const kept: LedgerEntry = {
      type: "attempt_diffed",
      sessionId: "s1",
      n: 1,
      hash: "h1",
      costUsd: 0.5,
      costAssumed: false,
      keptRef: "refs/foreman/s1/attempt-1",
    };
    const state = openAt(1);
    const r = recoverOpenAttempt(input(state, [started, kept], 3));
    expect(r).toMatchObject({ kind: "interrupted", charge: { costUsd: 0.5, costAssumed: false, keptRef: "refs/foreman/s1/attempt-1" } });
    expect(carriedOut(state, r.events).attempts[0]).toMatchObject({ n: 1, outcome: "interrupted", keptRef: "refs/foreman/s1/attempt-1" });
    // The last diffed entry is the agent's tree: an earlier kept ref does not outlive a later unkept tree.
    const later = recoverOpenAttempt(input(state, [started, kept, diffed(0.5, false, "h2")], 3));
    expect(later.kind === "interrupted" && later.charge.keptRef).toBeUndefined();
    // A recorded interruption keeps its figures and still carries the kept tree.
    const recorded: LedgerEntry = {
      type: "attempt_interrupted",
      sessionId: "s1",
      n: 1,
      at: at(2),
      durationMs: 60_000,
      costUsd: 0.5,
      costAssumed: false,
    };
    expect(recoverOpenAttempt(input(state, [started, kept, recorded], 9))).toMatchObject({
      append: null,
      charge: { durationMs: 60_000, keptRef: "refs/foreman/s1/attempt-1" },
    });
    // Nothing kept: no ref is invented.
    const none = recoverOpenAttempt(input(state, [started, diffed(0.5, false)], 3));
    expect(none.kind === "interrupted" && "keptRef" in none.charge).toBe(false);
  });

  it("right after attempt_interrupted: reuses the recorded figures and appends nothing", () => {
    const recorded: LedgerEntry = {
      type: "attempt_interrupted",
      sessionId: "s1",
      n: 1,
      at: at(4),
      durationMs: 90_000,
      costUsd: 0.7,
      costAssumed: false,
    };
    const r = recoverOpenAttempt(input(openAt(1), [started, diffed(0.7, false), recorded], 20));
    expect(r).toMatchObject({ kind: "interrupted", append: null, charge: { durationMs: 90_000, costUsd: 0.7, costAssumed: false } });
    const assumed = recoverOpenAttempt(input(openAt(1), [started, diffed(0.7, false), { ...recorded, costAssumed: true }], 20));
    expect(assumed).toMatchObject({ append: null, charge: { costUsd: 0.7, costAssumed: true } });
  });

  it("an attempt_interrupted written before costAssumed existed counts as assumed (fail closed)", () => {
    const old: LedgerEntry = { type: "attempt_interrupted", sessionId: "s1", n: 1, at: at(4), durationMs: 90_000, costUsd: 0.7 };
    const r = recoverOpenAttempt(input(openAt(1), [started, diffed(0.7, false), old], 20));
    expect(r).toMatchObject({ append: null, charge: { durationMs: 90_000, costUsd: 0.7, costAssumed: true } });
  });

  it("right after attempt_finished: keeps the ledger's verdict, then interrupts the run", () => {
    const verdict: Attempt = { n: 1, startedAt: at(1), finishedAt: at(3), outcome: "gates_failed", durationMs: 120_000, costUsd: 0.3 };
    const state = openAt(1);
    const r = recoverOpenAttempt(input(state, [started, proc("p1"), { type: "attempt_finished", sessionId: "s1", attempt: verdict }], 9));
    expect(r).toEqual({
      kind: "finished",
      n: 1,
      stopOrphans: ["p1"],
      verdict,
      events: [
        { type: "attempt_finished", at: at(3), attempt: verdict },
        { type: "run_interrupted", at: at(9) },
      ],
    });
    expect(carriedOut(state, r.events)).toMatchObject({ status: "interrupted", spent: { costUsd: 0.3, attempts: 1 } });
    const other: Attempt = { ...verdict, n: 2 };
    expect(recoverOpenAttempt(input(state, [{ type: "attempt_finished", sessionId: "s1", attempt: other }], 9)).kind).toBe("interrupted");
    const undated: Attempt = { ...verdict, finishedAt: undefined as never };
    const u = recoverOpenAttempt(input(state, [{ type: "attempt_finished", sessionId: "s1", attempt: undated }], 9));
    expect(u.events[0]).toMatchObject({ type: "attempt_finished", at: at(9) });
  });

  it("a /cancel while the attempt was open: the ended session still absorbs the charge, without a second interruption", () => {
    const cancelled = apply(openAt(1), { type: "command", at: at(2), id: 1, author: "bob", command: { kind: "cancel" } });
    const r = recoverOpenAttempt(input(cancelled, [started], 4));
    expect(r.events).toEqual([{ type: "run_interrupted", at: at(4), openAttempt: { durationMs: 180_000, costUsd: ASSUMED, costAssumed: true } }]);
    expect(carriedOut(cancelled, r.events)).toMatchObject({ status: "ended", reason: "cancelled", spent: { costUsd: ASSUMED, attempts: 1 } });
    const verdict: Attempt = { n: 1, startedAt: at(1), finishedAt: at(3), outcome: "passed", durationMs: 1, costUsd: 0.2 };
    const f = recoverOpenAttempt(input(cancelled, [{ type: "attempt_finished", sessionId: "s1", attempt: verdict }], 4));
    expect(f.events).toEqual([{ type: "attempt_finished", at: at(3), attempt: verdict }]);
    expect(carriedOut(cancelled, f.events)).toMatchObject({ status: "ended", reason: "cancelled", spent: { costUsd: 0.2 } });
  });
});

describe("recoverOpenAttempt: what an orphan of a dead run reported", () => {
  it("counts the larger of the orphan's reported cost and the assumed cost", () => {
    const more = recoverOpenAttempt(input(openAt(1), [started, proc("p1")], 3, { orphanReport: { costUsd: 1.7 } }));
    expect(more).toMatchObject({
      kind: "interrupted",
      charge: { durationMs: 120_000, costUsd: 1.7, costAssumed: false },
      append: { costUsd: 1.7, costAssumed: false },
    });
    const less = recoverOpenAttempt(input(openAt(1), [started], 3, { orphanReport: { costUsd: 0.1 } }));
    expect(less).toMatchObject({ charge: { costUsd: ASSUMED, costAssumed: true } });
    const equal = recoverOpenAttempt(input(openAt(1), [started], 3, { orphanReport: { costUsd: ASSUMED } }));
    expect(equal).toMatchObject({ charge: { costUsd: ASSUMED, costAssumed: true } });
  });

  it("the cost recorded before the gates wins over the orphan's file, and a live run ignores it", () => {
    const recordedFirst = recoverOpenAttempt(input(openAt(1), [started, diffed(0.9, false)], 3, { orphanReport: { costUsd: 1.7 } }));
    expect(recordedFirst).toMatchObject({ charge: { costUsd: 0.9, costAssumed: false } });
    const live = recoverOpenAttempt(input(openAt(1), [started], 3, { live: {}, orphanReport: { costUsd: 1.7 } }));
    expect(live).toMatchObject({ charge: { costUsd: ASSUMED, costAssumed: true } });
  });
});

describe("recoverOpenAttempt: this run stops its own attempt", () => {
  it("uses the measured duration (clamped) and the reported cost, stops nothing and restores nothing", () => {
    const entries = [started, proc("p1"), diffed(0.9, false)];
    const r = recoverOpenAttempt(input(openAt(1), entries, 3, { live: { durationMs: 61_000.4, cost: { costUsd: 1.5, assumed: false } } }));
    expect(r).toMatchObject({
      kind: "interrupted",
      stopOrphans: [],
      restoreTree: null,
      charge: { durationMs: 61_000, costUsd: 1.5, costAssumed: false },
    });
    const long = recoverOpenAttempt(input(openAt(1, 29), entries, 3, { live: { durationMs: 120_000 } }));
    expect(long).toMatchObject({ charge: { durationMs: 60_000, costUsd: 0.9, costAssumed: false } });
  });

  it("with nothing reported, counts the time since the start and the assumed cost", () => {
    const r = recoverOpenAttempt(input(openAt(1), [started], 2, { live: {} }));
    expect(r).toMatchObject({ charge: { durationMs: 60_000, costUsd: ASSUMED, costAssumed: true } });
  });
});
