// Public methods (GET, also served on POST as the venue does): server time, system status, assets,
// asset pairs, ticker and depth. `pair` takes any of the venue's spellings, comma-separated; replies are
// keyed by the pair's AssetPairs key (`XXBTZUSD`), as the venue keys them whatever the request said.
import * as D from '../../../core/decimal.js';
import type { SymbolMarket } from '../../market/market.js';
import { errors } from './errors.js';
import { COST_DECIMALS, px, seconds, vol } from './format.js';
import { type KrakenPair, pairNamed, pairOf } from './pairs.js';
import type { Ctx, Route } from './route.js';

function pairs(ctx: Ctx): KrakenPair[] {
  const names = ctx.params.list('pair');
  const all = [...ctx.core.market.symbols.keys()].map(pairOf);
  if (names.length === 0) return all;
  return names.map((n) => {
    const p = pairNamed(n);
    if (p === undefined) throw errors.unknownPair();
    return p;
  });
}

const market = (ctx: Ctx, p: KrakenPair): SymbolMarket => ctx.core.market.get(p.symbol)!;

function pairJson(ctx: Ctx, p: KrakenPair): Record<string, unknown> {
  const s = market(ctx, p).spec;
  return {
    altname: p.altname,
    wsname: p.wsname,
    aclass_base: 'currency',
    base: p.baseCode,
    aclass_quote: 'currency',
    quote: p.quoteCode,
    lot: 'unit',
    cost_decimals: COST_DECIMALS,
    pair_decimals: p.pairDecimals,
    lot_decimals: p.lotDecimals,
    lot_multiplier: 1,
    leverage_buy: [],
    leverage_sell: [],
    fees: [[0, 0.4]],
    fees_maker: [[0, 0.25]],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: s.minQty,
    costmin: s.minNotional,
    tick_size: s.tickSize,
    status: 'online',
  };
}

function tickerJson(ctx: Ctx, p: KrakenPair): Record<string, unknown> {
  const m = market(ctx, p);
  const bid = m.book.bestBid();
  const ask = m.book.bestAsk();
  const st = m.stats;
  const vwap = D.isZero(st.volume)
    ? st.last
    : D.div(st.quoteVolume, st.volume, p.pairDecimals + 3, 'half_up');
  const side = (l: { price: string; qty: string } | undefined) => {
    const q = l?.qty ?? '0';
    return [px(l?.price ?? m.mid, p), D.toFixed(q, 0, 'down'), vol(q, p)];
  };
  return {
    a: side(ask),
    b: side(bid),
    c: [px(st.last, p), vol(st.lastQty, p)],
    v: [vol(st.volume, p), vol(st.volume, p)],
    p: [px(vwap, p), px(vwap, p)],
    t: [st.count, st.count],
    l: [px(st.low, p), px(st.low, p)],
    h: [px(st.high, p), px(st.high, p)],
    o: px(st.open, p),
  };
}

const both = (path: string, handle: Route['handle']): Route[] => [
  { method: 'GET', path, private: false, handle },
  { method: 'POST', path, private: false, handle },
];

export const publicRoutes: Route[] = [
  ...both('/0/public/Time', (ctx) => {
    const now = ctx.core.clock.now();
    return {
      unixtime: Math.floor(now / 1000),
      rfc1123: new Date(now).toUTCString().replace(/ GMT$/, ' +0000'),
    };
  }),
  ...both('/0/public/SystemStatus', (ctx) => ({
    status: 'online',
    timestamp: new Date(ctx.core.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  })),
  ...both('/0/public/Assets', (ctx) => {
    const out: Record<string, unknown> = {};
    for (const p of [...ctx.core.market.symbols.keys()].map(pairOf)) {
      out[p.baseCode] = {
        aclass: 'currency',
        altname: p.base === 'BTC' ? 'XBT' : p.base,
        decimals: 10,
        display_decimals: 5,
        status: 'enabled',
      };
      out[p.quoteCode] = {
        aclass: 'currency',
        altname: p.quote,
        decimals: 4,
        display_decimals: 2,
        status: 'enabled',
      };
    }
    return out;
  }),
  ...both('/0/public/AssetPairs', (ctx) => {
    const info = ctx.params.get('info') ?? 'info';
    if (!['info', 'leverage', 'fees', 'margin'].includes(info)) throw errors.invalidArguments('info');
    return Object.fromEntries(pairs(ctx).map((p) => [p.key, pairJson(ctx, p)]));
  }),
  ...both('/0/public/Ticker', (ctx) =>
    Object.fromEntries(pairs(ctx).map((p) => [p.key, tickerJson(ctx, p)])),
  ),
  ...both('/0/public/Depth', (ctx) => {
    const [p] = pairs(ctx);
    if (p === undefined || ctx.params.list('pair').length !== 1) throw errors.invalidArguments('pair');
    const count = ctx.params.int('count') ?? 100;
    if (count < 1 || count > 500) throw errors.invalidArguments('count');
    const m = market(ctx, p);
    const at = seconds(ctx.core.clock.now());
    const side = (levels: { price: string; qty: string }[]) =>
      levels
        .filter((l) => !D.isZero(l.qty))
        .slice(0, count)
        .map((l) => [px(l.price, p), vol(l.qty, p), Math.floor(at)]);
    return { [p.key]: { asks: side(m.book.asks), bids: side(m.book.bids) } };
  }),
];
