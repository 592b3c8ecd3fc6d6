// Order endpoints: place, query, cancel (by orderId or origClientOrderId), open orders, all orders, cancel
// all, user trades, the countdown dead-man's switch, and leverage.
import { recordAccepted } from '../shared/ledger.js';
import { randomBytes } from 'node:crypto';
import type { OrderRef } from '../../matching/engine.js';
import * as D from '../../../core/decimal.js';
import {
  isReject,
  type NewOrderRequest,
  type Order,
  type OrderType,
  type Side,
  type TimeInForce,
} from '../../matching/orders.js';
import { BinanceError, errors, rejectError } from './errors.js';
import { ackJson, orderJson, orderReplyJson, tradeJson } from './format.js';
import type { Ctx, Route } from './route.js';
import { accountOf, optionalSymbol, symbolParam } from './route.js';

/** A client order id the venue takes (also a clientAlgoId). */
export const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

function orderRef(ctx: Ctx): OrderRef {
  const id = ctx.params.int('orderId');
  if (id !== undefined) return { orderId: id };
  const cid = ctx.params.get('origClientOrderId');
  if (cid !== undefined) return { clientOrderId: cid };
  throw errors.eitherParam('orderId', 'origClientOrderId');
}

/** A venue-style generated client order id (22 characters). */
export function generatedClientId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

/** Moved to the Algo Order API (POST /fapi/v1/algoOrder) on 2025-12-09; this endpoint refuses them. */
const CONDITIONAL_TYPES = new Set(['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET']);

function newOrderRequest(ctx: Ctx): NewOrderRequest {
  const p = ctx.params;
  const m = symbolParam(ctx);
  const side = p.require('side');
  if (side !== 'BUY' && side !== 'SELL') throw errors.badSide();
  const type = p.require('type');
  if (CONDITIONAL_TYPES.has(type)) throw errors.algoOnly();
  if (type !== 'LIMIT' && type !== 'MARKET') throw errors.badType();
  const positionSide = p.get('positionSide');
  if (positionSide !== undefined && positionSide !== 'BOTH') {
    throw new BinanceError(-4061, "Order's position side does not match user's setting.");
  }
  const quantity = p.decimal('quantity', true)!;
  let timeInForce: TimeInForce = 'GTC';
  let price: string | undefined;
  if (type === 'LIMIT') {
    const tif = p.require('timeInForce');
    if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK' && tif !== 'GTX') throw errors.badTif();
    timeInForce = tif;
    price = p.decimal('price', true);
  } else if (p.has('price')) {
    throw new BinanceError(-1106, "Parameter 'price' sent when not required.");
  }
  const cid = p.get('newClientOrderId');
  if (cid !== undefined && !CLIENT_ID.test(cid)) throw errors.badClientOrderId();
  const resp = p.get('newOrderRespType');
  if (resp !== undefined && resp !== 'ACK' && resp !== 'RESULT')
    throw new BinanceError(-1136, 'Invalid newOrderRespType.');
  return {
    symbol: m.spec.symbol,
    side: side as Side,
    type: type as OrderType,
    timeInForce,
    quantity,
    price,
    reduceOnly: p.bool('reduceOnly'),
    clientOrderId: cid ?? generatedClientId(),
  };
}

function placeOrder(ctx: Ctx): unknown {
  const account = accountOf(ctx);
  const req = newOrderRequest(ctx);
  const result = ctx.core.engine.place(account.id, req);
  if (isReject(result)) throw rejectError(result);
  ctx.accepted = recordAccepted(ctx.core, result);
  const spec = ctx.core.market.get(result.symbol)!.spec;
  return ctx.params.get('newOrderRespType') === 'RESULT'
    ? orderReplyJson(result, spec)
    : ackJson(result, spec);
}

export function findOrder(ctx: Ctx, notFound: () => BinanceError): Order {
  const account = accountOf(ctx);
  const m = symbolParam(ctx);
  const ref = orderRef(ctx);
  const o = ctx.core.engine.find(account.id, m.spec.symbol, ref);
  if (!o) throw notFound();
  const cid = ctx.params.get('origClientOrderId');
  if ('orderId' in ref && cid !== undefined && o.clientOrderId !== cid) throw notFound();
  return o;
}

const specOf = (ctx: Ctx, o: Order) => ctx.core.market.get(o.symbol)!.spec;


const WEEK_MS = 7 * 86_400_000;

/**
 * The time window userTrades answers without a trade id (futures Account-Trade-List): the last 7 days
 * when no time is sent, 7 days from `startTime` or up to `endTime` when only one is, else the two.
 */
function tradeWindow(startTime: number | undefined, endTime: number | undefined, now: number): [number, number] {
  if (startTime !== undefined) return [startTime, endTime ?? startTime + WEEK_MS];
  if (endTime !== undefined) return [endTime - WEEK_MS, endTime];
  return [now - WEEK_MS, now];
}
export const tradeRoutes: Route[] = [
  {
    // "Test Order": checked like a new order (signature, trade right, parameters, filters, margin)
    // and never matched; answers an empty object.
    method: 'POST',
    path: '/fapi/v1/order/test',
    security: 'SIGNED',
    permission: 'trade',
    weight: 0,
    handle: (ctx) => {
      const rejected = ctx.core.engine.check(accountOf(ctx).id, newOrderRequest(ctx));
      if (rejected !== undefined) throw rejectError(rejected);
      return {};
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/order',
    security: 'SIGNED',
    permission: 'trade',
    weight: 0,
    kind: 'order',
    countsOrder: true,
    handle: placeOrder,
  },
  {
    method: 'GET',
    path: '/fapi/v1/order',
    security: 'SIGNED',
    permission: 'read',
    weight: 1,
    kind: 'query',
    handle: (ctx) => {
      const o = findOrder(ctx, errors.noSuchOrder);
      return orderJson(o, specOf(ctx, o));
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/order',
    security: 'SIGNED',
    permission: 'trade',
    weight: 1,
    kind: 'cancel',
    handle: (ctx) => {
      const o = findOrder(ctx, errors.cancelUnknown);
      const r = ctx.core.engine.cancel(o.accountId, o.symbol, { orderId: o.orderId });
      if (isReject(r)) throw errors.cancelUnknown();
      return orderReplyJson(r, specOf(ctx, r));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/openOrder',
    security: 'SIGNED',
    permission: 'read',
    weight: 1,
    kind: 'query',
    handle: (ctx) => {
      const o = findOrder(ctx, errors.noSuchOrder);
      if (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED')
        throw new BinanceError(-2013, 'Order does not exist.');
      return orderJson(o, specOf(ctx, o));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/openOrders',
    security: 'SIGNED',
    permission: 'read',
    weight: (p) => (p.has('symbol') ? 1 : 40),
    kind: 'query',
    handle: (ctx) => {
      const m = optionalSymbol(ctx);
      return ctx.core.engine
        .openOrders(accountOf(ctx).id, m?.spec.symbol)
        .map((o) => orderJson(o, specOf(ctx, o)));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/allOrders',
    security: 'SIGNED',
    permission: 'read',
    weight: 5,
    kind: 'query',
    handle: (ctx) => {
      const account = accountOf(ctx);
      const m = symbolParam(ctx);
      const limit = Math.min(ctx.params.int('limit') ?? 500, 1000);
      const out = [...ctx.core.engine.orders.values()].filter(
        (o) => o.accountId === account.id && o.symbol === m.spec.symbol,
      );
      return out.slice(-limit).map((o) => orderJson(o, m.spec));
    },
  },
  {
    method: 'DELETE',
    path: '/fapi/v1/allOpenOrders',
    security: 'SIGNED',
    permission: 'trade',
    weight: 1,
    kind: 'cancel',
    handle: (ctx) => {
      ctx.core.engine.cancelAll(accountOf(ctx).id, symbolParam(ctx).spec.symbol);
      return { code: 200, msg: 'The operation of cancel all open order is done.' };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/userTrades',
    security: 'SIGNED',
    permission: 'read',
    weight: 5,
    handle: (ctx) => {
      const account = accountOf(ctx);
      const m = symbolParam(ctx);
      const limit = Math.min(ctx.params.int('limit') ?? 500, 1000);
      const orderId = ctx.params.int('orderId');
      const fromId = ctx.params.int('fromId');
      const startTime = ctx.params.int('startTime');
      const endTime = ctx.params.int('endTime');
      // "The parameter fromId cannot be sent with startTime or endTime."
      if (fromId !== undefined && startTime !== undefined) throw errors.notRequired('startTime');
      if (fromId !== undefined && endTime !== undefined) throw errors.notRequired('endTime');
      const [from, to] =
        fromId === undefined ? tradeWindow(startTime, endTime, ctx.core.clock.now()) : [-Infinity, Infinity];
      const out = ctx.core.engine.fills.filter(
        (f) =>
          f.accountId === account.id &&
          f.symbol === m.spec.symbol &&
          (orderId === undefined || f.orderId === orderId) &&
          (fromId === undefined || f.tradeId >= fromId) &&
          f.time >= from &&
          f.time <= to,
      );
      return (fromId === undefined ? out.slice(-limit) : out.slice(0, limit)).map((f) =>
        tradeJson(f, m.spec),
      );
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/countdownCancelAll',
    security: 'SIGNED',
    permission: 'trade',
    weight: 10,
    kind: 'cancel',
    handle: (ctx) => {
      const m = symbolParam(ctx);
      const ms = ctx.params.int('countdownTime');
      if (ms === undefined) throw errors.mandatory('countdownTime');
      ctx.services.countdown(accountOf(ctx).id, m.spec.symbol, ms);
      return { symbol: m.spec.symbol, countdownTime: String(ms) };
    },
  },
  {
    method: 'POST',
    path: '/fapi/v1/leverage',
    security: 'SIGNED',
    permission: 'trade',
    weight: 1,
    handle: (ctx) => {
      const m = symbolParam(ctx);
      const lev = ctx.params.int('leverage');
      if (lev === undefined) throw errors.mandatory('leverage');
      if (lev < 1 || lev > m.spec.maxLeverage) throw new BinanceError(-4028, `Leverage ${lev} is not valid`);
      const a = accountOf(ctx);
      if (a.marginModeOf(m.spec.symbol) === 'isolated' && !D.isZero(a.position(m.spec.symbol).amount) && lev < a.leverageOf(m.spec.symbol))
        throw new BinanceError(-4161, 'Leverage reduction is not supported in Isolated Margin Mode with open positions.');
      a.leverage.set(m.spec.symbol, lev);
      return {
        leverage: lev,
        maxNotionalValue: String(Math.floor(5_000_000_000 / lev)),
        symbol: m.spec.symbol,
      };
    },
  },
];
