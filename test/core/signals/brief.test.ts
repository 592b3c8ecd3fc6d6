/**
 * L1's brief (src/core/signals/brief.ts, frame.ts): a frame worked out on paper, the flat band,
 * sign agreement, funding and open interest, closed bars only, the edges (no bars, one bar, a flat
 * series, broken bars), and the incremental feed giving the same brief as the whole series.
 */
import { describe, expect, it } from 'vitest';
import { agreement, BriefBuilder, briefOf } from '../../../src/core/signals/brief.js';
import { FrameTracker, trendOf, usableBar } from '../../../src/core/signals/frame.js';
import type { FrameBrief, Kline, Timeframe } from '../../../src/core/signals/types.js';

const MIN = 60_000;
const bar = (i: number, o: number, h: number, l: number, c: number, v: number, closed = true): Kline => ({
  openTime: i * MIN,
  open: o,
  high: h,
  low: l,
  close: c,
  volume: v,
  closed,
});

// Small windows so every number can be checked by hand: EMA(3) is α = 0.5, ATR(3), a range and a
// volume average over the last three bars.
const SMALL = { emaPeriod: 3, atrPeriod: 3, volBars: 30, rangeBars: 3, volumeBars: 3, flatBand: 0.25, minBars: 2 };
const PAPER = [
  bar(0, 10, 12, 9, 10, 1),
  bar(1, 10, 13, 11, 12, 1),
  bar(2, 12, 12, 10, 11, 1),
  bar(3, 11, 16, 12, 15, 3),
];

describe('a frame on paper', () => {
  it('closes 10, 12, 11, 15: EMA 10, 11, 11, 13; slope 2/11; ATR 31/9; range 10..16; volume 3 over 5/3', () => {
    const f = new FrameTracker('1m', SMALL);
    f.ingest(PAPER);
    const b = f.brief()!;
    const r = [Math.log(12 / 10), Math.log(11 / 12), Math.log(15 / 11)];
    const mean = (r[0]! + r[1]! + r[2]!) / 3;
    const vol = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(b.timeframe).toBe('1m');
    expect(b.bars).toBe(4);
    expect(b.last).toBe(15);
    expect(b.emaSlope).toBeCloseTo(2 / 11, 14);
    expect(b.realizedVol).toBeCloseTo(vol, 14);
    expect(b.realizedVol).toBeCloseTo(0.20274, 4);
    expect(b.atr).toBeCloseTo(31 / 9, 12);
    expect(b.rangePosition).toBeCloseTo(5 / 6, 14); // (15 − 10) / (16 − 10)
    expect(b.volumeRatio).toBeCloseTo(1.8, 14); // 3 / ((1 + 1 + 3) / 3)
    expect(b.trend).toBe('up'); // 0.18 > 0.25 × 0.20
  });

  it('a forming bar moves last and the range position only', () => {
    const f = new FrameTracker('1m', SMALL);
    f.ingest([...PAPER, bar(4, 15, 30, 1, 13, 99, false)]);
    const b = f.brief()!;
    expect(b.bars).toBe(4);
    expect(b.last).toBe(13);
    expect(b.rangePosition).toBeCloseTo(0.5, 14); // (13 − 10) / 6: the forming bar's 30 and 1 are not in the range
    expect(b.atr).toBeCloseTo(31 / 9, 12);
    expect(b.volumeRatio).toBeCloseTo(1.8, 14);
    expect(b.emaSlope).toBeCloseTo(2 / 11, 14);
  });

  it('the same bars mirrored downward are down; a constant series is flat with no range and no NaN', () => {
    const down = new FrameTracker('1m', SMALL);
    down.ingest([bar(0, 15, 15, 15, 15, 1), bar(1, 15, 15, 11, 11, 1), bar(2, 11, 12, 11, 12, 1), bar(3, 12, 12, 8, 8, 1)]);
    // EMA 15, 13, 12.5, 10.25: slope −2.25/12.5
    expect(down.brief()!.emaSlope).toBeCloseTo(-2.25 / 12.5, 14);
    expect(down.brief()!.trend).toBe('down');
    const flat = new FrameTracker('1m', SMALL);
    flat.ingest([bar(0, 5, 5, 5, 5, 0), bar(1, 5, 5, 5, 5, 0), bar(2, 5, 5, 5, 5, 0)]);
    expect(flat.brief()).toEqual({
      timeframe: '1m',
      bars: 3,
      last: 5,
      emaSlope: 0,
      trend: 'flat',
      realizedVol: 0,
      atr: 0,
      rangePosition: 0.5,
      volumeRatio: 1,
    });
  });

  it('the flat band is ± flatBand × vol, its edge flat', () => {
    expect(trendOf(0.0026, 0.01, 0.25)).toBe('up');
    expect(trendOf(0.0025, 0.01, 0.25)).toBe('flat');
    expect(trendOf(-0.0025, 0.01, 0.25)).toBe('flat');
    expect(trendOf(-0.0026, 0.01, 0.25)).toBe('down');
    expect(trendOf(0, 0, 0.25)).toBe('flat');
    expect(trendOf(1e-12, 0, 0.25)).toBe('up');
    expect(trendOf(-1e-12, 0, 0.25)).toBe('down');
  });

  it('a wider band calls the same slope flat', () => {
    const wide = new FrameTracker('1m', { ...SMALL, flatBand: 1 });
    wide.ingest(PAPER);
    expect(wide.brief()!.trend).toBe('flat'); // 0.18 < 1 × 0.20
  });
});

describe('edges', () => {
  it('no bars: no frame; one closed bar: no frame under minBars 2, a finite one under minBars 1', () => {
    const f = new FrameTracker('5m');
    f.ingest([]);
    expect(f.brief()).toBeUndefined();
    f.ingest([bar(0, 10, 11, 9, 10, 1, false)]);
    expect(f.brief()).toBeUndefined();
    f.ingest([bar(0, 10, 11, 9, 10, 1)]);
    expect(f.bars).toBe(1);
    expect(f.brief()).toBeUndefined();
    const one = new FrameTracker('5m', { minBars: 1 });
    one.ingest([bar(0, 10, 11, 9, 10, 1)]);
    expect(one.brief()).toEqual({
      timeframe: '5m',
      bars: 1,
      last: 10,
      emaSlope: 0,
      trend: 'flat',
      realizedVol: 0,
      atr: 2,
      rangePosition: 0.5,
      volumeRatio: 1,
    });
    const zero = new FrameTracker('5m', { minBars: 0 });
    expect(zero.brief()).toBeUndefined();
  });

  it('a broken bar (NaN, a close ≤ 0, high under low) is skipped', () => {
    const broken = [
      bar(1, 10, Number.NaN, 9, 10, 1),
      bar(1, 10, 11, Number.NaN, 10, 1),
      bar(1, 10, 11, 9, Number.NaN, 1),
      bar(1, 10, 11, 9, 0, 1),
      bar(1, 10, 11, 9, -3, 1),
      bar(1, 10, 9, 11, 10, 1),
      { ...bar(1, 10, 11, 9, 10, 1), openTime: Number.NaN },
    ];
    for (const b of broken) expect(usableBar(b), JSON.stringify(b)).toBe(false);
    expect(usableBar(bar(1, 10, 10, 10, 10, 0))).toBe(true);
    const f = new FrameTracker('1m', SMALL);
    f.ingest([PAPER[0]!, ...broken.map((b) => (Number.isNaN(b.openTime) ? b : { ...b, openTime: 0.5 * MIN })), PAPER[1]!]);
    expect(f.bars).toBe(2);
    expect(Object.values(f.brief()!).every((x) => typeof x !== 'number' || Number.isFinite(x))).toBe(true);
  });

  it('a negative, NaN or infinite volume counts as none', () => {
    for (const v of [-4, Number.NaN, Number.POSITIVE_INFINITY]) {
      const f = new FrameTracker('1m', SMALL);
      f.ingest([bar(0, 10, 10, 10, 10, 2), bar(1, 10, 10, 10, 10, v)]);
      expect(f.brief()!.volumeRatio, String(v)).toBe(0);
    }
  });

  it('an old or repeated bar changes nothing: bars are taken once, by open time', () => {
    const f = new FrameTracker('1m', SMALL);
    f.ingest(PAPER);
    const before = f.brief();
    f.ingest(PAPER);
    f.bar(PAPER[2]!);
    f.bar({ ...PAPER[3]!, close: 99 });
    f.bar({ ...PAPER[3]!, close: 99, closed: false });
    expect(f.brief()).toEqual(before);
    expect(f.lastOpenTime).toBe(3 * MIN);
  });

  it('a bar with a newer one after it is closed, whatever its flag says', () => {
    const f = new FrameTracker('1m', SMALL);
    f.ingest(PAPER.map((b) => ({ ...b, closed: false })));
    expect(f.bars).toBe(3);
    expect(f.brief()!.last).toBe(15);
    const all = new FrameTracker('1m', SMALL);
    all.ingest(PAPER);
    expect(all.bars).toBe(4);
  });

  it('a late close of an older bar keeps the newer forming bar as last', () => {
    const f = new FrameTracker('1m', SMALL);
    f.ingest(PAPER.slice(0, 3));
    f.bar(bar(4, 15, 15, 14, 14.5, 1, false));
    f.bar(PAPER[3]!);
    expect(f.bars).toBe(4);
    expect(f.brief()!.last).toBe(14.5);
  });

  it('a new bar reads only the end of the series, not its history', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => bar(i, 10, 11, 9, 10 + (i % 3), 1));
    const f = new FrameTracker('1h', SMALL);
    f.ingest(long);
    let reads = 0;
    const counted = (bars: Kline[]) =>
      new Proxy(bars, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    f.ingest(counted(long));
    // The last bar, seen to be old: one read.
    expect(reads).toBe(1);
    reads = 0;
    f.ingest(counted([...long, bar(10_000, 10, 12, 9, 11, 1), bar(10_001, 11, 12, 10, 11.5, 1, false)]));
    // Two new bars and the old one that ends the scan (3), then the two taken (2).
    expect(reads).toBe(5);
    expect(f.bars).toBe(10_001);
    expect(f.brief()!.last).toBe(11.5);
  });

  it('a close ends the bar that was forming; a later forming bar replaces it', () => {
    const f = new FrameTracker('1m', SMALL);
    f.ingest(PAPER.slice(0, 3));
    f.bar(bar(3, 11, 14, 11, 14, 2, false));
    expect(f.brief()!.last).toBe(14);
    f.bar(PAPER[3]!);
    expect(f.brief()!.last).toBe(15);
    f.bar(bar(4, 15, 15, 14, 14.5, 1, false));
    expect(f.brief()!.last).toBe(14.5);
    f.bar(bar(5, 15, 15, 14, 14.25, 1, false));
    expect(f.brief()!.last).toBe(14.25);
  });
});

const frame = (trend: FrameBrief['trend'], timeframe: Timeframe): FrameBrief => ({
  timeframe,
  bars: 10,
  last: 1,
  emaSlope: 0,
  trend,
  realizedVol: 0,
  atr: 0,
  rangePosition: 0.5,
  volumeRatio: 1,
});

describe('the brief', () => {
  it('agreement is the mean sign of the frames present', () => {
    expect(agreement({})).toBe(0);
    expect(agreement({ '1m': frame('up', '1m'), '1h': frame('up', '1h') })).toBe(1);
    expect(agreement({ '1m': frame('down', '1m'), '1d': frame('down', '1d') })).toBe(-1);
    expect(
      agreement({ '1m': frame('up', '1m'), '5m': frame('up', '5m'), '1h': frame('down', '1h'), '4h': frame('flat', '4h') }),
    ).toBe(0.25);
    expect(agreement({ '1m': frame('flat', '1m') })).toBe(0);
    expect(agreement({ '4h': frame('down', '4h'), '1d': frame('up', '1d'), '1h': frame('down', '1h') })).toBeCloseTo(-1 / 3, 15);
  });

  it('reads each timeframe from the source; frames with too few bars are absent', () => {
    const series: Partial<Record<Timeframe, Kline[]>> = { '1m': PAPER, '1h': PAPER.slice(0, 1) };
    const source = { series: (symbol: string, tf: Timeframe) => (symbol === 'BTCUSDT' ? series[tf] ?? [] : PAPER.slice(0, 2)) };
    const b = new BriefBuilder('BTCUSDT', SMALL);
    b.update(source);
    const brief = b.brief(1234);
    expect(brief.symbol).toBe('BTCUSDT');
    expect(brief.at).toBe(1234);
    expect(Object.keys(brief.frames)).toEqual(['1m']);
    expect(brief.frames['1m']!.trend).toBe('up');
    expect(brief.agreement).toBe(1);
    expect('fundingRate' in brief).toBe(false);
    expect('openInterest' in brief).toBe(false);
  });

  it('bar by bar through bar() and whole through ingest() agree; a timeframe not tracked is ignored', () => {
    const fed = new BriefBuilder('X', SMALL, ['1m', '5m']);
    for (const b of PAPER) {
      fed.bar('1m', { ...b, closed: false });
      fed.bar('1m', b);
      fed.bar('1d', b);
    }
    fed.ingest('1d', PAPER);
    const whole = briefOf('X', { '1m': PAPER }, 7, {}, SMALL);
    expect(fed.brief(7)).toEqual(whole);
    expect(Object.keys(whole.frames)).toEqual(['1m']);
  });

  it('funding and open interest where given, left out when missing or not a number', () => {
    const b = briefOf('X', { '1m': PAPER }, 0, { fundingRate: -0.0001, openInterest: 12345 });
    expect(b.fundingRate).toBe(-0.0001);
    expect(b.openInterest).toBe(12345);
    const zero = briefOf('X', {}, 0, { fundingRate: 0, openInterest: 0 });
    expect(zero.fundingRate).toBe(0);
    expect(zero.openInterest).toBe(0);
    const broken = briefOf('X', {}, 0, { fundingRate: Number.NaN, openInterest: Number.POSITIVE_INFINITY });
    expect('fundingRate' in broken).toBe(false);
    expect('openInterest' in broken).toBe(false);
    expect(broken).toEqual({ symbol: 'X', at: 0, frames: {}, agreement: 0 });
  });
});
