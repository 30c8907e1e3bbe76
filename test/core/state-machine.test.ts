import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nextAttemptNumber, openAttempt, transition, type SessionEvent, type TransitionResult } from "../../src/core/state-machine.js";
import { newSession, sessionStateSchema, TERMINAL_REASONS, type Attempt, type SessionState } from "../../src/core/state.js";

const T0 = "2026-11-21T10:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const SHA_A = "a".repeat(40);
const SHA_B = "b".repeat(40);

function fresh(): SessionState {
  return newSession({ sessionId: "demo", now: T0, title: "Fix the bug", budget: { attempts: 5, minutes: 30, usd: 2 } });
}

function apply(state: SessionState, ...events: SessionEvent[]): SessionState {
  let s = state;
  for (const e of events) {
    const r = transition(s, e);
    if (!r.ok) throw new Error(`refused ${e.type}: ${r.refusal.code} ${r.refusal.message}`);
    s = r.state;
  }
  return s;
}

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
      { type: "run_interrupted", at: at(4) },
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

  it("counts an interrupted attempt's time from its start when the dead run said nothing", () => {
    const s = apply(running(), { type: "attempt_started", at: at(1), n: 1 }, { type: "run_interrupted", at: at(11) });
    expect(s.attempts[0]!.durationMs).toBe(600_000);
    expect(s.spent.durationMs).toBe(600_000);
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
      { numRuns: 500 },
    );
  });
});
