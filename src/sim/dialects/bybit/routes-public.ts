// Public endpoints: server time, instruments, tickers, open interest and the order book, category `linear`. This venue
// lists linear perpetuals only: asked for spot, inverse or option it answers an empty list, as the
// venue does for a category with nothing listed.
import * as D from '../../../core/decimal.js';
import { simOpenInterest } from '../../market/open-interest.js';
import { errors } from './errors.js';
import { instrumentJson, px, qty, tickerJson } from './format.js';
import type { Ctx, Route } from './route.js';
import { linear } from './route.js';

function only(ctx: Ctx) {
  const name = ctx.params.get('symbol');
  return ctx.services.symbols().filter((s) => name === undefined || s.symbol === name);
}

const OI_INTERVALS: Readonly<Record<string, number>> = {
  '5min': 300_000,
  '15min': 900_000,
  '30min': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/**
 * `GET /v5/market/open-interest`, newest first: `openInterest` both sides, `singleOpenInterest` one,
 * base coin. The newest row (stamped with its interval's start) is now; older rows are the seeded
 * level at their stamp with today's positions (the sim keeps no history of positions).
 */
function openInterestRows(ctx: Ctx): Record<string, unknown> {
  linear(ctx);
  const s = ctx.services.symbol(ctx.params.require('symbol'));
  const span = OI_INTERVALS[ctx.params.require('intervalTime')];
  if (span === undefined) throw errors.invalid('intervalTime');
  const limit = ctx.params.int('limit') ?? 50;
  if (limit < 1 || limit > 200) throw errors.invalid('limit');
  const now = ctx.core.clock.now();
  const newest = Math.floor(now / span) * span;
  const list = Array.from({ length: limit }, (_, i) => {
    const single = simOpenInterest(ctx.core.seed, s, ctx.core.accounts.values(), i === 0 ? now : newest - i * span);
    return { openInterest: D.toFixed(D.mul(single, '2'), 8, 'half_up'), singleOpenInterest: D.normalize(single), timestamp: String(newest - i * span) };
  });
  return { symbol: s.symbol, category: 'linear', list, nextPageCursor: '' };
}

export const publicRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v5/market/time',
    signed: false,
    handle: (ctx) => {
      const now = ctx.core.clock.now();
      return { timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` };
    },
  },
  {
    method: 'GET',
    path: '/v5/market/instruments-info',
    signed: false,
    handle: (ctx) => {
      const category = ctx.params.category();
      const list = category === 'linear' ? only(ctx).map(instrumentJson) : [];
      return { category, list, nextPageCursor: '' };
    },
  },
  {
    method: 'GET',
    path: '/v5/market/tickers',
    signed: false,
    handle: (ctx) => {
      const category = ctx.params.category();
      if (category !== 'linear') return { category, list: [] };
      const name = ctx.params.get('symbol');
      if (name !== undefined) ctx.services.symbol(name);
      const now = ctx.core.clock.now();
      return { category, list: only(ctx).map((s) => tickerJson(ctx.core.market.get(s.symbol)!, now)) };
    },
  },
  { method: 'GET', path: '/v5/market/open-interest', signed: false, handle: openInterestRows },
  {
    method: 'GET',
    path: '/v5/market/orderbook',
    signed: false,
    handle: (ctx) => {
      linear(ctx);
      const s = ctx.services.symbol(ctx.params.require('symbol'));
      const limit = ctx.params.int('limit') ?? 25;
      if (limit < 1 || limit > 500) throw errors.invalid('limit');
      const m = ctx.core.market.get(s.symbol)!;
      const side = (levels: { price: string; qty: string }[]) =>
        levels
          .filter((l) => !D.isZero(l.qty))
          .slice(0, limit)
          .map((l) => [px(l.price, s), qty(D.round(l.qty, s.quantityPrecision, 'down'), s)]);
      const now = ctx.core.clock.now();
      return { s: s.symbol, b: side(m.book.bids), a: side(m.book.asks), ts: now, u: m.updateId, seq: m.updateId, cts: now };
    },
  },
];
