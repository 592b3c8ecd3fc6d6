/**
 * "Did you mean": edit distance and the nearest names to a word nobody defined, for the
 * cockpit's command line and `--symbol`. Small strings only (names, not documents).
 */

/** Levenshtein distance (insert, delete, substitute one character each cost 1). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * The names nearest to `word`, best first: names that start with it or contain it, then those
 * within a few edits (case-insensitive). At most `limit`; none when nothing is close.
 */
export function nearestNames(word: string, names: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase();
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of names) {
    const n = name.toLowerCase();
    const score = n.startsWith(w) ? 0 : n.includes(w) ? 1 : 2 + editDistance(w, n);
    if (score <= 2 + Math.max(2, Math.floor(w.length / 2))) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((x) => x.name);
}

/** A symbol as the venue spells it (case-insensitive match), or the closest ones. */
export function resolveName(wanted: string, names: readonly string[]): { name: string } | { closest: string[] } {
  const exact = names.find((n) => n === wanted) ?? names.find((n) => n.toLowerCase() === wanted.toLowerCase());
  return exact !== undefined ? { name: exact } : { closest: nearestNames(wanted, names) };
}
