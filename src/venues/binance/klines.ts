/**
 * Binance USD-M klines (docs/venues.md §1.9): `GET /fapi/v1/klines` (public, background lane; its
 * weight grows with `limit`: 1 below 100 bars, 2 below 500, 5 up to 1000, 10 above; at most 1500
 * bars) and the `<symbol>@kline_<interval>` stream on the `/market` route, whose event carries
 * `k.x` (the bar closed). A REST row is `[openTime, open, high, low, close, volume, closeTime, …]`
 * oldest first; whether its last bar is still open is read from its close time against the venue
 * clock at send time (the reply does not say).
 */
import type { Kline, Timeframe } from '../../core/signals/types.js';
import { asArray, asObj, bool, FieldError, type Obj, parsing, str } from '../shared/fields.js';
import { clampLimit, klineOf, oldestFirst } from '../shared/klines.js';
import type { KlineUpdate, StreamEvent } from '../stream-types.js';
import type { HttpReply, RequestPlan, SignContext, WireRequest } from '../venue.js';
import { binancePlan } from './requests.js';
import { weight } from './limits.js';

/** The most bars one request returns (the venue's `limit` maximum). */
export const BINANCE_KLINES_MAX = 1500;

/** Our timeframes are Binance's own interval names. */
export const BINANCE_INTERVAL: Readonly<Record<Timeframe, string>> = { '1m': '1m', '5m': '5m', '1h': '1h', '4h': '4h', '1d': '1d' };

const TIMEFRAME_OF: Readonly<Record<string, Timeframe>> = { '1m': '1m', '5m': '5m', '1h': '1h', '4h': '4h', '1d': '1d' };

/** The venue's weight for a `limit` (futures "Kline/Candlestick Data"). */
export function klinesWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

/** The rows of a reply, oldest first; the last is open when its close time is not yet past `venueNow`. */
export function parseBinanceKlines(body: unknown, timeframe: Timeframe, venueNow: number): Kline[] {
  return parsing('binance klines', body, () =>
    oldestFirst(
      asArray(body, 'klines').map((raw, i) => {
        const row = asArray(raw, `klines[${i}]`);
        if (row.length < 7) throw new FieldError(`klines[${i}] has ${row.length} fields, expected at least 7`);
        const closeTime = typeof row[6] === 'number' ? row[6] : Number.NaN;
        if (!Number.isFinite(closeTime)) throw new FieldError(`klines[${i}] close time is not a number`);
        return klineOf(
          { openTime: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5], closed: closeTime < venueNow },
          timeframe,
          `klines[${i}]`,
        );
      }),
    ),
  );
}

/** GET /fapi/v1/klines: the newest `limit` bars ending at `endTime` (venue ms) where given. */
export function klinesPlan(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  const limit = clampLimit(range.limit, BINANCE_KLINES_MAX);
  const params: Array<readonly [string, string | number]> = [
    ['symbol', symbol],
    ['interval', BINANCE_INTERVAL[timeframe]],
    ['limit', limit],
  ];
  if (range.endTime !== undefined) params.push(['endTime', Math.floor(range.endTime)]);
  let venueNow = 0;
  const plan = binancePlan({
    name: 'klines',
    method: 'GET',
    path: '/fapi/v1/klines',
    lane: 'background',
    costs: weight(klinesWeight(limit)),
    auth: 'none',
    mutating: false,
    params,
    parse: (body) => parseBinanceKlines(body, timeframe, venueNow),
  });
  return {
    ...plan,
    build(ctx: SignContext): WireRequest {
      venueNow = ctx.venueNow();
      return plan.build(ctx);
    },
    parse: (reply: HttpReply) => plan.parse(reply),
  };
}

/** The stream name of one kline subscription: `btcusdt@kline_1m`. */
export function klineStreamName(symbol: string, timeframe: Timeframe): string {
  return `${symbol.toLowerCase()}@kline_${BINANCE_INTERVAL[timeframe]}`;
}

/**
 * A `kline` event → the bar as it stands. An interval we do not model (the venue has 3m, 15m…)
 * is named as unknown, not an error: someone else's subscription on a shared socket.
 */
export function klineEvent(frame: Obj, out: StreamEvent[]): void {
  const k = asObj(frame['k'], 'k');
  const interval = str(k, 'i');
  const timeframe = Object.hasOwn(TIMEFRAME_OF, interval) ? TIMEFRAME_OF[interval] : undefined;
  if (timeframe === undefined) {
    out.push({ type: 'unknown', name: `kline interval ${interval}`, excerpt: '' });
    return;
  }
  const update: KlineUpdate = {
    type: 'kline',
    symbol: str(frame, 's'),
    timeframe,
    kline: klineOf({ openTime: k['t'], open: k['o'], high: k['h'], low: k['l'], close: k['c'], volume: k['v'], closed: bool(k, 'x') }, timeframe, 'k'),
  };
  out.push(update);
}
