// EV per trade with its 95 % Student-t interval, and the gate's test over it.
import { describe, expect, it } from 'vitest';
import { evStat, t975 } from '../../../src/core/signals/ev.js';
import { evPasses, gateOf } from '../../../src/core/signals/walk-forward.js';
import type { EvStat, WalkForwardRow } from '../../../src/core/signals/types.js';

describe('evStat', () => {
  it('is the mean with a t-interval: mean ± t(0.975, n−1)·s/√n', () => {
    const s = evStat([1, 2, 3, 4, 5]);
    const half = (2.776 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(s.trades).toBe(5);
    expect(s.meanPct).toBe(3);
    expect(s.lowPct).toBeCloseTo(3 - half, 12);
    expect(s.highPct).toBeCloseTo(3 + half, 12);
    expect(evStat([-1, 1])).toMatchObject({ meanPct: 0, lowPct: -12.706, highPct: 12.706 });
  });

  it('has no interval under two trades', () => {
    expect(evStat([])).toEqual({ trades: 0, meanPct: 0, lowPct: -Infinity, highPct: Infinity });
    expect(evStat([5])).toEqual({ trades: 1, meanPct: 5, lowPct: -Infinity, highPct: Infinity });
  });

  it('t(0.975) follows the table to df 30 and the expansion beyond, toward 1.96', () => {
    expect(t975(1)).toBe(12.706);
    expect(t975(10)).toBe(2.228);
    expect(t975(30)).toBe(2.042);
    expect(t975(31)).toBeCloseTo(2.0395, 3);
    expect(t975(60)).toBeCloseTo(2.0003, 3);
    expect(t975(120)).toBeCloseTo(1.9799, 3);
    expect(t975(100_000)).toBeCloseTo(1.96, 3);
  });
});

const ev = (trades: number, meanPct: number, lowPct: number): EvStat => ({ trades, meanPct, lowPct, highPct: meanPct + (meanPct - lowPct) });
const row = (timeframe: WalkForwardRow['timeframe'], oos: EvStat, minTrades = 20): WalkForwardRow => ({
  timeframe,
  inSample: ev(50, 1, 0.5),
  outOfSample: oos,
  pass: evPasses(oos, minTrades),
});

describe('the gate', () => {
  it('passes an EV over enough trades with a positive mean and the interval low above zero, nothing less', () => {
    expect(evPasses(ev(20, 0.2, 0.01))).toBe(true);
    expect(evPasses(ev(19, 0.2, 0.01))).toBe(false);
    expect(evPasses(ev(20, 0.2, 0))).toBe(false);
    expect(evPasses(ev(20, 0, 0.01))).toBe(false);
    expect(evPasses(ev(5, 0.2, 0.01), 5)).toBe(true);
  });

  it('passes a timeframe only when its row and the aggregate both pass', () => {
    const rows = [row('1m', ev(40, 0.3, 0.1)), row('1h', ev(40, -0.3, -0.5))];
    const good = gateOf('b', 'BTCUSDT', rows, ev(80, 0.1, 0.02), 7);
    expect(good.passes).toEqual({ '1m': true, '1h': false });
    expect(good).toMatchObject({ strategy: 'b', symbol: 'BTCUSDT', at: 7 });
    expect(gateOf('b', 'BTCUSDT', rows, ev(80, 0.1, -0.02), 7).passes).toEqual({ '1m': false, '1h': false });
    expect(gateOf('b', 'BTCUSDT', rows, ev(10, 0.1, 0.02), 7).passes).toEqual({ '1m': false, '1h': false });
    expect(gateOf('b', 'BTCUSDT', rows, ev(10, 0.1, 0.02), 7, 10).passes).toEqual({ '1m': true, '1h': false });
  });
});
