/**
 * Edges of the session state machine that the main tests leave open (mutation testing of
 * `src/core/state-machine.ts` found them): attempt numbering after compaction, the refusals of
 * a result that did not pass, and what a refusal says about a session whose reason is missing.
 */
import { describe, expect, it } from "vitest";
import { nextAttemptNumber, openAttempt, transition, type TransitionResult } from "../../src/core/state-machine.js";
import { newSession, type Attempt, type SessionState } from "../../src/core/state.js";
import { applyEvents } from "../support/apply-events.js";

const T0 = "2026-11-21T10:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const fresh = (): SessionState => newSession({ sessionId: "demo", now: T0, title: "Fix the bug", budget: { attempts: 5, minutes: 30, usd: 2 } });
const done = (n: number, outcome: Attempt["outcome"]): Attempt => ({ n, startedAt: at(n), finishedAt: at(n), outcome, durationMs: 1, costUsd: 0 });
const compacted = (lastN: number): NonNullable<SessionState["compacted"]> => ({
  count: lastN,
  firstN: 1,
  lastN,
  costUsd: 0,
  durationMs: lastN,
  tokens: 0,
  outcomes: { gates_failed: lastN },
  diffHashes: [],
});
const running = (attempts: Attempt[], extra: Partial<SessionState> = {}): SessionState => ({ ...fresh(), status: "running", attempts, ...extra });

const apply = applyEvents;
const refused = (r: TransitionResult) => (r.ok ? undefined : r.refusal);

describe("nextAttemptNumber and openAttempt", () => {
  it("numbers the first attempt 1, and the next one past the last attempt kept", () => {
    expect(nextAttemptNumber(fresh())).toBe(1);
    expect(nextAttemptNumber(running([done(1, "gates_failed"), done(2, "gates_failed")]))).toBe(3);
  });

  it("counts the attempts folded away by compaction when none is kept", () => {
    expect(nextAttemptNumber(running([], { compacted: compacted(4) }))).toBe(5);
    // The kept attempts come after the compacted ones: the last kept one decides.
    expect(nextAttemptNumber(running([done(5, "gates_failed")], { compacted: compacted(4) }))).toBe(6);
    const s = apply(running([], { compacted: compacted(4) }), { type: "attempt_started", at: at(9), n: 5 });
    expect(openAttempt(s)?.n).toBe(5);
  });

  it("finds the open attempt only at the end of the list", () => {
    expect(openAttempt(fresh())).toBeUndefined();
    expect(openAttempt(running([done(1, "gates_failed")]))).toBeUndefined();
    const open: Attempt = { n: 2, startedAt: at(2) };
    expect(openAttempt(running([done(1, "gates_failed"), open]))).toBe(open);
  });
});

describe("refusing a result that did not pass", () => {
  it("does not ask for approval of a failed attempt, and says why", () => {
    const r = transition(running([done(1, "gates_failed")]), { type: "await_approval", at: at(3), expiresAt: at(60), reasons: ["r"] });
    expect(refused(r)).toEqual({ code: "invalid_event", message: "Approval can only be asked for a result whose last attempt passed the gates." });
  });

  it("does not publish a failed attempt without an approval, and says why", () => {
    const r = transition(running([done(1, "gates_failed")]), { type: "published", at: at(3), branch: "b" });
    expect(refused(r)).toEqual({
      code: "invalid_event",
      message: "Only a result whose last attempt passed the gates (or an approved one) can be published.",
    });
    // Approval asked for but not given does not count as approved.
    const asked = running([done(1, "gates_failed")], { approval: { requestedAt: at(2), expiresAt: at(60), reasons: [] } });
    expect(refused(transition(asked, { type: "published", at: at(3), branch: "b" }))?.code).toBe("invalid_event");
  });

  it("publishes a passed attempt of a running session", () => {
    expect(apply(running([done(1, "passed")]), { type: "published", at: at(3), branch: "b" })).toMatchObject({
      status: "ended",
      reason: "succeeded",
    });
  });
});

describe("an ended session whose reason is missing (a damaged snapshot)", () => {
  const damaged = (): SessionState => ({ ...fresh(), status: "ended", reason: null, endedAt: at(1) });

  it("still refuses events and commands, naming the reason unknown", () => {
    expect(refused(transition(damaged(), { type: "run_started", at: at(2) }))).toEqual({
      code: "terminal",
      message: "The session has ended (unknown); it does not change any more.",
    });
    expect(refused(transition(damaged(), { type: "command", at: at(2), id: 1, author: "a", command: { kind: "retry" } }))).toEqual({
      code: "terminal",
      message: "/retry has no effect: the session has ended (unknown). Add the trigger label again to start a new session.",
    });
  });
});
