/**
 * Kraken spot REST replies → domain types (docs/venues.md §5). Every parser throws
 * `VenueParseError` (naming the field, with an excerpt) on a shape it does not know; it never
 * guesses. Symbols come out in the v2 spelling (`BTC/USD`, symbols.ts) whatever the reply used.
 */
import { cmp, isZero, sub } from '../../core/decimal.js';
import type { Balance, Fill, Instrument, Order, OrderIntent } from '../../core/types.js';
import {
  asObj,
  dec,
  FieldError,
  idText,
  int,
  lookup,
  nonEmpty,
  type Obj,
  optDec,
  parsing as parsingAny,
  str,
} from '../shared/fields.js';
import { orderOfIntent, pendingCancelOf } from '../shared/intent-order.js';
import type { FillsPage, OrderRef } from '../venue.js';
import { ORDER_STATES, ORDER_TYPES, SIDES } from './enums.js';
import { envelopeResult, keyedEntries, optSecondsMs, secondsMs } from './fields.js';
import { assetName, pairSpellings, symbolOf } from './symbols.js';

export function parsing<T>(what: string, body: unknown, fn: () => T): T {
  return parsingAny(`kraken ${what}`, body, fn);
}

/** `/0/public/Time`: whole seconds only (the clock estimator's error is up to a second). */
export function parseServerTime(body: unknown): number {
  return parsing('time', body, () => int(envelopeResult(body), 'unixtime') * 1000);
}

/** 10^-n as a decimal string: the step of n decimals. */
function stepOf(decimals: number): string {
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 18)
    throw new FieldError(`decimals ${decimals} out of range`);
  return decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`;
}

/**
 * `/0/public/AssetPairs` → spot instruments that trade now (`status` online; pairs in cancel-only,
 * post-only, limit-only or reduce-only mode are left out, since a market ticket would be refused).
 * Tick from `tick_size` (else `pair_decimals`), step from `lot_decimals`, minimum from `ordermin`,
 * minimum notional from `costmin`. Symbols are the v2 spelling of `wsname`.
 */
export function parseInstruments(body: unknown): Instrument[] {
  return parsing('asset pairs', body, () => {
    const out: Instrument[] = [];
    for (const [id, p] of keyedEntries(envelopeResult(body), 'result')) {
      const status = nonEmpty(p, 'status');
      if (status !== undefined && status !== 'online') continue;
      // Dark-pool pairs (`.d`) trade apart from the book.
      if (id.endsWith('.d')) continue;
      const wsname = nonEmpty(p, 'wsname');
      const symbol = wsname === undefined ? undefined : symbolOf(wsname);
      if (symbol === undefined) throw new FieldError(`${id}.wsname is not BASE/QUOTE`);
      const [base, quote] = symbol.split('/') as [string, string];
      const pricePrecision = int(p, 'pair_decimals');
      const qtyPrecision = int(p, 'lot_decimals');
      const tick = optDec(p, 'tick_size');
      out.push({
        symbol,
        base,
        quote,
        kind: 'spot',
        tickSize: tick !== undefined && !isZero(tick) ? tick : stepOf(pricePrecision),
        stepSize: stepOf(qtyPrecision),
        minQty: optDec(p, 'ordermin') ?? stepOf(qtyPrecision),
        minNotional: optDec(p, 'costmin') ?? '0',
        pricePrecision,
        qtyPrecision,
      });
    }
    return out;
  });
}

/** A REST order (`OpenOrders`, `ClosedOrders`, `QueryOrders` entry) under its txid. */
export function orderFrom(txid: string, o: Obj, symbolHint?: string): Order {
  const descr = asObj(o['descr'], 'descr');
  const pair = str(descr, 'pair');
  const symbol =
    symbolHint !== undefined && pairSpellings(symbolHint).has(pair) ? symbolHint : (symbolOf(pair) ?? pair);
  const qty = dec(o, 'vol');
  const filledQty = optDec(o, 'vol_exec') ?? '0';
  let state = lookup(ORDER_STATES, o, 'status');
  if (state === 'new' && o['status'] === 'open' && !isZero(filledQty)) state = 'partially_filled';
  const type = lookup(ORDER_TYPES, descr, 'ordertype');
  const oflags = (nonEmpty(o, 'oflags') ?? '').split(',');
  const createdAt = secondsMs(o, 'opentm');
  const order: Order = {
    venueOrderId: txid,
    clientOrderId: nonEmpty(o, 'cl_ord_id') ?? '',
    symbol,
    side: lookup(SIDES, descr, 'type'),
    type,
    qty,
    filledQty,
    // `price` is the average execution price; "0" (or absent) until something filled.
    avgPrice: isZero(filledQty) ? '0' : (optDec(o, 'price') ?? '0'),
    state,
    // Spot: nothing to reduce.
    reduceOnly: false,
    postOnly: oflags.includes('post'),
    createdAt,
    updatedAt: optSecondsMs(o, 'closetm') ?? createdAt,
  };
  if (type === 'limit') {
    order.price = dec(descr, 'price');
    if (order.postOnly) order.timeInForce = 'gtx';
  }
  const reason = nonEmpty(o, 'reason');
  if (reason !== undefined && (state === 'canceled' || state === 'expired' || state === 'rejected'))
    order.reason = reason;
  return order;
}

/** `result.open` (OpenOrders) or `result.closed` (ClosedOrders) or `result` itself (QueryOrders). */
function orderMap(body: unknown, key: 'open' | 'closed' | undefined): Obj {
  const result = envelopeResult(body);
  return key === undefined ? result : asObj(result[key], `result.${key}`);
}

/** Orders of a list, newest first as listed; `symbol` keeps only that pair's. */
export function parseOrders(body: unknown, key: 'open' | 'closed', symbol?: string): Order[] {
  return parsing(`${key} orders`, body, () => {
    const spellings = symbol === undefined ? undefined : pairSpellings(symbol);
    const out: Order[] = [];
    for (const [txid, o] of keyedEntries(orderMap(body, key), key)) {
      if (spellings !== undefined && !spellings.has(str(asObj(o['descr'], 'descr'), 'pair'))) continue;
      out.push(orderFrom(txid, o, symbol));
    }
    return out;
  });
}

/** The one order a query by id found (QueryOrders by txid; Open/ClosedOrders filtered by cl_ord_id). */
export function parseOneOrder(body: unknown, key: 'open' | 'closed' | undefined, ref: OrderRef): Order {
  return parsing('order', body, () => {
    const entries = keyedEntries(orderMap(body, key), key ?? 'result').filter(([txid, o]) =>
      ref.venueOrderId !== undefined ? txid === ref.venueOrderId : o['cl_ord_id'] === ref.clientOrderId,
    );
    const first = entries[0];
    if (first === undefined) throw new FieldError('no order with this id in the reply');
    return orderFrom(first[0], first[1], ref.symbol);
  });
}

/** How many orders a list holds with this id: the query plans' "not found" check (requests.ts). */
export function countMatching(body: unknown, key: 'open' | 'closed' | undefined, ref: OrderRef): number {
  try {
    return keyedEntries(orderMap(body, key), 'result').filter(([txid, o]) =>
      ref.venueOrderId !== undefined ? txid === ref.venueOrderId : o['cl_ord_id'] === ref.clientOrderId,
    ).length;
  } catch {
    // Not an envelope: the parser names it.
    return -1;
  }
}

/**
 * AddOrder's ack says the txid and a description only: the order as the intent described it,
 * now live. Fills, if any happened at once, arrive on the executions channel or by query.
 */
export function parsePlaceAck(intent: OrderIntent, body: unknown, at: number): Order {
  return parsing('order ack', body, () => {
    const result = envelopeResult(body);
    const txids = result['txid'];
    if (!Array.isArray(txids) || txids.length !== 1 || typeof txids[0] !== 'string' || txids[0] === '') {
      throw new FieldError('txid is not a list of one order id');
    }
    const order = orderOfIntent(intent, 'new', at);
    order.venueOrderId = txids[0];
    if (intent.type === 'limit') order.timeInForce = intent.postOnly ? 'gtx' : (intent.timeInForce ?? 'gtc');
    return order;
  });
}

/** CancelOrder's ack: `count` of orders cancelled; the order's end state arrives on the stream or by query. */
export function parseCancelAck(ref: OrderRef, body: unknown, at: number): Order {
  return parsing('cancel ack', body, () => {
    int(envelopeResult(body), 'count');
    const ids: { venueOrderId?: string; clientOrderId: string } = { clientOrderId: ref.clientOrderId ?? '' };
    if (ref.venueOrderId !== undefined) ids.venueOrderId = ref.venueOrderId;
    return pendingCancelOf(ref, ids, at);
  });
}

/** CancelAll's `count`. */
export function parseCount(body: unknown): number {
  return parsing('cancel-all', body, () => int(envelopeResult(body), 'count'));
}

/**
 * `/0/private/BalanceEx`: per asset `balance` (the wallet) and `hold_trade` (what open orders
 * lock); available = balance − hold_trade. Assets in the v2 spelling (`XXBT` → `BTC`).
 */
export function parseBalances(body: unknown, at: number): Balance[] {
  return parsing('balances', body, () => {
    const out: Balance[] = [];
    for (const [code, b] of keyedEntries(envelopeResult(body), 'result')) {
      const wallet = dec(b, 'balance');
      const hold = optDec(b, 'hold_trade') ?? '0';
      const available = sub(wallet, hold);
      out.push({
        asset: assetName(code),
        wallet,
        available: cmp(available, '0') < 0 ? '0' : available,
        updatedAt: at,
      });
    }
    return out;
  });
}

/**
 * One trade of `TradesHistory` under its txid. Kraken states the fee in the quote currency (the
 * `fcib` flag, never sent here, would move it to the base).
 */
export function fillFrom(txid: string, t: Obj, symbolHint?: string): Fill {
  const pair = str(t, 'pair');
  const symbol =
    symbolHint !== undefined && pairSpellings(symbolHint).has(pair) ? symbolHint : (symbolOf(pair) ?? pair);
  const quote = symbol.includes('/') ? (symbol.split('/')[1] as string) : '';
  return {
    tradeId: txid,
    venueOrderId: idText(t, 'ordertxid'),
    symbol,
    side: lookup(SIDES, t, 'type'),
    price: dec(t, 'price'),
    qty: dec(t, 'vol'),
    fee: optDec(t, 'fee') ?? '0',
    feeAsset: quote,
    time: secondsMs(t, 'time'),
    maker: t['maker'] === true,
  };
}

/**
 * A page of `TradesHistory` (newest first, 50 a page, `count` in all): the symbol's fills oldest
 * first, and the offset of the next page while the listing goes on. The listing is the account's:
 * other pairs' trades are dropped here, but still move the offset.
 */
export function parseFillsPage(body: unknown, symbol: string, offset: number): FillsPage {
  return parsing('trades history', body, () => {
    const result = envelopeResult(body);
    const trades = keyedEntries(asObj(result['trades'], 'result.trades'), 'trades');
    const count = int(result, 'count');
    const spellings = pairSpellings(symbol);
    const fills = trades
      .filter(([, t]) => spellings.has(str(t, 'pair')))
      .map(([txid, t]) => fillFrom(txid, t, symbol));
    fills.sort((a, b) => a.time - b.time || (a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0));
    const next = offset + trades.length;
    return trades.length > 0 && next < count ? { fills, cursor: String(next) } : { fills };
  });
}

/** GetWebSocketsToken → the token (valid 15 minutes unless a private subscription keeps it). */
export function parseWsToken(body: unknown): string {
  return parsing('websocket token', body, () => str(envelopeResult(body), 'token'));
}

/** CancelAllOrdersAfter's `triggerTime` (ISO text, "0" when disarmed): a well-formed envelope is enough. */
export function parseDeadman(body: unknown): void {
  parsing('cancel-all-after', body, () => {
    const result = envelopeResult(body);
    str(result, 'currentTime');
  });
}
