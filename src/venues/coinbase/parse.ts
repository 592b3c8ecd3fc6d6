/**
 * Coinbase Advanced Trade REST replies → domain types (docs/venues.md §4). Every parser throws
 * `VenueParseError` (naming the field, with an excerpt) on a shape it does not know; it never
 * guesses. Product ids (`BTC-USD`) are the symbols on REST and on the sockets alike.
 */
import { add, cmp, div, isZero } from '../../core/decimal.js';
import type { Balance, Fill, Instrument, Order, OrderIntent } from '../../core/types.js';
import {
  asArray,
  asObj,
  dec,
  FieldError,
  isObj,
  lookup,
  nonEmpty,
  type Obj,
  optDec,
  parsing as parsingAny,
  str,
} from '../shared/fields.js';
import { orderOfIntent, pendingCancelOf } from '../shared/intent-order.js';
import type { BatchCancelResult, FillsPage, OrderRef } from '../venue.js';
import { ORDER_STATES, ORDER_TYPES, SIDES, TIME_IN_FORCE, typeWord } from './enums.js';
import { isoMs, moneyValue, optAmount, optIsoMs } from './fields.js';

export function parsing<T>(what: string, body: unknown, fn: () => T): T {
  return parsingAny(`coinbase ${what}`, body, fn);
}

/** `GET /time`: `epochMillis` as digits (the ISO text and the seconds say the same, coarser). */
export function parseServerTime(body: unknown): number {
  return parsing('time', body, () => {
    const o = asObj(body, 'reply');
    const ms = o['epochMillis'];
    if (typeof ms === 'string' && /^\d{10,16}$/.test(ms)) return Number(ms);
    if (typeof ms === 'number' && Number.isSafeInteger(ms)) return ms;
    return isoMs(o, 'iso');
  });
}

function decimalsOf(step: string): number {
  const dot = step.indexOf('.');
  return dot === -1 ? 0 : step.length - dot - 1;
}

/**
 * `GET /market/products` → spot products that trade now: `status` online and none of
 * `trading_disabled`, `is_disabled`, `cancel_only`, `limit_only`, `post_only`, `view_only` (a
 * market ticket would be refused). Tick from `price_increment` (else `quote_increment`), step and
 * minimum from `base_increment` and `base_min_size`, minimum notional from `quote_min_size`.
 */
export function parseInstruments(body: unknown): Instrument[] {
  return parsing('products', body, () => {
    const out: Instrument[] = [];
    for (const [i, raw] of asArray(asObj(body, 'reply')['products'], 'products').entries()) {
      const p = asObj(raw, `products[${i}]`);
      if ((nonEmpty(p, 'product_type') ?? 'SPOT') !== 'SPOT') continue;
      const status = nonEmpty(p, 'status');
      if (status !== undefined && status !== 'online') continue;
      if (['trading_disabled', 'is_disabled', 'cancel_only', 'limit_only', 'post_only', 'view_only'].some((k) => p[k] === true))
        continue;
      const tick = optDec(p, 'price_increment') ?? dec(p, 'quote_increment');
      const step = dec(p, 'base_increment');
      const instrument: Instrument = {
        symbol: str(p, 'product_id'),
        base: nonEmpty(p, 'base_currency_id') ?? str(p, 'base_display_symbol'),
        quote: nonEmpty(p, 'quote_currency_id') ?? str(p, 'quote_display_symbol'),
        kind: 'spot',
        tickSize: tick,
        stepSize: step,
        minQty: optAmount(p, 'base_min_size') ?? step,
        minNotional: optAmount(p, 'quote_min_size') ?? '0',
        pricePrecision: decimalsOf(tick),
        qtyPrecision: decimalsOf(step),
      };
      const max = optAmount(p, 'base_max_size');
      if (max !== undefined) instrument.maxQty = max;
      out.push(instrument);
    }
    return out;
  });
}

/** The one configuration of an order (`{"limit_limit_gtc": {…}}`): its name and fields. */
export function configurationOf(o: Obj): { name: string; fields: Obj } | undefined {
  const c = o['order_configuration'];
  if (!isObj(c)) return undefined;
  const names = Object.keys(c).filter((k) => isObj(c[k]));
  const name = names[0];
  return name === undefined ? undefined : { name, fields: c[name] as Obj };
}

/** An order of `orders/historical/batch` or `orders/historical/{id}`. */
export function orderFrom(o: Obj): Order {
  const config = configurationOf(o);
  const fields = config?.fields ?? {};
  const filledQty = optAmount(o, 'filled_size') ?? '0';
  let state = lookup(ORDER_STATES, o, 'status');
  if (state === 'new' && !isZero(filledQty)) state = 'partially_filled';
  const typeText = nonEmpty(o, 'order_type');
  const type =
    typeText !== undefined && Object.hasOwn(ORDER_TYPES, typeWord(typeText))
      ? (ORDER_TYPES[typeWord(typeText)] as Order['type'])
      : config?.name.startsWith('market') === true
        ? 'market'
        : 'limit';
  // A market buy sized in quote names no base size: its size is what filled.
  const qty = optAmount(fields, 'base_size') ?? filledQty;
  const createdAt = isoMs(o, 'created_time');
  const order: Order = {
    venueOrderId: str(o, 'order_id'),
    clientOrderId: nonEmpty(o, 'client_order_id') ?? '',
    symbol: str(o, 'product_id'),
    side: lookup(SIDES, o, 'side'),
    type,
    qty,
    filledQty,
    avgPrice: isZero(filledQty) ? '0' : (optAmount(o, 'average_filled_price') ?? '0'),
    state,
    // Spot: nothing to reduce.
    reduceOnly: false,
    postOnly: fields['post_only'] === true,
    createdAt,
    updatedAt: optIsoMs(o, 'last_fill_time') ?? createdAt,
  };
  const price = optAmount(fields, 'limit_price');
  if (type === 'limit' && price !== undefined) order.price = price;
  const tif = nonEmpty(o, 'time_in_force');
  if (order.postOnly) order.timeInForce = 'gtx';
  else if (type === 'limit' && tif !== undefined && Object.hasOwn(TIME_IN_FORCE, tif))
    order.timeInForce = TIME_IN_FORCE[tif] as Order['timeInForce'] & string;
  const reason = nonEmpty(o, 'reject_message') ?? nonEmpty(o, 'cancel_message');
  if (reason !== undefined && (state === 'canceled' || state === 'expired' || state === 'rejected'))
    order.reason = reason;
  return order;
}

function ordersOf(body: unknown): Obj[] {
  return asArray(asObj(body, 'reply')['orders'], 'orders').map((o, i) => asObj(o, `orders[${i}]`));
}

/** `orders/historical/batch`: newest first as listed; `symbol` keeps only that product's. */
export function parseOrders(body: unknown, symbol?: string): Order[] {
  return parsing('orders', body, () =>
    ordersOf(body)
      .filter((o) => symbol === undefined || o['product_id'] === symbol)
      .map(orderFrom),
  );
}

/** Whether a listed order is the one asked for. */
function matches(o: Obj, ref: OrderRef): boolean {
  return ref.venueOrderId !== undefined
    ? o['order_id'] === ref.venueOrderId
    : o['client_order_id'] === ref.clientOrderId;
}

/** `orders/historical/{id}` → `{"order": {…}}`. */
export function parseOrder(body: unknown): Order {
  return parsing('order', body, () => orderFrom(asObj(asObj(body, 'reply')['order'], 'order')));
}

/** The order a list holds under this id (the query by client id: no endpoint takes one). */
export function parseListedOrder(body: unknown, ref: OrderRef): Order {
  return parsing('order', body, () => {
    const found = ordersOf(body).find((o) => matches(o, ref));
    if (found === undefined) throw new FieldError('no order with this id in the reply');
    return orderFrom(found);
  });
}

/** How many orders a list holds with this id: the query plan's "not found" check (requests.ts). */
export function countListed(body: unknown, ref: OrderRef): number {
  try {
    return ordersOf(body).filter((o) => matches(o, ref)).length;
  } catch {
    // Not a list: the parser names it.
    return -1;
  }
}

/**
 * Create order's `{"success": true, "success_response": {"order_id", …}}` (a refusal never gets
 * here: errors.ts). The ack says the ids only: the order as the intent described it, now live;
 * fills, if any happened at once, arrive on the `user` channel or by query. A `client_order_id` the
 * venue has seen answers with the order it made: the same ack.
 */
export function parsePlaceAck(intent: OrderIntent, body: unknown, at: number): Order {
  return parsing('order ack', body, () => {
    const o = asObj(body, 'reply');
    if (o['success'] !== true) throw new FieldError('success is not true');
    const r = isObj(o['success_response']) ? o['success_response'] : o;
    const id = nonEmpty(r, 'order_id') ?? nonEmpty(o, 'order_id');
    if (id === undefined) throw new FieldError('order_id is missing');
    const order = orderOfIntent(intent, 'new', at);
    order.venueOrderId = id;
    if (intent.type === 'limit') order.timeInForce = intent.postOnly ? 'gtx' : (intent.timeInForce ?? 'gtc');
    return order;
  });
}

interface CancelResult {
  success: boolean;
  orderId: string;
  reason: string;
}

function cancelResults(body: unknown): CancelResult[] {
  return asArray(asObj(body, 'reply')['results'], 'results').map((raw, i) => {
    const r = asObj(raw, `results[${i}]`);
    if (typeof r['success'] !== 'boolean') throw new FieldError(`results[${i}].success is not a boolean`);
    return { success: r['success'], orderId: str(r, 'order_id'), reason: nonEmpty(r, 'failure_reason') ?? '' };
  });
}

/** The first result of a one-order batch cancel, or undefined when the body is no such list. */
export function firstCancelResult(body: unknown): CancelResult | undefined {
  try {
    return cancelResults(body)[0];
  } catch {
    return undefined;
  }
}

/** One cancel's ack: the cancel is accepted (`pending_cancel`); the end state arrives on the stream or by query. */
export function parseCancelAck(ref: OrderRef, body: unknown, at: number): Order {
  return parsing('cancel ack', body, () => {
    const first = cancelResults(body)[0];
    if (first === undefined || !first.success) throw new FieldError('results holds no successful cancel');
    return pendingCancelOf(ref, { venueOrderId: first.orderId, clientOrderId: ref.clientOrderId ?? '' }, at);
  });
}

/** A batch cancel's refusals, each with the venue's `failure_reason`. */
export function parseBatchCancel(refs: readonly OrderRef[], body: unknown): BatchCancelResult {
  return parsing('batch cancel', body, () => {
    const byId = new Map(refs.map((r) => [r.venueOrderId, r]));
    const failed: BatchCancelResult['failed'] = [];
    for (const r of cancelResults(body)) {
      if (r.success) continue;
      const ref = byId.get(r.orderId) ?? { symbol: refs[0]?.symbol ?? '', venueOrderId: r.orderId };
      failed.push({ ref, code: r.reason, message: r.reason || 'not cancelled' });
    }
    return { failed };
  });
}

/**
 * `GET /accounts`: one account per currency, `available_balance` free and `hold` what open orders
 * lock; the wallet is their sum. A currency listed twice (several portfolios) is summed.
 */
export function parseAccounts(body: unknown, at: number): Balance[] {
  return parsing('accounts', body, () => {
    const byAsset = new Map<string, Balance>();
    for (const [i, raw] of asArray(asObj(body, 'reply')['accounts'], 'accounts').entries()) {
      const a = asObj(raw, `accounts[${i}]`);
      const asset = str(a, 'currency');
      const free = moneyValue(a, 'available_balance');
      const hold = a['hold'] === undefined || a['hold'] === null ? '0' : moneyValue(a, 'hold');
      const before = byAsset.get(asset);
      const available = add(before?.available ?? '0', cmp(free, '0') < 0 ? '0' : free);
      byAsset.set(asset, {
        asset,
        wallet: add(before?.wallet ?? '0', add(free, hold)),
        available,
        updatedAt: at,
      });
    }
    return [...byAsset.values()];
  });
}

/**
 * One fill of `orders/historical/fills`. `entry_id` is the fill's own id (a trade between two of
 * the account's orders has one `trade_id` and two entries). Fees (`commission`) are in the quote
 * currency; a fill sized in quote (`size_in_quote`) is turned into base at its price.
 */
export function fillFrom(f: Obj): Fill {
  const symbol = str(f, 'product_id');
  const price = dec(f, 'price');
  const size = dec(f, 'size');
  const qty = f['size_in_quote'] === true && !isZero(price) ? div(size, price, 12, 'half_even') : size;
  const quote = symbol.includes('-') ? (symbol.split('-')[1] as string) : '';
  return {
    tradeId: nonEmpty(f, 'entry_id') ?? str(f, 'trade_id'),
    venueOrderId: str(f, 'order_id'),
    symbol,
    side: lookup(SIDES, f, 'side'),
    price,
    qty,
    fee: optAmount(f, 'commission') ?? '0',
    feeAsset: quote,
    time: isoMs(f, 'trade_time'),
    maker: f['liquidity_indicator'] === 'MAKER',
  };
}

/** A page of fills (newest first): the product's oldest first, and the venue's cursor while there is more. */
export function parseFillsPage(body: unknown, symbol: string): FillsPage {
  return parsing('fills', body, () => {
    const o = asObj(body, 'reply');
    const fills = asArray(o['fills'], 'fills')
      .map((raw, i) => asObj(raw, `fills[${i}]`))
      .filter((f) => f['product_id'] === symbol)
      .map(fillFrom);
    fills.sort((a, b) => a.time - b.time || (a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0));
    const cursor = nonEmpty(o, 'cursor');
    return cursor === undefined ? { fills } : { fills, cursor };
  });
}
