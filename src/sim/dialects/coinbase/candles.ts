// Coinbase Advanced Trade candles from the market's own trade path (src/sim/market/klines.ts), as the
// venue serves them (docs/venues.md §7.5):
//   GET `/market/products/{id}/candles` (public) and `/products/{id}/candles` (with a JWT): `start` and
//     `end` unix seconds, `granularity` ONE_MINUTE … ONE_DAY (no 4h), `limit`; the candles whose start
//     lies in [start, end], newest first, the newest `limit`; no candle for an interval without trades
//     (the venue publishes none). A span holding more than 350 candles is refused with 400
//     INVALID_ARGUMENT "start and end argument is invalid - number of candles requested should be less
//     than 350" (the words third-party clients quote; the reference gives none).
//   channel `candles` (five-minute candles only): a snapshot of each product's open candle on subscribe,
//     then an update each second; when a candle's five minutes end, its last state goes out once more
//     before the next one's.
import { KlinePushes, type SimBar } from '../../market/klines.js';
import type { SymbolMarket } from '../../market/market.js';
import { errors } from './errors.js';
import { productNamed } from './products.js';
import type { Ctx, Route } from './route.js';

const MINUTE = 60_000;
const GRANULARITIES: Readonly<Record<string, number>> = {
  ONE_MINUTE: MINUTE,
  FIVE_MINUTE: 5 * MINUTE,
  FIFTEEN_MINUTE: 15 * MINUTE,
  THIRTY_MINUTE: 30 * MINUTE,
  ONE_HOUR: 60 * MINUTE,
  TWO_HOUR: 120 * MINUTE,
  SIX_HOUR: 360 * MINUTE,
  ONE_DAY: 1440 * MINUTE,
};

/** The most candles one request's span may hold. */
export const MAX_CANDLES = 350;
/** The `candles` channel's one granularity. */
export const CHANNEL_MS = 5 * MINUTE;

function seconds(ctx: Ctx, name: string): number {
  const v = ctx.query.get(name);
  if (v === null || !/^\d{1,12}$/.test(v)) throw errors.invalidArgument(`invalid ${name}`);
  return Number(v) * 1000;
}

export function candleJson(b: SimBar, product: string, withProduct: boolean): Record<string, string> {
  const out: Record<string, string> = {
    start: String(b.openTime / 1000),
    low: b.low,
    high: b.high,
    open: b.open,
    close: b.close,
    volume: b.volume,
  };
  if (withProduct) out.product_id = product;
  return out;
}

function candles(ctx: Ctx): unknown {
  const p = ctx.id === undefined ? undefined : productNamed(ctx.id);
  const m = p === undefined ? undefined : ctx.core.market.get(p.id);
  if (p === undefined || m === undefined) throw errors.notFound('ProductID is invalid');
  const word = ctx.query.get('granularity') ?? '';
  const span = Object.hasOwn(GRANULARITIES, word) ? GRANULARITIES[word]! : undefined;
  if (span === undefined) throw errors.invalidArgument(`invalid granularity ${word.slice(0, 40)}`);
  const start = seconds(ctx, 'start');
  const end = seconds(ctx, 'end');
  if (start > end) throw errors.invalidArgument('start and end argument is invalid - start must be before end');
  const first = Math.ceil(start / span) * span;
  const count = end < first ? 0 : Math.floor((end - first) / span) + 1;
  if (count > MAX_CANDLES)
    throw errors.invalidArgument(`start and end argument is invalid - number of candles requested should be less than ${MAX_CANDLES}`);
  const limitText = ctx.query.get('limit');
  if (limitText !== null && limitText !== '' && (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_CANDLES))
    throw errors.invalidArgument('invalid limit');
  const limit = limitText === null || limitText === '' ? MAX_CANDLES : Number(limitText);
  const now = ctx.core.clock.now();
  const bars = count === 0 ? [] : m.klines.bars(span, { startTime: first, limit: count }, now);
  const traded = bars.filter((b) => b.openTime >= start && b.openTime <= end && b.trades > 0).reverse();
  return { candles: traded.slice(0, limit).map((b) => candleJson(b, p.id, false)) };
}

export const candleRoutes: Route[] = [
  { method: 'GET', path: '/market/products/:id/candles', private: false, handle: candles },
  { method: 'GET', path: '/products/:id/candles', private: true, right: 'view', handle: candles },
];

/** The `candles` channel's frames for a product now: a candle that ended since the last push, then the open one. */
export class CandlePushes {
  readonly #pushes = new KlinePushes();

  snapshot(m: SymbolMarket, now: number): Record<string, string>[] {
    const bar = m.klines.bar(CHANNEL_MS, Math.floor(now / CHANNEL_MS) * CHANNEL_MS);
    return [candleJson(bar, m.spec.symbol, true)];
  }

  due(m: SymbolMarket, now: number): Record<string, string>[] {
    return this.#pushes.due(m.spec.symbol, m.klines, CHANNEL_MS, now).map((p) => candleJson(p.bar, m.spec.symbol, true));
  }
}
