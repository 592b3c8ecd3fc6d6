// The `/` picker's ranking (src/core/fuzzy.ts): examples a trader types, then properties over
// random symbol lists drawn from the run's seed (test/support/seed-setup.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzyKey, fuzzyRank, fuzzyScore } from '../../src/core/fuzzy.js';

const VENUE = ['BTCUSDT', 'ETHUSDT', 'SETHUSDT', 'BTC-USD', 'XBT/USD', 'ETH-PERP', 'SOLUSDT', 'BTCDOMUSDT', 'ETHBTC'];

/** The query's letters appear in the name in order (the definition of a match, written plainly). */
function isSubsequence(query: string, name: string): boolean {
  const q = [...fuzzyKey(query)];
  const n = fuzzyKey(name);
  let at = 0;
  for (const ch of q) {
    const j = n.indexOf(ch, at);
    if (j < 0) return false;
    at = j + 1;
  }
  return true;
}

describe('fuzzyRank', () => {
  it('ranks the whole name, then prefixes, then runs inside, then scattered letters', () => {
    expect(fuzzyRank('ethusdt', VENUE)[0]).toBe('ETHUSDT');
    expect(fuzzyRank('eth', VENUE)).toEqual(['ETHBTC', 'ETHUSDT', 'ETH-PERP', 'SETHUSDT']);
    expect(fuzzyRank('btcusd', VENUE).slice(0, 2)).toEqual(['BTC-USD', 'BTCUSDT']);
    expect(fuzzyRank('xbt', VENUE)).toEqual(['XBT/USD']);
    expect(fuzzyRank('bu', VENUE)).toContain('BTCUSDT');
    expect(fuzzyRank('zzz', VENUE)).toEqual([]);
  });

  it('ignores case and the separators venues spell pairs with', () => {
    expect(fuzzyScore('btc usd', 'BTC-USD')).toBe(0);
    expect(fuzzyScore('Xbt/Usd', 'XBT/USD')).toBe(0);
  });

  it('lists every name for an empty query, at most `limit`', () => {
    expect(fuzzyRank('', VENUE)).toHaveLength(VENUE.length);
    expect(fuzzyRank('', VENUE, 3)).toHaveLength(3);
  });

  const symbol = fc.stringMatching(/^[A-Z0-9]{1,6}([-/_]?[A-Z0-9]{1,5})?$/);
  const names = fc.uniqueArray(symbol, { minLength: 1, maxLength: 40 });
  const query = fc.stringMatching(/^[a-zA-Z0-9-]{0,5}$/);

  it('returns exactly the names the query is a subsequence of, each once', () => {
    fc.assert(
      fc.property(names, query, (list, q) => {
        const ranked = fuzzyRank(q, list);
        expect(new Set(ranked).size).toBe(ranked.length);
        expect([...ranked].sort()).toEqual(list.filter((n) => isSubsequence(q, n)).sort());
      }),
    );
  });

  it('puts an exact match first and every prefix match before any other match', () => {
    fc.assert(
      fc.property(names, fc.nat(), fc.nat({ max: 6 }), (list, pick, cut) => {
        const target = list[pick % list.length]!;
        const q = target.slice(0, Math.max(1, cut));
        const ranked = fuzzyRank(q, list);
        const isPrefix = (n: string) => fuzzyKey(n).startsWith(fuzzyKey(q));
        const firstOther = ranked.findIndex((n) => !isPrefix(n));
        const lastPrefix = ranked.map(isPrefix).lastIndexOf(true);
        expect(lastPrefix).toBeGreaterThanOrEqual(0);
        if (firstOther >= 0) expect(lastPrefix).toBeLessThan(firstOther);
        const whole = fuzzyRank(target, list);
        expect(fuzzyKey(whole[0]!)).toBe(fuzzyKey(target));
      }),
    );
  });

  it('does not depend on the order the venue listed the names in, and keeps to the limit', () => {
    fc.assert(
      fc.property(names, query, fc.nat({ max: 10 }), (list, q, limit) => {
        const reversed = [...list].reverse();
        expect(fuzzyRank(q, reversed, limit)).toEqual(fuzzyRank(q, list, limit));
        expect(fuzzyRank(q, list, limit)).toEqual(fuzzyRank(q, list).slice(0, limit));
      }),
    );
  });
});
