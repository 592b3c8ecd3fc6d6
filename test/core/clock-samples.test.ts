import { describe, expect, it } from 'vitest';
import { VenueClock } from '../../src/core/clock.js';
import { OFFSET, venue } from './clock-venue.js';

/** Round trips leaving at each `[sentAt, rtt]`, symmetric, from a venue without drift. */
function clockWith(options: ConstructorParameters<typeof VenueClock>[0], legs: Array<[number, number]>) {
  const { sample } = venue(OFFSET);
  const clock = new VenueClock(options);
  for (const [sentAt, rtt] of legs) clock.addSample(sample(sentAt, rtt / 2, rtt / 2));
  return clock;
}
const sentTimes = (clock: VenueClock) => clock.samples().map((s) => s.sentAt);

describe('VenueClock sample window', () => {
  it('thins the closest pair in time, dropping its slower sample, wherever the pair is', () => {
    // Five samples, room for four: 30 000 and 30 100 are the closest pair.
    const slowerFirst = clockWith({ maxSamples: 4 }, [
      [0, 20],
      [30_000, 10],
      [30_100, 2],
      [60_000, 10],
      [90_000, 10],
    ]);
    expect(sentTimes(slowerFirst)).toEqual([0, 30_100, 60_000, 90_000]);
    const fasterFirst = clockWith({ maxSamples: 4 }, [
      [0, 20],
      [30_000, 2],
      [30_100, 10],
      [60_000, 10],
      [90_000, 10],
    ]);
    expect(sentTimes(fasterFirst)).toEqual([0, 30_000, 60_000, 90_000]);
    // Equally fast: the earlier of the pair stays.
    const equal = clockWith({ maxSamples: 4 }, [
      [0, 20],
      [30_000, 10],
      [30_100, 10],
      [60_000, 10],
      [90_000, 10],
    ]);
    expect(sentTimes(equal)).toEqual([0, 30_000, 60_000, 90_000]);
  });

  it('never thins away the newest sample, even when it is the slower of the closest pair', () => {
    const clock = clockWith({ maxSamples: 4 }, [
      [0, 10],
      [30_000, 10],
      [60_000, 10],
      [90_000, 2],
      [90_100, 10],
    ]);
    expect(sentTimes(clock)).toEqual([0, 30_000, 60_000, 90_100]);
  });

  it('among equally close pairs the oldest is thinned: the recent spread is kept', () => {
    const clock = clockWith({ maxSamples: 4 }, [
      [0, 10],
      [30_000, 2],
      [60_000, 5],
      [90_000, 5],
      [120_000, 5],
    ]);
    expect(sentTimes(clock)).toEqual([30_000, 60_000, 90_000, 120_000]);
  });

  it('keeps a sample exactly maxAgeMs older than the newest, drops one older still', () => {
    const clock = clockWith({ maxAgeMs: 100_000 }, [
      [0, 0],
      [50_000, 0],
      [100_000, 0],
    ]);
    expect(sentTimes(clock)).toEqual([0, 50_000, 100_000]);
    clock.addSample(venue(OFFSET).sample(100_001, 0, 0));
    expect(sentTimes(clock)).toEqual([50_000, 100_000, 100_001]);
  });

  it('takes a round trip of exactly maxRttMs, refuses a longer one, and names a non-finite time', () => {
    const clock = new VenueClock({ maxRttMs: 2000 });
    expect(clock.addSample({ sentAt: 0, receivedAt: 2000, serverTime: 5000 })).toEqual({ ok: true });
    expect(clock.addSample({ sentAt: 0, receivedAt: 2001, serverTime: 5000 })).toEqual({
      ok: false,
      reason: 'round trip 2001 ms exceeds 2000 ms',
    });
    expect(clock.addSample({ sentAt: 0, receivedAt: 10, serverTime: Number.POSITIVE_INFINITY })).toEqual({
      ok: false,
      reason: 'sample times must be finite numbers',
    });
  });

  it('a sample that arrives late (older than the newest) is put in its place; the age counts from the newest', () => {
    const { sample } = venue(OFFSET);
    const clock = new VenueClock();
    clock.addSample(sample(2000, 5, 5));
    clock.addSample(sample(1000, 5, 5)); // answered after the later one
    clock.addSample(sample(3000, 5, 5));
    clock.addSample(sample(1500, 5, 5));
    expect(sentTimes(clock)).toEqual([1000, 1500, 2000, 3000]);
    expect(clock.report(4010).lastSampleAge).toBe(1000);
    // The bound is solved around the newest sample, whatever the order of arrival.
    const inOrder = new VenueClock();
    for (const t of [1000, 1500, 2000, 3000]) inOrder.addSample(sample(t, 5, 5));
    expect(clock.lowerBound(4010)).toBe(inOrder.lowerBound(4010));
    expect(clock.upperBound(4010)).toBe(inOrder.upperBound(4010));
  });

  it('reports the best round trip of the kept samples', () => {
    const clock = clockWith({}, [
      [0, 30],
      [1000, 4],
      [2000, 12],
    ]);
    expect(clock.report(3000).bestRtt).toBe(4);
  });
});

describe('VenueClock contradictions at a shared instant', () => {
  it('a reply received at the instant the next request left: the venue cannot have gone back', () => {
    // A says the venue read ≥ 5005 at local 1000; B says < 5001 at the same local 1000.
    const clock = new VenueClock();
    clock.addSample({ sentAt: 990, receivedAt: 1000, serverTime: 5005 });
    clock.addSample({ sentAt: 1000, receivedAt: 1010, serverTime: 5000 });
    const r = clock.report(1010);
    expect(r.contradictions).toBe(1);
    expect(clock.samples()).toEqual([{ sentAt: 1000, receivedAt: 1010, serverTime: 5000 }]);
  });

  it('two samples that just meet at that instant are both kept, with finite bounds', () => {
    // A: ≥ 5001 at 1000; B: < 5001 at 1000 — the limit the ≤ of the solver admits.
    const clock = new VenueClock();
    clock.addSample({ sentAt: 990, receivedAt: 1000, serverTime: 5001 });
    clock.addSample({ sentAt: 1000, receivedAt: 1010, serverTime: 5000 });
    const r = clock.report(1010);
    expect(r.contradictions).toBe(0);
    expect(r.sampleCount).toBe(2);
    expect(Number.isFinite(clock.lowerBound(1010))).toBe(true);
    expect(Number.isFinite(clock.upperBound(1010))).toBe(true);
    expect(clock.lowerBound(1010)).toBeLessThanOrEqual(clock.upperBound(1010));
  });
});

describe('VenueClock drift fit', () => {
  /** Symmetric 2 ms round trips, the venue reading at multiples of 10 s (whole ms at 100 ppm). */
  const driftOf = (options: ConstructorParameters<typeof VenueClock>[0], at: number[], driftPpm = 100) => {
    const { sample } = venue(OFFSET, driftPpm);
    const clock = new VenueClock(options);
    for (const t of at) clock.addSample(sample(t - 1, 1, 1));
    return clock.report(at[at.length - 1]! + 1).driftPpm;
  };

  it('reports no drift below minDriftSpanMs of samples, fits it from exactly that span on', () => {
    expect(driftOf({}, [10_000, 40_000])).toBe(0); // 30 s < the default 60 s
    expect(driftOf({}, [10_000, 70_000])).toBeCloseTo(100, 6); // two samples exactly 60 s apart
    expect(driftOf({ minDriftSpanMs: 20_000 }, [10_000, 40_000])).toBeCloseTo(100, 6);
    expect(driftOf({ minDriftSpanMs: 20_000 }, [10_000, 20_000])).toBe(0);
  });

  it('recovers the drift exactly from clean samples, and a slow lopsided one barely moves it', () => {
    const beta = 50e-6; // 1 ms per 20 s: whole ms at the instants below
    const v = (t: number) => t + OFFSET + beta * t;
    const clock = new VenueClock();
    // 1 ms round trips, the venue reading at the instant of arrival.
    for (let t = 20_000; t <= 620_000; t += 60_000)
      clock.addSample({ sentAt: t - 1, receivedAt: t, serverTime: v(t) });
    expect(clock.report(620_000).driftPpm).toBeCloseTo(50, 6);
    // 1900 ms up, 100 ms back: its midpoint is 900 ms off the truth. Weighted by 1/rtt², it
    // moves the fit by about a thousandth of a ppm; unweighted it would pull it to the edge of
    // the range the fast samples allow (±3 ppm).
    clock.addSample({ sentAt: 618_100, receivedAt: 620_100, serverTime: Math.floor(v(620_000)) });
    const r = clock.report(620_100);
    expect(r.sampleCount).toBe(12);
    expect(Math.abs(r.driftPpm - 50)).toBeLessThan(0.01);
  });

  it('one sample has no drift, even when any span is enough (minDriftSpanMs 0)', () => {
    // A slope through one point is 0/0: float rounding can leave a tiny non-zero denominator
    // that would read as the full ±1000 ppm (it does at a 13 ms round trip).
    for (const rtt of [13, 22, 40]) {
      const clock = new VenueClock({ minDriftSpanMs: 0 });
      clock.addSample({ sentAt: 1000, receivedAt: 1000 + rtt, serverTime: 1_000_000_000_000 });
      expect(clock.report(1000 + rtt).driftPpm).toBe(0);
    }
  });

  it('samples sharing one midpoint give no slope: drift 0, not NaN', () => {
    const clock = new VenueClock({ minDriftSpanMs: 10 });
    clock.addSample({ sentAt: 0, receivedAt: 100, serverTime: 5050 });
    clock.addSample({ sentAt: 40, receivedAt: 60, serverTime: 5050 });
    expect(clock.report(100).driftPpm).toBe(0);
  });
});
