import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff, backoffCeiling, fullJitter } from '../../src/core/backoff.js';

describe('backoff', () => {
  it('ceilings: fast first retry, then exponential, capped', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffCeiling(a))).toEqual([
      0, 100, 1000, 2000, 4000, 8000, 16_000, 30_000,
    ]);
    expect(backoffCeiling(10_000)).toBe(30_000);
    expect(backoffCeiling(3, { baseMs: 200, capMs: 500 })).toBe(400);
    expect(backoffCeiling(1, { firstMs: 0 })).toBe(0);
  });

  it('full jitter draws across the whole range, from the injected source', () => {
    expect(fullJitter(3, () => 0)).toBe(0);
    expect(fullJitter(3, () => 0.5)).toBe(1000);
    expect(fullJitter(3, () => 0.999999)).toBe(2000);
    expect(fullJitter(3, () => Number.NaN)).toBe(1000); // a broken source does not break the loop
    expect(fullJitter(3, () => 7)).toBe(2000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (a, r) => {
          const d = fullJitter(a, () => r);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(backoffCeiling(a));
          expect(Number.isInteger(d)).toBe(true);
        },
      ),
    );
  });

  it('grows while failing, resets only after a stable period', () => {
    const b = new Backoff(() => 0.999, { stableMs: 30_000 });
    expect(b.nextDelay(0)).toBe(100);
    expect(b.nextDelay(100)).toBe(999);
    expect(b.nextDelay(1100)).toBe(1998);
    expect(b.attempt).toBe(3);
    b.succeeded(5000); // up for 10 s only: a flapping link keeps backing off
    expect(b.isStable(15_000)).toBe(false);
    expect(b.nextDelay(15_000)).toBe(3996);
    b.succeeded(20_000);
    b.succeeded(40_000); // the earliest up time counts
    expect(b.isStable(50_000)).toBe(true);
    expect(b.nextDelay(50_000)).toBe(100);
    expect(b.attempt).toBe(1);
    b.reset();
    expect(b.attempt).toBe(0);
    expect(b.isStable(1e9)).toBe(false);
  });

  it('the stable period is the one given, counted from the first success', () => {
    const b = new Backoff(() => 0.999, { stableMs: 5_000 });
    b.nextDelay(0);
    b.nextDelay(100);
    b.succeeded(20_000);
    expect(b.isStable(24_999)).toBe(false);
    expect(b.isStable(25_000)).toBe(true);
    expect(b.nextDelay(24_000)).toBe(1998); // up 4 s of 5: still backing off
    b.succeeded(30_000);
    expect(b.nextDelay(35_000)).toBe(100); // up 5 s: starts over
  });
});
