// Public endpoints: server time, instruments, tickers and the order book, category `linear`. This venue
// lists linear perpetuals only: asked for spot, inverse or option it answers an empty list, as the
// venue does for a category with nothing listed.
import * as D from '../../../core/decimal.js';
import { errors } from './errors.js';
import { instrumentJson, px, qty, tickerJson } from './format.js';
import type { Ctx, Route } from './route.js';
import { linear } from './route.js';

function only(ctx: Ctx) {
  const name = ctx.params.get('symbol');
  return ctx.services.symbols().filter((s) => name === undefined || s.symbol === name);
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
