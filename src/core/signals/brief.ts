/**
 * L1, the market brief (docs/signals.md §L1 brief): per symbol, each timeframe's trend (EMA
 * slope against a flat band), realized volatility, ATR, range position and volume against its
 * average, from closed bars only; the sign agreement of the timeframes' trends; funding and open
 * interest where the venue gives them. Kept up to date bar by bar (src/core/signals/frame.ts):
 * feeding a new bar and asking for the brief costs the same after a day or a year of bars.
 */
import { type FrameOptions, FrameTracker } from './frame.js';
import { type Brief, type FrameBrief, type Kline, type KlineSource, type OpenInterestChange, TIMEFRAMES, type Timeframe, type Trend } from './types.js';

export type BriefOptions = FrameOptions;

/** What the venue says beside the bars, where it says it. */
export interface MarketExtras {
  fundingRate?: number;
  openInterest?: number;
  openInterestChange?: OpenInterestChange;
}

const SIGN: Readonly<Record<Trend, number>> = { up: 1, down: -1, flat: 0 };

/**
 * The mean sign of the frames' trends: 1 when every timeframe present is up, −1 when every one is
 * down, 0 when they cancel, are flat, or there are none.
 */
export function agreement(frames: Partial<Record<Timeframe, FrameBrief>>): number {
  let sum = 0;
  let n = 0;
  for (const tf of TIMEFRAMES) {
    const frame = frames[tf];
    if (frame === undefined) continue;
    sum += SIGN[frame.trend];
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/** A finite number, or nothing: a venue's missing or broken figure is left out, never NaN. */
function finite(x: number | undefined): number | undefined {
  return x !== undefined && Number.isFinite(x) ? x : undefined;
}

/** One symbol's brief, fed bar by bar (from a `KlineSource` or a fixed series). */
export class BriefBuilder {
  readonly symbol: string;
  readonly #frames: Map<Timeframe, FrameTracker>;

  constructor(symbol: string, options: Partial<BriefOptions> = {}, timeframes: readonly Timeframe[] = TIMEFRAMES) {
    this.symbol = symbol;
    this.#frames = new Map(timeframes.map((tf) => [tf, new FrameTracker(tf, options)]));
  }

  /** Takes in whatever is new in the source's series for each timeframe: O(new bars). */
  update(source: Pick<KlineSource, 'series'>): void {
    for (const [tf, frame] of this.#frames) frame.ingest(source.series(this.symbol, tf));
  }

  /** Takes in a timeframe's series (oldest first, the last bar possibly forming). */
  ingest(timeframe: Timeframe, series: readonly Kline[]): void {
    this.#frames.get(timeframe)?.ingest(series);
  }

  /** One bar change, as `KlineSource.onBar` tells it. */
  bar(timeframe: Timeframe, bar: Kline): void {
    this.#frames.get(timeframe)?.bar(bar);
  }

  brief(at: number, extras: MarketExtras = {}): Brief {
    const frames: Partial<Record<Timeframe, FrameBrief>> = {};
    for (const [tf, tracker] of this.#frames) {
      const frame = tracker.brief();
      if (frame !== undefined) frames[tf] = frame;
    }
    const funding = finite(extras.fundingRate);
    const oi = finite(extras.openInterest);
    const change = extras.openInterestChange;
    const oiChange = oi !== undefined && change !== undefined && Number.isFinite(change.fraction) && change.overMs > 0 ? change : undefined;
    return {
      symbol: this.symbol,
      at,
      frames,
      agreement: agreement(frames),
      ...(funding === undefined ? {} : { fundingRate: funding }),
      ...(oi === undefined ? {} : { openInterest: oi }),
      ...(oiChange === undefined ? {} : { openInterestChange: { fraction: oiChange.fraction, overMs: oiChange.overMs } }),
    };
  }
}

/** A brief from whole series at once (a backtest's bars, a test's): the same numbers as fed bar by bar. */
export function briefOf(
  symbol: string,
  series: Partial<Record<Timeframe, readonly Kline[]>>,
  at: number,
  extras: MarketExtras = {},
  options: Partial<BriefOptions> = {},
): Brief {
  const builder = new BriefBuilder(symbol, options);
  for (const tf of TIMEFRAMES) {
    const bars = series[tf];
    if (bars !== undefined) builder.ingest(tf, bars);
  }
  return builder.brief(at, extras);
}
