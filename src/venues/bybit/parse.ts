/**
 * Bybit v5 REST replies → domain types. Linear perpetuals are quoted in the base coin (`qty` in
 * BTC for BTCUSDT), so quantities need no contract size. Every parser throws `VenueParseError`
 * (naming the field, with an excerpt) on a shape it does not know; it never guesses.
 */
import { decimalPlaces, isZero, neg, sub } from '../../core/decimal.js';
import type { Balance, Fill, Instrument, Order, OrderIntent, Position, SymbolLeverage } from '../../core/types.js';
import {
  asObj,
  dec,
  FieldError,
  idText,
  int,
  lookup,
  nonEmpty,
  type Obj,
  optStr,
  parsing as parsingAny,
  str,
} from '../shared/fields.js';
import { orderOfIntent, pendingCancelOf } from '../shared/intent-order.js';
import { CANCEL_REASONS, NON_TRADE_EXEC_TYPES, ORDER_STATES, ORDER_TYPES, SIDES, TIME_IN_FORCE } from './enums.js';
import { envelopeResult, envelopeTime, nextCursor, optAmount, resultList } from './fields.js';

/** Runs a parser, turning a field error into a named parse error for `what`. */
export function parsing<T>(what: string, body: unknown, fn: () => T): T {
  return parsingAny(`bybit ${what}`, body, fn);
}

/** `/v5/market/time`: the nanosecond time when given (ms precision), else the seconds. */
export function parseServerTime(body: unknown): number {
  return parsing('time', body, () => {
    const result = envelopeResult(body);
    const nano = nonEmpty(result, 'timeNano');
    if (nano !== undefined) {
      if (!/^\d{13,22}$/.test(nano)) throw new FieldError('timeNano is not a whole number of nanoseconds');
      return Number(nano.slice(0, -6));
    }
    return int(result, 'timeSecond') * 1000;
  });
}

/** Bybit's `reduceOnly`: a boolean on REST and streams. */
function flag(o: Obj, key: string): boolean {
  const v = o[key];
  if (v === undefined || v === '') return false;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new FieldError(`${key} is not a boolean`);
}

import { triggerOf } from './conditional.js';

/** A Bybit order (REST `/v5/order/realtime` or the `order` topic) → domain order. */
export function orderFrom(o: Obj): Order {
  const type = lookup(ORDER_TYPES, o, 'orderType');
  const state = lookup(ORDER_STATES, o, 'orderStatus');
  const tifText = nonEmpty(o, 'timeInForce');
  const tif = tifText !== undefined && Object.hasOwn(TIME_IN_FORCE, tifText) ? TIME_IN_FORCE[tifText] : undefined;
  const positionIdx = o['positionIdx'];
  if (positionIdx !== undefined && positionIdx !== 0 && positionIdx !== '0') {
    throw new FieldError(`positionIdx ${JSON.stringify(positionIdx)}: hedge mode is not supported (one-way mode only)`);
  }
  const order: Order = {
    venueOrderId: idText(o, 'orderId'),
    clientOrderId: optStr(o, 'orderLinkId') ?? '',
    symbol: str(o, 'symbol'),
    side: lookup(SIDES, o, 'side'),
    type,
    qty: dec(o, 'qty'),
    filledQty: optAmount(o, 'cumExecQty') ?? '0',
    avgPrice: optAmount(o, 'avgPrice') ?? '0',
    state,
    reduceOnly: flag(o, 'reduceOnly'),
    postOnly: tifText === 'PostOnly',
    updatedAt: int(o, 'updatedTime'),
  };
  if (type === 'limit') {
    order.price = dec(o, 'price');
    if (tif !== undefined) order.timeInForce = tif;
  }
  const trigger = triggerOf(o, order.side);
  if (trigger !== undefined) {
    order.trigger = trigger;
    if (o['closeOnTrigger'] === true && isZero(order.qty)) order.closePosition = true;
  }
  if (nonEmpty(o, 'createdTime') !== undefined) order.createdAt = int(o, 'createdTime');
  const reject = nonEmpty(o, 'rejectReason');
  if (state === 'rejected' && reject !== undefined && reject !== 'EC_NoError') order.reason = reject;
  if (state === 'canceled') {
    const cancel = nonEmpty(o, 'cancelType');
    const why = cancel === undefined ? undefined : (Object.hasOwn(CANCEL_REASONS, cancel) ? CANCEL_REASONS[cancel] : cancel);
    if (why !== undefined && cancel !== 'UNKNOWN') order.reason = why;
    if (reject !== undefined && reject !== 'EC_NoError') order.reason = `${order.reason ?? 'canceled'} (${reject})`;
  }
  return order;
}

/** `/v5/order/realtime` by id: the one order, or an empty list when the venue has none (see requests.ts). */
export function parseOrder(body: unknown): Order {
  return parsing('order', body, () => {
    const list = resultList(body);
    if (list.length === 0) throw new FieldError('result.list is empty');
    return orderFrom(asObj(list[0], 'list[0]'));
  });
}

export function parseOrders(body: unknown): Order[] {
  return parsing('open orders', body, () => resultList(body).map((o, i) => orderFrom(asObj(o, `list[${i}]`))));
}

/**
 * The create ack says only ids: the order as the intent described it, now live. Fills, if any
 * happened at once, arrive on the `execution` topic or by query.
 */
export function parsePlaceAck(intent: OrderIntent, body: unknown): Order {
  return parsing('order ack', body, () => {
    const result = envelopeResult(body);
    const order = orderOfIntent(intent, 'new', envelopeTime(body));
    order.venueOrderId = idText(result, 'orderId');
    order.clientOrderId = nonEmpty(result, 'orderLinkId') ?? intent.clientOrderId;
    if (intent.type === 'limit') order.timeInForce = intent.postOnly ? 'gtx' : (intent.timeInForce ?? 'gtc');
    return order;
  });
}

/** Cancel ack: the request was accepted; the order's end state arrives on the stream or by query. */
export function parseCancelAck(ref: { symbol: string; clientOrderId?: string }, body: unknown): Order {
  return parsing('cancel ack', body, () => {
    const result = envelopeResult(body);
    const ids = { venueOrderId: idText(result, 'orderId'), clientOrderId: nonEmpty(result, 'orderLinkId') ?? ref.clientOrderId ?? '' };
    return pendingCancelOf(ref, ids, envelopeTime(body));
  });
}

/** One-way mode positions only; flat symbols are left out of the snapshot. */
export function positionFrom(p: Obj): Position | undefined {
  const idx = p['positionIdx'];
  if (idx !== undefined && idx !== 0 && idx !== '0') throw new FieldError(`positionIdx ${JSON.stringify(idx)}: hedge mode is not supported`);
  const size = optAmount(p, 'size') ?? '0';
  if (isZero(size)) return undefined;
  const side = str(p, 'side');
  if (side !== 'Buy' && side !== 'Sell') throw new FieldError(`side ${JSON.stringify(side)} of a non-empty position`);
  const position: Position = {
    symbol: str(p, 'symbol'),
    qty: side === 'Sell' ? neg(size) : size,
    entryPrice: optAmount(p, 'avgPrice') ?? optAmount(p, 'entryPrice') ?? '0',
    markPrice: optAmount(p, 'markPrice') ?? '0',
    unrealizedPnl: optAmount(p, 'unrealisedPnl') ?? '0',
    updatedAt: nonEmpty(p, 'updatedTime') === undefined ? 0 : int(p, 'updatedTime'),
  };
  const liq = optAmount(p, 'liqPrice');
  if (liq !== undefined && !isZero(liq)) position.liquidationPrice = liq;
  const lever = optAmount(p, 'leverage');
  if (lever !== undefined) position.leverage = lever;
  const im = optAmount(p, 'positionIM');
  if (im !== undefined && !isZero(im)) position.margin = im;
  const mm = optAmount(p, 'positionMM');
  if (mm !== undefined) position.maintMargin = mm;
  const be = optAmount(p, 'breakEvenPrice');
  if (be !== undefined && !isZero(be)) position.breakEvenPrice = be;
  return position;
}

export function parsePositions(body: unknown): Position[] {
  return parsing('positions', body, () => {
    const out: Position[] = [];
    for (const [i, raw] of resultList(body).entries()) {
      const p = positionFrom(asObj(raw, `list[${i}]`));
      if (p !== undefined) out.push(p);
    }
    return out;
  });
}

/** `/v5/position/list?symbol=`: the symbol's row carries the account's leverage even when flat. */
export function parseLeverage(body: unknown, symbol: string): SymbolLeverage {
  return parsing('leverage', body, () => {
    const rows = resultList(body).map((raw, i) => asObj(raw, `list[${i}]`));
    const row = rows.find((r) => r['symbol'] === symbol);
    if (row === undefined) throw new FieldError(`no row for ${symbol}`);
    return { symbol, leverage: dec(row, 'leverage') };
  });
}

/**
 * `/v5/account/wallet-balance` (unified account): per coin, `walletBalance` is the wallet; what new
 * orders may use is the wallet less what open orders and positions hold (`totalOrderIM`,
 * `totalPositionIM`) and what spot orders lock.
 */
export function parseBalances(body: unknown): Balance[] {
  return parsing('wallet balance', body, () => {
    const at = envelopeTime(body);
    const out: Balance[] = [];
    for (const [i, rawAccount] of resultList(body).entries()) {
      const account = asObj(rawAccount, `list[${i}]`);
      const coins = account['coin'] ?? [];
      if (!Array.isArray(coins)) throw new FieldError(`list[${i}].coin is not an array`);
      for (const [j, rawCoin] of coins.entries()) {
        const c = asObj(rawCoin, `coin[${j}]`);
        const wallet = dec(c, 'walletBalance');
        let available = wallet;
        for (const held of ['totalOrderIM', 'totalPositionIM', 'locked']) {
          const amount = optAmount(c, held);
          if (amount !== undefined) available = sub(available, amount);
        }
        const balance: Balance = { asset: str(c, 'coin'), wallet, available, updatedAt: at };
        const equity = optAmount(c, 'equity');
        if (equity !== undefined) balance.equity = equity;
        out.push(balance);
      }
    }
    return out;
  });
}

/** One execution of `/v5/execution/list` or the `execution` topic; undefined for funding/settlement. */
export function fillFrom(t: Obj): Fill | undefined {
  const execType = nonEmpty(t, 'execType');
  if (execType !== undefined && NON_TRADE_EXEC_TYPES.has(execType)) return undefined;
  const fill: Fill = {
    tradeId: idText(t, 'execId'),
    venueOrderId: idText(t, 'orderId'),
    symbol: str(t, 'symbol'),
    side: lookup(SIDES, t, 'side'),
    price: dec(t, 'execPrice'),
    qty: dec(t, 'execQty'),
    // Bybit's sign is the domain's: positive paid, negative a rebate received.
    fee: optAmount(t, 'execFee') ?? '0',
    feeAsset: nonEmpty(t, 'feeCurrency') ?? '',
    time: int(t, 'execTime'),
    maker: flag(t, 'isMaker'),
  };
  const cid = nonEmpty(t, 'orderLinkId');
  if (cid !== undefined) fill.clientOrderId = cid;
  return fill;
}

/** A page of executions, oldest first (Bybit lists newest first), and the cursor of the next page. */
export function parseFillsPage(body: unknown): { fills: Fill[]; cursor?: string } {
  return parsing('executions', body, () => {
    const fills: Fill[] = [];
    for (const [i, raw] of resultList(body).entries()) {
      const fill = fillFrom(asObj(raw, `list[${i}]`));
      if (fill !== undefined) fills.push(fill);
    }
    // Execution ids are UUIDs: ties in time keep a stable text order.
    fills.sort((a, b) => a.time - b.time || (a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0));
    const cursor = nextCursor(body);
    return cursor === undefined ? { fills } : { fills, cursor };
  });
}

const INSTRUMENT_KINDS: Readonly<Record<string, Instrument['kind']>> = {
  LinearPerpetual: 'perp',
  LinearFutures: 'future',
  InversePerpetual: 'perp',
  InverseFutures: 'future',
};

/** Trading instruments of `/v5/market/instruments-info?category=linear`. */
export function parseInstruments(body: unknown): Instrument[] {
  return parsing('instruments', body, () => {
    const out: Instrument[] = [];
    for (const [i, raw] of resultList(body).entries()) {
      const s = asObj(raw, `list[${i}]`);
      if (nonEmpty(s, 'status') !== undefined && s['status'] !== 'Trading') continue;
      const price = asObj(s['priceFilter'], `list[${i}].priceFilter`);
      const lot = asObj(s['lotSizeFilter'], `list[${i}].lotSizeFilter`);
      const tickSize = dec(price, 'tickSize');
      const stepSize = dec(lot, 'qtyStep');
      const instrument: Instrument = {
        symbol: str(s, 'symbol'),
        base: str(s, 'baseCoin'),
        quote: nonEmpty(s, 'settleCoin') ?? str(s, 'quoteCoin'),
        kind: lookup(INSTRUMENT_KINDS, s, 'contractType'),
        tickSize,
        stepSize,
        minQty: dec(lot, 'minOrderQty'),
        minNotional: optAmount(lot, 'minNotionalValue') ?? '0',
        // `priceScale` is the venue's own count of price decimals ('2' for a tick of '0.10').
        pricePrecision: nonEmpty(s, 'priceScale') === undefined ? decimalPlaces(tickSize) : int(s, 'priceScale'),
        qtyPrecision: decimalPlaces(stepSize),
      };
      const maxQty = optAmount(lot, 'maxOrderQty');
      if (maxQty !== undefined) instrument.maxQty = maxQty;
      out.push(instrument);
    }
    return out;
  });
}

/** `result.list` of cancel-all: what was cancelled (ids only). */
export function parseCancelAll(body: unknown): number {
  return parsing('cancel-all', body, () => resultList(body).length);
}

/** Replies whose content the engine does not need (DCP window): a well-formed envelope. */
export function parseEnvelope(body: unknown): void {
  parsing('reply', body, () => envelopeResult(body));
}
