/**
 * The pause after a transient agent error on the memory ports (manual clock, the real claude
 * preset): exact waits, counted as time in the failed attempt and never as money, cut to the
 * wall clock left.
 */
import { describe, expect, it } from "vitest";
import { MemoryWorld, type AgentTurn } from "../support/memory/index.js";

const overloaded: AgentTurn = { error: "API Error: 529 overloaded", takesMs: 10_000 };
const good: AgentTurn = { edits: { "value.txt": "good\n" }, costUsd: 0.1, takesMs: 10_000 };

describe("backoff on memory ports", () => {
  it("waits 1 s, 2 s (jitter 0) on the manual clock; each wait is in the failed attempt's duration", async () => {
    const w = new MemoryWorld({ turns: (n) => (n < 3 ? overloaded : good) });
    w.clock.jitter = 0;
    const out = await w.run();
    expect(out.state.reason).toBe("succeeded");
    expect(w.clock.sleeps).toEqual([1_000, 2_000]);
    expect(out.state.attempts.map((a) => [a.outcome, a.durationMs, a.backoffMs])).toEqual([
      ["agent_error", 11_000, 1_000],
      ["agent_error", 12_000, 2_000],
      ["passed", 15_000, undefined],
    ]);
    expect(out.state.spent.durationMs).toBe(38_000);
    // The failed attempts cost what the preset read (nothing reported: the assumed cost), the waits nothing.
    expect(out.state.attempts.map((a) => a.costBasis)).toEqual(["assumed", "assumed", "reported"]);
  });

  it("never waits past the wall-clock budget", async () => {
    const w = new MemoryWorld({ turns: () => overloaded, config: { budget: { minutes: 10_500 / 60_000, attempts: 5 } } });
    w.clock.jitter = 1;
    const out = await w.run();
    expect(w.clock.sleeps).toEqual([500]);
    // The wait used the last of the time: no attempt 2.
    expect(out.state.reason).toBe("budget_exhausted");
    expect(out.state.attempts).toHaveLength(1);
    expect(out.state.spent.durationMs).toBe(10_500);
  });
});
