// No evaluation reads a bar after its decision time (property, seeded by the run: test/support/seed.ts).
// 1. The bars are wrapped so every read is recorded: whenever any rule of any kind decides at bar t,
//    no bar after t has been read by anyone, and every entry fills at bar t+1's open.
// 2. Bars after k replaced by another path change no decision taken before k, and no trade closed
//    before k; in the walk-forward, no fit whose test window opens at or before k.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../../src/core/signals/strategies.js';
import { simulate } from '../../../src/core/signals/trade-sim.js';
import { type Kline, STRATEGY_KINDS } from '../../../src/core/signals/types.js';
import { DEFAULTS, foldWindows, walkForwardSeries } from '../../../src/core/signals/walk-forward.js';
import { series } from './series.js';

const COSTS = { takerFee: 0.0005, slippage: 0.0003 };

const arbitraryCase = fc.record({
  kind: fc.constantFrom(...STRATEGY_KINDS),
  paramIndex: fc.nat(),
  seed: fc.integer(),
  otherSeed: fc.integer(),
  bars: fc.integer({ min: 40, max: 600 }),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  vol: fc.constantFrom(0.002, 0.005, 0.02),
  planted: fc.constantFrom(0, 0.002),
});

/** `bars` behind a proxy that records the highest index ever read. */
function watched(bars: readonly Kline[]): { bars: readonly Kline[]; maxRead: () => number } {
  let max = -1;
  const proxy = new Proxy(bars as Kline[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) max = Math.max(max, Number(key));
      return Reflect.get(target, key, receiver);
    },
  });
  return { bars: proxy, maxRead: () => max };
}

/** The first `k` bars of `bars`, then another path. */
function spliced(bars: readonly Kline[], k: number, otherSeed: number): Kline[] {
  const other = series({ bars: bars.length, seed: otherSeed, vol: 0.03 });
  return bars.map((b, i) => (i < k ? b : { ...(other[i] as Kline), openTime: b.openTime }));
}

describe('no look-ahead', () => {
  it('a decision at bar t is taken with no bar after t read, and fills at bar t+1 open', { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const def = STRATEGIES[c.kind];
        const params = def.grid[c.paramIndex % def.grid.length] as (typeof def.grid)[number];
        const raw = series({ bars: c.bars, seed: c.seed, vol: c.vol, breakoutDrift: c.planted });
        const index = new Map(raw.map((b, i) => [b, i]));
        const { bars, maxRead } = watched(raw);
        const inner = def.create(params);
        const lateReads: string[] = [];
        const told: number[] = [];
        const rule = {
          onBar(bar: Kline) {
            const t = index.get(bar) as number;
            if (maxRead() > t) lateReads.push(`deciding at ${t}, bar ${maxRead()} was read`);
            told.push(t);
            return inner.onBar(bar);
          },
        };
        const trades = simulate(bars, rule, COSTS);
        expect(lateReads).toEqual([]);
        // Told every bar once, in order: the decision at step t is on bar t, not a later one.
        expect(told).toEqual(raw.map((_, i) => i));
        for (const t of trades) {
          expect(t.enteredAt).toBe(t.decidedAt + 1);
          const open = (raw[t.enteredAt] as Kline).open;
          expect(t.entryPrice).toBeCloseTo(open * (t.side === 'buy' ? 1 + COSTS.slippage : 1 - COSTS.slippage), 9);
          expect(t.exitedAt).toBeGreaterThanOrEqual(t.enteredAt);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('changing the bars after k changes no decision before k and no trade closed before k', { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const def = STRATEGIES[c.kind];
        const params = def.grid[c.paramIndex % def.grid.length] as (typeof def.grid)[number];
        const bars = series({ bars: c.bars, seed: c.seed, vol: c.vol, breakoutDrift: c.planted });
        const k = Math.floor(c.cut * c.bars);
        const other = spliced(bars, k, c.otherSeed);
        const a = simulate(bars, def.create(params), COSTS);
        const b = simulate(other, def.create(params), COSTS);
        const decided = (ts: typeof a) => ts.filter((t) => t.decidedAt < k).map((t) => [t.decidedAt, t.side]);
        expect(decided(b)).toEqual(decided(a));
        expect(b.filter((t) => t.exitedAt < k)).toEqual(a.filter((t) => t.exitedAt < k));
      }),
      { numRuns: 60 },
    );
  });

  it('a walk-forward fit never depends on a bar of its test window or after it', { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const def = STRATEGIES[c.kind];
        const bars = series({ bars: c.bars, seed: c.seed, vol: c.vol, breakoutDrift: c.planted });
        // The cut at a test window's first bar: the closest a leak can come.
        const windows = foldWindows(c.bars, DEFAULTS.folds, DEFAULTS.fitShare);
        const k = windows[c.paramIndex % windows.length]?.testStart ?? 0;
        const a = walkForwardSeries(bars, def, { costs: COSTS, minFitTrades: 1 });
        const b = walkForwardSeries(spliced(bars, k, c.otherSeed), def, { costs: COSTS, minFitTrades: 1 });
        expect(b.folds.length).toBe(a.folds.length);
        a.folds.forEach((fold, i) => {
          if (fold.testStart > k) return;
          const same = b.folds[i];
          expect(same?.params).toEqual(fold.params);
          expect(same?.inSample).toEqual(fold.inSample);
        });
      }),
      { numRuns: 25 },
    );
  });
});
