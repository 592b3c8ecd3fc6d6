// The local venue's klines, built from its own trade path: every public trade the market records
// (its synthetic prints and our clients' fills alike, market.ts `recordTrade`) lands in the minute
// bar of the sim clock's time, and a bar of any interval that divides a day (1m … 12h, 1d) is those
// minutes folded together, so a bar's close is the last trade in it, its high and low bound every
// trade, its volume is their sum. A bar without trades is flat at the previous close, volume 0.
//
// History: the market starts at the sim's start, but a 4h or 1d brief needs bars from before it.
// Each interval gets HISTORY_BARS earlier bars, synthesised once per (seed, symbol, interval) from a
// seeded walk that ends at the start price (the last history bar closes where the live path opens),
// with the symbol's calm per-tick volatility scaled to the bar's length at the default 250 ms tick,
// and the planted trend (SimOptions.trendBp, default 0) as a drift of that many bp per bar.
// Each interval's history is its own walk: the 1h history does not fold into the 4h one; the live
// bars do (they are the same trades).
//
// A clock stepped backwards (the jumpClock fault) does not move trades into closed bars: a trade
// earlier than the last one recorded counts at the last one's time.
import * as D from '../../core/decimal.js';
import { roundToStep } from '../../core/rounding.js';
import { Rng } from './random.js';
import type { SymbolSpec } from './symbols.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** Earlier bars per interval: the most a venue's single request returns (Binance, 1500). */
export const HISTORY_BARS = 1500;
/** Live minutes kept per symbol (two weeks); older ones are dropped, oldest first. */
export const MAX_MINUTES = 20_160;
/** The tick the history's volatility is scaled from (the sim's default). */
const HISTORY_TICK_MS = 250;

export interface SimBar {
  openTime: number;
  /** openTime + interval − 1, as the venues write it. */
  closeTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  /** Base asset. */
  volume: string;
  quoteVolume: string;
  /** Base bought by takers. */
  takerBuyVolume: string;
  takerBuyQuote: string;
  trades: number;
  /** -1 when the bar has no trade. */
  firstTradeId: number;
  lastTradeId: number;
}

/** True for an interval the builder folds: whole minutes that divide a day. */
export function isBuildable(intervalMs: number): boolean {
  return Number.isInteger(intervalMs) && intervalMs >= MINUTE_MS && intervalMs % MINUTE_MS === 0 && DAY_MS % intervalMs === 0;
}

/** The bars a request asks for: from `startTime` forward, else the newest ending at `endTime`. */
export interface BarQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
}

const flat = (openTime: number, intervalMs: number, price: string): SimBar => ({
  openTime,
  closeTime: openTime + intervalMs - 1,
  open: price,
  high: price,
  low: price,
  close: price,
  volume: '0',
  quoteVolume: '0',
  takerBuyVolume: '0',
  takerBuyQuote: '0',
  trades: 0,
  firstTradeId: -1,
  lastTradeId: -1,
});

export class KlineBuilder {
  readonly startTime: number;
  readonly startPrice: string;
  readonly #spec: SymbolSpec;
  readonly #seed: string;
  /** The planted trend's log drift per history bar (0: a driftless walk). */
  readonly #drift: number;
  /** Minutes with at least one trade, oldest first. */
  readonly #minutes: SimBar[] = [];
  readonly #history = new Map<number, SimBar[]>();
  #lastTime = 0;

  constructor(spec: SymbolSpec, seed: string, startPrice: string, startTime: number, trendBp = 0) {
    this.#drift = trendBp / 10_000;
    this.#spec = spec;
    this.#seed = seed;
    this.startPrice = startPrice;
    this.startTime = startTime;
    this.#lastTime = startTime;
  }

  /** One public trade at sim time `time`. */
  trade(id: number, price: string, qty: string, buyerMaker: boolean, time: number): void {
    const at = Math.max(time, this.#lastTime);
    this.#lastTime = at;
    const openTime = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    let bar = this.#minutes[this.#minutes.length - 1];
    if (bar === undefined || bar.openTime !== openTime) {
      bar = { ...flat(openTime, MINUTE_MS, price), firstTradeId: id };
      this.#minutes.push(bar);
      if (this.#minutes.length > MAX_MINUTES) this.#minutes.splice(0, this.#minutes.length - MAX_MINUTES);
    }
    if (D.gt(price, bar.high)) bar.high = price;
    if (D.lt(price, bar.low)) bar.low = price;
    bar.close = price;
    const quote = D.mul(price, qty);
    bar.volume = D.add(bar.volume, qty);
    bar.quoteVolume = D.add(bar.quoteVolume, quote);
    if (!buyerMaker) {
      bar.takerBuyVolume = D.add(bar.takerBuyVolume, qty);
      bar.takerBuyQuote = D.add(bar.takerBuyQuote, quote);
    }
    bar.trades++;
    bar.lastTradeId = id;
  }

  /** The first live bar's open time for an interval (the bar holding the start). */
  liveStart(intervalMs: number): number {
    return Math.floor(this.startTime / intervalMs) * intervalMs;
  }

  /** The oldest open time there is a bar for. */
  firstOpenTime(intervalMs: number): number {
    return this.liveStart(intervalMs) - HISTORY_BARS * intervalMs;
  }

  /** Bars oldest first (the last may be open at `now`); `intervalMs` must be buildable. */
  bars(intervalMs: number, q: BarQuery, now: number): SimBar[] {
    const newest = Math.floor(Math.min(q.endTime ?? now, now) / intervalMs) * intervalMs;
    const oldest = this.firstOpenTime(intervalMs);
    const limit = Math.max(0, Math.floor(q.limit));
    let from: number;
    let to: number;
    if (q.startTime !== undefined) {
      from = Math.max(oldest, Math.ceil(q.startTime / intervalMs) * intervalMs);
      to = Math.min(newest, from + (limit - 1) * intervalMs);
    } else {
      to = newest;
      from = Math.max(oldest, to - (limit - 1) * intervalMs);
    }
    const out: SimBar[] = [];
    for (let t = from; t <= to; t += intervalMs) out.push(this.bar(intervalMs, t));
    return out;
  }

  /** The bar of `intervalMs` opening at `openTime` (history before the start, else folded minutes). */
  bar(intervalMs: number, openTime: number): SimBar {
    const live = this.liveStart(intervalMs);
    if (openTime < live) {
      const history = this.#historyOf(intervalMs);
      return history[HISTORY_BARS - (live - openTime) / intervalMs] ?? flat(openTime, intervalMs, this.startPrice);
    }
    const minutes = this.#minutes;
    let i = lowerBound(minutes, openTime);
    const prev = i > 0 ? minutes[i - 1]!.close : this.startPrice;
    const bar = flat(openTime, intervalMs, prev);
    const end = openTime + intervalMs;
    let first = true;
    for (; i < minutes.length && minutes[i]!.openTime < end; i++) {
      const m = minutes[i]!;
      if (first) {
        // A bar opens at its first trade, as a venue's does; only a bar without one is flat at the previous close.
        bar.open = m.open;
        bar.high = m.high;
        bar.low = m.low;
        bar.firstTradeId = m.firstTradeId;
        first = false;
      } else {
        bar.high = D.max(bar.high, m.high);
        bar.low = D.min(bar.low, m.low);
      }
      bar.close = m.close;
      bar.volume = D.add(bar.volume, m.volume);
      bar.quoteVolume = D.add(bar.quoteVolume, m.quoteVolume);
      bar.takerBuyVolume = D.add(bar.takerBuyVolume, m.takerBuyVolume);
      bar.takerBuyQuote = D.add(bar.takerBuyQuote, m.takerBuyQuote);
      bar.trades += m.trades;
      bar.lastTradeId = m.lastTradeId;
    }
    return bar;
  }

  /** A seeded walk back from the start price: bar k closes where bar k+1 opens. */
  #historyOf(intervalMs: number): SimBar[] {
    const known = this.#history.get(intervalMs);
    if (known !== undefined) return known;
    const spec = this.#spec;
    const rng = new Rng(`${this.#seed}/${spec.symbol}/klines/${intervalMs}`);
    const vol = spec.calmVol * Math.sqrt(intervalMs / HISTORY_TICK_MS);
    const floor = Math.log(Number(spec.minPrice) * 4);
    const cap = Math.log(Number(spec.maxPrice) / 4);
    const snap = (logPrice: number): string => {
      const p = roundToStep(Math.exp(logPrice).toFixed(12), spec.tickSize, 'nearest');
      return D.gt(p, spec.minPrice) ? p : spec.minPrice;
    };
    const qtyOf = (raw: number): string => roundToStep(raw.toFixed(8), spec.stepSize, 'down');
    const bars: SimBar[] = new Array(HISTORY_BARS);
    const live = this.liveStart(intervalMs);
    let closeLog = Math.log(Number(this.startPrice));
    let close = this.startPrice;
    for (let k = HISTORY_BARS - 1; k >= 0; k--) {
      const openLog = Math.min(cap, Math.max(floor, closeLog - (-0.5 * vol * vol + vol * rng.normal() + this.#drift)));
      const open = snap(openLog);
      const reach = (): number => Math.abs(rng.normal()) * vol * 0.5;
      const high = D.max(snap(Math.max(openLog, closeLog) + reach()), D.max(open, close));
      const low = D.min(snap(Math.min(openLog, closeLog) - reach()), D.min(open, close));
      const volume = qtyOf(spec.levelQty * 0.05 * (intervalMs / MINUTE_MS) * (0.5 + rng.next()));
      const mid = D.toNumber(close);
      const quote = D.round(D.mul(volume, close), 8, 'half_up');
      const openTime = live - (HISTORY_BARS - k) * intervalMs;
      bars[k] = {
        ...flat(openTime, intervalMs, close),
        open,
        high,
        low,
        close,
        volume,
        quoteVolume: quote,
        takerBuyVolume: qtyOf(D.toNumber(volume) * 0.5),
        takerBuyQuote: D.round(String(mid * D.toNumber(volume) * 0.5), 8, 'half_up'),
        trades: Math.max(1, Math.round((intervalMs / MINUTE_MS) * 40 * (0.5 + rng.next()))),
      };
      closeLog = openLog;
      close = open;
    }
    this.#history.set(intervalMs, bars);
    return bars;
  }
}

function lowerBound(bars: readonly SimBar[], openTime: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.openTime < openTime) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a kline stream pushes on a tick: the bar that closed since the stream's last push (once,
 * marked closed), then the open bar. One per (stream, interval) key, shared by every connection.
 */
export class KlinePushes {
  readonly #last = new Map<string, number>();

  due(key: string, builder: KlineBuilder, intervalMs: number, now: number): Array<{ bar: SimBar; closed: boolean }> {
    const openTime = Math.floor(now / intervalMs) * intervalMs;
    const out: Array<{ bar: SimBar; closed: boolean }> = [];
    const last = this.#last.get(key);
    if (last !== undefined && last < openTime) out.push({ bar: builder.bar(intervalMs, last), closed: true });
    this.#last.set(key, openTime);
    out.push({ bar: builder.bar(intervalMs, openTime), closed: false });
    return out;
  }
}
