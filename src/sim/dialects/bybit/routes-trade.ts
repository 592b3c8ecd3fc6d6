// Trade endpoints (BYD `order/*.mdx`): create (conditional orders: conditional.ts), amend, cancel, cancel-all, open and recent orders
// (realtime), order history, executions paged by cursor, and the DCP window.
import * as D from '../../../core/decimal.js';
import { isReject, type NewOrderRequest, type Order, type TimeInForce } from '../../matching/orders.js';
import { recordAccepted } from '../shared/ledger.js';
import { DCP_PRODUCTS, type DcpProduct } from './dcp.js';
import { BybitError, errors, rejectError } from './errors.js';
import { executionJson, orderJson } from './format.js';
import { isTriggerReject, type TriggerOrder } from '../../matching/triggers.js';
import { amendCrossedError, conditionalJson, placeConditional } from './conditional.js';
import type { Ctx, Route } from './route.js';
import { accountOf, linear } from './route.js';

/** orderLinkId: up to 36 letters, digits, `-` and `_` (BYD `order/create-order.mdx`). */
const LINK_ID = /^[A-Za-z0-9_-]{1,36}$/;

const TIFS: Readonly<Record<string, TimeInForce>> = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', PostOnly: 'GTX' };

/**
 * Attached TP/SL go through the same endpoint on the venue; the local venue does not serve them, so they
 * are refused rather than placed as plain orders without their TP/SL. (`triggerPrice` makes a
 * conditional order: conditional.ts.)
 */
const CONDITIONAL = ['takeProfit', 'stopLoss', 'tpslMode', 'tpLimitPrice', 'slLimitPrice'];

function newOrderRequest(ctx: Ctx, symbol: string): NewOrderRequest {
  const p = ctx.params;
  const conditional = CONDITIONAL.find((name) => p.has(name));
  if (conditional !== undefined) throw errors.param(`params error: ${conditional} is not served by this venue (no conditional or TP/SL orders)`);
  const side = p.require('side');
  if (side !== 'Buy' && side !== 'Sell') throw errors.invalid('side');
  const orderType = p.require('orderType');
  if (orderType !== 'Market' && orderType !== 'Limit') throw errors.invalid('orderType');
  const positionIdx = p.get('positionIdx');
  if (positionIdx !== undefined && positionIdx !== '0') throw errors.param('position idx not match position mode');
  const quantity = p.decimal('qty', true)!;
  const tifName = p.get('timeInForce') ?? (orderType === 'Market' ? 'IOC' : 'GTC');
  const tif = TIFS[tifName];
  if (tif === undefined) throw errors.invalid('timeInForce');
  const linkId = p.get('orderLinkId') ?? '';
  if (linkId !== '' && !LINK_ID.test(linkId)) throw errors.invalid('orderLinkId');
  const price = orderType === 'Limit' ? p.decimal('price', true) : undefined;
  return {
    symbol,
    side: side === 'Buy' ? 'BUY' : 'SELL',
    type: orderType === 'Market' ? 'MARKET' : 'LIMIT',
    timeInForce: tif,
    quantity,
    ...(price === undefined ? {} : { price }),
    reduceOnly: p.bool('reduceOnly'),
    clientOrderId: linkId,
  };
}

const ids = (o: Order) => ({ orderId: String(o.orderId), orderLinkId: o.clientOrderId });

/** The order an `orderId` or `orderLinkId` names (orderId wins, as on the venue), if the venue has it. */
function lookup(ctx: Ctx, symbol: string): Order | undefined {
  const account = accountOf(ctx);
  const orderId = ctx.params.get('orderId');
  const linkId = ctx.params.get('orderLinkId');
  if (orderId === undefined && linkId === undefined) throw errors.param('params error: orderId or orderLinkId is required');
  const ref = orderId !== undefined ? { orderId: /^\d{1,16}$/.test(orderId) ? Number(orderId) : -1 } : { clientOrderId: linkId! };
  return ctx.core.engine.find(account.id, symbol, ref);
}

function findOrder(ctx: Ctx, symbol: string, notFound: () => BybitError): Order {
  const o = lookup(ctx, symbol);
  if (!o) throw notFound();
  return o;
}

/** Newest first, then paged: `cursor` is the offset the previous page ended at. */
function page<T>(ctx: Ctx, rows: T[], max: number, byDefault: number): { list: T[]; nextPageCursor: string } {
  const limit = ctx.params.int('limit') ?? byDefault;
  if (limit < 1 || limit > max) throw errors.invalid('limit');
  const cursor = ctx.params.get('cursor');
  if (cursor !== undefined && !/^\d{1,9}$/.test(cursor)) throw errors.invalid('cursor');
  const from = cursor === undefined ? 0 : Number(cursor);
  const list = rows.slice(from, from + limit);
  return { list, nextPageCursor: from + limit < rows.length ? String(from + limit) : '' };
}

/** The conditional order an `orderId` or `orderLinkId` names, if any. */
function lookupConditional(ctx: Ctx, symbol: string): TriggerOrder | undefined {
  const orderId = ctx.params.get('orderId');
  const linkId = ctx.params.get('orderLinkId');
  const ref = orderId !== undefined ? { triggerId: /^\d{1,16}$/.test(orderId) ? Number(orderId) : -1 } : { clientId: linkId ?? '' };
  if ('clientId' in ref && ref.clientId === '') return undefined;
  return ctx.core.engine.triggers.find(accountOf(ctx).id, ref, symbol);
}

/** `orderFilter`: Order = active orders, StopOrder = conditional orders, absent = both (linear). */
function filterOf(ctx: Ctx): { active: boolean; conditional: boolean } {
  const f = ctx.params.get('orderFilter');
  if (f === undefined) return { active: true, conditional: true };
  if (f === 'Order') return { active: true, conditional: false };
  if (f === 'StopOrder') return { active: false, conditional: true };
  throw errors.invalid('orderFilter');
}

function orderRows(ctx: Ctx, open: boolean): Record<string, unknown>[] {
  linear(ctx);
  const account = accountOf(ctx);
  const name = ctx.params.get('symbol');
  const spec = name === undefined ? undefined : ctx.services.symbol(name);
  const specs = new Map(ctx.services.symbols().map((s) => [s.symbol, s]));
  const one = ctx.params.has('orderId') || ctx.params.has('orderLinkId');
  const filter = filterOf(ctx);
  let orders: Order[] = [];
  let conditional: TriggerOrder[] = [];
  const triggers = ctx.core.engine.triggers;
  if (one) {
    // An id the venue never saw is an empty list, not an error: how a client learns an order never landed.
    if (spec === undefined) throw errors.required('symbol');
    const found = lookup(ctx, spec.symbol);
    const cond = found === undefined ? lookupConditional(ctx, spec.symbol) : undefined;
    orders = found === undefined ? [] : [found];
    conditional = cond === undefined ? [] : [cond];
  } else if (open) {
    if (filter.active) orders = ctx.core.engine.openOrders(account.id, spec?.symbol).filter((o) => o.trigger === undefined);
    if (filter.conditional) conditional = [
      ...triggers.open(account.id, spec?.symbol),
      // A fired one whose market order still rests shows as that order, under its own id.
      ...ctx.core.engine.openOrders(account.id, spec?.symbol).flatMap((o) => (o.trigger === undefined ? [] : [triggers.all.get(o.trigger.triggerId)!])),
    ];
  } else {
    if (filter.active) orders = [...ctx.core.engine.orders.values()].filter((o) => o.accountId === account.id && o.trigger === undefined && (spec === undefined || o.symbol === spec.symbol));
    if (filter.conditional) conditional = [...triggers.all.values()].filter((t) => t.accountId === account.id && (spec === undefined || t.symbol === spec.symbol));
  }
  const rows = [
    ...orders.map((o) => ({ time: o.time, id: o.orderId, row: orderJson(o, specs.get(o.symbol)!, ctx.services.extras(o.orderId)) })),
    ...conditional.map((t) => {
      const sent = t.orderId === undefined ? undefined : ctx.core.engine.orders.get(t.orderId);
      return { time: t.time, id: t.triggerId, row: conditionalJson(t, sent, specs.get(t.symbol)!, ctx.services.extras(t.triggerId)) };
    }),
  ];
  return rows.sort((a, b) => b.time - a.time || b.id - a.id).map((r) => r.row);
}

function placeOrder(ctx: Ctx): unknown {
  linear(ctx);
  const account = accountOf(ctx);
  const spec = ctx.services.symbol(ctx.params.require('symbol'));
  if (ctx.params.has('triggerPrice')) return placeConditional(ctx, spec);
  const req = newOrderRequest(ctx, spec.symbol);
  const used = ctx.services.usedLinkIds(account.id);
  if (req.clientOrderId !== '' && used.has(req.clientOrderId)) throw errors.duplicateLinkId();
  const result = ctx.core.engine.place(account.id, req);
  if (isReject(result)) throw rejectError(result);
  if (req.clientOrderId !== '') used.add(req.clientOrderId);
  ctx.accepted.push(recordAccepted(ctx.core, result));
  return ids(result);
}

function amendOrder(ctx: Ctx): unknown {
  linear(ctx);
  const spec = ctx.services.symbol(ctx.params.require('symbol'));
  const cond = lookup(ctx, spec.symbol) === undefined ? lookupConditional(ctx, spec.symbol) : undefined;
  if (cond !== undefined) return amendConditional(ctx, cond);
  const o = findOrder(ctx, spec.symbol, errors.tooLateToReplace);
  const quantity = ctx.params.decimal('qty', false);
  const price = ctx.params.decimal('price', false);
  if (quantity === undefined && price === undefined) throw errors.unchanged();
  if (quantity !== undefined && D.lte(quantity, o.executedQty))
    throw new BybitError(200, 110063, 'The number of contracts modified cannot be less than or equal to the filled quantity');
  if ((quantity === undefined || D.eq(quantity, o.origQty)) && (price === undefined || D.eq(price, o.price)))
    throw errors.unchanged();
  const r = ctx.core.engine.amend(o.accountId, o.symbol, { orderId: o.orderId }, {
    ...(quantity === undefined ? {} : { quantity }),
    ...(price === undefined ? {} : { price }),
  });
  if (isReject(r)) throw r.reject === 'unknown-order' ? errors.tooLateToReplace() : rejectError(r);
  return ids(r);
}

/** A waiting conditional order's trigger price and/or size, moved in place (same orderId). */
function amendConditional(ctx: Ctx, t: TriggerOrder): unknown {
  const triggerPrice = ctx.params.decimal('triggerPrice', false);
  const quantity = ctx.params.decimal('qty', false);
  if (triggerPrice === undefined && quantity === undefined) throw errors.unchanged();
  const r = ctx.core.engine.triggers.amend(t.accountId, { triggerId: t.triggerId }, {
    ...(triggerPrice === undefined ? {} : { triggerPrice }),
    ...(quantity === undefined ? {} : { quantity }),
  });
  if (isTriggerReject(r)) {
    if (r.reject === 'unknown-order') throw errors.tooLateToReplace();
    if (r.reject === 'would-trigger') throw amendCrossedError(t, triggerPrice ?? t.triggerPrice, r.detail);
    if (r.reject === 'max-open-triggers') throw errors.invalid('triggerPrice');
    throw rejectError(r);
  }
  return { orderId: String(r.triggerId), orderLinkId: r.clientId };
}

function cancelOrder(ctx: Ctx): unknown {
  linear(ctx);
  const spec = ctx.services.symbol(ctx.params.require('symbol'));
  const cond = lookup(ctx, spec.symbol) === undefined ? lookupConditional(ctx, spec.symbol) : undefined;
  if (cond !== undefined) {
    if (isReject(ctx.core.engine.triggers.cancel(cond.accountId, { triggerId: cond.triggerId }))) throw errors.tooLateToCancel();
    return { orderId: String(cond.triggerId), orderLinkId: cond.clientId };
  }
  const o = findOrder(ctx, spec.symbol, errors.tooLateToCancel);
  const r = ctx.core.engine.cancel(o.accountId, o.symbol, { orderId: o.orderId });
  if (isReject(r)) throw errors.tooLateToCancel();
  return ids(o);
}

export const tradeRoutes: Route[] = [
  { method: 'POST', path: '/v5/order/create', signed: true, permission: 'trade', kind: 'order', handle: placeOrder },
  { method: 'POST', path: '/v5/order/amend', signed: true, permission: 'trade', kind: 'order', handle: amendOrder },
  { method: 'POST', path: '/v5/order/cancel', signed: true, permission: 'trade', kind: 'cancel', handle: cancelOrder },
  {
    method: 'POST',
    path: '/v5/order/cancel-all',
    signed: true,
    permission: 'trade',
    kind: 'cancel',
    handle: (ctx) => {
      linear(ctx);
      const account = accountOf(ctx);
      const name = ctx.params.get('symbol');
      const symbol = name === undefined ? undefined : ctx.services.symbol(name).symbol;
      // Linear, no orderFilter: "all kinds of orders will be cancelled", conditional ones too.
      const filter = filterOf(ctx);
      const cancelled = filter.active ? ctx.services.cancelAll(account.id, symbol, 'CancelByUser') : [];
      const byId = ctx.core.engine.orders;
      const conditional = filter.conditional ? ctx.core.engine.triggers.cancelAll(account.id, symbol) : [];
      return {
        list: [
          ...cancelled.map((id) => ids(byId.get(id)!)),
          ...conditional.map((t) => ({ orderId: String(t.triggerId), orderLinkId: t.clientId })),
        ],
        success: '1',
      };
    },
  },
  {
    method: 'GET',
    path: '/v5/order/realtime',
    signed: true,
    kind: 'query',
    handle: (ctx) => ({ ...page(ctx, orderRows(ctx, true), 50, 20), category: 'linear' }),
  },
  {
    method: 'GET',
    path: '/v5/order/history',
    signed: true,
    kind: 'query',
    handle: (ctx) => ({ ...page(ctx, orderRows(ctx, false), 50, 20), category: 'linear' }),
  },
  {
    method: 'GET',
    path: '/v5/execution/list',
    signed: true,
    handle: (ctx) => {
      linear(ctx);
      const account = accountOf(ctx);
      const name = ctx.params.get('symbol');
      const spec = name === undefined ? undefined : ctx.services.symbol(name);
      const orderId = ctx.params.get('orderId');
      const linkId = ctx.params.get('orderLinkId');
      const start = ctx.params.int('startTime');
      const end = ctx.params.int('endTime');
      const execType = ctx.params.get('execType');
      const specs = new Map(ctx.services.symbols().map((s) => [s.symbol, s]));
      const rows: Record<string, unknown>[] = [];
      const fills = ctx.core.engine.fills;
      // Newest first; startTime/endTime bound the execution time, both ends included.
      for (let i = fills.length - 1; i >= 0; i--) {
        const f = fills[i]!;
        if (f.accountId !== account.id || (spec !== undefined && f.symbol !== spec.symbol)) continue;
        if ((start !== undefined && f.time < start) || (end !== undefined && f.time > end)) continue;
        // A conditional order's fills carry its own id (its market order is shown under it).
        const shownId = ctx.core.engine.orders.get(f.orderId)?.trigger?.triggerId ?? f.orderId;
        if ((orderId !== undefined && String(shownId) !== orderId) || (linkId !== undefined && f.clientOrderId !== linkId)) continue;
        if (execType !== undefined && execType !== 'Trade') continue;
        const s = specs.get(f.symbol);
        if (s !== undefined)
          rows.push(executionJson({ ...f, orderId: shownId }, ctx.core.engine.orders.get(f.orderId), s, ctx.core.market.get(f.symbol)!.mark));
      }
      return { ...page(ctx, rows, 100, 50), category: 'linear' };
    },
  },
  {
    method: 'POST',
    path: '/v5/order/disconnected-cancel-all',
    signed: true,
    permission: 'trade',
    handle: (ctx) => {
      const product = (ctx.params.get('product') ?? 'OPTIONS') as DcpProduct;
      if (!DCP_PRODUCTS.includes(product)) throw errors.invalid('product');
      const raw = ctx.params.require('timeWindow');
      if (!/^\d{1,3}$/.test(raw) || Number(raw) < 3 || Number(raw) > 300) throw errors.dcpWindow();
      ctx.services.setDcp(accountOf(ctx).id, product, Number(raw));
      return {};
    },
  },
];
