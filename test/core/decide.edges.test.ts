/** Edges of the core's next-step decisions that the main table leaves open (mutation testing found them). */
import { describe, expect, it } from "vitest";
import { nextRunAction, nextStep } from "../../src/core/decide.js";
import { newSession, type Attempt, type SessionState } from "../../src/core/state.js";

const T = "2026-11-21T10:00:00.000Z";
const H = (c: string) => c.repeat(40);
const done = (n: number, outcome: Attempt["outcome"], extra: Partial<Attempt> = {}): Attempt => ({
  n,
  startedAt: T,
  finishedAt: T,
  outcome,
  durationMs: 1,
  costUsd: 0,
  ...extra,
});
const base = newSession({ sessionId: "s", now: T, title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } });
const running = (attempts: Attempt[], extra: Partial<SessionState> = {}): SessionState => ({ ...base, status: "running", attempts, ...extra });

describe("nextStep at its edges", () => {
  it("a finished attempt that has no outcome gives no verdict: another attempt", () => {
    expect(nextStep(running([{ n: 1, startedAt: T, finishedAt: T, durationMs: 1, costUsd: 0 }]))).toEqual({ kind: "attempt" });
  });

  it("names the attempt when a policy violation or a permanent agent error came without a message", () => {
    expect(nextStep(running([done(1, "gates_failed", { diffHash: H("a") }), done(2, "policy_violation")]))).toEqual({
      kind: "end",
      reason: "policy_violation",
      note: "Attempt 2 broke the path policy.",
    });
    expect(nextStep(running([done(3, "agent_error", { transient: false })]))).toEqual({
      kind: "end",
      reason: "agent_error",
      note: "The agent failed on attempt 3.",
    });
  });

  it("an earlier attempt that never finished does not count as a repeat of the last diff", () => {
    const open: Attempt = { n: 1, startedAt: T, diffHash: H("a") };
    expect(nextStep(running([open, done(2, "gates_failed", { diffHash: H("a") })]))).toEqual({ kind: "attempt" });
    expect(nextStep(running([done(1, "gates_failed", { diffHash: H("a") }), done(2, "gates_failed", { diffHash: H("a") })]))).toMatchObject({
      kind: "end",
      reason: "oscillation_detected",
    });
  });

  it("a diff seen only in attempts folded away by compaction is still a repeat", () => {
    const compacted = { count: 3, firstN: 1, lastN: 3, costUsd: 0, durationMs: 3, tokens: 0, outcomes: { gates_failed: 3 }, diffHashes: [H("c")] };
    expect(nextStep(running([done(4, "gates_failed", { diffHash: H("c") })], { compacted }))).toMatchObject({
      kind: "end",
      reason: "oscillation_detected",
    });
    expect(nextStep(running([done(4, "gates_failed", { diffHash: H("d") })], { compacted }))).toEqual({ kind: "attempt" });
  });

  it("two empty diffs in a row end the session as oscillating", () => {
    expect(nextStep(running([done(1, "empty_diff", { diffHash: H("0") }), done(2, "empty_diff", { diffHash: H("0") })]))).toMatchObject({
      kind: "end",
      reason: "oscillation_detected",
    });
  });
});

describe("nextRunAction at its edges", () => {
  it("looks at the LAST attempt: an open one after finished ones is recovered first, whatever the status", () => {
    const attempts = [done(1, "gates_failed", { diffHash: H("a") }), done(2, "gates_failed", { diffHash: H("b") }), { n: 3, startedAt: T }];
    expect(nextRunAction({ ...base, status: "pending", attempts }, Date.parse(T))).toEqual({ kind: "recover" });
    expect(nextRunAction({ ...base, status: "pending", attempts: attempts.slice(0, 2) }, Date.parse(T))).toEqual({ kind: "run_attempts" });
  });
});
