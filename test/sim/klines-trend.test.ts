/**
 * The planted trend (SimOptions.trendBp, docs/sim.md §Trend): each interval's history walk drifts
 * that many bp a bar, so its mean log return per bar sits near the drift (the driftless walk's near
 * zero), and the last history bar still closes at the start price.
 */
import { describe, expect, it } from 'vitest';
import { HISTORY_BARS } from '../../src/sim/market/klines.js';
import { Market } from '../../src/sim/market/market.js';
import { RUN_SEED } from '../support/seed.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 5, 12, 0, 0);

function meanReturnBp(trendBp: number, intervalMs: number): { mean: number; lastClose: string; start: string } {
  const m = new Market(`trend/${RUN_SEED}`, 'calm', undefined, () => START, { trendBp, tickMs: 250 }).get('BTCUSDT')!;
  const bars = m.klines.bars(intervalMs, { endTime: START - 1, limit: HISTORY_BARS }, START - 1);
  const first = Math.log(Number(bars[0]!.open));
  const last = Math.log(Number(bars[bars.length - 1]!.close));
  return { mean: ((last - first) / bars.length) * 10_000, lastClose: bars[bars.length - 1]!.close, start: m.klines.startPrice };
}

describe('the planted trend', () => {
  it('drifts every history walk by trendBp a bar, ending at the start price', () => {
    for (const intervalMs of [MINUTE, 5 * MINUTE]) {
      const flat = meanReturnBp(0, intervalMs);
      const up = meanReturnBp(30, intervalMs);
      // 1500 bars of σ ≈ 31 bp (1m) or 69 bp (5m): the mean's standard error is under 2 bp.
      expect(Math.abs(flat.mean)).toBeLessThan(8);
      expect(up.mean).toBeGreaterThan(22);
      expect(up.mean).toBeLessThan(38);
      expect(up.lastClose).toBe(up.start);
    }
  });

  it('drifts the live path by trendBp an hour', () => {
    const path = (trendBp: number) => {
      const m = new Market(`trend-live/${RUN_SEED}`, 'calm', undefined, () => START, { trendBp, tickMs: 250 }).get('BTCUSDT')!;
      for (let i = 0; i < 14_400; i++) m.tick('calm');
      return Math.log(Number(m.mid));
    };
    // Same seed, same noise: the difference is the drift alone, 100 bp over an hour of 250 ms ticks.
    expect((path(100) - path(0)) * 10_000).toBeCloseTo(100, 0);
  });
});
