import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_EMPTY_IN_A_ROW, detectOscillation, type OscillationHistoryEntry } from "../../src/core/oscillation.js";

// Edges of the two rules that the main suite leaves open: each flag of "empty" on its own,
// a compacted match with no numbered history, and the exact text of every refusal.
const A = "a".repeat(64);
const B = "b".repeat(64);
const BASE = "0".repeat(64);

describe("detectOscillation: what counts as an earlier empty attempt", () => {
  it("a repeat never matches an earlier attempt flagged empty, by either flag alone", () => {
    const byFlag: OscillationHistoryEntry = { n: 1, diffHash: A, outcome: "gates_failed", empty: true };
    const byOutcome: OscillationHistoryEntry = { n: 1, diffHash: A, outcome: "empty_diff" };
    expect(detectOscillation([byFlag], { diffHash: A, empty: false, n: 2 })).toEqual({ oscillating: false });
    expect(detectOscillation([byOutcome], { diffHash: A, empty: false, n: 2 })).toEqual({ oscillating: false });
  });

  it("an attempt with empty: false and another outcome is a real earlier diff", () => {
    const r = detectOscillation([{ n: 1, diffHash: A, outcome: "gates_failed", empty: false }], { diffHash: A, empty: false, n: 2 });
    expect(r).toMatchObject({ oscillating: true, kind: "repeat", sameAs: 1 });
  });

  it("an attempt with empty: false breaks a run of empties even with the base hash", () => {
    const history: OscillationHistoryEntry[] = [{ n: 1, diffHash: BASE, outcome: "gates_failed", empty: false }];
    expect(detectOscillation(history, { diffHash: BASE, empty: true, n: 2 })).toEqual({ oscillating: false });
  });

  it("counts the run from the most recent attempt, whatever the order of the history", () => {
    const history: OscillationHistoryEntry[] = [
      { n: 3, diffHash: BASE, outcome: "empty_diff", empty: true },
      { n: 1, diffHash: BASE, outcome: "empty_diff", empty: true },
      { n: 2, diffHash: A, outcome: "gates_failed" },
    ];
    expect(detectOscillation(history, { diffHash: BASE, empty: true, n: 4 }, { maxEmptyInARow: 3 })).toEqual({ oscillating: false });
    expect(detectOscillation(history, { diffHash: BASE, empty: true, n: 4 })).toEqual({
      oscillating: true,
      kind: "empty",
      message: "attempt 4 produced no changes after attempt 3: 2 empty attempts in a row",
    });
  });

  it("the default limit is two", () => {
    expect(DEFAULT_MAX_EMPTY_IN_A_ROW).toBe(2);
    expect(detectOscillation([], { diffHash: BASE, empty: true, n: 1 })).toEqual({ oscillating: false });
  });
});

describe("detectOscillation: compacted matches", () => {
  it("with no numbered history the message names no attempt to come before", () => {
    expect(detectOscillation([], { diffHash: A, empty: false, n: 1 }, { olderHashes: [B, A] })).toEqual({
      oscillating: true,
      kind: "repeat",
      message: `attempt 1 produced the same diff as an earlier, compacted attempt (diff ${"a".repeat(12)}): the agent is going back and forth`,
    });
  });

  it("names the oldest numbered attempt, whatever the order of the history", () => {
    const history: OscillationHistoryEntry[] = [
      { n: 9, diffHash: B },
      { n: 7, diffHash: B },
      { n: 8, diffHash: B },
    ];
    const r = detectOscillation(history, { diffHash: A, empty: false }, { olderHashes: [A] });
    expect(r.oscillating && r.message).toBe(
      `this attempt produced the same diff as an earlier, compacted attempt (before attempt 7) (diff ${"a".repeat(12)}): the agent is going back and forth`,
    );
  });

  it("an empty current diff is never a compacted repeat either", () => {
    const r = detectOscillation([], { diffHash: BASE, empty: true, n: 1 }, { olderHashes: [BASE], maxEmptyInARow: 2 });
    expect(r).toEqual({ oscillating: false });
  });
});

describe("detectOscillation: refusals name the value", () => {
  it("says what maxEmptyInARow must be and quotes it", () => {
    expect(() => detectOscillation([], { diffHash: A, empty: false }, { maxEmptyInARow: 0 })).toThrow(
      new RangeError("maxEmptyInARow must be a whole number of 1 or more, got 0"),
    );
  });

  it("says what n must be and quotes it", () => {
    expect(() => detectOscillation([{ n: 1 }, { n: -2 }], { diffHash: A, empty: false })).toThrow(
      new RangeError("history entries need a positive attempt number n, got -2"),
    );
  });

  it("accepts attempt number 1 and a limit of 1 (the smallest valid values)", () => {
    expect(detectOscillation([{ n: 1, diffHash: B }], { diffHash: A, empty: false }, { maxEmptyInARow: 1 })).toEqual({ oscillating: false });
  });
});
