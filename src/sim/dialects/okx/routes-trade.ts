// Trade endpoints: place (POST /trade/order), batch place (POST /trade/batch-orders), details by ordId
// or clOrdId (GET /trade/order), cancel, batch cancel, pending orders, fills of the last days, and cancel-all-after (the dead-man's switch).
import { recordAccepted } from '../shared/ledger.js';
import * as D from '../../../core/decimal.js';
import { isReject, type NewOrderRequest, type Order, type TimeInForce } from '../../matching/orders.js';
import { errors, itemError, type OkxError, rejectError } from './errors.js';
import { fillJson, orderJson, type Swap, toBase } from './format.js';
import { algoIdsOf } from './format-algo.js';
import { type Json, Params } from './params.js';
import type { Ctx, Route } from './route.js';
import { accountOf } from './route.js';

/** A client order id the venue takes (also an algoClOrdId). */
export const CLORDID = /^[A-Za-z0-9]{1,32}$/;

const ORD_TYPES: Readonly<Record<string, { type: 'LIMIT' | 'MARKET'; tif: TimeInForce }>> = {
  limit: { type: 'LIMIT', tif: 'GTC' },
  post_only: { type: 'LIMIT', tif: 'GTX' },
  ioc: { type: 'LIMIT', tif: 'IOC' },
  fok: { type: 'LIMIT', tif: 'FOK' },
  market: { type: 'MARKET', tif: 'GTC' },
};

export const itemOf = (clOrdId: string, ordId = '', ts = '') => ({ clOrdId, ordId, tag: '', ts });

function newOrderRequest(ctx: Ctx, s: Swap): NewOrderRequest {
  const p = ctx.params;
  // Attached TP/SL are not served: refused by name rather than placing the order without them.
  for (const name of ['attachAlgoOrds', 'tpTriggerPx', 'slTriggerPx'])
    if (p.values[name] !== undefined) throw errors.param(`${name} (the local venue does not attach TP/SL to an order: place them with order-algo)`);
  const tdMode = p.require('tdMode');
  if (tdMode !== 'cross' && tdMode !== 'isolated') throw errors.param('tdMode');
  const side = p.require('side');
  if (side !== 'buy' && side !== 'sell') throw errors.param('side');
  const posSide = p.get('posSide');
  if (posSide !== undefined && posSide !== 'net')
    throw itemError('51000', 'Parameter posSide error', itemOf(p.get('clOrdId') ?? ''));
  const kind = ORD_TYPES[p.require('ordType')];
  if (kind === undefined) throw errors.param('ordType');
  const sz = p.decimal('sz', true)!;
  if (!D.isZero(D.sub(sz, D.mul(D.div(sz, s.lotSz, 0, 'down'), s.lotSz)))) {
    throw itemError(
      '51121',
      'Order quantity must be a multiple of the lot size.',
      itemOf(p.get('clOrdId') ?? ''),
    );
  }
  let price: string | undefined;
  if (kind.type === 'LIMIT') price = p.decimal('px', true);
  const cid = p.get('clOrdId') ?? '';
  if (cid !== '' && !CLORDID.test(cid)) throw errors.param('clOrdId');
  return {
    symbol: s.spec.symbol,
    side: side === 'buy' ? 'BUY' : 'SELL',
    type: kind.type,
    timeInForce: kind.tif,
    quantity: toBase(sz, s),
    ...(price === undefined ? {} : { price }),
    reduceOnly: p.bool('reduceOnly'),
    clientOrderId: cid,
  };
}

function placeOrder(ctx: Ctx): unknown[] {
  const account = accountOf(ctx);
  const s = ctx.services.swap(ctx.params.require('instId'));
  const expTime = ctx.req.headers['exptime'];
  const exp = Array.isArray(expTime) ? expTime[0] : expTime;
  if (exp !== undefined && /^\d{1,16}$/.test(exp) && ctx.core.clock.now() > Number(exp))
    throw errors.expired();
  const req = newOrderRequest(ctx, s);
  const used = ctx.services.usedClientIds(account.id);
  const ts = String(ctx.core.clock.now());
  if (req.clientOrderId !== '' && used.has(req.clientOrderId))
    throw itemError('51016', 'Duplicated clOrdId', itemOf(req.clientOrderId, '', ts));
  const result = ctx.core.engine.place(account.id, req);
  if (isReject(result)) throw rejectError(result, itemOf(req.clientOrderId, '', ts));
  if (req.clientOrderId !== '') used.add(req.clientOrderId);
  ctx.accepted.push(recordAccepted(ctx.core, result));
  return [
    {
      ...itemOf(result.clientOrderId, String(result.orderId), String(result.time)),
      sCode: '0',
      sMsg: 'Order placed',
    },
  ];
}

/** The order an `ordId` or `clOrdId` names (ordId wins, as on the venue). */
export function findOrder(ctx: Ctx, p: Params, s: Swap, notFound: () => OkxError): Order {
  const account = accountOf(ctx);
  const ordId = p.get('ordId');
  const cid = p.get('clOrdId');
  if (ordId === undefined && cid === undefined) throw errors.eitherId();
  const ref =
    ordId !== undefined
      ? { orderId: /^\d{1,16}$/.test(ordId) ? Number(ordId) : -1 }
      : { clientOrderId: cid! };
  const o = ctx.core.engine.find(account.id, s.spec.symbol, ref);
  if (!o) throw notFound();
  return o;
}

function cancelOne(ctx: Ctx, p: Params): Record<string, string> {
  const s = ctx.services.swap(p.require('instId'));
  const ts = String(ctx.core.clock.now());
  const item = itemOf(p.get('clOrdId') ?? '', p.get('ordId') ?? '', ts);
  const gone = () =>
    itemError(
      '51400',
      'Order cancellation failed as the order has been filled, canceled or does not exist.',
      item,
    );
  const o = findOrder(ctx, p, s, gone);
  const r = ctx.core.engine.cancel(o.accountId, o.symbol, { orderId: o.orderId });
  if (isReject(r)) {
    if (o.status === 'CANCELED' || o.status === 'EXPIRED')
      throw itemError('51401', 'Order cancellation failed as the order has been canceled.', item);
    if (o.status === 'FILLED')
      throw itemError('51402', 'Order cancellation failed as the order has been completed.', item);
    throw gone();
  }
  return { ...itemOf(o.clientOrderId, String(o.orderId), ts), sCode: '0', sMsg: '' };
}

/** Runs `one` on each item of a batch body; an item the venue refuses becomes its sCode/sMsg entry. */
export function eachItem(ctx: Ctx, one: (item: Ctx) => Record<string, string>): Record<string, string>[] {
  const items = ctx.items ?? [];
  if (items.length === 0 || items.length > 20) throw errors.param('batch size');
  return items.map((raw: Json) => {
    try {
      return one({ ...ctx, params: new Params(raw) });
    } catch (e) {
      const err = e as OkxError;
      if (err.item === undefined) throw e;
      return { ...err.item, sCode: err.code, sMsg: err.msg };
    }
  });
}

export const tradeRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/v5/trade/order',
    signed: true,
    permission: 'trade',
    kind: 'order',
    handle: placeOrder,
  },
  {
    // Up to 20 orders in one request, each placed, refused or counted on its own (ccxt places here).
    method: 'POST',
    path: '/api/v5/trade/batch-orders',
    signed: true,
    permission: 'trade',
    kind: 'order',
    batch: true,
    handle: (ctx) => eachItem(ctx, (item) => placeOrder(item)[0] as Record<string, string>),
  },
  {
    method: 'GET',
    path: '/api/v5/trade/order',
    signed: true,
    kind: 'query',
    handle: (ctx) => {
      const s = ctx.services.swap(ctx.params.require('instId'));
      const o = findOrder(ctx, ctx.params, s, errors.orderNotFound);
      return [orderJson(o, s, algoIdsOf(ctx.core, o))];
    },
  },
  {
    method: 'POST',
    path: '/api/v5/trade/cancel-order',
    signed: true,
    permission: 'trade',
    kind: 'cancel',
    handle: (ctx) => [cancelOne(ctx, ctx.params)],
  },
  {
    method: 'POST',
    path: '/api/v5/trade/cancel-batch-orders',
    signed: true,
    permission: 'trade',
    kind: 'cancel',
    batch: true,
    handle: (ctx) => eachItem(ctx, (item) => cancelOne(item, item.params)),
  },
  {
    method: 'GET',
    path: '/api/v5/trade/orders-pending',
    signed: true,
    kind: 'query',
    handle: (ctx) => {
      const account = accountOf(ctx);
      const only = ctx.params.get('instId');
      const limit = Math.min(ctx.params.int('limit') ?? 100, 100);
      const out: Record<string, string>[] = [];
      for (const s of ctx.services.swaps()) {
        if (only !== undefined && s.instId !== only) continue;
        for (const o of ctx.core.engine.openOrders(account.id, s.spec.symbol)) out.push(orderJson(o, s));
      }
      // Newest first, like the venue.
      return out
        .sort((a, b) => Number(b['cTime']) - Number(a['cTime']) || Number(b['ordId']) - Number(a['ordId']))
        .slice(0, limit);
    },
  },
  {
    method: 'GET',
    path: '/api/v5/trade/fills',
    signed: true,
    handle: (ctx) => {
      const account = accountOf(ctx);
      const only = ctx.params.get('instId');
      const s = only === undefined ? undefined : ctx.services.swap(only);
      const begin = ctx.params.int('begin');
      const end = ctx.params.int('end');
      const ordId = ctx.params.get('ordId');
      const limit = Math.min(ctx.params.int('limit') ?? 100, 100);
      const swaps = new Map(ctx.services.swaps().map((x) => [x.spec.symbol, x]));
      const out: Record<string, string>[] = [];
      // Newest first; `begin`/`end` filter the fill time (exclusive bounds).
      for (let i = ctx.core.engine.fills.length - 1; i >= 0 && out.length < limit; i--) {
        const f = ctx.core.engine.fills[i]!;
        if (f.accountId !== account.id || (s !== undefined && f.symbol !== s.spec.symbol)) continue;
        if ((begin !== undefined && f.time <= begin) || (end !== undefined && f.time >= end)) continue;
        if (ordId !== undefined && String(f.orderId) !== ordId) continue;
        const swap = swaps.get(f.symbol);
        if (swap !== undefined) out.push(fillJson(f, swap));
      }
      return out;
    },
  },
  {
    method: 'POST',
    path: '/api/v5/trade/cancel-all-after',
    signed: true,
    permission: 'trade',
    handle: (ctx) => {
      const raw = ctx.params.require('timeOut');
      if (!/^\d{1,3}$/.test(raw)) throw errors.param('timeOut');
      const seconds = Number(raw);
      if (seconds !== 0 && (seconds < 10 || seconds > 120)) throw errors.param('timeOut');
      const trigger = ctx.services.cancelAllAfter(accountOf(ctx).id, seconds);
      return [
        { triggerTime: seconds === 0 ? '0' : String(trigger), tag: '', ts: String(ctx.core.clock.now()) },
      ];
    },
  },
];
