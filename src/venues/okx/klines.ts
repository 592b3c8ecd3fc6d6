/**
 * OKX klines (docs/venues.md §2.9): `GET /api/v5/market/candles` (public, background lane, 40
 * requests / 2 s per IP, at most 300 bars, `after` = older than this ts) and the `candle<bar>`
 * channels, which OKX serves on the business socket (`/ws/v5/business`, no login for them) since
 * 2023, not on `/public`. Both carry rows `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`,
 * REST newest first; `confirm` "1" marks a closed bar. On a swap `vol` counts contracts and
 * `volCcy` the base currency, which is what a Kline's volume is. A day bar is `1Dutc` (`1D` opens
 * at Hong Kong midnight, not on the UTC grid our timeframes are). `market/candles` keeps the newest
 * 1,440 bars; older ones come from `market/history-candles` (same rows, 20 requests / 2 s), which a
 * backtest's history pages through (`RestAdapter.klineHistory`).
 */
import type { Kline, Timeframe } from '../../core/signals/types.js';
import { asArray, FieldError, type Obj, str } from '../shared/fields.js';
import { clampLimit, klineOf, oldestFirst } from '../shared/klines.js';
import type { KlineSubscription, StreamEvent } from '../stream-types.js';
import type { RequestPlan } from '../venue.js';
import { envelopeData } from './fields.js';
import { one, POOL } from './limits.js';
import { parsing } from './parse.js';
import { okxPlan } from './requests.js';

/** The most bars one request returns. */
export const OKX_CANDLES_MAX = 300;

export const OKX_BAR: Readonly<Record<Timeframe, string>> = { '1m': '1m', '5m': '5m', '1h': '1H', '4h': '4H', '1d': '1Dutc' };

const TIMEFRAME_OF_BAR: Readonly<Record<string, Timeframe>> = { '1m': '1m', '5m': '5m', '1H': '1h', '4H': '4h', '1Dutc': '1d' };

/** The channel of a timeframe: `candle1m`, `candle1Dutc`. */
export const candleChannel = (timeframe: Timeframe): string => `candle${OKX_BAR[timeframe]}`;

/** The timeframe of a candle channel we model, or undefined (`candle3m`, `candle1D`…). */
export function timeframeOfChannel(channel: string): Timeframe | undefined {
  const bar = channel.slice('candle'.length);
  return channel.startsWith('candle') && Object.hasOwn(TIMEFRAME_OF_BAR, bar) ? TIMEFRAME_OF_BAR[bar] : undefined;
}

function rowKline(raw: unknown, timeframe: Timeframe, where: string): Kline {
  const row = asArray(raw, where);
  if (row.length < 9) throw new FieldError(`${where} has ${row.length} fields, expected 9`);
  const confirm = row[8];
  if (confirm !== '0' && confirm !== '1') throw new FieldError(`${where} confirm is not "0"/"1"`);
  return klineOf({ openTime: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[6], closed: confirm === '1' }, timeframe, where);
}

/** The reply's rows, oldest first (the venue sends them newest first). */
export function parseOkxCandles(body: unknown, timeframe: Timeframe): Kline[] {
  return parsing('candles', body, () => oldestFirst(envelopeData(body).map((raw, i) => rowKline(raw, timeframe, `data[${i}]`))));
}

/** GET /api/v5/market/candles: the newest `limit` bars opening at or before `endTime` where given (of the newest 1,440). */
export function candlesPlan(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  return candlesAt('/api/v5/market/candles', POOL.candles, symbol, timeframe, range);
}

/**
 * GET /api/v5/market/history-candles (docs/venues.md §2.9): the same rows and range, from the years
 * `market/candles` no longer keeps; 20 requests / 2 s per IP, at most 300 bars. A backtest's history.
 */
export function historyCandlesPlan(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  return candlesAt('/api/v5/market/history-candles', POOL.historyCandles, symbol, timeframe, range);
}

function candlesAt(path: string, pool: string, symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  const query: Array<readonly [string, string]> = [
    ['instId', symbol],
    ['bar', OKX_BAR[timeframe]],
  ];
  if (range.endTime !== undefined) query.push(['after', String(Math.floor(range.endTime) + 1)]);
  query.push(['limit', String(clampLimit(range.limit, OKX_CANDLES_MAX))]);
  return okxPlan({
    name: 'klines',
    method: 'GET',
    path,
    lane: 'background',
    costs: one(pool),
    signed: false,
    mutating: false,
    query,
    parse: (body) => parseOkxCandles(body, timeframe),
  });
}

/** A `candle<bar>` push → one update per row (OKX sends one). */
export function candlePush(arg: Obj, timeframe: Timeframe, data: unknown[], out: StreamEvent[]): void {
  const symbol = str(arg, 'instId');
  for (const [i, raw] of data.entries()) out.push({ type: 'kline', symbol, timeframe, kline: rowKline(raw, timeframe, `data[${i}]`) });
}

/** The subscribe arguments of kline subscriptions. */
export function candleArgs(klines: readonly KlineSubscription[]): Array<{ channel: string; instId: string }> {
  return klines.map((k) => ({ channel: candleChannel(k.timeframe), instId: k.symbol }));
}
