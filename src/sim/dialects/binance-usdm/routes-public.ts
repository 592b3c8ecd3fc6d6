// Public market-data endpoints: time, exchangeInfo, tickers, depth, mark price, open interest.
import * as D from '../../../core/decimal.js';
import type { SymbolMarket } from '../../market/market.js';
import { simOpenInterest } from '../../market/open-interest.js';
import { px, qty, topOfBook } from './format.js';
import type { Params } from './params.js';
import type { Ctx, Route } from './route.js';
import { optionalSymbol, symbolParam } from './route.js';

function symbolInfo(m: SymbolMarket): Record<string, unknown> {
  const s = m.spec;
  return {
    symbol: s.symbol,
    pair: s.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: s.onboardDate,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    marginAsset: s.marginAsset,
    pricePrecision: s.pricePrecision,
    quantityPrecision: s.quantityPrecision,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: s.maxQty, stepSize: s.stepSize },
      { filterType: 'MARKET_LOT_SIZE', minQty: s.minQty, maxQty: s.marketMaxQty, stepSize: s.stepSize },
      { filterType: 'MAX_NUM_ORDERS', limit: s.maxOpenOrders },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: s.minNotional },
      {
        filterType: 'PERCENT_PRICE',
        multiplierUp: s.percentUp,
        multiplierDown: s.percentDown,
        multiplierDecimal: '4',
      },
    ],
    orderTypes: ['LIMIT', 'MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

function bookTicker(m: SymbolMarket, now: number): Record<string, unknown> {
  return {
    symbol: m.spec.symbol,
    ...topOfBook(m),
    time: now,
    lastUpdateId: m.updateId,
  };
}

function ticker24(m: SymbolMarket, now: number): Record<string, unknown> {
  const st = m.stats;
  const s = m.spec;
  const change = D.sub(st.last, st.open);
  const vwap = D.isZero(st.volume) ? st.last : D.div(st.quoteVolume, st.volume, s.pricePrecision, 'half_up');
  return {
    symbol: s.symbol,
    priceChange: px(change, s),
    priceChangePercent: D.toFixed(D.div(D.mul(change, '100'), st.open, 3, 'half_up'), 3, 'half_up'),
    weightedAvgPrice: px(vwap, s),
    lastPrice: px(st.last, s),
    lastQty: qty(st.lastQty, s),
    openPrice: px(st.open, s),
    highPrice: px(st.high, s),
    lowPrice: px(st.low, s),
    volume: qty(st.volume, s),
    quoteVolume: D.toFixed(st.quoteVolume, 2, 'half_up'),
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: st.firstTradeId,
    lastId: st.firstTradeId + Math.max(0, st.count - 1),
    count: st.count,
  };
}

function premiumIndex(m: SymbolMarket, now: number): Record<string, unknown> {
  return {
    symbol: m.spec.symbol,
    markPrice: D.toFixed(m.mark, 8, 'half_up'),
    indexPrice: D.toFixed(m.mid, 8, 'half_up'),
    estimatedSettlePrice: D.toFixed(m.mid, 8, 'half_up'),
    lastFundingRate: '0.00010000',
    interestRate: '0.00010000',
    nextFundingTime: Math.ceil(now / 28_800_000) * 28_800_000,
    time: now,
  };
}

/** `GET /fapi/v1/openInterest`: the sim's open interest (one side, base units) and the venue time. */
function openInterest(ctx: Ctx): Record<string, unknown> {
  const m = symbolParam(ctx);
  const now = ctx.core.clock.now();
  return { openInterest: simOpenInterest(ctx.core.seed, m.spec, ctx.core.accounts.values(), now), symbol: m.spec.symbol, time: now };
}

const perSymbolOrAll =
  <T>(fn: (m: SymbolMarket, now: number) => T) =>
  (ctx: Ctx): T | T[] => {
    const now = ctx.core.clock.now();
    const m = optionalSymbol(ctx);
    return m ? fn(m, now) : [...ctx.core.market.symbols.values()].map((x) => fn(x, now));
  };

const oneOrAll = (one: number, all: number) => (p: Params) => (p.has('symbol') ? one : all);

/** v1 and v2 `ticker/price` answer the same shape. */
const tickerPrice = (m: SymbolMarket, now: number) => ({ symbol: m.spec.symbol, price: px(m.stats.last, m.spec), time: now });

export const publicRoutes: Route[] = [
  { method: 'GET', path: '/fapi/v1/ping', security: 'NONE', weight: 1, handle: () => ({}) },
  {
    method: 'GET',
    path: '/fapi/v1/time',
    security: 'NONE',
    weight: 1,
    handle: (ctx) => ({ serverTime: ctx.core.clock.now() }),
  },
  {
    method: 'GET',
    path: '/fapi/v1/exchangeInfo',
    security: 'NONE',
    weight: 1,
    handle: (ctx) => {
      const l = ctx.services.limits;
      return {
        timezone: 'UTC',
        serverTime: ctx.core.clock.now(),
        futuresType: 'U_MARGINED',
        rateLimits: [
          {
            rateLimitType: 'REQUEST_WEIGHT',
            interval: 'MINUTE',
            intervalNum: 1,
            limit: l.requestWeightPerWindow,
          },
          { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: l.ordersLong },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: l.ordersShort },
        ],
        exchangeFilters: [],
        assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
        symbols: [...ctx.core.market.symbols.values()].map(symbolInfo),
      };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/bookTicker',
    security: 'NONE',
    weight: oneOrAll(2, 5),
    handle: perSymbolOrAll(bookTicker),
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/24hr',
    security: 'NONE',
    weight: oneOrAll(1, 40),
    handle: perSymbolOrAll(ticker24),
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/price',
    security: 'NONE',
    weight: oneOrAll(1, 2),
    handle: perSymbolOrAll(tickerPrice),
  },
  {
    method: 'GET',
    path: '/fapi/v2/ticker/price',
    security: 'NONE',
    weight: oneOrAll(1, 2),
    handle: perSymbolOrAll(tickerPrice),
  },
  {
    method: 'GET',
    path: '/fapi/v1/premiumIndex',
    security: 'NONE',
    weight: oneOrAll(1, 10),
    handle: perSymbolOrAll(premiumIndex),
  },
  { method: 'GET', path: '/fapi/v1/openInterest', security: 'NONE', weight: 1, handle: openInterest },
  {
    method: 'GET',
    path: '/fapi/v1/depth',
    security: 'NONE',
    weight: (p) => {
      const limit = Number(p.get('limit') ?? 500);
      return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
    },
    handle: (ctx) => {
      const m = symbolParam(ctx);
      const limit = Math.min(ctx.params.int('limit') ?? 500, 1000);
      const side = (levels: { price: string; qty: string }[]) =>
        levels
          .filter((l) => !D.isZero(l.qty))
          .slice(0, limit)
          .map((l) => [px(l.price, m.spec), qty(l.qty, m.spec)]);
      const now = ctx.core.clock.now();
      return { lastUpdateId: m.updateId, E: now, T: now, bids: side(m.book.bids), asks: side(m.book.asks) };
    },
  },
];
