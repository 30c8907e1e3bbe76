import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nextAttemptNumber, openAttempt, transition, type SessionEvent, type TransitionResult } from "../../src/core/state-machine.js";
import { newSession, sessionStateSchema, TERMINAL_REASONS, type Attempt, type SessionState } from "../../src/core/state.js";
import { applyEvents } from "../support/apply-events.js";

const T0 = "2026-11-21T10:00:00.000Z";
/** Property tests are seeded: a failure replays the same sequence. */
const SEED = 20261121;
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const SHA_A = "a".repeat(40);
const SHA_B = "b".repeat(40);

function fresh(): SessionState {
  return newSession({ sessionId: "demo", now: T0, title: "Fix the bug", budget: { attempts: 5, minutes: 30, usd: 2 } });
}

const apply = applyEvents;

function finished(n: number, minute: number, extra: Partial<Attempt> = {}): SessionEvent {
  return {
    type: "attempt_finished",
    at: at(minute),
    attempt: { n, startedAt: at(minute - 1), finishedAt: at(minute), outcome: "gates_failed", durationMs: 60_000, costUsd: 0.25, ...extra },
  };
}

function refusal(r: TransitionResult) {
  return r.ok ? undefined : r.refusal.code;
}

const running = () => apply(fresh(), { type: "run_started", at: at(0) });
const CHARGE = { durationMs: 60_000, costUsd: 0.25, costAssumed: true };

describe("transition: the attempt loop", () => {
  it("runs attempts in order and accounts each one exactly", () => {
    const s = apply(
      running(),
      { type: "attempt_started", at: at(1), n: 1 },
      finished(1, 2, { costUsd: 0.1 }),
      { type: "attempt_started", at: at(3), n: 2 },
      finished(2, 4, { costUsd: 0.2, outcome: "passed" }),
      { type: "published", at: at(5), branch: "foreman/demo", headSha: SHA_A },
    );
    expect(s.status).toBe("ended");
    expect(s.reason).toBe("succeeded");
    expect(s.spent).toEqual({ costUsd: 0.3, durationMs: 120_000, attempts: 2 });
    expect(s.attempts.map((a) => a.n)).toEqual([1, 2]);
    expect(s.attempts[0]!.startedAt).toBe(at(1));
    expect(s.branch).toBe("foreman/demo");
    expect(s.endedAt).toBe(at(5));
  });

  it("refuses an attempt number that would re-run or skip work", () => {
    const s = apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2));
    expect(refusal(transition(s, { type: "attempt_started", at: at(3), n: 1 }))).toBe("wrong_attempt_number");
    expect(refusal(transition(s, { type: "attempt_started", at: at(3), n: 3 }))).toBe("wrong_attempt_number");
    expect(nextAttemptNumber(s)).toBe(2);
  });

  it("refuses to start an attempt while one is open, and to finish one that is not", () => {
    const s = apply(running(), { type: "attempt_started", at: at(1), n: 1 });
    expect(refusal(transition(s, { type: "attempt_started", at: at(2), n: 2 }))).toBe("attempt_open");
    expect(refusal(transition(running(), finished(1, 2)))).toBe("no_open_attempt");
    expect(refusal(transition(s, finished(2, 2)))).toBe("wrong_attempt_number");
    expect(refusal(transition(s, { type: "published", at: at(2), branch: "b" }))).toBe("attempt_open");
    expect(refusal(transition(s, { type: "ended", at: at(2), reason: "gates_failed" }))).toBe("attempt_open");
  });

  it("refuses an incomplete finished attempt", () => {
    const s = apply(running(), { type: "attempt_started", at: at(1), n: 1 });
    const r = transition(s, { type: "attempt_finished", at: at(2), attempt: { n: 1, startedAt: at(1) } });
    expect(refusal(r)).toBe("invalid_event");
    expect(r.state).toBe(s);
  });

  it("publishes or asks for approval only for a result whose last attempt passed", () => {
    const failed = apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2, { outcome: "policy_violation" }));
    expect(refusal(transition(failed, { type: "published", at: at(3), branch: "b" }))).toBe("invalid_event");
    expect(refusal(transition(failed, { type: "await_approval", at: at(3), expiresAt: at(9), reasons: [] }))).toBe("invalid_event");
    expect(refusal(transition(running(), { type: "published", at: at(3), branch: "b" }))).toBe("invalid_event");
    const passedThenInterrupted = apply(
      running(),
      { type: "attempt_started", at: at(1), n: 1 },
      finished(1, 2, { outcome: "passed" }),
      { type: "attempt_started", at: at(3), n: 2 },
      { type: "run_interrupted", at: at(4), openAttempt: CHARGE },
    );
    // An interrupted attempt after a passing one has no verdict: nothing to publish.
    const resumed = apply(
      passedThenInterrupted,
      { type: "command", at: at(5), id: 1, author: "a", command: { kind: "retry" } },
      { type: "run_started", at: at(6) },
    );
    expect(refusal(transition(resumed, { type: "published", at: at(7), branch: "b" }))).toBe("invalid_event");
  });

  it("keeps an approval through a run that dies while publishing", () => {
    const approved = apply(
      running(),
      { type: "attempt_started", at: at(1), n: 1 },
      finished(1, 2, { outcome: "passed" }),
      { type: "await_approval", at: at(3), expiresAt: at(600), reasons: ["before_pr"], headSha: SHA_A },
      { type: "command", at: at(4), id: 1, author: "alice", command: { kind: "approve" } },
      { type: "run_started", at: at(5) },
      { type: "run_interrupted", at: at(6) },
    );
    expect(approved.status).toBe("approved");
    const done = apply(approved, { type: "run_started", at: at(7) }, { type: "published", at: at(8), branch: "foreman/demo", headSha: SHA_A });
    expect(done.reason).toBe("succeeded");
  });

  it("does not let a session succeed except by publishing", () => {
    const r = transition(running(), { type: "ended", at: at(1), reason: "succeeded" as never });
    expect(refusal(r)).toBe("invalid_event");
  });

  it("starts runs only from pending or approved", () => {
    expect(refusal(transition(running(), { type: "run_started", at: at(1) }))).toBe("not_allowed_in_status");
  });
});

describe("transition: crash and resume", () => {
  it("keeps where the interrupted attempt's work in progress was pushed, and only when a ref is given", () => {
    const started = apply(running(), { type: "attempt_started", at: at(1), n: 1 });
    const charge = { durationMs: 1000, costUsd: 0.5, costAssumed: false };
    const kept = apply(started, { type: "run_interrupted", at: at(2), openAttempt: { ...charge, keptRef: "refs/foreman/issue-7/attempt-1" } });
    expect(kept.attempts[0]).toMatchObject({ n: 1, outcome: "interrupted", keptRef: "refs/foreman/issue-7/attempt-1" });
    const plain = apply(started, { type: "run_interrupted", at: at(2), openAttempt: charge });
    expect(Object.keys(plain.attempts[0] ?? {})).not.toContain("keptRef");
  });

  it("closes the open attempt as interrupted, counts its time and cost, and resumes at N+1 after /retry", () => {
    const s = apply(
      running(),
      { type: "attempt_started", at: at(1), n: 1 },
      { type: "run_interrupted", at: at(4), openAttempt: { durationMs: 180_000, costUsd: 0.5, costAssumed: true } },
    );
    expect(s.status).toBe("interrupted");
    expect(s.reason).toBeNull();
    expect(s.attempts[0]).toMatchObject({ n: 1, outcome: "interrupted", durationMs: 180_000, costUsd: 0.5, costAssumed: true });
    expect(s.spent).toEqual({ costUsd: 0.5, durationMs: 180_000, attempts: 1 });
    expect(refusal(transition(s, { type: "run_started", at: at(5) }))).toBe("not_allowed_in_status");

    const resumed = apply(
      s,
      { type: "command", at: at(5), id: 10, author: "alice", command: { kind: "retry" } },
      { type: "run_started", at: at(6) },
      { type: "attempt_started", at: at(6), n: 2 },
    );
    expect(resumed.status).toBe("running");
    expect(openAttempt(resumed)?.n).toBe(2);
  });

  it("refuses to close an open attempt without its charge (never 0 USD by default), on a live or an ended session", () => {
    const open = apply(running(), { type: "attempt_started", at: at(1), n: 1 });
    const r = transition(open, { type: "run_interrupted", at: at(11) });
    expect(refusal(r)).toBe("invalid_event");
    expect(r.state).toBe(open);
    const cancelled = apply(open, { type: "command", at: at(2), id: 1, author: "bob", command: { kind: "cancel" } });
    const late = transition(cancelled, { type: "run_interrupted", at: at(11) });
    expect(refusal(late)).toBe("invalid_event");
    expect(late.state).toBe(cancelled);
    // Without an open attempt nothing is charged and none is needed.
    expect(apply(running(), { type: "run_interrupted", at: at(2) }).spent).toEqual({ costUsd: 0, durationMs: 0, attempts: 0 });
  });
});

describe("transition: commands", () => {
  const awaiting = () =>
    apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2, { outcome: "passed" }), {
      type: "await_approval",
      at: at(3),
      expiresAt: at(3 + 72 * 60),
      reasons: ["touches protected path src/auth.ts"],
      headSha: SHA_A,
    });

  it("/approve moves awaiting_approval to approved, then publishing ends it", () => {
    const s = apply(awaiting(), { type: "command", at: at(4), id: 1, author: "alice", command: { kind: "approve", headSha: SHA_A } });
    expect(s.status).toBe("approved");
    expect(s.approval).toMatchObject({ approvedBy: "alice", approvedAt: at(4), headSha: SHA_A });
    const done = apply(s, { type: "run_started", at: at(5) }, { type: "published", at: at(6), branch: "foreman/demo", pullRequest: 7 });
    expect(done.reason).toBe("succeeded");
    expect(done.pullRequest).toBe(7);
  });

  it("the same command id twice changes nothing", () => {
    const once = apply(awaiting(), { type: "command", at: at(4), id: 5, author: "alice", command: { kind: "approve" } });
    const twice = transition(once, { type: "command", at: at(5), id: 5, author: "alice", command: { kind: "approve" } });
    expect(twice).toEqual({ ok: true, state: once, duplicate: true });
    const older = transition(once, { type: "command", at: at(5), id: 4, author: "mallory", command: { kind: "cancel" } });
    expect(older.ok && older.state).toBe(once);
  });

  it("refuses /approve for another commit than the one pending (a new push resets approval)", () => {
    const r = transition(awaiting(), { type: "command", at: at(4), id: 1, author: "alice", command: { kind: "approve", headSha: SHA_B } });
    expect(refusal(r)).toBe("stale_approval");
    expect(r.state.status).toBe("awaiting_approval");
    expect(r.state.lastCommandId).toBe(1);
  });

  it("refuses /approve after expiry and when nothing awaits approval, consuming the command", () => {
    const late = transition(awaiting(), { type: "command", at: at(3 + 72 * 60), id: 1, author: "alice", command: { kind: "approve" } });
    expect(refusal(late)).toBe("not_allowed_in_status");
    const r = transition(running(), { type: "command", at: at(1), id: 3, author: "alice", command: { kind: "approve" } });
    expect(refusal(r)).toBe("not_allowed_in_status");
    expect(r.state.lastCommandId).toBe(3);
    expect(r.state.status).toBe("running");
    expect(r.ok ? "" : r.refusal.message).toContain("not awaiting approval");
  });

  it("/reject ends with the reason recorded", () => {
    const s = apply(awaiting(), { type: "command", at: at(4), id: 1, author: "bob", command: { kind: "reject", reason: "wrong approach" } });
    expect(s).toMatchObject({ status: "ended", reason: "rejected", note: "Rejected by bob: wrong approach" });
    expect(refusal(transition(running(), { type: "command", at: at(4), id: 1, author: "bob", command: { kind: "reject", reason: "" } }))).toBe(
      "not_allowed_in_status",
    );
  });

  it("/cancel ends any live session; the open attempt is still accounted afterwards", () => {
    const s = apply(
      running(),
      { type: "attempt_started", at: at(1), n: 1 },
      { type: "command", at: at(2), id: 1, author: "bob", command: { kind: "cancel" } },
    );
    expect(s).toMatchObject({ status: "ended", reason: "cancelled" });
    const after = apply(s, finished(1, 3, { costUsd: 0.4 }));
    expect(after).toMatchObject({ status: "ended", reason: "cancelled", spent: { costUsd: 0.4, attempts: 1 } });
  });

  it("/retry only resumes an interrupted session", () => {
    expect(refusal(transition(running(), { type: "command", at: at(1), id: 1, author: "a", command: { kind: "retry" } }))).toBe(
      "not_allowed_in_status",
    );
  });

  it("/budget records the override and the new effective budget", () => {
    const s = apply(running(), {
      type: "command",
      at: at(1),
      id: 2,
      author: "admin",
      command: { kind: "budget", usd: 4, budget: { attempts: 5, minutes: 30, usd: 4 } },
    });
    expect(s.budgetOverrideUsd).toBe(4);
    expect(s.budget.usd).toBe(4);
  });

  it("/status and /help change only the watermark, even on ended sessions", () => {
    const ended = apply(running(), { type: "ended", at: at(1), reason: "agent_error" });
    const r = transition(ended, { type: "command", at: at(2), id: 9, author: "a", command: { kind: "status" } });
    expect(r.ok).toBe(true);
    expect(r.state).toEqual({ ...ended, lastCommandId: 9, updatedAt: at(2) });
  });

  it("refuses a malformed command id without consuming anything", () => {
    const s = running();
    const r = transition(s, { type: "command", at: at(1), id: -1, author: "a", command: { kind: "cancel" } });
    expect(refusal(r)).toBe("invalid_event");
    expect(r.state).toBe(s);
  });
});

describe("transition: approval expiry and terminal report", () => {
  it("expires only after the deadline", () => {
    const s = apply(running(), { type: "attempt_started", at: at(0), n: 1 }, finished(1, 0, { outcome: "passed" }), {
      type: "await_approval",
      at: at(0),
      expiresAt: at(60),
      reasons: ["policy before_pr"],
    });
    expect(refusal(transition(s, { type: "approval_expired", at: at(59) }))).toBe("not_expired");
    expect(apply(s, { type: "approval_expired", at: at(60) })).toMatchObject({ status: "ended", reason: "approval_expired" });
  });

  it("allows exactly one terminal report", () => {
    const ended = apply(running(), { type: "ended", at: at(1), reason: "budget_exhausted" });
    const reported = apply(ended, { type: "report_posted", at: at(2) });
    expect(reported.reportedAt).toBe(at(2));
    expect(refusal(transition(reported, { type: "report_posted", at: at(3) }))).toBe("already_reported");
    expect(refusal(transition(running(), { type: "report_posted", at: at(3) }))).toBe("not_allowed_in_status");
  });

  it("terminal states absorb every other event", () => {
    for (const reason of TERMINAL_REASONS.filter((r) => r !== "succeeded")) {
      const ended = apply(running(), { type: "ended", at: at(1), reason });
      for (const e of [
        { type: "run_started", at: at(2) },
        { type: "attempt_started", at: at(2), n: 1 },
        { type: "await_approval", at: at(2), expiresAt: at(3), reasons: [] },
        { type: "published", at: at(2), branch: "x" },
        { type: "ended", at: at(2), reason: "cancelled" },
        { type: "approval_expired", at: at(2) },
      ] satisfies SessionEvent[]) {
        const r = transition(ended, e);
        expect(refusal(r)).toBe("terminal");
        expect(r.state).toBe(ended);
      }
    }
  });
});

describe("transition: property", () => {
  const minute = fc.integer({ min: 0, max: 10_000 });
  const eventArb: fc.Arbitrary<(s: SessionState) => SessionEvent> = fc.oneof(
    fc.constant(() => ({ type: "run_started", at: T0 }) as const),
    fc.record({ m: minute, bump: fc.integer({ min: -1, max: 1 }) }).map(
      ({ m, bump }) =>
        (s: SessionState) =>
          ({ type: "attempt_started", at: at(m), n: nextAttemptNumber(s) + bump }) as const,
    ),
    fc.record({ m: minute, cost: fc.double({ min: 0, max: 3, noNaN: true }), passed: fc.boolean() }).map(
      ({ m, cost, passed }) =>
        (s: SessionState) =>
          ({
            type: "attempt_finished",
            at: at(m),
            attempt: {
              n: openAttempt(s)?.n ?? 1,
              startedAt: at(m),
              finishedAt: at(m),
              outcome: passed ? "passed" : "gates_failed",
              durationMs: 1000,
              costUsd: cost,
            },
          }) as const,
    ),
    minute.map((m) => () => ({ type: "run_interrupted", at: at(m) }) as const),
    fc
      .record({ m: minute, cost: fc.double({ min: 0, max: 3, noNaN: true }), assumed: fc.boolean() })
      .map(({ m, cost, assumed }) => (): SessionEvent => ({
        type: "run_interrupted",
        at: at(m),
        openAttempt: { durationMs: 1000, costUsd: cost, costAssumed: assumed },
      })),
    minute.map((m) => (): SessionEvent => ({ type: "await_approval", at: at(m), expiresAt: at(m + 60), reasons: ["x"], headSha: SHA_A })),
    minute.map((m) => () => ({ type: "published", at: at(m), branch: "foreman/x" }) as const),
    fc.record({ m: minute, reason: fc.constantFrom(...TERMINAL_REASONS) }).map(
      ({ m, reason }) =>
        () =>
          ({ type: "ended", at: at(m), reason: reason as never }) as const,
    ),
    fc
      .record({
        m: minute,
        id: fc.integer({ min: -2, max: 30 }),
        kind: fc.constantFrom("approve", "reject", "retry", "cancel", "status", "help", "budget"),
      })
      .map(
        ({ m, id, kind }) =>
          () =>
            ({
              type: "command",
              at: at(m),
              id,
              author: "someone",
              command:
                kind === "budget"
                  ? { kind, usd: 3, budget: { attempts: 5, minutes: 30, usd: 3 } }
                  : kind === "reject"
                    ? { kind, reason: "no" }
                    : kind === "approve"
                      ? { kind, headSha: SHA_A }
                      : { kind },
            }) as SessionEvent,
      ),
    minute.map((m) => () => ({ type: "approval_expired", at: at(m) }) as const),
    minute.map((m) => () => ({ type: "report_posted", at: at(m) }) as const),
  );

  it("random event sequences never leave the valid states", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (makers) => {
        let s = fresh();
        let wasEnded: { reason: string | null } | null = null;
        for (const make of makers) {
          const r = transition(s, make(s));
          s = r.state;
          // Always a schema-valid snapshot.
          expect(sessionStateSchema.safeParse(s).success).toBe(true);
          // reason is set exactly when ended.
          expect(s.reason !== null).toBe(s.status === "ended");
          // Success only for a result that passed its gates (or was approved after passing).
          if (s.reason === "succeeded") {
            const verdict = [...s.attempts].reverse().find((a) => a.finishedAt !== undefined);
            expect(verdict?.outcome === "passed" || s.approval?.approvedAt !== undefined).toBe(true);
          }
          // Terminal absorbs: once ended, the reason never changes.
          if (wasEnded) expect(s.reason).toBe(wasEnded.reason);
          if (s.status === "ended") wasEnded = { reason: s.reason };
          // At most one open attempt, always the last; numbers strictly increase.
          const open = s.attempts.filter((a) => a.finishedAt === undefined);
          expect(open.length).toBeLessThanOrEqual(1);
          if (open[0]) expect(open[0]).toBe(s.attempts.at(-1));
          s.attempts.forEach((a, i) => expect(a.n).toBe(i + 1));
          // Spend equals the sum of finished attempts.
          const finishedAttempts = s.attempts.filter((a) => a.finishedAt !== undefined);
          expect(s.spent.attempts).toBe(finishedAttempts.length);
          expect(s.spent.costUsd).toBeCloseTo(
            finishedAttempts.reduce((t, a) => t + (a.costUsd ?? 0), 0),
            6,
          );
        }
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe("transition: refusals say what was refused and why", () => {
  const passedRunning = () => apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2, { outcome: "passed" }));
  const awaitingApproval = (extra: Partial<Extract<SessionEvent, { type: "await_approval" }>> = {}) =>
    apply(passedRunning(), { type: "await_approval", at: at(3), expiresAt: at(60), reasons: ["r"], headSha: SHA_A, ...extra });
  const approved = () => apply(awaitingApproval(), { type: "command", at: at(4), id: 1, author: "alice", command: { kind: "approve" } });
  const interrupted = () => apply(running(), { type: "run_interrupted", at: at(1) });
  const message = (r: TransitionResult) => (r.ok ? "" : r.refusal.message);

  it("names the session's status when an event does not fit it", () => {
    const start = (s: SessionState) => message(transition(s, { type: "attempt_started", at: at(9), n: nextAttemptNumber(s) }));
    expect(start(fresh())).toContain("waiting for a run");
    expect(start(awaitingApproval())).toContain("awaiting approval");
    expect(start(approved())).toContain("approved and waiting to publish");
    expect(start(interrupted())).toContain("interrupted");
    expect(message(transition(running(), { type: "run_started", at: at(1) }))).toContain("is running");
    expect(message(transition(fresh(), { type: "run_interrupted", at: at(1) }))).toContain("waiting for a run");
    expect(message(transition(fresh(), { type: "await_approval", at: at(1), expiresAt: at(2), reasons: [] }))).toContain("waiting for a run");
    expect(message(transition(interrupted(), { type: "published", at: at(1), branch: "b" }))).toContain("interrupted");
    expect(message(transition(running(), { type: "approval_expired", at: at(1) }))).toContain("running");
    expect(message(transition(running(), { type: "report_posted", at: at(1) }))).toContain("terminal report");
    expect(message(transition(running(), { type: "command", at: at(1), id: 1, author: "a", command: { kind: "reject", reason: "" } }))).toContain(
      "this one is running",
    );
    expect(message(transition(running(), { type: "command", at: at(1), id: 1, author: "a", command: { kind: "retry" } }))).toContain(
      "this one is running",
    );
  });

  it("names the attempt, the command id, the commits and the deadline it is about", () => {
    const open = apply(running(), { type: "attempt_started", at: at(1), n: 1 });
    expect(message(transition(open, { type: "attempt_started", at: at(2), n: 2 }))).toContain("Attempt 1 is still open");
    expect(message(transition(passedRunning(), { type: "attempt_started", at: at(3), n: 5 }))).toContain("number 2, not 5");
    expect(message(transition(open, { type: "await_approval", at: at(2), expiresAt: at(3), reasons: [] }))).toContain("Attempt 1 is still open");
    expect(message(transition(open, { type: "published", at: at(2), branch: "b" }))).toContain("Attempt 1 is still open");
    expect(message(transition(open, { type: "ended", at: at(2), reason: "cancelled" }))).toContain("Attempt 1 is still open");
    expect(message(transition(open, { type: "run_interrupted", at: at(2) }))).toContain("Attempt 1 is open");
    expect(message(transition(running(), finished(3, 2)))).toContain("attempt 3 cannot finish");
    expect(message(transition(open, finished(3, 2)))).toContain("Attempt 1 is open; attempt 3");
    expect(message(transition(open, { type: "attempt_finished", at: at(2), attempt: { n: 1, startedAt: at(1) } }))).toContain(
      "Attempt 1 is incomplete",
    );
    expect(message(transition(running(), { type: "command", at: at(1), id: 0, author: "a", command: { kind: "cancel" } }))).toContain("Command id 0");
    const stale = transition(awaitingApproval(), { type: "command", at: at(4), id: 1, author: "a", command: { kind: "approve", headSha: SHA_B } });
    expect(message(stale)).toContain(`commit ${SHA_B.slice(0, 7)}, but approval is pending for ${SHA_A.slice(0, 7)}`);
    expect(message(stale)).not.toContain(SHA_B.slice(0, 8));
    expect(message(transition(awaitingApproval(), { type: "approval_expired", at: at(59) }))).toContain(at(60));
    expect(message(transition(awaitingApproval(), { type: "command", at: at(60), id: 1, author: "a", command: { kind: "approve" } }))).toContain(
      at(60),
    );
    const reported = apply(running(), { type: "ended", at: at(1), reason: "agent_error" }, { type: "report_posted", at: at(2) });
    expect(message(transition(reported, { type: "report_posted", at: at(3) }))).toContain(at(2));
    expect(message(transition(reported, { type: "run_started", at: at(3) }))).toContain("(agent_error)");
    expect(message(transition(reported, { type: "command", at: at(3), id: 1, author: "a", command: { kind: "cancel" } }))).toContain(
      "/cancel has no effect: the session has ended (agent_error)",
    );
    expect(transition(reported, { type: "command", at: at(3), id: 1, author: "a", command: { kind: "cancel" } })).toMatchObject({
      refusal: { code: "terminal" },
    });
    expect(message(transition(running(), { type: "ended", at: at(1), reason: "succeeded" as never }))).toContain("only by publishing");
  });
});

describe("transition: readmission never raises a budget", () => {
  const budget = { attempts: 5, minutes: 30, usd: 2 };
  it("lowers any field of a pending session's budget, keeps an equal one, and refuses any raise", () => {
    const lowered = apply(fresh(), { type: "readmitted", at: at(1), budget: { attempts: 4, minutes: 29, usd: 1.5 } });
    expect(lowered.budget).toEqual({ attempts: 4, minutes: 29, usd: 1.5 });
    expect(lowered.updatedAt).toBe(at(1));
    expect(apply(fresh(), { type: "readmitted", at: at(1), budget }).budget).toEqual(budget);
    for (const raise of [{ usd: 2.01 }, { attempts: 6 }, { minutes: 31 }]) {
      const r = transition(fresh(), { type: "readmitted", at: at(1), budget: { ...budget, ...raise } });
      expect(refusal(r)).toBe("invalid_event");
      expect(r.state.budget).toEqual(budget);
      expect(message(r)).toContain("never raises");
    }
  });

  it("admits only a session waiting for a run", () => {
    const r = transition(running(), { type: "readmitted", at: at(1), budget: { attempts: 1, minutes: 1, usd: 1 } });
    expect(refusal(r)).toBe("not_allowed_in_status");
    expect(message(r)).toContain("this one is running");
  });

  const message = (r: TransitionResult) => (r.ok ? "" : r.refusal.message);
});

describe("transition: what is recorded", () => {
  const passedRunning = () => apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2, { outcome: "passed" }));

  it("records the branch and commit of an approval request only when given, with capped reasons", () => {
    const reasons = [...Array.from({ length: 20 }, () => "x".repeat(600)), "dropped"];
    const s = apply(passedRunning(), { type: "await_approval", at: at(3), expiresAt: at(60), reasons, headSha: SHA_A, branch: "foreman/demo" });
    expect(s).toMatchObject({ branch: "foreman/demo", headSha: SHA_A, approval: { requestedAt: at(3), expiresAt: at(60), headSha: SHA_A } });
    expect(s.approval!.reasons).toHaveLength(20);
    expect(s.approval!.reasons.every((r) => r === "x".repeat(500))).toBe(true);
    expect(sessionStateSchema.safeParse(s).success).toBe(true);
    const bare = apply(passedRunning(), { type: "await_approval", at: at(3), expiresAt: at(60), reasons: ["r"] });
    expect(bare).not.toHaveProperty("headSha");
    expect(bare.branch).toBeUndefined();
    expect(bare.approval).not.toHaveProperty("headSha");
  });

  it("records the published commit and PR only when given", () => {
    const full = apply(passedRunning(), { type: "published", at: at(3), branch: "foreman/demo", headSha: SHA_B, pullRequest: 4 });
    expect(full).toMatchObject({ branch: "foreman/demo", headSha: SHA_B, pullRequest: 4 });
    const bare = apply(passedRunning(), { type: "published", at: at(3), branch: "foreman/demo" });
    expect(bare).not.toHaveProperty("headSha");
    expect(bare).not.toHaveProperty("pullRequest");
  });

  it("publishes a running session that carries an approval even when its last verdict did not pass", () => {
    const failed = apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2));
    const carried: SessionState = { ...failed, approval: { requestedAt: at(2), expiresAt: at(60), reasons: [], approvedAt: at(3), approvedBy: "a" } };
    expect(apply(carried, { type: "published", at: at(4), branch: "b" }).reason).toBe("succeeded");
    expect(refusal(transition(fresh(), { type: "published", at: at(4), branch: "b" }))).toBe("not_allowed_in_status");
  });

  it("caps an ended session's note and the author of a command", () => {
    expect(apply(running(), { type: "ended", at: at(1), reason: "agent_error", note: "n".repeat(2500) }).note).toBe("n".repeat(2000));
    expect(apply(running(), { type: "ended", at: at(1), reason: "agent_error" })).not.toHaveProperty("note");
    const cancelled = apply(running(), { type: "command", at: at(1), id: 1, author: "a".repeat(150), command: { kind: "cancel" } });
    expect(cancelled.note).toBe(`Cancelled by ${"a".repeat(100)}.`);
    const awaiting = apply(passedRunning(), { type: "await_approval", at: at(3), expiresAt: at(60), reasons: ["r"] });
    expect(apply(awaiting, { type: "command", at: at(4), id: 1, author: "b".repeat(150), command: { kind: "approve" } }).approval?.approvedBy).toBe(
      "b".repeat(100),
    );
    const rejected = apply(awaiting, { type: "command", at: at(4), id: 1, author: "carol", command: { kind: "reject", reason: "r".repeat(2500) } });
    expect(rejected.note).toHaveLength(2000);
    expect(apply(awaiting, { type: "command", at: at(4), id: 1, author: "carol", command: { kind: "reject", reason: "" } }).note).toBe(
      "Rejected by carol.",
    );
  });

  it("caps a finished attempt's text and gates to what the schema accepts, and adds nothing absent", () => {
    const gate = { name: "g".repeat(300), root: "r".repeat(600), ok: false, exitCode: 1, durationMs: 1 };
    const s = apply(
      running(),
      { type: "attempt_started", at: at(1), n: 1 },
      finished(1, 2, { summary: "s".repeat(3000), error: "e".repeat(3000), gates: Array.from({ length: 60 }, () => gate) }),
    );
    const a = s.attempts[0]!;
    expect(a.summary).toBe("s".repeat(2000));
    expect(a.error).toBe("e".repeat(2000));
    expect(a.gates).toHaveLength(50);
    expect(a.gates![0]).toEqual({ ...gate, name: "g".repeat(200), root: "r".repeat(500) });
    expect(sessionStateSchema.safeParse(s).success).toBe(true);
    const plain = apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2)).attempts[0]!;
    expect(plain).not.toHaveProperty("summary");
    expect(plain).not.toHaveProperty("error");
    expect(plain).not.toHaveProperty("gates");
  });

  it("refuses a finished attempt that lacks any one of finishedAt, outcome, durationMs and costUsd", () => {
    const open = apply(running(), { type: "attempt_started", at: at(1), n: 1 });
    const full = { n: 1, startedAt: at(1), finishedAt: at(2), outcome: "passed" as const, durationMs: 1, costUsd: 0 };
    for (const key of ["finishedAt", "outcome", "durationMs", "costUsd"] as const) {
      const { [key]: _dropped, ...attempt } = full;
      expect(refusal(transition(open, { type: "attempt_finished", at: at(2), attempt }))).toBe("invalid_event");
    }
    expect(transition(open, { type: "attempt_finished", at: at(2), attempt: full }).ok).toBe(true);
  });

  it("an ended session with no open attempt absorbs no late accounting", () => {
    const ended = apply(running(), { type: "ended", at: at(1), reason: "agent_error" });
    expect(refusal(transition(ended, finished(1, 2)))).toBe("terminal");
    expect(refusal(transition(ended, { type: "run_interrupted", at: at(2), openAttempt: CHARGE }))).toBe("terminal");
  });

  it("a /cancel during an attempt leaves the attempt to be charged when the run stops", () => {
    const cancelled = apply(
      running(),
      { type: "attempt_started", at: at(1), n: 1 },
      { type: "command", at: at(2), id: 1, author: "bob", command: { kind: "cancel" } },
    );
    expect(openAttempt(cancelled)?.n).toBe(1);
    const charged = apply(cancelled, { type: "run_interrupted", at: at(3), openAttempt: CHARGE });
    expect(charged).toMatchObject({
      status: "ended",
      reason: "cancelled",
      updatedAt: at(3),
      spent: { costUsd: 0.25, durationMs: 60_000, attempts: 1 },
    });
    expect(charged.attempts[0]).toMatchObject({ outcome: "interrupted", finishedAt: at(3), costAssumed: true });
    const known = apply(cancelled, { type: "run_interrupted", at: at(3), openAttempt: { ...CHARGE, costAssumed: false } });
    expect(known.attempts[0]).not.toHaveProperty("costAssumed");
  });

  it("refuses approval commands and expiry on a session whose approval request is missing", () => {
    const broken: SessionState = { ...passedRunning(), status: "awaiting_approval" };
    expect(refusal(transition(broken, { type: "approval_expired", at: at(9) }))).toBe("not_allowed_in_status");
    expect(refusal(transition(broken, { type: "command", at: at(9), id: 1, author: "a", command: { kind: "approve" } }))).toBe(
      "not_allowed_in_status",
    );
  });

  it("approves by commit when the request named none", () => {
    const awaiting = apply(passedRunning(), { type: "await_approval", at: at(3), expiresAt: at(60), reasons: ["r"] });
    expect(apply(awaiting, { type: "command", at: at(4), id: 1, author: "a", command: { kind: "approve", headSha: SHA_B } }).status).toBe("approved");
  });
});

describe("transition: the approval deadline is exact (injected times)", () => {
  const awaiting = () =>
    apply(running(), { type: "attempt_started", at: at(1), n: 1 }, finished(1, 2, { outcome: "passed" }), {
      type: "await_approval",
      at: at(3),
      expiresAt: at(60),
      reasons: ["r"],
    });
  const oneMsBefore = new Date(Date.parse(at(60)) - 1).toISOString();

  it("is valid one millisecond before expiresAt and expired exactly at it", () => {
    expect(refusal(transition(awaiting(), { type: "approval_expired", at: oneMsBefore }))).toBe("not_expired");
    expect(transition(awaiting(), { type: "approval_expired", at: at(60) }).ok).toBe(true);
    expect(transition(awaiting(), { type: "command", at: oneMsBefore, id: 1, author: "a", command: { kind: "approve" } }).state.status).toBe(
      "approved",
    );
    expect(refusal(transition(awaiting(), { type: "command", at: at(60), id: 1, author: "a", command: { kind: "approve" } }))).toBe(
      "not_allowed_in_status",
    );
  });
});
