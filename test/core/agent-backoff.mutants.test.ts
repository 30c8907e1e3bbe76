/**
 * `transientStreak` reads the `transient` flag only on agent errors: the schema allows the flag
 * on any attempt, and a stray one on a gate failure must not stretch the backoff.
 */
import { describe, expect, it } from "vitest";
import { transientStreak } from "../../src/core/agent-backoff.js";
import type { Attempt } from "../../src/core/state.js";

const T = "2026-03-02T09:00:00.000Z";
const attempt = (n: number, outcome: Attempt["outcome"], transient: boolean): Attempt => ({ n, startedAt: T, finishedAt: T, outcome, transient });

describe("transientStreak: only agent errors count", () => {
  it("stops at an attempt flagged transient that did not end on an agent error", () => {
    expect(transientStreak([attempt(1, "agent_error", true), attempt(2, "gates_failed", true)])).toBe(0);
    expect(transientStreak([attempt(1, "agent_error", true), attempt(2, "interrupted", true), attempt(3, "agent_error", true)])).toBe(1);
  });
});
