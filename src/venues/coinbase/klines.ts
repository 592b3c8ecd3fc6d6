/**
 * Coinbase Advanced Trade klines (docs/venues.md §7.5): REST public candles
 * `GET /api/v3/brokerage/market/products/{product_id}/candles` (`start` and `end` in unix seconds,
 * `granularity` a word, `limit`; `{"candles":[{start, low, high, open, close, volume}]}` newest
 * first, amounts as strings) and the market socket's `candles` channel, which carries five-minute
 * candles only, pushed every second, with no "closed" flag.
 *
 * What Coinbase lacks, and what is done instead:
 * - No 4h granularity: 4h bars are rolled up from ONE_HOUR candles of the same request, asked from a
 *   4h boundary so every bucket is whole (4 × limit hours, so at most 75 4h bars a request).
 * - No stream for 1m, 1h, 4h or 1d: `StreamAdapter.klinePolled` names them, and the kline feed asks
 *   this REST plan for their newest bars every few seconds (the public pool is 10 a second).
 * - A streamed candle is closed here once a later candle of the product arrives (`OpenBars`).
 * Pure.
 */
import { type Kline, TIMEFRAME_MS, type Timeframe } from '../../core/signals/types.js';
import { asArray, asObj, FieldError, type Obj, parsing, str } from '../shared/fields.js';
import { closedBy, newestBars, type OpenBars, rollUp } from '../shared/kline-bars.js';
import { clampLimit, klineOf } from '../shared/klines.js';
import type { KlineUpdate } from '../stream-types.js';
import type { HttpReply, RequestPlan, SignContext, WireRequest } from '../venue.js';
import { coinbasePlan } from './requests.js';

/** The granularity each timeframe is asked at; 4h has none of its own and is built from 1h. */
const GRANULARITY: Readonly<Record<Timeframe, { word: string; of: Timeframe }>> = {
  '1m': { word: 'ONE_MINUTE', of: '1m' },
  '5m': { word: 'FIVE_MINUTE', of: '5m' },
  '1h': { word: 'ONE_HOUR', of: '1h' },
  '4h': { word: 'ONE_HOUR', of: '1h' },
  '1d': { word: 'ONE_DAY', of: '1d' },
};

/** Candles one request asks for at most (a range holding more is refused). */
export const MAX_CANDLES = 300;

/** The only timeframe the `candles` channel carries. */
export const STREAMED: Timeframe = '5m';

/** Timeframes the feed polls over REST, and how often (docs/signals.md §Klines). */
export const KLINE_POLL = { timeframes: ['1m', '1h', '4h', '1d'] as readonly Timeframe[], everyMs: 5_000 };

/** The most bars of `timeframe` one request can bring. */
export function maxBars(timeframe: Timeframe): number {
  return Math.floor(MAX_CANDLES / (TIMEFRAME_MS[timeframe] / TIMEFRAME_MS[GRANULARITY[timeframe].of]));
}

function candleOf(c: Obj, timeframe: Timeframe, where: string): Kline {
  const start = Number(str(c, 'start'));
  if (!Number.isSafeInteger(start)) throw new FieldError(`${where} start is not unix seconds`);
  return klineOf({ openTime: start * 1000, open: c['open'], high: c['high'], low: c['low'], close: c['close'], volume: c['volume'], closed: false }, timeframe, where);
}

/**
 * The reply → bars of `timeframe`, oldest first, the newest `limit`. `from` is the request's start
 * (ms), `at` the venue time it was sent: a bar whose span has passed by then is closed.
 */
export function parseKlines(body: unknown, timeframe: Timeframe, range: { limit: number; endTime?: number }, from: number, at: number): Kline[] {
  return parsing('candles', body, () => {
    const fineTf = GRANULARITY[timeframe].of;
    const rows = asArray(asObj(body, 'reply')['candles'], 'candles');
    const fine = newestBars(
      rows.map((raw, i) => candleOf(asObj(raw, `candles[${i}]`), fineTf, `candles[${i}]`)),
      Number.MAX_SAFE_INTEGER,
    );
    for (const bar of fine) bar.closed = closedBy(bar.openTime, fineTf, at);
    const bars = fineTf === timeframe ? fine : rollUp(fine, timeframe, from, at);
    return newestBars(bars, range.limit, range.endTime);
  });
}

/**
 * `RestAdapter.klines`: public (no token), background lane, the public pool. The range is set at send
 * time from the venue's clock (or `endTime`): from the open of the oldest bar wanted to the end.
 */
export function klinesPlan(symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }): RequestPlan<Kline[]> {
  const limit = clampLimit(range.limit, maxBars(timeframe));
  const { word, of } = GRANULARITY[timeframe];
  const span = TIMEFRAME_MS[timeframe];
  let from = 0;
  let at = 0;
  const planOf = (end: number) => {
    from = (Math.floor(end / span) - (limit - 1)) * span;
    const candles = Math.ceil((end - from + 1) / TIMEFRAME_MS[of]);
    return coinbasePlan({
      name: 'klines',
      method: 'GET',
      path: `/api/v3/brokerage/market/products/${encodeURIComponent(symbol)}/candles`,
      signed: false,
      lane: 'background',
      mutating: false,
      params: [
        ['start', String(Math.floor(from / 1000))],
        ['end', String(Math.floor(end / 1000))],
        ['granularity', word],
        ['limit', String(Math.min(MAX_CANDLES, candles))],
      ],
      parse: (body) => parseKlines(body, timeframe, { limit, ...(range.endTime === undefined ? {} : { endTime: range.endTime }) }, from, at),
    });
  };
  const shape = planOf(range.endTime ?? 0);
  return {
    name: shape.name,
    lane: shape.lane,
    costs: shape.costs,
    signed: false,
    mutating: false,
    build(ctx: SignContext): WireRequest {
      at = ctx.venueNow();
      return planOf(range.endTime ?? at).build(ctx);
    },
    parse: (reply: HttpReply) => parseKlines(reply.body, timeframe, { limit, ...(range.endTime === undefined ? {} : { endTime: range.endTime }) }, from, at),
  };
}

/** A `candles` channel message's events → five-minute bar updates, each closed by its successor. */
export function candleEvents(events: unknown[], open: OpenBars): KlineUpdate[] {
  const out: KlineUpdate[] = [];
  for (const [i, raw] of events.entries()) {
    const ev = asObj(raw, `events[${i}]`);
    const candles = ev['candles'] === undefined ? [] : asArray(ev['candles'], `events[${i}].candles`);
    const bars = candles.map((c, j) => {
      const o = asObj(c, `events[${i}].candles[${j}]`);
      return { symbol: str(o, 'product_id'), kline: candleOf(o, STREAMED, `events[${i}].candles[${j}]`) };
    });
    bars.sort((a, b) => a.kline.openTime - b.kline.openTime);
    for (const { symbol, kline } of bars)
      for (const bar of open.push(symbol, kline)) out.push({ type: 'kline', symbol, timeframe: STREAMED, kline: bar });
  }
  return out;
}
