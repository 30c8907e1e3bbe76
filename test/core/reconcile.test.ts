import { describe, expect, it } from "vitest";
import { ForemanError } from "../../src/core/errors.js";
import type { LedgerEntry } from "../../src/core/ledger-entry.js";
import { ledgerAttempts, reconcile, SnapshotMismatchError } from "../../src/core/reconcile.js";
import { transition, type SessionEvent } from "../../src/core/state-machine.js";
import { newSession, type Attempt, type SessionState } from "../../src/core/state.js";

const T0 = Date.parse("2026-11-21T10:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function apply(state: SessionState, ...events: SessionEvent[]): SessionState {
  let s = state;
  for (const e of events) {
    const r = transition(s, e);
    if (!r.ok) throw new Error(`refused ${e.type}: ${r.refusal.code}`);
    s = r.state;
  }
  return s;
}

const verdict = (n: number, outcome: Attempt["outcome"], costUsd: number, extra: Partial<Attempt> = {}): Attempt => ({
  n,
  startedAt: at(n * 10),
  finishedAt: at(n * 10 + 5),
  outcome,
  durationMs: 300_000,
  costUsd,
  ...extra,
});
const started = (n: number): LedgerEntry => ({ type: "attempt_started", sessionId: "s1", n, at: at(n * 10) });
const finished = (a: Attempt): LedgerEntry => ({ type: "attempt_finished", sessionId: "s1", attempt: a });
const interrupted = (n: number, costUsd: number, costAssumed?: boolean): LedgerEntry => ({
  type: "attempt_interrupted",
  sessionId: "s1",
  n,
  at: at(n * 10 + 5),
  durationMs: 300_000,
  costUsd,
  ...(costAssumed === undefined ? {} : { costAssumed }),
});
const endedEntry = (reason: "succeeded" | "gates_failed" | "cancelled"): LedgerEntry => ({
  type: "session_ended",
  sessionId: "s1",
  reason,
  at: at(99),
});

/** A running session whose attempts `verdicts` finished, as the engine saves it (ledger first, then state). */
function session(verdicts: Attempt[]): { state: SessionState; entries: LedgerEntry[] } {
  let state = apply(newSession({ sessionId: "s1", now: at(0), title: "t", budget: { attempts: 9, minutes: 600, usd: 20 } }), {
    type: "run_started",
    at: at(0),
  });
  const entries: LedgerEntry[] = [];
  for (const v of verdicts) {
    entries.push(started(v.n));
    state = apply(state, { type: "attempt_started", at: v.startedAt, n: v.n });
    if (v.outcome === "interrupted") {
      entries.push(interrupted(v.n, v.costUsd!, v.costAssumed === true));
      state = apply(state, {
        type: "run_interrupted",
        at: v.finishedAt!,
        openAttempt: { durationMs: v.durationMs!, costUsd: v.costUsd!, costAssumed: v.costAssumed === true },
      });
      state = apply(state, { type: "command", at: v.finishedAt!, id: state.lastCommandId + 1, author: "me", command: { kind: "retry" } });
      state = apply(state, { type: "run_started", at: v.finishedAt! });
    } else {
      entries.push(finished(v));
      state = apply(state, { type: "attempt_finished", at: v.finishedAt!, attempt: v });
    }
  }
  return { state, entries };
}

const six = [1, 2, 3, 4, 5, 6].map((n) => verdict(n, "gates_failed", 0.25));

describe("reconcile: a snapshot that agrees with the ledger", () => {
  it("is consistent, with finished and interrupted attempts alike", () => {
    const { state, entries } = session([
      verdict(1, "gates_failed", 0.3),
      verdict(2, "interrupted", 0.5, { costAssumed: true }),
      verdict(3, "passed", 0.2),
    ]);
    expect(reconcile(state, entries)).toEqual({ kind: "consistent" });
    expect(reconcile(state, [...entries, { type: "process_started", sessionId: "s1", n: 3, handle: "p" }])).toEqual({ kind: "consistent" });
  });

  it("lagging by an attempt the ledger saw finish is left to recovery (consistent)", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3)]);
    const open = apply(state, { type: "attempt_started", at: at(20), n: 2 });
    expect(reconcile(open, [...entries, started(2), finished(verdict(2, "passed", 0.1))])).toEqual({ kind: "consistent" });
    expect(reconcile(open, [...entries, started(2)])).toEqual({ kind: "consistent" });
  });

  it("an ended session with the ledger's end, or an unreported end (a crash before session_ended), is consistent", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3)]);
    const ended = apply(state, { type: "ended", at: at(50), reason: "gates_failed" });
    expect(reconcile(ended, entries)).toEqual({ kind: "consistent" });
    expect(reconcile(ended, [...entries, endedEntry("gates_failed")])).toEqual({ kind: "consistent" });
    const passed = session([verdict(1, "passed", 0.3)]);
    const published = apply(passed.state, { type: "published", at: at(50), branch: "foreman/s1" });
    expect(reconcile(published, passed.entries)).toEqual({ kind: "consistent" });
  });
});

describe("reconcile: a snapshot restored from an older copy", () => {
  it("is rebuilt from the ledger: every attempt, its outcome and the spend (no attempt runs twice)", () => {
    const all = session(six);
    const old = session(six.slice(0, 2)).state;
    const r = reconcile(old, all.entries);
    expect(r.kind).toBe("rebuilt");
    if (r.kind !== "rebuilt") return;
    expect(r.state.attempts).toEqual(all.state.attempts);
    expect(r.state.spent).toEqual({ costUsd: 1.5, durationMs: 6 * 300_000, attempts: 6 });
    expect(r.state.status).toBe("running");
    expect(r.problems).toEqual(["the ledger has attempts 3, 4, 5, 6 that the state lacks"]);
  });

  it("one attempt missing is named alone", () => {
    const all = session(six.slice(0, 2));
    const r = reconcile(session(six.slice(0, 1)).state, all.entries);
    expect(r.kind === "rebuilt" && r.problems).toEqual(["the ledger has attempt 2 that the state lacks"]);
  });

  it("an attempt the ledger started but the state never saw (a run that died right after attempt_started) is added open, the session running", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3)]);
    const interruptedState = apply(state, { type: "run_interrupted", at: at(15) });
    const r = reconcile(interruptedState, [...entries, started(2)]);
    expect(r.kind === "rebuilt" && r.state).toMatchObject({ status: "running", attempts: [{ n: 1 }, { n: 2, startedAt: at(20) }] });
    expect(r.kind === "rebuilt" && r.state.attempts[1]).toEqual({ n: 2, startedAt: at(20) });
  });

  it("an ended session the ledger ended otherwise takes the ledger's end", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3)]);
    const r = reconcile(state, [...entries, endedEntry("cancelled")]);
    expect(r.kind === "rebuilt" && r.state).toMatchObject({ status: "ended", reason: "cancelled", endedAt: at(99), reportedAt: at(99) });
    const reported = { ...apply(state, { type: "ended", at: at(50), reason: "gates_failed" }), reportedAt: at(51) };
    const again = reconcile(reported, [...entries, endedEntry("cancelled")]);
    expect(again.kind === "rebuilt" && again.state).toMatchObject({ reason: "cancelled", reportedAt: at(51) });
    expect(again.kind === "rebuilt" && again.problems).toEqual(["the state is ended (gates_failed), the ledger ended it cancelled"]);
    expect(r.kind === "rebuilt" && r.problems).toEqual(["the state is running, the ledger ended it cancelled"]);
  });
});

describe("reconcile: a forged snapshot", () => {
  it("spent.costUsd: 0 is rebuilt from the ledger's attempts", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3), verdict(2, "gates_failed", 0.45)]);
    const forged = { ...state, spent: { ...state.spent, costUsd: 0 } };
    const r = reconcile(forged, entries);
    expect(r.kind === "rebuilt" && r.state.spent).toEqual(state.spent);
    expect(r.kind === "rebuilt" && r.problems).toEqual([
      "the state counts 2 attempts, 0.00 USD, 600000 ms, the ledger 2 attempts, 0.75 USD, 600000 ms",
    ]);
    for (const spent of [
      { ...state.spent, durationMs: 1 },
      { ...state.spent, attempts: 1 },
    ]) {
      expect(reconcile({ ...state, spent }, entries).kind).toBe("rebuilt");
    }
  });

  it("an attempt's outcome, cost, duration or assumed flag changed is rebuilt from the ledger", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3), verdict(2, "interrupted", 0.5, { costAssumed: true })]);
    const edits: Array<Partial<Attempt>> = [{ outcome: "passed" }, { costUsd: 0 }, { durationMs: 1 }];
    for (const edit of edits) {
      const forged = { ...state, attempts: [{ ...state.attempts[0]!, ...edit }, state.attempts[1]!] };
      const r = reconcile(forged, entries);
      expect(r.kind === "rebuilt" && r.state.attempts).toEqual(state.attempts);
    }
    const unassumed = { ...state, attempts: [state.attempts[0]!, { ...state.attempts[1]!, costAssumed: false }] };
    const r = reconcile(unassumed, entries);
    expect(r.kind === "rebuilt" && r.problems).toEqual([
      "attempt 2: the state says interrupted, 0.50 USD, 300000 ms, the ledger interrupted, 0.50 USD (assumed), 300000 ms",
    ]);
  });

  it("ended/succeeded while no attempt passed last is not believed: the session is interrupted, resumable", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3)]);
    const forged: SessionState = { ...state, status: "ended", reason: "succeeded", endedAt: at(50), reportedAt: at(50) };
    const r = reconcile(forged, entries);
    expect(r.kind).toBe("rebuilt");
    if (r.kind !== "rebuilt") return;
    expect(r.state).toMatchObject({ status: "interrupted", reason: null, spent: state.spent });
    expect(r.state.endedAt).toBeUndefined();
    expect(r.state.reportedAt).toBeUndefined();
    expect(r.problems).toEqual(["the state is ended (succeeded) but no attempt in the ledger passed last"]);
    for (const status of ["awaiting_approval", "approved"] as const) {
      const waiting: SessionState = { ...state, status, approval: { requestedAt: at(50), expiresAt: at(90), reasons: [] } };
      const w = reconcile(waiting, entries);
      expect(w.kind === "rebuilt" && w.state).toMatchObject({ status: "interrupted" });
      expect(w.kind === "rebuilt" && w.state.approval).toBeUndefined();
    }
  });

  it("ended/succeeded with an open attempt in the ledger becomes running (recovery charges it)", () => {
    const { state, entries } = session([verdict(1, "passed", 0.3)]);
    const forged: SessionState = { ...state, status: "ended", reason: "succeeded", endedAt: at(50) };
    const r = reconcile(forged, [...entries, started(2)]);
    expect(r.kind === "rebuilt" && r.state).toMatchObject({ status: "running", reason: null });
    const cancelled = apply(state, { type: "command", at: at(50), id: 1, author: "me", command: { kind: "cancel" } });
    const c = reconcile(cancelled, [...entries, started(2)]);
    expect(c.kind === "rebuilt" && c.state).toMatchObject({ status: "ended", reason: "cancelled", attempts: [{ n: 1 }, { n: 2 }] });
    const pending = { ...state, status: "pending" as const };
    const p = reconcile(pending, [...entries, started(2)]);
    expect(p.kind === "rebuilt" && p.state.status).toBe("running");
  });

  it("attempts the ledger does not have are refused: the ledger must be restored", () => {
    const { state, entries } = session([verdict(1, "gates_failed", 0.3), verdict(2, "gates_failed", 0.3)]);
    const r = reconcile(state, entries.slice(0, 2));
    expect(r).toEqual({ kind: "refused", restore: "ledger", problems: ["the state records attempt 2, the ledger has no such attempt"] });
    const open = reconcile(state, [...entries.slice(0, 2), started(2)]);
    expect(open).toEqual({ kind: "refused", restore: "ledger", problems: ["the state records attempt 2 as ended, the ledger has it open"] });
  });
});

describe("reconcile: compacted snapshots", () => {
  it("checks the folded attempts' totals against the ledger", () => {
    const { state, entries } = session(six);
    const folded: SessionState = {
      ...state,
      attempts: state.attempts.slice(4),
      compacted: { count: 4, firstN: 1, lastN: 4, costUsd: 1, durationMs: 4 * 300_000, tokens: 0, outcomes: { gates_failed: 4 }, diffHashes: [] },
    };
    expect(reconcile(folded, entries)).toEqual({ kind: "consistent" });
    const wrong = reconcile({ ...folded, compacted: { ...folded.compacted!, costUsd: 0 } }, entries);
    expect(wrong.kind === "rebuilt" && wrong.problems).toEqual(["the state's 4 compacted attempts disagree with the ledger's 4"]);
    expect(wrong.kind === "rebuilt" && wrong.state).toMatchObject({ compacted: null, attempts: state.attempts });
    const fewer = reconcile({ ...folded, compacted: { ...folded.compacted!, count: 3 } }, entries);
    expect(fewer.kind).toBe("rebuilt");
  });
});

describe("ledgerAttempts", () => {
  it("keeps the first start of a number, lets a finish win over an interruption, and reads an old interruption as assumed", () => {
    const v = verdict(1, "passed", 0.2);
    const restarted: LedgerEntry = { type: "attempt_started", sessionId: "s1", n: 1, at: at(30) };
    const map = ledgerAttempts([started(1), restarted, interrupted(1, 0.5), finished(v), interrupted(1, 0.7)]);
    expect(map.get(1)).toEqual({ n: 1, startedAt: at(10), closed: v });
    expect(ledgerAttempts([interrupted(2, 0.5)]).get(2)).toEqual({
      n: 2,
      startedAt: at(25),
      closed: { n: 2, startedAt: at(25), finishedAt: at(25), outcome: "interrupted", durationMs: 300_000, costUsd: 0.5, costAssumed: true },
    });
    expect(ledgerAttempts([started(2), interrupted(2, 0.5, false)]).get(2)?.closed).not.toHaveProperty("costAssumed");
    expect(ledgerAttempts([started(2), interrupted(2, 0.5, true)]).get(2)?.closed).toHaveProperty("costAssumed", true);
    expect(ledgerAttempts([finished(v)]).get(1)).toEqual({ n: 1, startedAt: v.startedAt, closed: v });
    expect(ledgerAttempts([started(1), interrupted(1, 0.5), interrupted(1, 0.9)]).get(1)?.closed?.costUsd).toBe(0.5);
  });
});

describe("SnapshotMismatchError", () => {
  it("is a corrupt ForemanError that names the session, what to restore and what disagreed", () => {
    const e = new SnapshotMismatchError("s1", "ledger", ["a", "b"]);
    expect(e).toBeInstanceOf(ForemanError);
    expect(e).toMatchObject({ kind: "corrupt", sessionId: "s1", restore: "ledger", problems: ["a", "b"], name: "SnapshotMismatchError" });
    expect(e.message).toBe(
      "Session s1: its saved state disagrees with its ledger (a; b). The ledger lacks what the state records: restore the session's ledger from a backup, or cancel the session.",
    );
  });
});
