// Product data: server time (public), products, one product, best bid/ask and the product book — the
// last four with a JWT under `/products`, `/best_bid_ask`, `/product_book` and without one under
// `/market/...`, as the venue serves both.
import * as D from '../../../core/decimal.js';
import type { SymbolMarket } from '../../market/market.js';
import { errors } from './errors.js';
import { rfc3339 } from './format.js';
import { type CoinbaseProduct, productNamed } from './products.js';
import { type Ctx, queryInt, type Route } from './route.js';

function market(ctx: Ctx, p: CoinbaseProduct): SymbolMarket {
  const m = ctx.core.market.get(p.id);
  if (m === undefined) throw errors.notFound('ProductID is invalid');
  return m;
}

function listed(ctx: Ctx): CoinbaseProduct[] {
  return [...ctx.core.market.symbols.keys()].map((s) => productNamed(s)).filter((p) => p !== undefined);
}

function named(ctx: Ctx, id: string | undefined | null): CoinbaseProduct {
  const p = id === undefined || id === null ? undefined : productNamed(id);
  if (p === undefined || ctx.core.market.get(p.id) === undefined)
    throw errors.notFound('ProductID is invalid');
  return p;
}

function productJson(ctx: Ctx, p: CoinbaseProduct): Record<string, unknown> {
  const m = market(ctx, p);
  const st = m.stats;
  const change = D.isZero(st.open)
    ? '0'
    : D.div(D.mul(D.sub(st.last, st.open), '100'), st.open, 8, 'half_up');
  return {
    product_id: p.id,
    price: st.last,
    price_percentage_change_24h: change,
    volume_24h: st.volume,
    volume_percentage_change_24h: '0',
    base_increment: p.baseIncrement,
    quote_increment: p.quoteIncrement,
    quote_min_size: p.quoteMin,
    quote_max_size: p.quoteMax,
    base_min_size: p.baseMin,
    base_max_size: p.baseMax,
    base_name: p.baseName,
    quote_name: 'US Dollar',
    watched: false,
    is_disabled: false,
    new: false,
    status: 'online',
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: false,
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: p.quote,
    base_currency_id: p.base,
    mid_market_price: m.mid,
    alias: '',
    alias_to: [],
    base_display_symbol: p.base,
    quote_display_symbol: p.quote,
    view_only: false,
    price_increment: p.quoteIncrement,
    display_name: p.id,
    product_venue: 'CBE',
    approximate_quote_24h_volume: st.quoteVolume,
  };
}

type Level = { price: string; qty: string };
const side = (levels: Level[], limit: number) =>
  levels
    .filter((l) => !D.isZero(l.qty))
    .slice(0, limit)
    .map((l) => ({ price: l.price, size: l.qty }));

function pricebook(ctx: Ctx, p: CoinbaseProduct, limit: number): Record<string, unknown> {
  const m = market(ctx, p);
  return {
    product_id: p.id,
    bids: side(m.book.bids, limit),
    asks: side(m.book.asks, limit),
    time: rfc3339(ctx.core.clock.now()),
  };
}

function products(ctx: Ctx): unknown {
  const type = ctx.query.get('product_type');
  // The sim lists spot products only: asked for futures (ccxt asks at every market load), it has none.
  if (type === 'FUTURE') return { products: [], num_products: 0 };
  if (type !== null && type !== '' && type !== 'SPOT') throw errors.invalidArgument('invalid product_type');
  const wanted = ctx.query.getAll('product_ids');
  const list = wanted.length === 0 ? listed(ctx) : wanted.map((id) => named(ctx, id));
  return { products: list.map((p) => productJson(ctx, p)), num_products: list.length };
}

function productBook(ctx: Ctx): unknown {
  const p = named(ctx, ctx.query.get('product_id'));
  const limit = queryInt(ctx, 'limit', 50, 1, 500);
  const book = pricebook(ctx, p, limit);
  const m = market(ctx, p);
  const bid = m.book.bestBid()?.price;
  const ask = m.book.bestAsk()?.price;
  const mid = bid && ask ? D.div(D.add(bid, ask), '2', 8, 'half_up') : m.mid;
  const spread = bid && ask ? D.sub(ask, bid) : '0';
  return {
    pricebook: book,
    last: m.stats.last,
    mid_market: mid,
    spread_bps: D.isZero(mid) ? '0' : D.div(D.mul(spread, '10000'), mid, 8, 'half_up'),
    spread_absolute: spread,
  };
}

const both = (path: string, handle: Route['handle']): Route[] => [
  { method: 'GET', path, private: true, right: 'view', handle },
  { method: 'GET', path: `/market${path}`, private: false, handle },
];

export const publicRoutes: Route[] = [
  {
    method: 'GET',
    path: '/time',
    private: false,
    handle: (ctx) => {
      const now = ctx.core.clock.now();
      return { iso: rfc3339(now), epochSeconds: String(Math.floor(now / 1000)), epochMillis: String(now) };
    },
  },
  ...both('/products', products),
  ...both('/products/:id', (ctx) => productJson(ctx, named(ctx, ctx.id))),
  ...both('/product_book', productBook),
  {
    method: 'GET',
    path: '/best_bid_ask',
    private: true,
    right: 'view',
    handle: (ctx) => {
      const wanted = ctx.query.getAll('product_ids');
      const list = wanted.length === 0 ? listed(ctx) : wanted.map((id) => named(ctx, id));
      return { pricebooks: list.map((p) => pricebook(ctx, p, 1)) };
    },
  },
];
