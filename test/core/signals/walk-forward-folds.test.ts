// The walk-forward's bookkeeping on a scripted kind whose trades are known bar by bar: which set a
// fold's fit chooses (the best mean, among sets with enough trades, ties to the earlier), which
// trades count in sample (decided in the fit window, closed before the test window) and out of
// sample (decided inside the test window, each once), and the options that change them.
import { describe, expect, it } from 'vitest';
import type { Params, StrategyKindDef } from '../../../src/core/signals/strategies.js';
import type { Kline } from '../../../src/core/signals/types.js';
import { foldWindows, walkForward, walkForwardSeries } from '../../../src/core/signals/walk-forward.js';

// 80 bars: 8 units of 10, folds fit [10k, 10k+30) and test [10k+30, 10k+40).
// Every bar opens at 100; a trade decided at t fills at t+1's open and leaves at its close (maxBars 1).
// Bars 1, 11, 21 … close at 100.5 (+0.5 %), bars 6, 16 … at 101 (+1 %), the other bars at 100.2 (+0.2 %).
const close = (t: number) => (t % 10 === 1 ? 100.5 : t % 10 === 6 ? 101 : 100.2);
const BARS: Kline[] = Array.from({ length: 80 }, (_, t) => ({ openTime: t * 60_000, open: 100, high: 102, low: 99, close: close(t), volume: 1, closed: true }));

/** Set 1 trades every even bar (many +0.2 %, some +0.5 %); 2 and 4 every tenth (+0.5 % each); 3 at bar 5 of each 30 (+1 %). */
const WHEN: Record<number, (t: number) => boolean> = {
  1: (t) => t % 2 === 0,
  2: (t) => t % 10 === 0,
  3: (t) => t % 30 === 5,
  4: (t) => t % 10 === 0,
};
const SCRIPTED: StrategyKindDef = {
  kind: 'breakout',
  rule: 'scripted',
  grid: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
  create(params: Params) {
    const when = WHEN[params['id'] as number] as (t: number) => boolean;
    let t = -1;
    return {
      onBar() {
        t++;
        return when(t) ? { side: 'buy', stopDistance: 1e9, targetDistance: 1e9, maxBars: 1 } : undefined;
      },
    };
  },
};
const FREE = { takerFee: 0, slippage: 0 };

describe('walk-forward folds on a scripted kind', () => {
  it('chooses the best mean among sets with enough trades (not the biggest total), ties to the earlier', () => {
    const r = walkForwardSeries(BARS, SCRIPTED, { costs: FREE, minFitTrades: 3 });
    expect(r.folds.map((f) => f.params)).toEqual(Array.from({ length: 5 }, () => ({ id: 2 })));
  });

  it('counts in sample the trades decided in the fit window and closed before the test window', () => {
    const r = walkForwardSeries(BARS, SCRIPTED, { costs: FREE, minFitTrades: 3 });
    for (const fold of r.folds) {
      expect(fold.inSample.trades).toBe(3);
      expect(fold.inSample.meanPct).toBeCloseTo(0.5, 9);
    }
    expect(r.inSample.trades).toBe(15);
  });

  it('counts out of sample each trade decided inside the test window, once', () => {
    const r = walkForwardSeries(BARS, SCRIPTED, { costs: FREE, minFitTrades: 3 });
    expect(r.folds.map((f) => f.outOfSample.trades)).toEqual([1, 1, 1, 1, 1]);
    expect(r.outOfSample.trades).toBe(5);
    expect(r.outOfSampleReturns).toHaveLength(5);
    for (const x of r.outOfSampleReturns) expect(x).toBeCloseTo(0.5, 9);
  });

  it('with the default floor of 5 fit trades the set trading every tenth bar is never chosen', () => {
    const r = walkForwardSeries(BARS, SCRIPTED, { costs: FREE });
    expect(r.folds.map((f) => f.params)).toEqual(Array.from({ length: 5 }, () => ({ id: 1 })));
  });

  it('a fold where no set has enough trades chooses none and trades nothing', () => {
    const r = walkForwardSeries(BARS, SCRIPTED, { costs: FREE, minFitTrades: 100 });
    for (const fold of r.folds) {
      expect(fold.params).toBeUndefined();
      expect(fold.inSample.trades).toBe(0);
      expect(fold.outOfSample.trades).toBe(0);
    }
  });

  it("the gate's trade floor is an option", () => {
    const spec = { name: 's', kind: 'breakout' as const, params: {} };
    const low = walkForward(spec, 'SYN', { '1m': BARS }, { costs: FREE, minFitTrades: 3, minTrades: 5 }, 1, SCRIPTED);
    expect(low.gate.rows[0]?.pass).toBe(true);
    expect(low.gate.passes).toEqual({ '1m': true });
    const usual = walkForward(spec, 'SYN', { '1m': BARS }, { costs: FREE, minFitTrades: 3 }, 1, SCRIPTED);
    expect(usual.gate.passes).toEqual({ '1m': false });
  });

  it('eight bars make five folds of one bar each', () => {
    expect(foldWindows(8, 5, 3)).toHaveLength(5);
  });
});
