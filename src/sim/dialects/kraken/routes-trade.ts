// Trading methods: AddOrder (market and limit, `oflags` post/fcib/fciq, `timeinforce` GTC/IOC,
// `cl_ord_id`, `userref`, `validate`), CancelOrder (by txid, userref or cl_ord_id), CancelAll and the
// dead-man switch CancelAllOrdersAfter. AddOrder and CancelOrder spend on the trading limiter, not the
// API counter (limits.ts).
import type { NewOrderRequest, Order } from '../../matching/orders.js';
import { isReject } from '../../matching/orders.js';
import { recordAccepted } from '../shared/ledger.js';
import { errors, rejectError } from './errors.js';
import { describe } from './format.js';
import { orderTxid } from './ids.js';
import { cancelPenalty } from './limits.js';
import { pairNamed } from './pairs.js';
import { accountOf, type Ctx, type Route } from './route.js';

/** cl_ord_id: a long UUID (36 with hyphens), a short one (32 hex) or free text of at most 18 characters. */
const CL_ORD_ID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\x21-\x7e]{1,18})$/;
const FLAGS = new Set(['post', 'fcib', 'fciq', 'nompp']);
let internalIds = 0;

function userref(ctx: Ctx): number {
  const v = ctx.params.get('userref');
  if (v === undefined) return 0;
  if (!/^-?\d{1,10}$/.test(v) || Math.abs(Number(v)) > 2 ** 31 - 1) throw errors.invalidArguments('userref');
  return Number(v);
}

function addOrder(ctx: Ctx): unknown {
  const p = ctx.params;
  const account = accountOf(ctx);
  const pair = pairNamed(p.require('pair'));
  if (pair === undefined) throw errors.unknownPair();
  const side = p.require('type');
  if (side !== 'buy' && side !== 'sell') throw errors.invalidArguments('type');
  const ordertype = p.require('ordertype');
  if (ordertype !== 'market' && ordertype !== 'limit') throw errors.invalidArguments('ordertype');
  const volume = p.decimal('volume', true)!;
  const price = ordertype === 'limit' ? p.decimal('price', true) : undefined;
  const oflags = p.list('oflags');
  for (const f of oflags) if (!FLAGS.has(f)) throw errors.invalidArguments('oflags');
  if (oflags.includes('fcib') && oflags.includes('fciq')) throw errors.invalidArguments('oflags');
  const post = oflags.includes('post');
  if (post && ordertype !== 'limit') throw errors.invalidArguments('oflags');
  const tif = p.get('timeinforce') ?? 'GTC';
  if (tif !== 'GTC' && tif !== 'IOC') throw errors.invalidArguments('timeinforce');
  if (p.has('leverage') && p.get('leverage') !== 'none') throw errors.invalidArguments('leverage');
  if (p.bool('reduce_only')) throw errors.invalidArguments('reduce_only');
  for (const n of ['starttm', 'expiretm']) if (p.has(n) && p.get(n) !== '0') throw errors.invalidArguments(n);
  const clOrdId = p.get('cl_ord_id');
  if (clOrdId !== undefined && !CL_ORD_ID.test(clOrdId)) throw errors.invalidArguments('cl_ord_id');
  const ref = userref(ctx);
  const req: NewOrderRequest = {
    symbol: pair.symbol,
    side: side === 'buy' ? 'BUY' : 'SELL',
    type: ordertype === 'market' ? 'MARKET' : 'LIMIT',
    timeInForce: post ? 'GTX' : tif === 'IOC' ? 'IOC' : 'GTC',
    quantity: volume,
    ...(price === undefined ? {} : { price }),
    reduceOnly: false,
    // Orders without a cl_ord_id get an id no client can send (a space), unique, for the engine's index.
    clientOrderId: clOrdId ?? `k ${++internalIds}`,
  };
  const descr = { order: describe(req.side, req.type, volume, price, pair) };
  if (clOrdId !== undefined && ctx.services.orders.openByClOrdId(account.id, clOrdId).length > 0)
    throw errors.invalidArguments('cl_ord_id is already in use');
  if (p.bool('validate')) {
    const bad = ctx.core.engine.check(account.id, req);
    if (bad) throw rejectError(bad);
    return { descr };
  }
  ctx.services.spendTrading(account.id, pair.symbol, 1);
  const extras = { ...(clOrdId === undefined ? {} : { clOrdId }), userref: ref, oflags };
  const placed = ctx.core.engine.place(account.id, req, (o) => ctx.services.orders.set(o.orderId, extras));
  if (isReject(placed)) throw rejectError(placed);
  ctx.accepted.push(recordAccepted(ctx.core, placed));
  return { descr, txid: [orderTxid(placed.orderId)] };
}

function cancelOrder(ctx: Ctx): unknown {
  const account = accountOf(ctx);
  const orders = ctx.services.orders;
  const txid = ctx.params.get('txid');
  const clOrdId = ctx.params.get('cl_ord_id');
  if ((txid === undefined) === (clOrdId === undefined))
    throw errors.invalidArguments(txid === undefined ? 'txid' : 'cl_ord_id');
  let targets: Order[];
  if (clOrdId !== undefined) targets = orders.openByClOrdId(account.id, clOrdId);
  else if (/^-?\d{1,10}$/.test(txid!)) {
    const ref = Number(txid);
    targets = ctx.core.engine.openOrders(account.id).filter((o) => orders.extras(o.orderId).userref === ref);
  } else {
    const o = orders.byTxid(account.id, txid!);
    targets = o === undefined || (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED') ? [] : [o];
  }
  if (targets.length === 0) throw errors.unknownOrder();
  const now = ctx.core.clock.now();
  for (const o of targets) ctx.services.spendTrading(account.id, o.symbol, cancelPenalty(now - o.time));
  for (const o of targets) orders.cancel(o);
  return { count: targets.length };
}

export const tradeRoutes: Route[] = [
  {
    method: 'POST',
    path: '/0/private/AddOrder',
    private: true,
    right: 'trade',
    cost: 0,
    kind: 'order',
    handle: addOrder,
  },
  {
    method: 'POST',
    path: '/0/private/CancelOrder',
    private: true,
    right: 'cancel',
    cost: 0,
    kind: 'cancel',
    handle: cancelOrder,
  },
  {
    method: 'POST',
    path: '/0/private/CancelAll',
    private: true,
    right: 'cancel',
    kind: 'cancel',
    handle: (ctx) => {
      const open = ctx.core.engine.openOrders(accountOf(ctx).id);
      for (const o of open) ctx.services.orders.cancel(o);
      return { count: open.length };
    },
  },
  {
    method: 'POST',
    path: '/0/private/CancelAllOrdersAfter',
    private: true,
    right: 'cancel',
    kind: 'cancel',
    handle: (ctx) => {
      const timeout = ctx.params.int('timeout');
      if (timeout === undefined || timeout > 86_400) throw errors.invalidArguments('timeout');
      return ctx.services.deadMan(accountOf(ctx).id, timeout);
    },
  },
];
