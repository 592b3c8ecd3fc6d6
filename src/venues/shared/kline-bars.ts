/**
 * Beside klines.ts (one checked bar, oldest first), what the Bybit, Coinbase and Kraken kline
 * parsers share (docs/signals.md §Klines): deciding from a reply's time whether a REST bar is
 * closed, keeping the newest bars a request asked for, rolling finer bars up into a timeframe a venue
 * lacks (Coinbase has no 4h), and closing a stream's open bar when its successor appears (Coinbase
 * and Kraken push no "closed" flag). Pure.
 */
import { type Kline, TIMEFRAME_MS, type Timeframe } from '../../core/signals/types.js';
import { oldestFirst } from './klines.js';

/** Closed once its whole span lies at or before `now` (venue ms). */
export function closedBy(openTime: number, timeframe: Timeframe, now: number): boolean {
  return openTime + TIMEFRAME_MS[timeframe] <= now;
}

/**
 * Oldest first, one bar per open time (a later copy wins), none opening after `endTime`, the newest
 * `limit` of them: what `RestAdapter.klines` promises whatever order the venue sent.
 */
export function newestBars(bars: readonly Kline[], limit: number, endTime?: number): Kline[] {
  const sorted = oldestFirst(endTime === undefined ? bars : bars.filter((bar) => bar.openTime <= endTime));
  return sorted.slice(Math.max(0, sorted.length - Math.max(0, Math.floor(limit))));
}

/**
 * Finer bars (oldest first) rolled up into `timeframe` buckets on the UTC grid: open of the first,
 * close of the last, the extremes, the summed volume. A bucket is closed once its span has passed
 * `now`. Buckets opening before `from` are dropped: the request began inside them, so their open
 * and extremes would be a part's (ask from a bucket boundary and none is).
 */
export function rollUp(fine: readonly Kline[], timeframe: Timeframe, from: number, now: number): Kline[] {
  const span = TIMEFRAME_MS[timeframe];
  const out: Kline[] = [];
  for (const bar of fine) {
    const openTime = Math.floor(bar.openTime / span) * span;
    if (openTime < from) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.openTime === openTime) {
      last.high = Math.max(last.high, bar.high);
      last.low = Math.min(last.low, bar.low);
      last.close = bar.close;
      last.volume += bar.volume;
      continue;
    }
    out.push({ openTime, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, closed: false });
  }
  for (const bar of out) bar.closed = closedBy(bar.openTime, timeframe, now);
  return out;
}

/**
 * A stream's open bars by key (symbol and timeframe): a push whose open time is later than the bar
 * held for its key means the held bar is over, and it is reported once more, closed, before the new
 * one. Bounded by the keys subscribed; `forget` on a new connection.
 */
export class OpenBars {
  readonly #held = new Map<string, Kline>();

  /** The events a push of `bar` makes: the held bar closed (when `bar` succeeds it), then `bar`. */
  push(key: string, bar: Kline): Kline[] {
    const held = this.#held.get(key);
    if (held !== undefined && bar.openTime < held.openTime) return [];
    const out: Kline[] = [];
    if (held !== undefined && bar.openTime > held.openTime && !held.closed) out.push({ ...held, closed: true });
    this.#held.set(key, bar);
    out.push(bar);
    return out;
  }

  forget(): void {
    this.#held.clear();
  }
}
