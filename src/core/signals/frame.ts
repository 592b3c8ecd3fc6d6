/**
 * One timeframe of one symbol, kept up to date bar by bar: each closed bar steps the EMA and the
 * ATR (O(1)) and the short windows of returns, highs, lows and volumes (O(window)); a forming
 * bar's price only moves `last` and the range position (O(1)). A new bar never costs a pass over
 * the history, however long the series (the bench: `npm run bench -- signals`).
 */
import { ATR_START, type AtrState, atrNext, trueRange } from './atr.js';
import { emaAlpha, emaNext } from './ema.js';
import { rangePosition, volumeRatio } from './range.js';
import { Ring } from './ring.js';
import type { FrameBrief, Kline, Timeframe, Trend } from './types.js';
import { logReturn, sampleStdDev } from './volatility.js';

export interface FrameOptions {
  /** The EMA whose slope is the trend. */
  emaPeriod: number;
  /** Wilder's ATR period. */
  atrPeriod: number;
  /** Log returns the realized volatility is taken over. */
  volBars: number;
  /** Closed bars whose high and low make the range. */
  rangeBars: number;
  /** Closed bars whose mean volume the last one is compared with (the last one included). */
  volumeBars: number;
  /**
   * The flat band, in units of the realized volatility: a slope within ±flatBand × vol per bar is
   * `flat`. Scaled by the volatility so that one band fits every timeframe and every asset: an
   * EMA(20) of a driftless random walk moves about 0.2 × vol per bar, so 0.25 calls most of its
   * wandering flat while a steady climb is `up`.
   */
  flatBand: number;
  /** Fewer closed bars than this and the timeframe is left out of the brief. */
  minBars: number;
}

export const FRAME_DEFAULTS: Readonly<FrameOptions> = {
  emaPeriod: 20,
  atrPeriod: 14,
  volBars: 30,
  rangeBars: 20,
  volumeBars: 20,
  flatBand: 0.25,
  minBars: 2,
};

/** A bar's numbers are usable: finite, a positive close, high ≥ low. Anything else is skipped. */
export function usableBar(bar: Kline): boolean {
  return (
    Number.isFinite(bar.openTime) &&
    Number.isFinite(bar.high) &&
    Number.isFinite(bar.low) &&
    Number.isFinite(bar.close) &&
    bar.close > 0 &&
    bar.high >= bar.low
  );
}

/** The trend a slope shows against its flat band (a slope on the band's edge is flat). */
export function trendOf(slope: number, vol: number, flatBand: number): Trend {
  const band = flatBand * vol;
  if (slope > band) return 'up';
  if (slope < -band) return 'down';
  return 'flat';
}

export class FrameTracker {
  readonly timeframe: Timeframe;
  readonly #o: FrameOptions;
  readonly #alpha: number;
  readonly #returns: Ring;
  readonly #highs: Ring;
  readonly #lows: Ring;
  readonly #volumes: Ring;
  #bars = 0;
  /** The open time of the last closed bar taken in; bars at or before it are already counted. */
  #lastOpenTime = Number.NEGATIVE_INFINITY;
  #ema: number | undefined;
  #slope = 0;
  #atr: AtrState = ATR_START;
  #previousClose: number | undefined;
  #vol = 0;
  #rangeLow = 0;
  #rangeHigh = 0;
  #volumeRatio = 1;
  /** The forming bar's close, while there is one newer than the last closed bar. */
  #forming: { openTime: number; close: number } | undefined;

  constructor(timeframe: Timeframe, options: Partial<FrameOptions> = {}) {
    this.timeframe = timeframe;
    this.#o = { ...FRAME_DEFAULTS, ...options };
    this.#alpha = emaAlpha(this.#o.emaPeriod);
    this.#returns = new Ring(Math.max(1, this.#o.volBars));
    this.#highs = new Ring(Math.max(1, this.#o.rangeBars));
    this.#lows = new Ring(Math.max(1, this.#o.rangeBars));
    this.#volumes = new Ring(Math.max(1, this.#o.volumeBars));
  }

  /** Closed bars taken in so far. */
  get bars(): number {
    return this.#bars;
  }

  get lastOpenTime(): number {
    return this.#lastOpenTime;
  }

  /**
   * Takes in the new bars of a series (oldest first, the last one possibly forming). Only bars
   * newer than the last closed one taken are read, found from the end: O(new bars). A bar that
   * has a newer bar after it is closed whatever its flag says (a venue that never flags a close
   * still closes a bar by opening the next).
   */
  ingest(series: readonly Kline[]): void {
    let first = series.length;
    // `!(≤)` rather than `>`: a bar with a broken open time does not end the scan (it is skipped below).
    while (first > 0 && !(series[first - 1]!.openTime <= this.#lastOpenTime)) first--;
    for (let i = first; i < series.length; i++) {
      const bar = series[i]!;
      this.bar(i < series.length - 1 ? { ...bar, closed: true } : bar);
    }
  }

  /** One bar change: a close steps the indicators; a forming bar moves `last` only. */
  bar(bar: Kline): void {
    if (!usableBar(bar) || bar.openTime <= this.#lastOpenTime) return;
    if (!bar.closed) {
      this.#forming = { openTime: bar.openTime, close: bar.close };
      return;
    }
    if (this.#forming !== undefined && this.#forming.openTime <= bar.openTime) this.#forming = undefined;
    this.#close(bar);
  }

  #close(bar: Kline): void {
    const o = this.#o;
    this.#lastOpenTime = bar.openTime;
    this.#bars++;
    const previousEma = this.#ema;
    this.#ema = emaNext(previousEma, bar.close, this.#alpha);
    this.#slope = previousEma === undefined ? 0 : (this.#ema - previousEma) / previousEma;
    this.#atr = atrNext(this.#atr, trueRange(bar, this.#previousClose), o.atrPeriod);
    if (this.#previousClose !== undefined) {
      this.#returns.push(logReturn(this.#previousClose, bar.close));
      this.#vol = sampleStdDev(this.#returns.toArray());
    }
    this.#previousClose = bar.close;
    this.#highs.push(bar.high);
    this.#lows.push(bar.low);
    let high = Number.NEGATIVE_INFINITY;
    let low = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#highs.size; i++) {
      high = Math.max(high, this.#highs.at(i));
      low = Math.min(low, this.#lows.at(i));
    }
    this.#rangeHigh = high;
    this.#rangeLow = low;
    // A broken volume (NaN, infinite, negative) counts as none rather than poisoning the average.
    this.#volumes.push(Number.isFinite(bar.volume) ? Math.max(bar.volume, 0) : 0);
    this.#volumeRatio = volumeRatio(this.#volumes.toArray());
  }

  /** The timeframe's picture now, or undefined with fewer closed bars than `minBars`. */
  brief(): FrameBrief | undefined {
    if (this.#bars < Math.max(1, this.#o.minBars)) return undefined;
    // A closed bar was taken (bars ≥ 1), so there is a previous close.
    const last = this.#forming?.close ?? this.#previousClose!;
    return {
      timeframe: this.timeframe,
      bars: this.#bars,
      last,
      emaSlope: this.#slope,
      trend: trendOf(this.#slope, this.#vol, this.#o.flatBand),
      realizedVol: this.#vol,
      atr: this.#atr.atr,
      rangePosition: rangePosition(last, this.#rangeLow, this.#rangeHigh),
      volumeRatio: this.#volumeRatio,
    };
  }
}
