// Open interest in the brief (src/core/signals/open-interest.ts, brief.ts): the readings kept over
// the window, the change from the oldest reading in it to the newest with the span it covers (never
// an hour's change a minute of readings has not seen), and the brief's fields — left out, not 0 or
// NaN, where the venue gives none.
import { describe, expect, it } from 'vitest';
import { briefOf } from '../../../src/core/signals/brief.js';
import { OpenInterestTrail } from '../../../src/core/signals/open-interest.js';

const MIN = 60_000;

describe('open interest trail', () => {
  it('one reading: a figure, no change', () => {
    const t = new OpenInterestTrail();
    t.push(0, 6000);
    expect(t.latest).toBe(6000);
    expect(t.change()).toBeUndefined();
  });

  it('the change over the span the readings cover, up to the window', () => {
    const t = new OpenInterestTrail(60 * MIN);
    t.push(0, 6000);
    t.push(10 * MIN, 6060);
    expect(t.change()).toEqual({ fraction: 6060 / 6000 - 1, overMs: 10 * MIN });
    for (let i = 11; i <= 90; i++) t.push(i * MIN, 6000 + i);
    // readings older than the window are dropped: from minute 30 to 90
    const c = t.change()!;
    expect(c.overMs).toBe(60 * MIN);
    expect(c.fraction).toBeCloseTo(6090 / 6030 - 1, 12);
  });

  it('keeps no broken reading and no reading older than the newest', () => {
    const t = new OpenInterestTrail();
    t.push(0, 100);
    t.push(MIN, Number.NaN);
    t.push(2 * MIN, -5);
    t.push(3 * MIN, 110);
    t.push(2 * MIN, 1);
    expect(t.latest).toBe(110);
    expect(t.change()).toEqual({ fraction: 110 / 100 - 1, overMs: 3 * MIN });
  });

  it('no change from zero', () => {
    const t = new OpenInterestTrail();
    t.push(0, 0);
    t.push(MIN, 5);
    expect(t.change()).toBeUndefined();
  });
});

describe('the brief carries open interest where the venue gives it', () => {
  it('the figure and its change', () => {
    const b = briefOf('BTCUSDT', {}, 0, { openInterest: 6012.5, openInterestChange: { fraction: 0.012, overMs: 58 * MIN } });
    expect(b.openInterest).toBe(6012.5);
    expect(b.openInterestChange).toEqual({ fraction: 0.012, overMs: 58 * MIN });
  });

  it('none given, none shown; a broken figure or a change without its figure is left out', () => {
    expect('openInterest' in briefOf('X', {}, 0)).toBe(false);
    const broken = briefOf('X', {}, 0, { openInterest: Number.NaN, openInterestChange: { fraction: 0.1, overMs: MIN } });
    expect('openInterest' in broken || 'openInterestChange' in broken).toBe(false);
    expect('openInterestChange' in briefOf('X', {}, 0, { openInterest: 1, openInterestChange: { fraction: Number.NaN, overMs: MIN } })).toBe(false);
  });
});
