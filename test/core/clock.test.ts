import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockNotSyncedError, type ClockSample, VenueClock } from '../../src/core/clock.js';
import { OFFSET, venue } from './clock-venue.js';

describe('VenueClock', () => {
  it('refuses to give a time before the first sample', () => {
    const clock = new VenueClock();
    expect(clock.isSynced()).toBe(false);
    expect(() => clock.now(1000)).toThrow(ClockNotSyncedError);
    // Every bound, not only now(): a bound with no sample behind it would be a guess.
    expect(() => clock.lowerBound(1000)).toThrow(ClockNotSyncedError);
    expect(() => clock.upperBound(1000)).toThrow(ClockNotSyncedError);
    expect(() => clock.estimate(1000)).toThrow(ClockNotSyncedError);
    const error = new ClockNotSyncedError();
    expect(error.name).toBe('ClockNotSyncedError');
    expect(error.message).toBe('venue clock has no time sample yet: sync before signing');
    const r = clock.report(1000);
    expect(r.synced).toBe(false);
    expect(r.sampleCount).toBe(0);
    expect(r.lastSampleAge).toBe(Number.POSITIVE_INFINITY);
    expect(r.driftUncertaintyPpm).toBe(1000); // the whole assumed range: nothing narrows it yet
    expect(r.driftPpm).toBe(0);
    expect(r.bestRtt).toBeNaN();
  });

  it('one sample: offset is serverTime − receivedAt, uncertainty the round trip', () => {
    const clock = new VenueClock({ maxDriftPpm: 0 });
    expect(clock.addSample({ sentAt: 1000, receivedAt: 1040, serverTime: 50_000 })).toEqual({ ok: true });
    const r = clock.report(1040);
    expect(r.offset).toBe(50_000 - 1040);
    expect(r.uncertainty).toBe(40 + 1); // round trip plus the venue's 1 ms truncation
    expect(clock.now(1040)).toBe(49_999); // floored just below the exact bound
    expect(clock.now(2040)).toBe(50_999);
    expect(clock.now(2040, 100)).toBe(50_899);
    expect(r.lastSampleAge).toBe(0);
    expect(clock.report(1540).lastSampleAge).toBe(500);
    expect(r.bestRtt).toBe(40);
  });

  it('asymmetric path: the bound stays below the truth, within the round trip', () => {
    const { v, sample } = venue(OFFSET);
    const clock = new VenueClock();
    // 90 ms to the venue, 10 ms back: a midpoint estimator would be 40 ms ahead of the truth.
    for (let t = 0; t < 5; t++) clock.addSample(sample(10_000 + t * 1000, 90, 10));
    const x = 15_000;
    expect(clock.lowerBound(x)).toBeLessThanOrEqual(v(x));
    expect(v(x) - clock.lowerBound(x)).toBeLessThanOrEqual(101 + 5); // rtt + res + drift slack
    expect(clock.now(x)).toBeLessThanOrEqual(v(x));
    expect(clock.upperBound(x)).toBeGreaterThanOrEqual(v(x));
  });

  it('outliers with long round trips do not move the bound', () => {
    const { v, sample } = venue(OFFSET);
    const base = new VenueClock();
    const noisy = new VenueClock();
    for (let t = 0; t < 8; t++) {
      const s = sample(100_000 + t * 5000, 3, 2);
      base.addSample(s);
      noisy.addSample(s);
      noisy.addSample(sample(101_000 + t * 5000, 2500, 40)); // slow request leg
      noisy.addSample(sample(102_000 + t * 5000, 30, 3000)); // slow reply leg
    }
    const x = 150_000;
    expect(noisy.lowerBound(x)).toBeLessThanOrEqual(v(x));
    expect(Math.abs(noisy.lowerBound(x) - base.lowerBound(x))).toBeLessThan(1);
  });

  it('recovers a drift of 100 ppm from samples spanning 15 minutes', () => {
    const { v, sample } = venue(OFFSET, 100);
    const clock = new VenueClock();
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let t = 0; t <= 900_000; t += 30_000) {
      clock.addSample(sample(1_000_000 + t, 1 + rand() * 6, 1 + rand() * 6));
    }
    const x = 1_900_000 + 60_000; // a minute after the last sample
    const r = clock.report(x);
    expect(r.driftPpm).toBeGreaterThan(95);
    expect(r.driftPpm).toBeLessThan(105);
    expect(r.driftUncertaintyPpm).toBeLessThan(30);
    expect(r.sampleCount).toBeLessThanOrEqual(16);
    expect(clock.now(x)).toBeLessThanOrEqual(v(x));
    // Even a minute on, the bound is still within a few ms of the truth.
    expect(v(x) - clock.lowerBound(x)).toBeLessThan(15);
  });

  it('without drift information the bound decays at the assumed worst drift', () => {
    const clock = new VenueClock({ maxDriftPpm: 500 });
    clock.addSample({ sentAt: 0, receivedAt: 10, serverTime: 1_000_000 });
    // 60 s after the only sample: 500 ppm × 60 s = 30 ms of caution.
    expect(clock.lowerBound(60_010)).toBeCloseTo(1_000_000 + 60_000 - 30, 6);
    expect(clock.report(60_010).driftPpm).toBe(0);
    expect(clock.report(60_010).driftUncertaintyPpm).toBe(500);
  });

  it('never ahead: for any samples consistent with a true clock, now() ≤ true venue time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.double({ min: -900, max: 900, noNaN: true }),
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 120_000 }),
            up: fc.double({ min: 0, max: 400, noNaN: true }),
            down: fc.double({ min: 0, max: 400, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 600_000 }),
        (offset, driftPpm, legs, later) => {
          const { v, sample } = venue(OFFSET + offset, driftPpm);
          const clock = new VenueClock({ maxDriftPpm: 1000 });
          let t = 50_000;
          for (const leg of legs) {
            t += leg.gap;
            expect(clock.addSample(sample(t, leg.up, leg.down)).ok).toBe(true);
            const x = t + leg.up + leg.down;
            expect(clock.now(x)).toBeLessThanOrEqual(v(x));
          }
          const x = t + 800 + later;
          expect(clock.now(x)).toBeLessThanOrEqual(v(x));
          expect(clock.upperBound(x)).toBeGreaterThanOrEqual(v(x) - 1e-6);
          expect(clock.report(x).contradictions).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a step of the venue clock drops the samples it contradicts', () => {
    const clock = new VenueClock();
    clock.addSample({ sentAt: 0, receivedAt: 10, serverTime: 1_000_000 });
    clock.addSample({ sentAt: 1000, receivedAt: 1010, serverTime: 1_001_000 });
    // The venue stepped back 5 s: impossible under any drift within the bound.
    clock.addSample({ sentAt: 2000, receivedAt: 2010, serverTime: 997_000 });
    const r = clock.report(2010);
    expect(r.contradictions).toBe(2);
    expect(r.sampleCount).toBe(1);
    expect(clock.now(2010)).toBe(996_999);
  });

  it('refuses malformed and useless samples with a reason and carries on', () => {
    const clock = new VenueClock({ maxRttMs: 2000 });
    expect(clock.addSample({ sentAt: 10, receivedAt: 5, serverTime: 1 })).toEqual({
      ok: false,
      reason: 'receivedAt 5 is before sentAt 10',
    });
    expect(clock.addSample({ sentAt: 0, receivedAt: Number.NaN, serverTime: 1 }).ok).toBe(false);
    expect(clock.addSample({ sentAt: 0, receivedAt: 3000, serverTime: 1 })).toEqual({
      ok: false,
      reason: 'round trip 3000 ms exceeds 2000 ms',
    });
    expect(clock.isSynced()).toBe(false);
    expect(clock.report(0).refused).toBe(3);
    expect(clock.addSample({ sentAt: 0, receivedAt: 4, serverTime: 100 }).ok).toBe(true);
    expect(clock.isSynced()).toBe(true);
  });

  it('keeps a bounded window, spread in time, preferring fast samples', () => {
    const clock = new VenueClock({ maxSamples: 4, maxAgeMs: 100_000 });
    const { sample } = venue(OFFSET);
    clock.addSample(sample(0, 5, 5));
    clock.addSample(sample(30_000, 5, 5));
    clock.addSample(sample(30_100, 1, 1)); // close to the previous one and faster: kept instead
    clock.addSample(sample(60_000, 5, 5));
    clock.addSample(sample(90_000, 5, 5));
    const kept = clock.samples().map((s) => s.sentAt);
    expect(kept).toEqual([0, 30_100, 60_000, 90_000]);
    clock.addSample(sample(150_000, 5, 5)); // ages out everything older than 50 000
    expect(clock.samples().map((s) => s.sentAt)).toEqual([60_000, 90_000, 150_000]);
  });

  it('a step of the wall clock cannot matter: only the monotonic times passed in are used', () => {
    const a = new VenueClock();
    const b = new VenueClock();
    const s = { sentAt: 100, receivedAt: 120, serverTime: 9_000_000 };
    a.addSample(s);
    const realNow = Date.now;
    try {
      Date.now = () => 0; // a wall clock stepped back to 1970
      b.addSample(s);
      expect(b.now(5000)).toBe(a.now(5000));
    } finally {
      Date.now = realNow;
    }
  });

  it('estimate lies between the bounds; clear forgets the samples', () => {
    const clock = new VenueClock();
    clock.addSample({ sentAt: 0, receivedAt: 20, serverTime: 1000 });
    const e = clock.estimate(20);
    expect(e).toBeGreaterThanOrEqual(clock.lowerBound(20));
    expect(e).toBeLessThanOrEqual(clock.upperBound(20));
    clock.clear();
    expect(clock.isSynced()).toBe(false);
    // The bounds solved from the forgotten samples are not offered either.
    expect(() => clock.now(20)).toThrow(ClockNotSyncedError);
    expect(() => clock.lowerBound(20)).toThrow(ClockNotSyncedError);
    expect(() => clock.upperBound(20)).toThrow(ClockNotSyncedError);
  });
});

/**
 * The exact bounds of a clock seen through samples: the least and greatest venue time at x over
 * every line V(x) = x + θ + β·x (|β| ≤ maxDrift) that the samples allow, found by brute force over
 * a grid of drifts (a different method from the clock's own, to hold it to). Undefined when the
 * grid misses the feasible drifts (a range narrower than its step).
 */
function gridBounds(samples: ClockSample[], x: number, maxDrift: number, steps = 4000) {
  // Offsets relative to the first sample keep the sums far from float's limits.
  const base = samples[0]!.serverTime - samples[0]!.receivedAt;
  let least = Number.POSITIVE_INFINITY;
  let greatest = Number.NEGATIVE_INFINITY;
  let slope = 0;
  for (const s of samples) slope = Math.max(slope, Math.abs(x - s.sentAt), Math.abs(x - s.receivedAt));
  for (let i = 0; i <= steps; i++) {
    const beta = -maxDrift + (2 * maxDrift * i) / steps;
    // V(receivedAt) ≥ serverTime and V(sentAt) < serverTime + 1 (ms truncation), as offsets.
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const s of samples) {
      lo = Math.max(lo, s.serverTime - base - s.receivedAt - beta * s.receivedAt);
      hi = Math.min(hi, s.serverTime + 1 - base - s.sentAt - beta * s.sentAt);
    }
    if (lo > hi) continue;
    least = Math.min(least, x + base + lo + beta * x);
    greatest = Math.max(greatest, x + base + hi + beta * x);
  }
  if (least === Number.POSITIVE_INFINITY) return undefined;
  // Between grid points the true extreme can be better by at most one step times the slope.
  return { least, greatest, slack: ((2 * maxDrift) / steps) * slope + 1e-3 };
}

describe('VenueClock bounds at any instant, not only after the newest sample', () => {
  it('between two samples the bounds are as tight as the samples make them', () => {
    // Zero round trips 100 s apart, both reading venue = local + 1000: whatever the drift, the
    // clock ran from one to the other, so half-way it read between 51 000 and 51 001.
    const clock = new VenueClock();
    clock.addSample({ sentAt: 0, receivedAt: 0, serverTime: 1000 });
    clock.addSample({ sentAt: 100_000, receivedAt: 100_000, serverTime: 101_000 });
    expect(clock.lowerBound(50_000)).toBe(51_000);
    expect(clock.upperBound(50_000)).toBe(51_001);
    expect(clock.report(100_000).driftUncertaintyPpm).toBeCloseTo(10, 9); // (1 ms / 100 s) either way
  });

  it('a bound in the past takes the drift the later samples allow, no more', () => {
    // B and C (zero round trips 10 s apart) allow a drift of at most ±100 ppm (1 ms in 10 s).
    // 50 s before B, the venue read at least 101 000 − 50 000·(1 + 100 ppm) = 50 995, and less
    // than 101 001 − 50 000·(1 − 100 ppm) = 51 006. A (slow, early) adds nothing tighter.
    const clock = new VenueClock();
    clock.addSample({ sentAt: 0, receivedAt: 100, serverTime: 1050 }); // A
    clock.addSample({ sentAt: 100_000, receivedAt: 100_000, serverTime: 101_000 }); // B
    clock.addSample({ sentAt: 110_000, receivedAt: 110_000, serverTime: 111_000 }); // C
    expect(clock.lowerBound(50_000)).toBeCloseTo(50_995, 6);
    expect(clock.upperBound(50_000)).toBeCloseTo(51_006, 6);
  });

  it('the bounds are the exact extremes of the clocks the samples allow, at any instant (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.double({ min: -900, max: 900, noNaN: true }),
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 120_000 }),
            up: fc.integer({ min: 0, max: 300 }),
            down: fc.integer({ min: 0, max: 300 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (offset, driftPpm, legs, where) => {
          const { v, sample } = venue(OFFSET + offset, driftPpm);
          const clock = new VenueClock({ maxDriftPpm: 1000 });
          let t = 50_000;
          for (const leg of legs) {
            t += leg.gap;
            clock.addSample(sample(t, leg.up, leg.down));
          }
          const kept = clock.samples();
          const first = kept[0]!.sentAt;
          const last = kept[kept.length - 1]!.receivedAt;
          // Before, between and after the samples.
          for (const x of [first - 30_000, first + where * (last - first), last + 30_000]) {
            expect(clock.lowerBound(x)).toBeLessThanOrEqual(v(x) + 1e-3);
            expect(clock.upperBound(x)).toBeGreaterThanOrEqual(v(x) - 1e-3);
            const exact = gridBounds(kept, x, 1000 / 1e6);
            if (exact === undefined) continue;
            // Never looser than a clock the grid found (to float precision), never tighter
            // than the grid allows.
            expect(clock.lowerBound(x)).toBeLessThanOrEqual(exact.least + 1e-3);
            expect(clock.lowerBound(x)).toBeGreaterThanOrEqual(exact.least - exact.slack);
            expect(clock.upperBound(x)).toBeGreaterThanOrEqual(exact.greatest - 1e-3);
            expect(clock.upperBound(x)).toBeLessThanOrEqual(exact.greatest + exact.slack);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
