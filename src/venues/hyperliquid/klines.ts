/**
 * Hyperliquid klines (docs/venues.md §6.9): `POST /info {"type":"candleSnapshot","req":{coin,
 * interval, startTime, endTime}}` (public, background lane; weight 20 plus 1 per 60 candles
 * returned; only the newest 5000 candles of a coin are kept) and the `candle` subscription on the
 * one socket, pushed on channel `candle`. Both carry `{t, T, s, i, o, c, h, l, v, n}`; neither says
 * whether a bar closed: REST reads it from `T` against the venue clock at send time, the stream's
 * bar is open until a later one arrives (the engine's feed closes it then).
 */
import { type Kline, TIMEFRAME_MS, type Timeframe } from '../../core/signals/types.js';
import { asArray, asObj, type Obj, parsing, str } from '../shared/fields.js';
import { barTime, clampLimit, klineOf, oldestFirst } from '../shared/klines.js';
import type { KlineSubscription, StreamEvent } from '../stream-types.js';
import type { RequestPlan } from '../venue.js';
import { INFO_WEIGHT } from './limits.js';
import { infoPlan } from './requests.js';

/** The most candles the venue keeps (and so returns) per coin and interval. */
export const HYPERLIQUID_CANDLES_MAX = 5000;

/** Our timeframes are Hyperliquid's own interval names. */
export const HYPERLIQUID_INTERVAL: Readonly<Record<Timeframe, string>> = { '1m': '1m', '5m': '5m', '1h': '1h', '4h': '4h', '1d': '1d' };

const TIMEFRAME_OF: Readonly<Record<string, Timeframe>> = { '1m': '1m', '5m': '5m', '1h': '1h', '4h': '4h', '1d': '1d' };

/** 20, plus one per 60 candles the reply may carry. */
export function candleSnapshotWeight(limit: number): number {
  return INFO_WEIGHT.standard + Math.floor(limit / 60);
}

function candleKline(c: Obj, timeframe: Timeframe, closed: boolean, where: string): Kline {
  return klineOf({ openTime: c['t'], open: c['o'], high: c['h'], low: c['l'], close: c['c'], volume: c['v'], closed }, timeframe, where);
}

/** The reply's candles, oldest first; a candle whose close time `T` is past `venueNow` is closed. */
export function parseCandleSnapshot(body: unknown, timeframe: Timeframe, venueNow: number): Kline[] {
  return parsing('candleSnapshot', body, () =>
    oldestFirst(
      asArray(body, 'candles').map((raw, i) => {
        const c = asObj(raw, `candles[${i}]`);
        return candleKline(c, timeframe, barTime(c['T'], `candles[${i}].T`) < venueNow, `candles[${i}]`);
      }),
    ),
  );
}

/** `candleSnapshot` of the `limit` bars ending at `endTime` (venue ms; the venue clock's now when absent). */
export function candleSnapshotPlan(coin: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  const limit = clampLimit(range.limit, HYPERLIQUID_CANDLES_MAX);
  const tf = TIMEFRAME_MS[timeframe];
  let venueNow = 0;
  return infoPlan({
    name: 'klines',
    lane: 'background',
    weight: candleSnapshotWeight(limit),
    body: (ctx) => {
      venueNow = Math.floor(ctx.venueNow());
      // Without an end, one bar past the clock estimate: the venue answers up to its own now, so
      // an estimate running behind the venue's clock still gets the forming bar.
      const endTime = Math.floor(range.endTime ?? venueNow + tf);
      // The bar holding endTime is the newest: its open, less limit-1 bars, is the first.
      const startTime = Math.max(0, Math.floor((range.endTime ?? venueNow) / tf) * tf - (limit - 1) * tf);
      return { type: 'candleSnapshot', req: { coin, interval: HYPERLIQUID_INTERVAL[timeframe], startTime, endTime } };
    },
    parse: (body) => parseCandleSnapshot(body, timeframe, venueNow).slice(-limit),
  });
}

/** A `candle` push: one candle, open (see the file's comment). */
export function candlePush(data: unknown, out: StreamEvent[]): void {
  const c = asObj(data, 'data');
  const interval = str(c, 'i');
  const timeframe = Object.hasOwn(TIMEFRAME_OF, interval) ? TIMEFRAME_OF[interval] : undefined;
  if (timeframe === undefined) {
    out.push({ type: 'unknown', name: `candle interval ${interval}`, excerpt: '' });
    return;
  }
  out.push({ type: 'kline', symbol: str(c, 's'), timeframe, kline: candleKline(c, timeframe, false, 'data') });
}

/** The subscriptions of kline streams. */
export function candleSubscriptions(klines: readonly KlineSubscription[]): Array<Record<string, unknown>> {
  return klines.map((k) => ({ type: 'candle', coin: k.symbol, interval: HYPERLIQUID_INTERVAL[k.timeframe] }));
}
