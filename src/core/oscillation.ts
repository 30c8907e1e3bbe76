/**
 * Oscillation: the loop is going round in circles and more attempts would only spend money.
 *
 * Two signals, checked after an attempt produced its diff:
 *
 * - **repeat**: the current diff hash equals the hash of any earlier attempt, the immediately
 *   previous one included. A→B→A is the agent undoing its own fix; A→A is an attempt that
 *   changed nothing further (no progress). Both stop the session. Hashes of attempts folded
 *   away by compaction (`olderHashes`) count too; they have no attempt number. An empty
 *   current diff is never a repeat (every empty diff has the base tree's hash): the empty
 *   rule decides instead.
 * - **empty**: the current attempt and the ones right before it produced no diff, `maxEmptyInARow`
 *   attempts in a row counting the current one (default 2: two empty attempts in a row stop).
 *   An earlier attempt counts as empty when `empty` is true or its outcome is `empty_diff`;
 *   any other attempt (an interrupted one included) ends the run of empties.
 *
 * A non-empty attempt whose `diffHash` is `""` (unknown) is never a repeat. Invalid
 * `maxEmptyInARow` or attempt numbers throw a `RangeError` (a programming error, not data).
 */

export interface OscillationHistoryEntry {
  /** Attempt number. */
  n: number;
  /** Diff hash after the agent ran; absent when the attempt produced none (interrupted). */
  diffHash?: string;
  /** Attempt outcome; `empty_diff` marks an empty attempt. */
  outcome?: string;
  /** True when the attempt produced no diff. */
  empty?: boolean;
}

export interface OscillationCurrent {
  diffHash: string;
  empty: boolean;
  /** The current attempt's number, for messages. */
  n?: number;
}

export interface OscillationOptions {
  /** Consecutive empty attempts (the current one included) that stop the session; default 2, at least 1. */
  maxEmptyInARow?: number;
  /** Distinct diff hashes of attempts folded away by compaction (`compacted.diffHashes`). */
  olderHashes?: readonly string[];
}

export type OscillationResult =
  | { oscillating: false }
  | {
      oscillating: true;
      kind: "repeat" | "empty";
      /** The most recent earlier attempt with the same diff; absent when only a compacted one matched. */
      sameAs?: number;
      message: string;
    };

export const DEFAULT_MAX_EMPTY_IN_A_ROW = 2;

/** Decides whether the current attempt shows the loop going in circles. Pure. */
export function detectOscillation(
  history: readonly OscillationHistoryEntry[],
  current: OscillationCurrent,
  options: OscillationOptions = {},
): OscillationResult {
  const maxEmpty = options.maxEmptyInARow ?? DEFAULT_MAX_EMPTY_IN_A_ROW;
  if (!Number.isSafeInteger(maxEmpty) || maxEmpty < 1) {
    throw new RangeError(`maxEmptyInARow must be a whole number of 1 or more, got ${String(maxEmpty)}`);
  }
  for (const entry of history) {
    if (!Number.isSafeInteger(entry.n) || entry.n < 1) {
      throw new RangeError(`history entries need a positive attempt number n, got ${String(entry.n)}`);
    }
  }
  const recentFirst = [...history].sort((a, b) => b.n - a.n);
  const self = current.n === undefined ? "this attempt" : `attempt ${current.n}`;

  if (current.empty) {
    let run = 1;
    const numbers: number[] = [];
    for (const entry of recentFirst) {
      if (run >= maxEmpty) break;
      if (!(entry.empty === true || entry.outcome === "empty_diff")) break;
      run++;
      numbers.push(entry.n);
    }
    if (run < maxEmpty) return { oscillating: false };
    const earlier = numbers.length === 0 ? "" : ` after attempt${numbers.length > 1 ? "s" : ""} ${[...numbers].reverse().join(", ")}`;
    return {
      oscillating: true,
      kind: "empty",
      message: `${self} produced no changes${earlier}: ${maxEmpty} empty attempt${maxEmpty > 1 ? "s" : ""} in a row`,
    };
  }

  // No hash (the diff could not be read): nothing to compare, so no repeat is claimed.
  if (current.diffHash === "") return { oscillating: false };
  const same = recentFirst.find((e) => e.diffHash === current.diffHash && !(e.empty === true || e.outcome === "empty_diff"));
  const short = current.diffHash.slice(0, 12);
  if (same !== undefined) {
    const previous = recentFirst[0] === same;
    return {
      oscillating: true,
      kind: "repeat",
      sameAs: same.n,
      message: previous
        ? `${self} left the diff exactly as attempt ${same.n} did (diff ${short}): no progress`
        : `${self} produced the same diff as attempt ${same.n} (diff ${short}): the agent is going back and forth`,
    };
  }
  if (options.olderHashes?.includes(current.diffHash)) {
    const oldest = recentFirst.at(-1);
    const before = oldest === undefined ? "" : ` (before attempt ${oldest.n})`;
    return {
      oscillating: true,
      kind: "repeat",
      message: `${self} produced the same diff as an earlier, compacted attempt${before} (diff ${short}): the agent is going back and forth`,
    };
  }
  return { oscillating: false };
}
