// The backtest's --seed bars are the local venue's: for a seed and period, exactly the closed bars a
// local venue started at the period's end serves from its kline builder, the same for the same seed,
// others for another; inside the period, at most the builder's history per interval.
import { describe, expect, it } from 'vitest';
import { simKlines } from '../../src/cli/backtest-klines.js';
import { TIMEFRAME_MS } from '../../src/core/signals/types.js';
import { HISTORY_BARS } from '../../src/sim/market/klines.js';
import { Market } from '../../src/sim/market/market.js';
import { defaultSymbols } from '../../src/sim/market/symbols.js';

const BTC = defaultSymbols[0] as (typeof defaultSymbols)[number];
const DAY = 86_400_000;
const TO = Date.UTC(2026, 9, 8);

describe("the backtest's seeded klines", () => {
  it("are the bars the local venue serves for the seed, closed and inside the period", () => {
    const from = TO - 7 * DAY;
    const got = simKlines('s', BTC, from, TO);
    expect([got['1m'].length, got['5m'].length, got['1h'].length, got['4h'].length, got['1d'].length]).toEqual([HISTORY_BARS, HISTORY_BARS, 168, 42, 7]);
    // The local venue's own builder, as a sim started at TO holds it.
    const venue = new Market('s', 'calm', defaultSymbols, () => TO).get('BTCUSDT');
    const served = venue?.klines.bars(TIMEFRAME_MS['1h'], { startTime: from, limit: 1000 }, TO) ?? [];
    expect(got['1h'].map((k) => [k.openTime, k.open, k.high, k.low, k.close])).toEqual(
      served.filter((b) => b.openTime + TIMEFRAME_MS['1h'] <= TO).map((b) => [b.openTime, Number(b.open), Number(b.high), Number(b.low), Number(b.close)]),
    );
    for (const bars of Object.values(got)) {
      for (const k of bars) {
        expect(k.openTime).toBeGreaterThanOrEqual(from);
        expect(k.closed).toBe(true);
        expect(k.high).toBeGreaterThanOrEqual(Math.max(k.open, k.close));
        expect(k.low).toBeLessThanOrEqual(Math.min(k.open, k.close));
      }
    }
    expect(got['1d'].at(-1)?.openTime).toBe(TO - DAY);
  });

  it('same seed, same bars; another seed, others', () => {
    const a = simKlines('s', BTC, TO - DAY, TO);
    expect(simKlines('s', BTC, TO - DAY, TO)).toEqual(a);
    expect(simKlines('t', BTC, TO - DAY, TO)['1h']).not.toEqual(a['1h']);
  });
});
