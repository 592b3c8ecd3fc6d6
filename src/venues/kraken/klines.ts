/**
 * Kraken spot klines (docs/venues.md §7.6): REST `GET /0/public/OHLC` (`pair` the REST altname,
 * `interval` in minutes, `since` unix seconds; no limit and no end: up to 720 of the newest entries,
 * older ones cannot be had at all) and the v2 public channel `ohlc` (one subscription per interval,
 * an acknowledgement per symbol, a snapshot of recent candles, then an update on every trade).
 * REST rows are `[time s, open, high, low, close, vwap, volume, count]` with the amounts as strings
 * and the last row the current, uncommitted interval; socket candles carry numbers and an RFC 3339
 * `interval_begin`, and neither says when a candle closed: a candle is closed here once a later one
 * of the same symbol and interval arrives (shared/kline-bars.ts `OpenBars`). Every timeframe of the
 * signal stack is a Kraken interval. Pure.
 */
import { type Kline, TIMEFRAME_MS, type Timeframe, TIMEFRAMES } from '../../core/signals/types.js';
import { encodeQuery } from '../shared/encoding.js';
import { asArray, asObj, FieldError, int, type Obj, parsing, str } from '../shared/fields.js';
import { newestBars, type OpenBars } from '../shared/kline-bars.js';
import { clampLimit, klineOf } from '../shared/klines.js';
import type { KlineSubscription, KlineUpdate } from '../stream-types.js';
import type { HttpReply, RequestPlan, SignContext, WireRequest } from '../venue.js';
import { envelopeResult, isoMs } from './fields.js';
import { OHLC_COST } from './limits.js';
import { restPair } from './symbols.js';

export const KRAKEN_INTERVALS: Readonly<Record<Timeframe, number>> = { '1m': 1, '5m': 5, '1h': 60, '4h': 240, '1d': 1440 };

const TIMEFRAME_OF: ReadonlyMap<number, Timeframe> = new Map(TIMEFRAMES.map((tf) => [KRAKEN_INTERVALS[tf], tf]));

/** The most entries the venue returns (the newest 720, whatever `since` says). */
export const OHLC_ENTRIES = 720;

/** The pair's rows in a reply: the one array-valued entry of `result` (its key is the venue's pair id). */
function pairRows(result: Obj): unknown[] {
  const rows = Object.entries(result).filter(([key, v]) => key !== 'last' && Array.isArray(v));
  if (rows.length !== 1) throw new FieldError(`result holds ${rows.length} pairs, not one`);
  return rows[0]![1] as unknown[];
}

/** `/0/public/OHLC` → the newest `limit` bars, oldest first; the reply's last row is the open one. */
export function parseKlines(body: unknown, timeframe: Timeframe, limit: number, endTime?: number): Kline[] {
  return parsing('ohlc', body, () => {
    const rows = pairRows(envelopeResult(body));
    const bars = rows.map((raw, i): Kline => {
      const row = asArray(raw, `rows[${i}]`);
      const time = int({ time: row[0] }, 'time') * 1000;
      return klineOf({ openTime: time, open: row[1], high: row[2], low: row[3], close: row[4], volume: row[6], closed: i < rows.length - 1 }, timeframe, `rows[${i}]`);
    });
    return newestBars(bars, limit, endTime);
  });
}

/**
 * `RestAdapter.klines`: public, background lane, the OHLC pool (1 a second per IP). `since` is set
 * at send time from the venue's clock (or `endTime`), one bar before the oldest one wanted, so the
 * reply carries what was asked and little more; at most 720 bars, the newest.
 */
export function klinesPlan(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  const limit = clampLimit(range.limit, OHLC_ENTRIES);
  const name = 'klines';
  const path = '/0/public/OHLC';
  return {
    name,
    lane: 'background',
    costs: OHLC_COST,
    signed: false,
    mutating: false,
    build(ctx: SignContext): WireRequest {
      const end = range.endTime ?? ctx.venueNow();
      const since = Math.max(0, Math.floor((end - (limit + 1) * TIMEFRAME_MS[timeframe]) / 1000));
      const query = encodeQuery('kraken', [
        ['pair', restPair(symbol)],
        ['interval', String(KRAKEN_INTERVALS[timeframe])],
        ['since', String(since)],
      ]);
      return { name, method: 'GET', path, query, body: '', headers: {}, lane: 'background', costs: OHLC_COST };
    },
    parse: (reply: HttpReply) => parseKlines(reply.body, timeframe, limit, range.endTime),
  };
}

/** The `ohlc` subscriptions of a market socket: one frame per interval, each acknowledged per symbol. */
export function ohlcSubscriptions(klines: readonly KlineSubscription[]): Array<{ interval: number; symbols: string[] }> {
  const byInterval = new Map<number, Set<string>>();
  for (const k of klines) {
    const interval = KRAKEN_INTERVALS[k.timeframe];
    const set = byInterval.get(interval) ?? new Set<string>();
    set.add(k.symbol);
    byInterval.set(interval, set);
  }
  return [...byInterval].map(([interval, symbols]) => ({ interval, symbols: [...symbols] }));
}

/** One `ohlc` frame → bar updates; a snapshot's candles but the newest of each symbol are closed already. */
export function ohlcFrame(msg: Obj, open: OpenBars): KlineUpdate[] {
  const items: KlineUpdate[] = [];
  for (const [i, raw] of asArray(msg['data'], 'data').entries()) {
    const c = asObj(raw, `data[${i}]`);
    const timeframe = TIMEFRAME_OF.get(int(c, 'interval'));
    if (timeframe === undefined) continue;
    const begin = isoMs(c, 'interval_begin');
    const kline = klineOf({ openTime: begin, open: c['open'], high: c['high'], low: c['low'], close: c['close'], volume: c['volume'], closed: false }, timeframe, `data[${i}]`);
    items.push({ type: 'kline', symbol: str(c, 'symbol'), timeframe, kline });
  }
  if (msg['type'] === 'snapshot') {
    items.sort((a, b) => a.kline.openTime - b.kline.openTime);
    const newest = new Map<string, number>();
    for (const it of items) newest.set(`${it.symbol} ${it.timeframe}`, it.kline.openTime);
    for (const it of items) if (it.kline.openTime < newest.get(`${it.symbol} ${it.timeframe}`)!) it.kline.closed = true;
  }
  const out: KlineUpdate[] = [];
  for (const it of items)
    for (const kline of open.push(`${it.symbol} ${it.timeframe}`, it.kline)) out.push({ ...it, kline });
  return out;
}
