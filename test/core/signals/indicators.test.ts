/**
 * The brief's indicators on series small enough to check on paper: the EMA, Wilder's ATR (a gap
 * counts as range), the realized volatility of log returns, the range position and the volume
 * ratio — and what each does at the edges (no bars, one bar, a flat series, a broken number).
 */
import { describe, expect, it } from 'vitest';
import { ATR_START, atrNext, atrSeries, averageTrueRange, trueRange } from '../../../src/core/signals/atr.js';
import { emaAlpha, emaNext, emaSeries } from '../../../src/core/signals/ema.js';
import { rangePosition, volumeRatio } from '../../../src/core/signals/range.js';
import { Ring } from '../../../src/core/signals/ring.js';
import { logReturn, realizedVol, sampleStdDev } from '../../../src/core/signals/volatility.js';

describe('EMA', () => {
  it('α = 2 / (N + 1); a period under 1 or not a number is refused', () => {
    expect(emaAlpha(3)).toBe(0.5);
    expect(emaAlpha(1)).toBe(1);
    expect(emaAlpha(19)).toBe(0.1);
    expect(() => emaAlpha(0)).toThrow(/period/);
    expect(() => emaAlpha(0.5)).toThrow(/period/);
    expect(() => emaAlpha(Number.NaN)).toThrow(/period/);
    expect(() => emaAlpha(Number.POSITIVE_INFINITY)).toThrow(/period/);
  });

  it('EMA(3) of 10, 12, 11, 15 is 10, 11, 11, 13 (seeded by the first value)', () => {
    expect(emaSeries([10, 12, 11, 15], 3)).toEqual([10, 11, 11, 13]);
    expect(emaNext(undefined, 7, 0.5)).toBe(7);
    expect(emaNext(10, 20, 0.25)).toBe(12.5);
    expect(emaSeries([], 3)).toEqual([]);
  });

  it('a constant series has that constant for its EMA from the first bar', () => {
    expect(emaSeries([5, 5, 5, 5], 20)).toEqual([5, 5, 5, 5]);
  });
});

describe("ATR (Wilder's)", () => {
  it('true range: high − low, or the reach to the previous close when it gapped', () => {
    expect(trueRange({ high: 12, low: 9, close: 10 }, undefined)).toBe(3);
    expect(trueRange({ high: 13, low: 11, close: 12 }, 10)).toBe(3); // gap up: 13 − 10
    expect(trueRange({ high: 10, low: 9, close: 9.5 }, 15)).toBe(6); // gap down: 15 − 9
    expect(trueRange({ high: 12, low: 10, close: 11 }, 11)).toBe(2);
  });

  it('ATR(3): the mean of the first three true ranges, then (ATR × 2 + TR) / 3', () => {
    const bars = [
      { high: 12, low: 9, close: 10 }, // TR 3
      { high: 13, low: 11, close: 12 }, // TR 3 (13 − 10)
      { high: 12, low: 10, close: 11 }, // TR 2
      { high: 16, low: 12, close: 15 }, // TR 5 (16 − 11)
      { high: 10, low: 9, close: 9.5 }, // TR 6 (15 − 9)
    ];
    const atr = atrSeries(bars, 3);
    expect(atr[0]).toBe(3);
    expect(atr[1]).toBe(3);
    expect(atr[2]).toBeCloseTo(8 / 3, 12);
    expect(atr[3]).toBeCloseTo(31 / 9, 12); // (8/3 × 2 + 5) / 3
    expect(atr[4]).toBeCloseTo(116 / 27, 12); // (31/9 × 2 + 6) / 3
  });

  it('counts the true ranges it has taken', () => {
    const s = atrNext(atrNext(ATR_START, 4, 14), 2, 14);
    expect(s).toEqual({ atr: 3, count: 2 });
  });
});

describe("the watcher's plain-mean ATR", () => {
  const b = (high: number, low: number, close: number, closed = true) => ({ high, low, close, closed });
  it('the mean true range of the closed bars after the first, over the last n; the forming bar left out', () => {
    expect(averageTrueRange([b(12, 9, 10)])).toBeUndefined();
    expect(averageTrueRange([b(12, 9, 10), b(13, 11, 12, false)])).toBeUndefined();
    expect(averageTrueRange([b(12, 9, 10), b(13, 11, 12)])).toBe(3);
    expect(averageTrueRange([b(12, 9, 10), b(13, 11, 12), b(12, 10, 11), b(40, 1, 30, false)])).toBe(2.5);
    expect(averageTrueRange([b(12, 9, 10), b(13, 11, 12), b(12, 10, 11), b(16, 12, 15)], 2)).toBe(3.5);
  });
});

describe('realized volatility', () => {
  it('is the sample standard deviation of log returns: 100 → 110 → 99 gives ln(11/9) / √2', () => {
    expect(logReturn(100, 110)).toBeCloseTo(Math.log(1.1), 15);
    expect(realizedVol([100, 110, 99])).toBeCloseTo(Math.log(11 / 9) / Math.SQRT2, 12);
  });

  it('sample (n − 1), not population: 1, 2, 3, 4 gives √(5/3)', () => {
    expect(sampleStdDev([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(sampleStdDev([2, 2, 2])).toBe(0);
  });

  it('is 0 with fewer than two returns, and a broken price is no return rather than NaN', () => {
    expect(realizedVol([])).toBe(0);
    expect(realizedVol([100])).toBe(0);
    expect(realizedVol([100, 120])).toBe(0);
    expect(sampleStdDev([])).toBe(0);
    expect(sampleStdDev([3])).toBe(0);
    for (const [a, b] of [
      [0, 10],
      [10, 0],
      [-1, 10],
      [10, -1],
      [Number.NaN, 10],
      [10, Number.NaN],
      [Number.POSITIVE_INFINITY, 10],
      [10, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(logReturn(a, b), `${a} → ${b}`).toBe(0);
    }
  });
});

describe('range position', () => {
  it('0 at the low, 1 at the high, linear between', () => {
    expect(rangePosition(10, 10, 20)).toBe(0);
    expect(rangePosition(20, 10, 20)).toBe(1);
    expect(rangePosition(15, 10, 20)).toBe(0.5);
    expect(rangePosition(12.5, 10, 20)).toBe(0.25);
  });

  it('a price beyond the range is held at the edge it broke; a range of no width puts it in the middle', () => {
    expect(rangePosition(25, 10, 20)).toBe(1);
    expect(rangePosition(5, 10, 20)).toBe(0);
    expect(rangePosition(10, 10, 10)).toBe(0.5);
    expect(rangePosition(11, 10, 10)).toBe(0.5);
    expect(rangePosition(15, 20, 10)).toBe(0.5);
    // A few bits of rounding are no range: 0.001 and its neighbour.
    expect(rangePosition(0.001 + 1e-19, 0.001, 0.001 + 2e-19)).toBe(0.5);
    expect(rangePosition(1e6 + 1e-7, 1e6, 1e6 + 2e-7)).toBe(0.5);
    expect(rangePosition(1e6 + 0.25, 1e6, 1e6 + 1)).toBe(0.25);
    expect(rangePosition(-1.5, -2, -1)).toBe(0.5);
    expect(rangePosition(Number.NaN, 10, 20)).toBe(0.5);
    expect(rangePosition(15, Number.NaN, 20)).toBe(0.5);
    expect(rangePosition(15, 10, Number.POSITIVE_INFINITY)).toBe(0.5);
  });
});

describe('volume ratio', () => {
  it('the last volume over the mean of the window that ends with it: 1, 1, 4 gives 2', () => {
    expect(volumeRatio([1, 1, 4])).toBe(2);
    expect(volumeRatio([2, 2, 2])).toBe(1);
    expect(volumeRatio([4, 1, 1])).toBe(0.5);
  });

  it('1 with no volume to compare, never a division by zero', () => {
    expect(volumeRatio([])).toBe(1);
    expect(volumeRatio([0, 0, 0])).toBe(1);
    expect(volumeRatio([5])).toBe(1);
    expect(volumeRatio([0, 0, 3])).toBe(3);
  });
});

describe('ring', () => {
  it('keeps the last N values, oldest first', () => {
    const r = new Ring(3);
    expect(r.toArray()).toEqual([]);
    for (const x of [1, 2, 3]) r.push(x);
    expect(r.toArray()).toEqual([1, 2, 3]);
    r.push(4);
    r.push(5);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
    expect(r.at(0)).toBe(3);
    expect(r.at(2)).toBe(5);
  });

  it('refuses a capacity under 1 or fractional', () => {
    expect(() => new Ring(0)).toThrow(/ring/);
    expect(() => new Ring(1.5)).toThrow(/ring/);
    expect(new Ring(1).capacity).toBe(1);
  });
});
