import { describe, expect, it } from "vitest";
import { LAST_LINE_CHARS, ProgressTicker, TICK_MS, type Every } from "../../src/cli/progress-ticker.js";
import type { Attempt } from "../../src/core/state.js";

/** A fake repeating timer: `fire()` runs the current tick; `active` says whether one is armed. */
function fakeTimer() {
  let tick: (() => void) | null = null;
  const intervals: number[] = [];
  const every: Every = (ms, fn) => {
    intervals.push(ms);
    tick = fn;
    return () => {
      tick = null;
    };
  };
  return {
    every,
    intervals,
    fire: () => tick?.(),
    get active() {
      return tick !== null;
    },
  };
}

const finished: Attempt = { n: 1, startedAt: "2026-11-21T10:00:00.000Z", finishedAt: "2026-11-21T10:01:00.000Z", outcome: "passed" };

describe("ProgressTicker", () => {
  it("every 10 s while an attempt runs, prints elapsed time and the last line the agent or a gate said", () => {
    let now = 1_000_000;
    const timer = fakeTimer();
    const lines: string[] = [];
    const ticker = new ProgressTicker({ now: () => now, every: timer.every, write: (l) => lines.push(l) });

    timer.fire();
    expect(lines).toEqual([]);
    ticker.onProgress({ type: "attempt_started", n: 2, maxAttempts: 5 });
    expect(timer.intervals).toEqual([TICK_MS]);
    expect(TICK_MS).toBeLessThanOrEqual(10_000);

    now += 12_000;
    timer.fire();
    expect(lines.at(-1)).toBe("attempt 2: agent running · 12s");

    ticker.onOutput("agent", "Reading files\n\n   \nEditing src/a.ts\nhalf a li");
    now += 10_000;
    timer.fire();
    // The line still being written counts once it is the last non-empty text.
    expect(lines.at(-1)).toBe("attempt 2: agent running · 22s · half a li");
    ticker.onOutput("agent", "ne\n\n");
    timer.fire();
    expect(lines.at(-1)).toBe("attempt 2: agent running · 22s · half a line");

    // Untrusted text: control characters removed, whitespace folded, capped.
    ticker.onOutput("gate test", `\u001b[31mFAIL\u0007   x\t${"y".repeat(500)}\n`);
    timer.fire();
    const last = lines.at(-1)!;
    expect(last.startsWith("attempt 2: gate test running · 22s · [31mFAIL x y")).toBe(true);
    expect(last).not.toMatch(/[\u0000-\u001f]/);
    expect(last.split(" · ").at(-1)!.length).toBe(LAST_LINE_CHARS);
    expect(last.endsWith("…")).toBe(true);

    ticker.onProgress({ type: "attempt_finished", attempt: finished, notes: [] });
    expect(timer.active).toBe(false);
    const count = lines.length;
    timer.fire();
    expect(lines).toHaveLength(count);
  });

  it("a new attempt starts from zero with nothing said; close stops the timer", () => {
    let now = 0;
    const timer = fakeTimer();
    const lines: string[] = [];
    const ticker = new ProgressTicker({ now: () => now, every: timer.every, write: (l) => lines.push(l), everyMs: 5 });
    ticker.onProgress({ type: "attempt_started", n: 1, maxAttempts: 3 });
    ticker.onOutput("gate lint", "old news\n");
    now = 90_000;
    ticker.onProgress({ type: "attempt_started", n: 2, maxAttempts: 3 });
    expect(timer.intervals).toEqual([5, 5]);
    now = 95_000;
    timer.fire();
    expect(lines).toEqual(["attempt 2: agent running · 5s"]);
    ticker.onProgress({ type: "note", message: "x" });
    expect(timer.active).toBe(true);
    ticker.close();
    expect(timer.active).toBe(false);
  });
});
