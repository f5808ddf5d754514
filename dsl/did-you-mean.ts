// "Did you mean …?" for misspelt keys, enum values and task ids, by Levenshtein distance with swaps
// (the lm-evaluation-harness / git convention: suggest only a close match, list the alternatives).

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of adjacent characters as 1
 * (optimal string alignment), so the common typo "strat" for "start" is one edit away.
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a plausible typo
 * (a case-only difference always qualifies; otherwise at most ~a third of the characters may differ).
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const caseOnly = candidates.find((c) => c.toLowerCase() === input.toLowerCase());
  if (caseOnly !== undefined) return caseOnly;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const tolerated = Math.max(1, Math.floor(Math.max(input.length, 3) / 3));
  return bestDistance <= tolerated ? best : undefined;
}

/** '; did you mean "start"?' or '' — ready to append to a message. */
export function didYouMeanSuffix(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}
