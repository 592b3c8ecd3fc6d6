/**
 * Properties of the brief over random series drawn from the run's seed (test/support/seed.ts via
 * fast-check's global seed): a steady climb is up and a steady fall down, prices scaled by k scale
 * the ATR by k and leave everything scale-free alone, every number is finite and every range
 * position in [0, 1], and feeding bar by bar gives the same brief as the whole series at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BriefBuilder, briefOf } from '../../../src/core/signals/brief.js';
import { FRAME_DEFAULTS, FrameTracker } from '../../../src/core/signals/frame.js';
import type { FrameBrief, Kline } from '../../../src/core/signals/types.js';

const MIN = 60_000;

/** Bars from a start price and per-bar log returns; each bar's wicks reach `wick` beyond its body. */
function barsOf(start: number, returns: readonly number[], wicks: readonly number[], volumes: readonly number[]): Kline[] {
  const bars: Kline[] = [];
  let open = start;
  for (let i = 0; i < returns.length; i++) {
    const close = open * Math.exp(returns[i]!);
    const wick = wicks[i % wicks.length]!;
    bars.push({
      openTime: i * MIN,
      open,
      high: Math.max(open, close) * (1 + wick),
      low: Math.min(open, close) * (1 - wick),
      close,
      volume: volumes[i % volumes.length]!,
      closed: true,
    });
    open = close;
  }
  return bars;
}

const start = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
// No wick, or one of at least a millionth of the price: narrower is rounding, which the range
// position calls no range (src/core/signals/range.ts NO_WIDTH), and scaling moves across that edge.
const wicks = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 0.02, noNaN: true })), { minLength: 1, maxLength: 20 });
// No volume, or a real one (a subnormal volume × 0.001 underflows to none).
const volumes = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 20 });
const anyReturns = (maxLength: number) => fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 0, maxLength });

function frameOf(bars: readonly Kline[], options = {}): FrameBrief | undefined {
  const f = new FrameTracker('1m', options);
  f.ingest(bars);
  return f.brief();
}

const finite = (b: FrameBrief) =>
  [b.last, b.emaSlope, b.realizedVol, b.atr, b.rangePosition, b.volumeRatio].every((x) => Number.isFinite(x));

describe('brief properties', () => {
  it('a steady climb (constant rate) is up from its second bar, a steady fall down', () => {
    fc.assert(
      fc.property(start, fc.double({ min: 1e-4, max: 0.05, noNaN: true }), fc.integer({ min: 2, max: 300 }), wicks, volumes, (p0, r, n, w, v) => {
        const up = frameOf(barsOf(p0, Array(n).fill(r), w, v))!;
        const down = frameOf(barsOf(p0, Array(n).fill(-r), w, v))!;
        expect(up.trend).toBe('up');
        expect(down.trend).toBe('down');
        expect(up.emaSlope).toBeGreaterThan(0);
        expect(down.emaSlope).toBeLessThan(0);
      }),
    );
  });

  it('a monotone climb with uneven steps (within ×2 of each other) is up once the EMA has warmed', () => {
    fc.assert(
      fc.property(
        start,
        fc.double({ min: 1e-4, max: 0.02, noNaN: true }),
        fc.array(fc.double({ min: 1, max: 2, noNaN: true }), { minLength: 2 * FRAME_DEFAULTS.emaPeriod, maxLength: 200 }),
        wicks,
        volumes,
        (p0, a, steps, w, v) => {
          const returns = steps.map((s) => s * a);
          expect(frameOf(barsOf(p0, returns, w, v))!.trend).toBe('up');
          expect(frameOf(barsOf(p0, returns.map((x) => -x), w, v))!.trend).toBe('down');
        },
      ),
    );
  });

  it('prices × k: ATR and last × k; slope, volatility, range position and trend unchanged', () => {
    fc.assert(
      fc.property(start, anyReturns(120), wicks, volumes, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (p0, r, w, v, k) => {
        const bars = barsOf(p0, r, w, v);
        const scaled = bars.map((b) => ({ ...b, open: b.open * k, high: b.high * k, low: b.low * k, close: b.close * k }));
        const a = frameOf(bars);
        const b = frameOf(scaled);
        if (a === undefined || b === undefined) {
          expect(a).toBe(b);
          return;
        }
        // Relative to the price: an ATR of 1e-20 on a price of 1e-3 is rounding, not range.
        expect(Math.abs(b.atr - a.atr * k)).toBeLessThanOrEqual(1e-9 * Math.max(b.atr, a.atr * k) + 1e-12 * b.last);
        expect(b.last / (a.last * k)).toBeCloseTo(1, 12);
        expect(b.emaSlope).toBeCloseTo(a.emaSlope, 9);
        expect(b.realizedVol).toBeCloseTo(a.realizedVol, 9);
        expect(b.rangePosition).toBeCloseTo(a.rangePosition, 9);
        expect(b.volumeRatio).toBe(a.volumeRatio);
        // The trend may differ only where the slope sits on the band's edge to rounding.
        if (Math.abs(Math.abs(a.emaSlope) - FRAME_DEFAULTS.flatBand * a.realizedVol) > 1e-9) expect(b.trend).toBe(a.trend);
      }),
    );
  });

  it('volumes × k leave the volume ratio alone', () => {
    fc.assert(
      fc.property(start, anyReturns(60), wicks, volumes, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (p0, r, w, v, k) => {
        const a = frameOf(barsOf(p0, r, w, v));
        const b = frameOf(barsOf(p0, r, w, v.map((x) => x * k)));
        if (a === undefined) return;
        expect(b!.volumeRatio).toBeCloseTo(a.volumeRatio, 9);
      }),
    );
  });

  it('every number finite, range position in [0, 1], volume ratio in [0, window], ATR and vol ≥ 0 — with a forming bar anywhere', () => {
    fc.assert(
      fc.property(start, anyReturns(200), wicks, volumes, fc.double({ min: -0.5, max: 0.5, noNaN: true }), (p0, r, w, v, jump) => {
        const bars = barsOf(p0, r, w, v);
        const lastClose = bars.at(-1)?.close ?? p0;
        const forming = { openTime: bars.length * MIN, open: lastClose, high: lastClose, low: lastClose, close: lastClose * Math.exp(jump), volume: 1, closed: false };
        for (const series of [bars, [...bars, forming]]) {
          const b = frameOf(series, { minBars: 1 });
          if (bars.length === 0) {
            expect(b).toBeUndefined();
            continue;
          }
          expect(finite(b!)).toBe(true);
          expect(b!.rangePosition).toBeGreaterThanOrEqual(0);
          expect(b!.rangePosition).toBeLessThanOrEqual(1);
          expect(b!.volumeRatio).toBeGreaterThanOrEqual(0);
          expect(b!.volumeRatio).toBeLessThanOrEqual(FRAME_DEFAULTS.volumeBars + 1e-9);
          expect(b!.atr).toBeGreaterThanOrEqual(0);
          expect(b!.realizedVol).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('a flat series, of any length, is flat with no NaN', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 100 }), (p, n) => {
        const bars = barsOf(p, Array(n).fill(0), [0], [0]);
        const brief = briefOf('X', { '1m': bars, '5m': bars, '1h': bars, '4h': bars, '1d': bars }, 0);
        expect(brief.agreement).toBe(0);
        for (const f of Object.values(brief.frames)) {
          expect(f.trend).toBe('flat');
          expect(f.rangePosition).toBe(0.5);
          expect(finite(f)).toBe(true);
        }
        expect(Object.keys(brief.frames).length).toBe(n >= 2 ? 5 : 0);
      }),
    );
  });

  it('fed in any chunks, with forming updates between, gives the same brief as the whole series', () => {
    fc.assert(
      fc.property(start, anyReturns(150), wicks, volumes, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), (p0, r, w, v, cuts) => {
        const bars = barsOf(p0, r, w, v);
        const whole = new BriefBuilder('X');
        whole.ingest('5m', bars);
        const fed = new BriefBuilder('X');
        let at = 0;
        let c = 0;
        while (at < bars.length) {
          const next = Math.min(bars.length, at + cuts[c++ % cuts.length]!);
          // The snapshot so far, its last bar still forming, then the same bar closed and more.
          fed.ingest('5m', [...bars.slice(0, next - 1), { ...bars[next - 1]!, closed: false }]);
          fed.bar('5m', { ...bars[next - 1]!, close: bars[next - 1]!.close * 1.01, closed: false });
          fed.ingest('5m', bars.slice(0, next));
          at = next;
        }
        expect(fed.brief(1)).toEqual(whole.brief(1));
      }),
    );
  });

  it('ups and downs in the frames move the agreement in [−1, 1], 1 only when every frame is up', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<number>(0.01, -0.01, 0), { minLength: 5, maxLength: 5 }), fc.integer({ min: 2, max: 60 }), (rates, n) => {
        const tfs = ['1m', '5m', '1h', '4h', '1d'] as const;
        const series = Object.fromEntries(tfs.map((tf, i) => [tf, barsOf(100, Array(n).fill(rates[i]), [0], [1])]));
        const b = briefOf('X', series, 0);
        const expected = rates.reduce((s, x) => s + Math.sign(x), 0) / 5;
        expect(b.agreement).toBeCloseTo(expected, 12);
        expect(b.agreement === 1).toBe(rates.every((x) => x > 0));
      }),
    );
  });
});
