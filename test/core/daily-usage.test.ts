import { describe, expect, it } from "vitest";
import { dailyUsageUsd, lastActiveDay, todaysUsageUsd, utcDay } from "../../src/core/daily-usage.js";
import { newSession, type Attempt, type SessionState, type SessionStatus } from "../../src/core/state.js";

const NOW = Date.parse("2026-11-21T12:00:00.000Z");

function session(sessionId: string, status: SessionStatus, usd: number, attempts: { finishedAt?: string; costUsd?: number }[]): SessionState {
  const base = newSession({ sessionId, now: "2026-11-21T00:00:00.000Z", title: "t", budget: { attempts: 5, minutes: 30, usd } });
  const spent = attempts.reduce((sum, a) => sum + (a.costUsd ?? 0), 0);
  return {
    ...base,
    status,
    attempts: attempts.map((a, i): Attempt => ({ n: i + 1, startedAt: "2026-11-21T00:00:00.000Z", ...a })),
    spent: { ...base.spent, costUsd: spent },
  };
}

describe("utcDay", () => {
  it("is the UTC date of the instant", () => {
    expect(utcDay(NOW)).toBe("2026-11-21");
    expect(utcDay(Date.parse("2026-11-21T23:59:59.999Z"))).toBe("2026-11-21");
    expect(utcDay(Date.parse("2026-11-22T00:00:00.000Z"))).toBe("2026-11-22");
  });
});

describe("todaysUsageUsd", () => {
  it("is today's settled spend plus what other live sessions may still spend", () => {
    const sessions = [
      // Ended today: its settled spend counts, nothing is reserved.
      session("done", "ended", 5, [{ finishedAt: "2026-11-21T01:00:00.000Z", costUsd: 0.5 }]),
      // Yesterday's spend does not count.
      session("old", "ended", 5, [{ finishedAt: "2026-11-20T23:00:00.000Z", costUsd: 3 }]),
      // Live: spent 0.25 today, may still spend 0.75 of its 1.
      session("live", "running", 1, [{ finishedAt: "2026-11-21T02:00:00.000Z", costUsd: 0.25 }]),
      session("waiting", "interrupted", 2, []),
    ];
    expect(todaysUsageUsd(sessions, { sessionId: "me", nowMs: NOW })).toBe(0.5 + 0.25 + 0.75 + 2);
  });

  it("does not count the asking session's own reservation, only its settled spend", () => {
    const sessions = [session("me", "running", 2, [{ finishedAt: "2026-11-21T02:00:00.000Z", costUsd: 0.5 }])];
    expect(todaysUsageUsd(sessions, { sessionId: "me", nowMs: NOW })).toBe(0.5);
    expect(todaysUsageUsd(sessions, { sessionId: "other", nowMs: NOW })).toBe(2);
  });

  it("counts a live session's reservation even when nothing is settled yet", () => {
    expect(todaysUsageUsd([session("live", "pending", 1.5, [])], { sessionId: "me", nowMs: NOW })).toBe(1.5);
  });

  it("adds without floating-point dust", () => {
    const sessions = [session("a", "ended", 1, [{ finishedAt: "2026-11-21T01:00:00.000Z", costUsd: 0.1 }]), session("b", "pending", 0.2, [])];
    expect(todaysUsageUsd(sessions, { sessionId: "me", nowMs: NOW })).toBe(0.3);
  });

  it("is zero with no session", () => {
    expect(todaysUsageUsd([], { sessionId: "me", nowMs: NOW })).toBe(0);
  });
});

describe("dailyUsageUsd", () => {
  const at = { sessionId: "me", nowMs: NOW };
  const stale = (st: SessionState): SessionState => ({ ...st, updatedAt: "2026-11-20T10:00:00.000Z" });

  it("a live session last active on an earlier day reserves nothing today", () => {
    const st = stale(session("old-run", "running", 3, []));
    expect(dailyUsageUsd([{ kind: "session", state: st }], at)).toBe(0);
  });

  it("it reserves again once admitted today", () => {
    const st = stale(session("old-run", "interrupted", 3, []));
    expect(dailyUsageUsd([{ kind: "session", state: st, admittedDay: "2026-11-21" }], at)).toBe(3);
    expect(dailyUsageUsd([{ kind: "session", state: st, admittedDay: "2026-11-19" }], at)).toBe(0);
  });

  it("counts today's admissions without a state, never the asking session's own, never another day's", () => {
    expect(dailyUsageUsd([{ kind: "admitted", sessionId: "x", day: "2026-11-21", usd: 1.5 }], at)).toBe(1.5);
    expect(dailyUsageUsd([{ kind: "admitted", sessionId: "me", day: "2026-11-21", usd: 1.5 }], at)).toBe(0);
    expect(dailyUsageUsd([{ kind: "admitted", sessionId: "x", day: "2026-11-20", usd: 1.5 }], at)).toBe(0);
  });

  it("an unreadable session counts its whole amount whatever the day (fail closed), but not for itself", () => {
    expect(dailyUsageUsd([{ kind: "unreadable", sessionId: "bad", usd: 2 }], at)).toBe(2);
    expect(dailyUsageUsd([{ kind: "unreadable", sessionId: "me", usd: 2 }], at)).toBe(0);
  });

  it("an amount that is not a finite number of 0 or more makes the usage unknown (NaN)", () => {
    expect(dailyUsageUsd([{ kind: "unreadable", sessionId: "bad", usd: Number.NaN }], at)).toBeNaN();
    expect(dailyUsageUsd([{ kind: "admitted", sessionId: "x", day: "2026-11-21", usd: -1 }], at)).toBeNaN();
    expect(dailyUsageUsd([{ kind: "admitted", sessionId: "x", day: "2026-11-21", usd: 0 }], at)).toBe(0);
  });

  it("adds settled spend, reservations, admissions and unreadable sessions", () => {
    const entries = [
      { kind: "session", state: session("done", "ended", 5, [{ finishedAt: "2026-11-21T01:00:00.000Z", costUsd: 0.5 }]) },
      { kind: "admitted", sessionId: "new", day: "2026-11-21", usd: 1 },
      { kind: "unreadable", sessionId: "bad", usd: 0.25 },
    ] as const;
    expect(dailyUsageUsd(entries, at)).toBe(1.75);
  });
});

describe("lastActiveDay", () => {
  it("is the later of the last write's day and the admission's day", () => {
    expect(lastActiveDay({ updatedAt: "2026-11-20T23:00:00.000Z" })).toBe("2026-11-20");
    expect(lastActiveDay({ updatedAt: "2026-11-20T23:00:00.000Z" }, "2026-11-21")).toBe("2026-11-21");
    expect(lastActiveDay({ updatedAt: "2026-11-21T01:00:00.000Z" }, "2026-11-20")).toBe("2026-11-21");
    expect(lastActiveDay({ updatedAt: "2026-11-21T01:00:00.000Z" }, "2026-11-21")).toBe("2026-11-21");
  });
});
