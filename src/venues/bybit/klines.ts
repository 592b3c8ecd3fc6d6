/**
 * Bybit v5 klines (docs/venues.md §7.4): REST `GET /v5/market/kline` (public, `category=linear`,
 * `interval` in minutes or `D`, `limit` 1–1000, `end` in ms; the list comes newest first as arrays of
 * strings `[startTime, open, high, low, close, volume, turnover]`) and the public topic
 * `kline.<interval>.<symbol>` (a push every 1–60 s; `confirm: true` once the bar has closed).
 * Every timeframe of the signal stack is a Bybit interval. Pure.
 */
import { type Kline, type Timeframe, TIMEFRAMES } from '../../core/signals/types.js';
import { asArray, asObj, bool, FieldError, type Obj, parsing, str } from '../shared/fields.js';
import { closedBy, newestBars } from '../shared/kline-bars.js';
import { clampLimit, klineOf } from '../shared/klines.js';
import type { KlineUpdate } from '../stream-types.js';
import type { RequestPlan } from '../venue.js';
import { envelopeResult, envelopeTime } from './fields.js';
import { costsOf } from './limits.js';
import { bybitPlan, CATEGORY } from './requests.js';

export const BYBIT_INTERVALS: Readonly<Record<Timeframe, string>> = { '1m': '1', '5m': '5', '1h': '60', '4h': '240', '1d': 'D' };

const TIMEFRAME_OF: ReadonlyMap<string, Timeframe> = new Map(TIMEFRAMES.map((tf) => [BYBIT_INTERVALS[tf], tf]));

/** The most bars one request returns. */
export const KLINE_PAGE = 1000;

/** A topic's interval as a timeframe, or undefined for one the signal stack does not read. */
export function timeframeOfInterval(interval: string): Timeframe | undefined {
  return TIMEFRAME_OF.get(interval);
}

export function klineTopic(symbol: string, timeframe: Timeframe): string {
  return `kline.${BYBIT_INTERVALS[timeframe]}.${symbol}`;
}

/** The REST list (newest first) → bars oldest first; closed by the envelope's `time`. */
export function parseKlines(body: unknown, timeframe: Timeframe, limit: number, endTime?: number): Kline[] {
  return parsing('kline', body, () => klinesOf(body, timeframe, limit, endTime));
}

function klinesOf(body: unknown, timeframe: Timeframe, limit: number, endTime?: number): Kline[] {
  const result = envelopeResult(body);
  const now = envelopeTime(body);
  const rows = asArray(result['list'], 'result.list');
  const bars = rows.map((raw, i): Kline => {
    const row = asArray(raw, `list[${i}]`);
    return klineOf({ openTime: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5], closed: false }, timeframe, `list[${i}]`);
  });
  const kept = newestBars(bars, limit, endTime);
  // Without the envelope's time, only the newest bar may be open.
  for (const [i, bar] of kept.entries()) bar.closed = now > 0 ? closedBy(bar.openTime, timeframe, now) : i < kept.length - 1;
  return kept;
}

/** `RestAdapter.klines`: public, background lane, the IP pool only (market endpoints have no UID limit). */
export function klinesPlan(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  const limit = clampLimit(range.limit, KLINE_PAGE);
  return bybitPlan({
    name: 'klines',
    method: 'GET',
    path: '/v5/market/kline',
    lane: 'background',
    costs: costsOf(),
    signed: false,
    mutating: false,
    query: [
      ['category', CATEGORY],
      ['symbol', symbol],
      ['interval', BYBIT_INTERVALS[timeframe]],
      ...(range.endTime === undefined ? [] : ([['end', String(Math.floor(range.endTime))]] as [string, string][])),
      ['limit', String(limit)],
    ],
    parse: (body) => parseKlines(body, timeframe, limit, range.endTime),
  });
}

/** One `kline.<interval>.<symbol>` push → bar updates (a topic of an interval not read here: none). */
export function klinePush(f: Obj, topic: string): KlineUpdate[] {
  const [, interval, symbol] = topic.split('.');
  const timeframe = interval === undefined ? undefined : timeframeOfInterval(interval);
  if (timeframe === undefined || symbol === undefined || symbol === '') return [];
  return asArray(f['data'], 'data').map((raw, i): KlineUpdate => {
    const k = asObj(raw, `data[${i}]`);
    if (str(k, 'interval') !== interval) throw new FieldError(`data[${i}].interval is not ${interval}`);
    const kline = klineOf({ openTime: k['start'], open: k['open'], high: k['high'], low: k['low'], close: k['close'], volume: k['volume'], closed: bool(k, 'confirm') }, timeframe, `data[${i}]`);
    return { type: 'kline', symbol, timeframe, kline };
  });
}
