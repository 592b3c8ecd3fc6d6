// The seeded price model's bars: the same seed and symbol give the same bars, each a real bar (high
// and low hold open and close), one per minute from the start; longer timeframes are whole groups
// of minutes, UTC-aligned, their open the first minute's and their close the last's.
import { describe, expect, it } from 'vitest';
import { aggregate, simKlines, simMinuteBars } from '../../src/cli/backtest-klines.js';
import type { Kline } from '../../src/core/signals/types.js';
import { defaultSymbols } from '../../src/sim/market/symbols.js';

const BTC = defaultSymbols[0] as (typeof defaultSymbols)[number];
const FROM = Date.UTC(2026, 9, 1);
const HOUR = 3_600_000;

describe('the seeded price model', () => {
  it('same seed, same bars; another seed, others; one bar per minute from the start price', () => {
    const a = simMinuteBars('s', BTC, FROM, FROM + 3 * HOUR);
    expect(a).toHaveLength(180);
    expect(simMinuteBars('s', BTC, FROM, FROM + 3 * HOUR)).toEqual(a);
    expect(simMinuteBars('t', BTC, FROM, FROM + 3 * HOUR)).not.toEqual(a);
    expect(a[0]?.open).toBeCloseTo(BTC.startPrice, 6);
    a.forEach((b, i) => {
      expect(b.openTime).toBe(FROM + i * 60_000);
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      if (i > 0) expect(b.open).toBe((a[i - 1] as Kline).close);
    });
    // The calm path moves: not a flat line.
    expect(new Set(a.map((b) => b.close)).size).toBe(180);
  });

  it('longer timeframes are whole groups of minutes, UTC-aligned; a partial group is left out', () => {
    const minutes = simMinuteBars('s', BTC, FROM + 30 * 60_000, FROM + 3 * HOUR);
    const hours = aggregate(minutes, '1h');
    expect(hours.map((h) => h.openTime)).toEqual([FROM + HOUR, FROM + 2 * HOUR]);
    const group = minutes.filter((m) => m.openTime >= FROM + HOUR && m.openTime < FROM + 2 * HOUR);
    expect(hours[0]).toEqual({
      openTime: FROM + HOUR,
      open: group[0]?.open,
      close: group[59]?.close,
      high: Math.max(...group.map((m) => m.high)),
      low: Math.min(...group.map((m) => m.low)),
      volume: group.reduce((v, m) => v + m.volume, 0),
      closed: true,
    });
    const all = simKlines('s', BTC, FROM, FROM + 24 * HOUR);
    expect([all['1m'].length, all['5m'].length, all['1h'].length, all['4h'].length, all['1d'].length]).toEqual([1440, 288, 24, 6, 1]);
  });
});
