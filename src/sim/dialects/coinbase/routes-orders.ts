// Orders: create (`client_order_id`, `market_market_ioc` by base or quote size, `limit_limit_gtc` with
// `post_only`, `sor_limit_ioc`, `limit_limit_fok`), batch cancel, the order list and one order (`orders/historical/batch`, `/:id`) and the
// fills (`orders/historical/fills`). A create the venue refuses is still HTTP 200: `{"success":false,
// "error_response":{…}}`; a `client_order_id` already used answers with the order it made.
import * as D from '../../../core/decimal.js';
import type { NewOrderRequest, Order } from '../../matching/orders.js';
import { isOpen, isReject } from '../../matching/orders.js';
import { recordAccepted } from '../shared/ledger.js';
import { CoinbaseError, errors, type OrderRefusal, refusals, rejectRefusal } from './errors.js';
import { fillJson, orderJson, orderStatus } from './format.js';
import { orderIdOf, orderUuid } from './ids.js';
import { type CoinbaseProduct, productNamed } from './products.js';
import { accountOf, type Ctx, queryInt, type Route, spotOf, userIdOf } from './route.js';

const DECIMAL = /^\d{1,20}(\.\d{1,20})?$/;

type Config = Record<string, Record<string, unknown>>;

class Refused extends Error {
  constructor(readonly refusal: OrderRefusal) {
    super(refusal.error);
  }
}

function decimal(v: unknown, name: string): string {
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw errors.invalidArgument(`invalid ${name}`);
  return v;
}

/** The base quantity a market buy of `quote` (fees included) buys off the book, rounded down to the step. */
function quoteToBase(ctx: Ctx, p: CoinbaseProduct, quote: string): string {
  const m = ctx.core.market.get(p.id)!;
  let left = D.div(quote, D.add('1', spotOf(ctx).fees.taker), 12, 'down');
  let qty = '0';
  for (const level of m.book.asks) {
    if (D.cmp(left, '0') <= 0) break;
    if (D.isZero(level.qty)) continue;
    const q = D.min(level.qty, D.div(left, level.price, 12, 'down'));
    qty = D.add(qty, q);
    left = D.sub(left, D.mul(q, level.price));
  }
  const decimals = p.baseIncrement.split('.')[1]?.length ?? 0;
  return D.toFixed(qty, decimals, 'down');
}

/** The engine's request for an order configuration, or a refusal in the venue's words. */
function request(
  ctx: Ctx,
  p: CoinbaseProduct,
  side: 'BUY' | 'SELL',
  config: Config,
  clientOrderId: string,
): NewOrderRequest {
  const names = Object.keys(config);
  if (names.length !== 1) throw new Refused(refusals.config());
  const c = config[names[0]!];
  if (typeof c !== 'object' || c === null) throw new Refused(refusals.config());
  const common = { symbol: p.id, side, reduceOnly: false, clientOrderId };
  if (names[0] === 'market_market_ioc') {
    const hasBase = c.base_size !== undefined;
    const hasQuote = c.quote_size !== undefined;
    if (hasBase === hasQuote) throw new Refused(refusals.config());
    let quantity: string;
    if (hasQuote) {
      // The sim sizes only buys by quote (what they spend); a sell names the base it sells.
      if (side !== 'BUY') throw new Refused(refusals.config());
      const quote = decimal(c.quote_size, 'quote_size');
      if (D.cmp(quote, p.quoteMin) < 0) throw new Refused(refusals.quoteTooSmall());
      quantity = quoteToBase(ctx, p, quote);
      if (D.isZero(quantity)) throw new Refused(refusals.noLiquidity());
    } else quantity = decimal(c.base_size, 'base_size');
    return { ...common, type: 'MARKET', timeInForce: 'IOC', quantity };
  }
  // Limits that take what the book offers at once: `sor_limit_ioc` (the venue's smart-order-routed
  // IOC limit; the sim has one book to route to) cancels what is left, `limit_limit_fok` fills whole
  // or not at all. Neither takes `post_only`.
  if (names[0] === 'sor_limit_ioc' || names[0] === 'limit_limit_fok') {
    const quantity = decimal(c.base_size, 'base_size');
    const price = decimal(c.limit_price, 'limit_price');
    return { ...common, type: 'LIMIT', timeInForce: names[0] === 'sor_limit_ioc' ? 'IOC' : 'FOK', quantity, price };
  }
  if (names[0] === 'limit_limit_gtc') {
    const quantity = decimal(c.base_size, 'base_size');
    const price = decimal(c.limit_price, 'limit_price');
    if (c.post_only !== undefined && typeof c.post_only !== 'boolean')
      throw errors.invalidArgument('invalid post_only');
    return { ...common, type: 'LIMIT', timeInForce: c.post_only === true ? 'GTX' : 'GTC', quantity, price };
  }
  throw new Refused(refusals.config());
}

function createOrder(ctx: Ctx): unknown {
  const account = accountOf(ctx);
  const b = ctx.body;
  const clientOrderId = b.client_order_id;
  if (typeof clientOrderId !== 'string' || clientOrderId === '' || clientOrderId.length > 128)
    throw errors.invalidArgument('client_order_id is required');
  const config = (
    typeof b.order_configuration === 'object' && b.order_configuration !== null ? b.order_configuration : {}
  ) as Config;
  const previous = ctx.orders.byClientId(account.id, clientOrderId);
  if (previous !== undefined) return success(previous, ctx.orders.extras(previous.orderId).configuration);
  try {
    const p = typeof b.product_id === 'string' ? productNamed(b.product_id) : undefined;
    if (p === undefined || ctx.core.market.get(p.id) === undefined)
      throw new Refused(refusals.unknownProduct());
    if (b.side !== 'BUY' && b.side !== 'SELL') throw new Refused(refusals.side());
    const req = request(ctx, p, b.side, config, clientOrderId);
    const placed = ctx.core.engine.place(account.id, req, (o) => ctx.orders.set(o, config));
    if (isReject(placed)) throw new Refused(rejectRefusal(placed));
    ctx.accepted.push(recordAccepted(ctx.core, placed));
    return success(placed, config);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    const r = e.refusal;
    return {
      success: false,
      failure_reason: 'UNKNOWN_FAILURE_REASON',
      order_id: '',
      error_response: {
        error: r.error,
        message: r.message,
        error_details: '',
        preview_failure_reason: r.preview,
        new_order_failure_reason: r.error,
      },
      order_configuration: config,
    };
  }
}

function success(o: Order, config: Config): unknown {
  const order_id = orderUuid(o.orderId);
  return {
    success: true,
    failure_reason: 'UNKNOWN_FAILURE_REASON',
    order_id,
    success_response: { order_id, product_id: o.symbol, side: o.side, client_order_id: o.clientOrderId },
    order_configuration: config,
  };
}

function batchCancel(ctx: Ctx): unknown {
  const account = accountOf(ctx);
  const ids = ctx.body.order_ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100 || !ids.every((i) => typeof i === 'string'))
    throw errors.invalidArgument('order_ids must list 1 to 100 order ids');
  return {
    results: (ids as string[]).map((order_id) => {
      const o = ctx.orders.mine(account.id, orderIdOf(order_id));
      if (o === undefined || !isOpen(o))
        return { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id };
      ctx.core.engine.cancel(o.accountId, o.symbol, { orderId: o.orderId });
      return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id };
    }),
  };
}

/** A `start_*`/`end_*` query bound as ms, or undefined. */
function time(ctx: Ctx, name: string): number | undefined {
  const v = ctx.query.get(name);
  if (v === null || v === '') return undefined;
  const ms = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(ms)) throw errors.invalidArgument(`invalid ${name}`);
  return ms;
}

/** The cursor is the offset of the next page, as text. */
function page<T>(ctx: Ctx, list: T[]): { items: T[]; next: string } {
  const cursor = ctx.query.get('cursor');
  if (cursor !== null && cursor !== '' && !/^\d{1,9}$/.test(cursor))
    throw errors.invalidArgument('invalid cursor');
  const from = cursor === null || cursor === '' ? 0 : Number(cursor);
  const limit = queryInt(ctx, 'limit', 1000, 1, 1000);
  const items = list.slice(from, from + limit);
  return { items, next: from + limit < list.length ? String(from + limit) : '' };
}

function listOrders(ctx: Ctx): unknown {
  const account = accountOf(ctx);
  const ids = new Set(ctx.query.getAll('order_ids'));
  const products = new Set(ctx.query.getAll('product_ids'));
  const statuses = new Set(ctx.query.getAll('order_status'));
  const start = time(ctx, 'start_date');
  const end = time(ctx, 'end_date');
  const list = ctx.orders
    .all(account.id)
    .filter(
      (o) =>
        (ids.size === 0 || ids.has(orderUuid(o.orderId))) &&
        (products.size === 0 || products.has(o.symbol)) &&
        (statuses.size === 0 || statuses.has(orderStatus(o))) &&
        (start === undefined || o.time >= start) &&
        (end === undefined || o.time < end),
    )
    .reverse();
  const { items, next } = page(ctx, list);
  const user = userIdOf(ctx);
  return {
    orders: items.map((o) => orderJson(o, ctx.orders.extras(o.orderId), user)),
    sequence: '0',
    has_next: next !== '',
    cursor: next,
  };
}

function listFills(ctx: Ctx): unknown {
  const account = accountOf(ctx);
  const ids = new Set(ctx.query.getAll('order_ids'));
  const products = new Set(ctx.query.getAll('product_ids'));
  const start = time(ctx, 'start_sequence_timestamp');
  const end = time(ctx, 'end_sequence_timestamp');
  const fills = ctx.core.engine.fills
    .filter(
      (f) =>
        f.accountId === account.id &&
        ctx.orders.mine(account.id, f.orderId) !== undefined &&
        (ids.size === 0 || ids.has(orderUuid(f.orderId))) &&
        (products.size === 0 || products.has(f.symbol)) &&
        (start === undefined || f.time >= start) &&
        (end === undefined || f.time < end),
    )
    .reverse();
  const { items, next } = page(ctx, fills);
  const user = userIdOf(ctx);
  return { fills: items.map((f) => fillJson(f, user)), cursor: next };
}

export const orderRoutes: Route[] = [
  { method: 'POST', path: '/orders', private: true, right: 'trade', kind: 'order', handle: createOrder },
  {
    method: 'POST',
    path: '/orders/batch_cancel',
    private: true,
    right: 'trade',
    kind: 'cancel',
    handle: batchCancel,
  },
  {
    method: 'GET',
    path: '/orders/historical/batch',
    private: true,
    right: 'view',
    kind: 'query',
    handle: listOrders,
  },
  {
    method: 'GET',
    path: '/orders/historical/fills',
    private: true,
    right: 'view',
    kind: 'query',
    handle: listFills,
  },
  {
    method: 'GET',
    path: '/orders/historical/:id',
    private: true,
    right: 'view',
    kind: 'query',
    handle: (ctx) => {
      const account = accountOf(ctx);
      const o = ctx.orders.mine(account.id, orderIdOf(ctx.id ?? ''));
      if (o === undefined) throw new CoinbaseError('NOT_FOUND', 404, 'order with this orderID was not found');
      return { order: orderJson(o, ctx.orders.extras(o.orderId), userIdOf(ctx)) };
    },
  },
];
