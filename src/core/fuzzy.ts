/**
 * The `/` symbol picker's ranking: which of the venue's instruments a few typed letters mean.
 * A name matches when the typed letters appear in it in order (a subsequence), case-insensitive
 * and ignoring the separators venues spell pairs with (`BTC-USD`, `XBT/USD`, `BTC_USDT`): `btcusd`
 * finds all three, `eth` finds `ETHUSDT` before `SETHUSDT`. Pure; the views draw the list.
 */

/** Letters and digits only, lower case: what a name is matched on. */
export function fuzzyKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * How well `query` matches `name`, lower is better, or undefined when it does not match.
 * Tiers, each far above the next: the whole name (0), a prefix (1), a run inside it (2), scattered
 * letters (3); within a tier, an earlier start, then fewer gaps between the letters.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
  const q = fuzzyKey(query);
  const n = fuzzyKey(name);
  if (q === '') return 3e6;
  if (n === q) return 0;
  if (n.startsWith(q)) return 1e6;
  const at = n.indexOf(q);
  if (at >= 0) return 2e6 + at;
  // Letters in order, each taken at its first place after the one before.
  let i = 0;
  let first = -1;
  let gaps = 0;
  let last = -1;
  for (const ch of q) {
    const j = n.indexOf(ch, i);
    if (j < 0) return undefined;
    if (first < 0) first = j;
    else if (j !== last + 1) gaps++;
    last = j;
    i = j + 1;
  }
  return 3e6 + first * 1_000 + gaps;
}

/**
 * The names `query` matches, best first, at most `limit`: by score, then the shorter name, then
 * by name — so the order never depends on the order the venue listed them in. Each name once.
 */
export function fuzzyRank(query: string, names: readonly string[], limit = Number.POSITIVE_INFINITY): string[] {
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of new Set(names)) {
    const score = fuzzyScore(query, name);
    if (score !== undefined) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, Math.max(0, limit)).map((x) => x.name);
}
