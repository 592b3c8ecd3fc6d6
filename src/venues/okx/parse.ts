/**
 * OKX v5 REST replies → domain types. Quantities stay in the venue's unit: contracts for swaps
 * (`Instrument.contractSize` says what one contract is). Every parser throws `VenueParseError`
 * (naming the field, with an excerpt) on a shape it does not know; it never guesses.
 */
import { cmp, decimalPlaces, isZero, neg } from '../../core/decimal.js';
import type { Balance, Fill, Instrument, Order, OrderIntent, Position, SymbolLeverage } from '../../core/types.js';
import { CANCEL_REASONS, ORD_TYPE_TIF, ORDER_STATES, ORDER_TYPES, SIDES } from './enums.js';
import {
  asArray,
  asObj,
  dec,
  FieldError,
  idText,
  int,
  lookup,
  nonEmpty,
  type Obj,
  optDec,
  optStr,
  parsing as parsingAny,
  str,
} from '../shared/fields.js';
import { orderOfIntent, pendingCancelOf } from '../shared/intent-order.js';
import { envelopeData, firstItem, textBool } from './fields.js';

/** Runs a parser, turning a field error into a named parse error for `what`. */
export function parsing<T>(what: string, body: unknown, fn: () => T): T {
  return parsingAny(`okx ${what}`, body, fn);
}

export function parseServerTime(body: unknown): number {
  return parsing('time', body, () => int(firstItem(body), 'ts'));
}

/** An OKX order object (REST details, pending list, or the `orders` channel) → domain order. */
export function orderFrom(o: Obj): Order {
  const ordType = str(o, 'ordType');
  const type = lookup(ORDER_TYPES, o, 'ordType');
  const state = lookup(ORDER_STATES, o, 'state');
  const order: Order = {
    venueOrderId: idText(o, 'ordId'),
    clientOrderId: optStr(o, 'clOrdId') ?? '',
    symbol: str(o, 'instId'),
    side: lookup(SIDES, o, 'side'),
    type,
    qty: dec(o, 'sz'),
    filledQty: optDec(o, 'accFillSz') ?? '0',
    avgPrice: optDec(o, 'avgPx') ?? '0',
    state,
    reduceOnly: textBool(o, 'reduceOnly'),
    postOnly: ordType === 'post_only',
    updatedAt: int(o, 'uTime'),
  };
  const tif = ORD_TYPE_TIF[ordType];
  if (tif !== undefined && Object.hasOwn(ORD_TYPE_TIF, ordType) && type === 'limit') order.timeInForce = tif;
  if (type === 'limit') order.price = dec(o, 'px');
  const created = nonEmpty(o, 'cTime');
  if (created !== undefined) order.createdAt = int(o, 'cTime');
  if (state === 'canceled') {
    const source = nonEmpty(o, 'cancelSource');
    const why = nonEmpty(o, 'cancelSourceReason') ?? (source === undefined ? undefined : CANCEL_REASONS[source]);
    if (why !== undefined) order.reason = why;
  }
  return order;
}

export function parseOrder(body: unknown): Order {
  return parsing('order', body, () => orderFrom(firstItem(body)));
}

export function parseOrders(body: unknown): Order[] {
  return parsing('orders-pending', body, () => envelopeData(body).map((o, i) => orderFrom(asObj(o, `data[${i}]`))));
}

/**
 * The place-order ack says only ids and time: the order as the intent described it, now live.
 * Fills, if any happened at once, arrive on the `orders` channel or by query.
 */
export function parsePlaceAck(intent: OrderIntent, body: unknown): Order {
  return parsing('order ack', body, () => {
    const item = firstItem(body);
    const ts = nonEmpty(item, 'ts');
    const order = orderOfIntent(intent, 'new', ts === undefined ? 0 : int(item, 'ts'));
    order.venueOrderId = idText(item, 'ordId');
    order.clientOrderId = nonEmpty(item, 'clOrdId') ?? intent.clientOrderId;
    if (intent.type === 'limit') order.timeInForce = intent.postOnly ? 'gtx' : (intent.timeInForce ?? 'gtc');
    return order;
  });
}

/** One-way ("net") positions only; flat instruments are left out of the snapshot. */
export function positionFrom(p: Obj, i: number): Position | undefined {
  const side = optStr(p, 'posSide') ?? 'net';
  if (side !== 'net' && side !== '') throw new FieldError(`[${i}].posSide ${side}: long/short (hedge) mode is not supported`);
  const qty = optDec(p, 'pos') ?? '0';
  if (isZero(qty)) return undefined;
  const position: Position = {
    symbol: str(p, 'instId'),
    qty,
    entryPrice: dec(p, 'avgPx'),
    markPrice: optDec(p, 'markPx') ?? '0',
    unrealizedPnl: optDec(p, 'upl') ?? '0',
    updatedAt: int(p, 'uTime'),
  };
  const liq = optDec(p, 'liqPx');
  if (liq !== undefined && !isZero(liq)) position.liquidationPrice = liq;
  const lever = optDec(p, 'lever');
  if (lever !== undefined) position.leverage = lever;
  const mode = optStr(p, 'mgnMode');
  if (mode === 'cross' || mode === 'isolated') position.marginMode = mode;
  // Cross margin is in `imr`, isolated in `margin` (the other field is '').
  const margin = mode === 'isolated' ? optDec(p, 'margin') : optDec(p, 'imr');
  if (margin !== undefined && !isZero(margin)) position.margin = margin;
  const mmr = optDec(p, 'mmr');
  if (mmr !== undefined) position.maintMargin = mmr;
  const be = optDec(p, 'bePx');
  if (be !== undefined && !isZero(be)) position.breakEvenPrice = be;
  return position;
}

export function parsePositions(body: unknown): Position[] {
  return parsing('positions', body, () => {
    const out: Position[] = [];
    for (const [i, raw] of envelopeData(body).entries()) {
      const p = positionFrom(asObj(raw, `data[${i}]`), i);
      if (p !== undefined) out.push(p);
    }
    return out;
  });
}

const MARGIN_MODES = { cross: 'cross', isolated: 'isolated' } as const;

/**
 * GET /api/v5/account/leverage-info: `data[]` of `{instId, mgnMode, posSide, lever}`. In net mode
 * one row (`posSide: net`); in long/short mode the long row is taken (both sides carry the same
 * leverage in cross margin).
 */
export function parseLeverageInfo(body: unknown, instId: string): SymbolLeverage {
  return parsing('leverage-info', body, () => {
    const rows = envelopeData(body).map((raw, i) => asObj(raw, `data[${i}]`));
    const mine = rows.filter((r) => r['instId'] === instId);
    const row = mine.find((r) => r['posSide'] === 'net') ?? mine.find((r) => r['posSide'] === 'long') ?? mine[0];
    if (row === undefined) throw new FieldError(`no row for ${instId}`);
    return { symbol: instId, leverage: dec(row, 'lever'), marginMode: lookup(MARGIN_MODES, row, 'mgnMode') };
  });
}

/** `data[0].details[]`: cash balance is the wallet, `availBal` what new orders may use. */
export function parseBalances(body: unknown): Balance[] {
  return parsing('balance', body, () => {
    const data = envelopeData(body);
    if (data.length === 0) return [];
    const account = asObj(data[0], 'data[0]');
    return asArray(account['details'] ?? [], 'details').map((raw, i) => {
      const d = asObj(raw, `details[${i}]`);
      const wallet = dec(d, 'cashBal');
      const balance: Balance = {
        asset: str(d, 'ccy'),
        wallet,
        available: optDec(d, 'availBal') ?? optDec(d, 'availEq') ?? wallet,
        updatedAt: int(d, 'uTime'),
      };
      const eq = optDec(d, 'eq');
      if (eq !== undefined) balance.equity = eq;
      return balance;
    });
  });
}

/** OKX signs fees from the account's view (negative = charged); the domain's fee is what was paid. */
export function paidFee(okxFee: string | undefined): string {
  return okxFee === undefined || isZero(okxFee) ? '0' : neg(okxFee);
}

function fillFrom(t: Obj): Fill {
  const fill: Fill = {
    tradeId: idText(t, 'tradeId'),
    venueOrderId: idText(t, 'ordId'),
    symbol: str(t, 'instId'),
    side: lookup(SIDES, t, 'side'),
    price: dec(t, 'fillPx'),
    qty: dec(t, 'fillSz'),
    fee: paidFee(optDec(t, 'fee')),
    feeAsset: optStr(t, 'feeCcy') ?? '',
    time: int(t, nonEmpty(t, 'fillTime') === undefined ? 'ts' : 'fillTime'),
    maker: str(t, 'execType') === 'M',
  };
  const cid = nonEmpty(t, 'clOrdId');
  if (cid !== undefined) fill.clientOrderId = cid;
  return fill;
}

/** Fills, oldest first (OKX lists newest first). */
export function parseFills(body: unknown): Fill[] {
  return parsing('fills', body, () =>
    envelopeData(body)
      .map((raw, i) => fillFrom(asObj(raw, `data[${i}]`)))
      .sort((a, b) => a.time - b.time || cmp(a.tradeId, b.tradeId)),
  );
}

/** Live instruments of `GET /api/v5/public/instruments`; swaps quote their size in contracts. */
export function parseInstruments(body: unknown): Instrument[] {
  return parsing('instruments', body, () => {
    const out: Instrument[] = [];
    for (const [i, raw] of envelopeData(body).entries()) {
      const s = asObj(raw, `data[${i}]`);
      if (nonEmpty(s, 'state') !== undefined && s['state'] !== 'live') continue;
      const instId = str(s, 'instId');
      const [base = '', quote = ''] = instId.split('-');
      const type = optStr(s, 'instType') ?? 'SWAP';
      const tickSize = dec(s, 'tickSz');
      const stepSize = dec(s, 'lotSz');
      const instrument: Instrument = {
        symbol: instId,
        base: nonEmpty(s, 'ctValCcy') ?? nonEmpty(s, 'baseCcy') ?? base,
        quote: nonEmpty(s, 'settleCcy') ?? nonEmpty(s, 'quoteCcy') ?? quote,
        kind: type === 'SWAP' ? 'perp' : type === 'FUTURES' ? 'future' : 'spot',
        tickSize,
        stepSize,
        minQty: dec(s, 'minSz'),
        minNotional: '0',
        pricePrecision: decimalPlaces(tickSize),
        qtyPrecision: decimalPlaces(stepSize),
      };
      const maxQty = optDec(s, 'maxLmtSz');
      if (maxQty !== undefined) instrument.maxQty = maxQty;
      const ctVal = optDec(s, 'ctVal');
      if (ctVal !== undefined) instrument.contractSize = ctVal;
      out.push(instrument);
    }
    return out;
  });
}

/** Best bid/ask of `GET /api/v5/market/ticker(s)`. */
export interface OkxTicker {
  symbol: string;
  last: string;
  bid: string;
  bidQty: string;
  ask: string;
  askQty: string;
  time: number;
}

export function tickerFrom(t: Obj): OkxTicker {
  return {
    symbol: str(t, 'instId'),
    last: optDec(t, 'last') ?? '0',
    bid: optDec(t, 'bidPx') ?? '0',
    bidQty: optDec(t, 'bidSz') ?? '0',
    ask: optDec(t, 'askPx') ?? '0',
    askQty: optDec(t, 'askSz') ?? '0',
    time: int(t, 'ts'),
  };
}

export function parseTickers(body: unknown): OkxTicker[] {
  return parsing('tickers', body, () => envelopeData(body).map((t, i) => tickerFrom(asObj(t, `data[${i}]`))));
}

/** Cancel ack: the request was accepted; the order's end state arrives on the stream or by query. */
export function parseCancelAck(ref: { symbol: string; clientOrderId?: string }, body: unknown): Order {
  return parsing('cancel ack', body, () => {
    const item = firstItem(body);
    const ts = nonEmpty(item, 'ts');
    const ids = { venueOrderId: idText(item, 'ordId'), clientOrderId: nonEmpty(item, 'clOrdId') ?? ref.clientOrderId ?? '' };
    return pendingCancelOf(ref, ids, ts === undefined ? 0 : int(item, 'ts'));
  });
}

/** Per-item results of a batch (cancel-batch-orders): ids that failed, with their reason. */
export function parseBatchResults(body: unknown): Array<{ ordId: string; clOrdId: string; sCode: string; sMsg: string }> {
  return parsing('batch', body, () =>
    envelopeData(body).map((raw, i) => {
      const item = asObj(raw, `data[${i}]`);
      return {
        ordId: optStr(item, 'ordId') ?? '',
        clOrdId: optStr(item, 'clOrdId') ?? '',
        sCode: statusCode(item),
        sMsg: optStr(item, 'sMsg') ?? '',
      };
    }),
  );
}

/** An item's `sCode` (a string, some replies a number; absent = success); anything else is malformed. */
function statusCode(item: Obj): string {
  const v = item['sCode'];
  if (v === undefined) return '0';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new FieldError('sCode is not a code');
}

/** Replies whose content the engine does not need (dead-man arm): a well-formed envelope. */
export function parseEnvelope(body: unknown): void {
  parsing('reply', body, () => envelopeData(body));
}
