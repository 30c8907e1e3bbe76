/**
 * "Did you mean …": the one closest-name search, for unknown configuration keys and unknown
 * slash commands. Distance is the optimal string alignment distance (insertions, deletions,
 * substitutions and swaps of two adjacent letters, each one edit), compared ignoring case: a
 * swap (`/aprpove`) is the most common typo and counts as one.
 */

/** Optimal string alignment distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      // Out of range, a[i - 2] and b[j - 2] are undefined and never equal a letter: no bounds check needed.
      if (a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to `word` (ignoring case) within `maxDistance` edits, or undefined. On a
 * tie the earlier candidate wins, so callers list the likelier names first.
 */
export function closestName<T extends string>(word: string, candidates: readonly T[], maxDistance: number): T | undefined {
  let best: T | undefined;
  let bestDistance = maxDistance + 1;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
