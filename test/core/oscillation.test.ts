import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { detectOscillation, type OscillationHistoryEntry } from "../../src/core/oscillation.js";

const A = "a".repeat(64);
const B = "b".repeat(64);
const C = "c".repeat(64);
const BASE = "0".repeat(64);
const done = (n: number, diffHash: string, outcome = "gates_failed"): OscillationHistoryEntry => ({ n, diffHash, outcome });
const emptyAt = (n: number): OscillationHistoryEntry => ({ n, diffHash: BASE, outcome: "empty_diff", empty: true });

describe("detectOscillation: repeat", () => {
  it("is quiet for new diffs", () => {
    expect(detectOscillation([], { diffHash: A, empty: false })).toEqual({ oscillating: false });
    expect(detectOscillation([done(1, A), done(2, B)], { diffHash: C, empty: false, n: 3 })).toEqual({ oscillating: false });
  });

  it("A → B → A is oscillation, naming both attempts", () => {
    expect(detectOscillation([done(1, A), done(2, B)], { diffHash: A, empty: false, n: 3 })).toEqual({
      oscillating: true,
      kind: "repeat",
      sameAs: 1,
      message: `attempt 3 produced the same diff as attempt 1 (diff ${"a".repeat(12)}): the agent is going back and forth`,
    });
  });

  it("A → A (no further change) is a repeat of the previous attempt, reported as no progress", () => {
    expect(detectOscillation([done(1, B), done(2, A)], { diffHash: A, empty: false, n: 3 })).toEqual({
      oscillating: true,
      kind: "repeat",
      sameAs: 2,
      message: `attempt 3 left the diff exactly as attempt 2 did (diff ${"a".repeat(12)}): no progress`,
    });
  });

  it("names the most recent matching attempt, whatever the order of the history", () => {
    const r = detectOscillation([done(4, A), done(1, A), done(5, B), done(2, C)], { diffHash: A, empty: false, n: 6 });
    expect(r).toMatchObject({ oscillating: true, kind: "repeat", sameAs: 4 });
  });

  it("says 'this attempt' without a current number", () => {
    const r = detectOscillation([done(1, A), done(2, B)], { diffHash: A, empty: false });
    expect(r.oscillating && r.message).toMatch(/^this attempt produced the same diff as attempt 1 /);
  });

  it("ignores attempts without a hash and empty attempts", () => {
    const history = [{ n: 1, outcome: "interrupted" }, emptyAt(2)];
    expect(detectOscillation(history, { diffHash: BASE, empty: false, n: 3 })).toEqual({ oscillating: false });
  });

  it("matches compacted hashes, without an attempt number", () => {
    const r = detectOscillation([done(7, B), done(8, C)], { diffHash: A, empty: false, n: 9 }, { olderHashes: [A] });
    expect(r).toEqual({
      oscillating: true,
      kind: "repeat",
      message: `attempt 9 produced the same diff as an earlier, compacted attempt (before attempt 7) (diff ${"a".repeat(12)}): the agent is going back and forth`,
    });
    expect(detectOscillation([done(7, B)], { diffHash: C, empty: false }, { olderHashes: [A] })).toEqual({ oscillating: false });
  });

  it("prefers a numbered match over a compacted one", () => {
    const r = detectOscillation([done(7, A)], { diffHash: A, empty: false, n: 8 }, { olderHashes: [A] });
    expect(r).toMatchObject({ oscillating: true, kind: "repeat", sameAs: 7 });
  });

  it("an empty current diff is never a repeat", () => {
    const r = detectOscillation([done(1, BASE)], { diffHash: BASE, empty: true, n: 2 }, { maxEmptyInARow: 3 });
    expect(r).toEqual({ oscillating: false });
  });
});

describe("detectOscillation: empty", () => {
  it("stops at two empty attempts in a row by default", () => {
    expect(detectOscillation([done(1, A)], { diffHash: BASE, empty: true, n: 2 })).toEqual({ oscillating: false });
    expect(detectOscillation([done(1, A), emptyAt(2)], { diffHash: BASE, empty: true, n: 3 })).toEqual({
      oscillating: true,
      kind: "empty",
      message: "attempt 3 produced no changes after attempt 2: 2 empty attempts in a row",
    });
  });

  it("a non-empty attempt in between resets the run", () => {
    expect(detectOscillation([emptyAt(1), done(2, A)], { diffHash: BASE, empty: true, n: 3 })).toEqual({ oscillating: false });
  });

  it("an interrupted attempt in between resets the run", () => {
    const history = [emptyAt(1), { n: 2, outcome: "interrupted" }];
    expect(detectOscillation(history, { diffHash: BASE, empty: true, n: 3 })).toEqual({ oscillating: false });
  });

  it("counts an attempt as empty by outcome alone or by flag alone", () => {
    expect(detectOscillation([{ n: 1, outcome: "empty_diff" }], { diffHash: BASE, empty: true }).oscillating).toBe(true);
    expect(detectOscillation([{ n: 1, empty: true }], { diffHash: BASE, empty: true }).oscillating).toBe(true);
  });

  it("honours maxEmptyInARow and names every attempt of the run", () => {
    const history = [emptyAt(1), emptyAt(2)];
    expect(detectOscillation(history.slice(1), { diffHash: BASE, empty: true, n: 3 }, { maxEmptyInARow: 3 })).toEqual({
      oscillating: false,
    });
    expect(detectOscillation(history, { diffHash: BASE, empty: true, n: 3 }, { maxEmptyInARow: 3 })).toEqual({
      oscillating: true,
      kind: "empty",
      message: "attempt 3 produced no changes after attempts 1, 2: 3 empty attempts in a row",
    });
  });

  it("names only the attempts that make up the limit when the run is longer", () => {
    const r = detectOscillation([emptyAt(1), emptyAt(2), emptyAt(3)], { diffHash: BASE, empty: true, n: 4 });
    expect(r).toEqual({
      oscillating: true,
      kind: "empty",
      message: "attempt 4 produced no changes after attempt 3: 2 empty attempts in a row",
    });
  });

  it("maxEmptyInARow 1 stops at the first empty attempt", () => {
    expect(detectOscillation([], { diffHash: BASE, empty: true, n: 1 }, { maxEmptyInARow: 1 })).toEqual({
      oscillating: true,
      kind: "empty",
      message: "attempt 1 produced no changes: 1 empty attempt in a row",
    });
  });
});

describe("detectOscillation: bad input", () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses maxEmptyInARow %s", (m) => {
    expect(() => detectOscillation([], { diffHash: A, empty: false }, { maxEmptyInARow: m })).toThrow(RangeError);
    expect(() => detectOscillation([], { diffHash: A, empty: false }, { maxEmptyInARow: m })).toThrow(/maxEmptyInARow/);
  });

  it.each([0, -3, 2.5, Number.NaN])("refuses a history entry with n = %s", (n) => {
    expect(() => detectOscillation([{ n, diffHash: B }], { diffHash: A, empty: false })).toThrow(RangeError);
  });

  it("claims no repeat for an unknown (empty) hash, even when history has one", () => {
    expect(detectOscillation([{ n: 1, diffHash: "" }], { diffHash: "", empty: false, n: 2 })).toEqual({ oscillating: false });
    expect(detectOscillation([done(1, A)], { diffHash: "", empty: false }, { olderHashes: [""] })).toEqual({ oscillating: false });
  });
});

describe("detectOscillation: properties", () => {
  const hash = fc.constantFrom(A, B, C, "d".repeat(64), "e".repeat(64));

  test.prop([fc.array(hash, { maxLength: 8 }), hash], { seed: 99 })(
    "a non-empty diff is a repeat exactly when its hash was seen, and sameAs is the latest such attempt",
    (hashes, current) => {
      const history = hashes.map((h, i) => done(i + 1, h));
      const r = detectOscillation(history, { diffHash: current, empty: false, n: hashes.length + 1 });
      const last = hashes.lastIndexOf(current);
      if (last === -1) expect(r).toEqual({ oscillating: false });
      else expect(r).toMatchObject({ oscillating: true, kind: "repeat", sameAs: last + 1 });
    },
  );

  test.prop([fc.array(fc.boolean(), { maxLength: 8 }), fc.integer({ min: 1, max: 5 })], { seed: 5 })(
    "an empty diff stops exactly when the trailing run of empties (current included) reaches the limit",
    (empties, max) => {
      const history = empties.map((e, i) => (e ? emptyAt(i + 1) : done(i + 1, A)));
      let trailing = 0;
      for (let i = empties.length - 1; i >= 0 && empties[i]; i--) trailing++;
      const r = detectOscillation(history, { diffHash: BASE, empty: true }, { maxEmptyInARow: max });
      expect(r.oscillating).toBe(trailing + 1 >= max);
      if (r.oscillating) expect(r.kind).toBe("empty");
    },
  );
});
