import { describe, expect, it } from "vitest";
import { AGENT_BACKOFF_BASE_MS, AGENT_BACKOFF_MAX_MS, agentBackoffMs, transientStreak } from "../../src/core/agent-backoff.js";
import type { Attempt } from "../../src/core/state.js";

const T = "2026-03-02T09:00:00.000Z";
const attempt = (n: number, outcome: Attempt["outcome"], transient?: boolean): Attempt => ({
  n,
  startedAt: T,
  finishedAt: T,
  ...(outcome === undefined ? {} : { outcome }),
  ...(transient === undefined ? {} : { transient }),
});

describe("transientStreak", () => {
  it("counts transient agent errors back from the last attempt, stopping at anything else", () => {
    expect(transientStreak([])).toBe(0);
    expect(transientStreak([attempt(1, "agent_error", true)])).toBe(1);
    expect(transientStreak([attempt(1, "agent_error", true), attempt(2, "agent_error", true)])).toBe(2);
    expect(transientStreak([attempt(1, "agent_error", true), attempt(2, "gates_failed"), attempt(3, "agent_error", true)])).toBe(1);
    expect(transientStreak([attempt(1, "agent_error", true), attempt(2, "agent_error", false)])).toBe(0);
    expect(transientStreak([attempt(1, "agent_error", true), attempt(2, "agent_error")])).toBe(0);
    expect(transientStreak([attempt(1, "agent_error", true), attempt(2, "interrupted")])).toBe(0);
  });
});

describe("agentBackoffMs", () => {
  it("doubles from the base with equal jitter: [half, whole] of the backoff", () => {
    expect(AGENT_BACKOFF_BASE_MS).toBe(2_000);
    expect(AGENT_BACKOFF_MAX_MS).toBe(60_000);
    const far = 10 * 60_000;
    expect(agentBackoffMs({ streak: 1, jitter: 0, remainingMs: far })).toBe(1_000);
    expect(agentBackoffMs({ streak: 1, jitter: 1, remainingMs: far })).toBe(2_000);
    expect(agentBackoffMs({ streak: 1, jitter: 0.5, remainingMs: far })).toBe(1_500);
    expect(agentBackoffMs({ streak: 2, jitter: 0, remainingMs: far })).toBe(2_000);
    expect(agentBackoffMs({ streak: 3, jitter: 1, remainingMs: far })).toBe(8_000);
    expect(agentBackoffMs({ streak: 20, jitter: 1, remainingMs: far })).toBe(60_000);
    expect(agentBackoffMs({ streak: 20, jitter: 0, remainingMs: far })).toBe(30_000);
  });

  it("never waits longer than the wall clock left, and never a negative time", () => {
    expect(agentBackoffMs({ streak: 3, jitter: 1, remainingMs: 5_000 })).toBe(5_000);
    expect(agentBackoffMs({ streak: 3, jitter: 1, remainingMs: 8_000 })).toBe(8_000);
    expect(agentBackoffMs({ streak: 3, jitter: 1, remainingMs: 0 })).toBe(0);
    expect(agentBackoffMs({ streak: 3, jitter: 1, remainingMs: -10 })).toBe(0);
    expect(agentBackoffMs({ streak: 3, jitter: 1, remainingMs: Number.NaN })).toBe(0);
    expect(agentBackoffMs({ streak: 1, jitter: 1, remainingMs: Number.POSITIVE_INFINITY })).toBe(0);
  });

  it("waits nothing without a transient error to back off from", () => {
    expect(agentBackoffMs({ streak: 0, jitter: 1, remainingMs: 60_000 })).toBe(0);
    expect(agentBackoffMs({ streak: -1, jitter: 1, remainingMs: 60_000 })).toBe(0);
    expect(agentBackoffMs({ streak: Number.NaN, jitter: 1, remainingMs: 60_000 })).toBe(0);
  });

  it("rounds a fractional streak down", () => {
    expect(agentBackoffMs({ streak: 2.9, jitter: 1, remainingMs: 60_000 })).toBe(4_000);
  });
});
