/**
 * Binance USD-M REST replies → domain types. Every parser throws `VenueParseError` (with the
 * field that failed and an excerpt of the reply) on a shape it does not know; it never guesses.
 */
import { add, isZero } from '../../core/decimal.js';
import type { Balance, Fill, Instrument, Order, Position, SymbolLeverage } from '../../core/types.js';
import { ORDER_STATES, ORDER_TYPES, SIDES, TIME_IN_FORCE } from './enums.js';
import { firedClientId } from './algo.js';
import {
  asArray,
  asObj,
  bool,
  dec,
  FieldError,
  idText,
  int,
  isObj,
  lookup,
  type Obj,
  optDec,
  optInt,
  optStr,
  str,
  parsing,
} from '../shared/fields.js';


export function parseServerTime(body: unknown): number {
  return parsing('time', body, () => int(asObj(body, 'reply'), 'serverTime'));
}

function orderFrom(o: Obj): Order {
  const tif = optStr(o, 'timeInForce');
  const type = lookup(ORDER_TYPES, o, 'type');
  const order: Order = {
    venueOrderId: idText(o, 'orderId'),
    clientOrderId: firedClientId(str(o, 'clientOrderId'), o['origType']),
    symbol: str(o, 'symbol'),
    side: lookup(SIDES, o, 'side'),
    type,
    qty: dec(o, 'origQty'),
    filledQty: dec(o, 'executedQty'),
    avgPrice: optDec(o, 'avgPrice') ?? '0',
    state: lookup(ORDER_STATES, o, 'status'),
    reduceOnly: o['reduceOnly'] === undefined ? false : bool(o, 'reduceOnly'),
    postOnly: tif === 'GTX',
    updatedAt: optInt(o, 'updateTime') ?? optInt(o, 'time') ?? 0,
  };
  if (tif !== undefined && Object.hasOwn(TIME_IN_FORCE, tif)) order.timeInForce = TIME_IN_FORCE[tif]!;
  if (type === 'limit') order.price = dec(o, 'price');
  const created = optInt(o, 'time');
  if (created !== undefined) order.createdAt = created;
  if (o['status'] === 'EXPIRED_IN_MATCH') order.reason = 'expired by self-trade prevention';
  else if (o['status'] === 'EXPIRED' && tif === 'GTX') order.reason = 'post-only order would have traded';
  return order;
}

export function parseOrder(body: unknown): Order {
  return parsing('order', body, () => orderFrom(asObj(body, 'reply')));
}

export function parseOrders(body: unknown): Order[] {
  return parsing('openOrders', body, () => asArray(body, 'reply').map((o, i) => orderFrom(asObj(o, `[${i}]`))));
}

/** One-way mode only (positionSide BOTH); flat symbols are left out of the snapshot. */
export function parsePositions(body: unknown): Position[] {
  return parsing('positionRisk', body, () => {
    const out: Position[] = [];
    for (const [i, raw] of asArray(body, 'reply').entries()) {
      const p = asObj(raw, `[${i}]`);
      const side = optStr(p, 'positionSide') ?? 'BOTH';
      if (side !== 'BOTH') throw new FieldError(`[${i}].positionSide ${side}: hedge mode is not supported`);
      const qty = dec(p, 'positionAmt');
      if (isZero(qty)) continue;
      const position: Position = {
        symbol: str(p, 'symbol'),
        qty,
        entryPrice: dec(p, 'entryPrice'),
        markPrice: dec(p, 'markPrice'),
        unrealizedPnl: dec(p, 'unRealizedProfit'),
        updatedAt: optInt(p, 'updateTime') ?? 0,
      };
      const liq = optDec(p, 'liquidationPrice');
      if (liq !== undefined && !isZero(liq)) position.liquidationPrice = liq;
      const leverage = optDec(p, 'leverage');
      if (leverage !== undefined) position.leverage = leverage;
      Object.assign(position, positionRiskFields(p));
      out.push(position);
    }
    return out;
  });
}

/**
 * The risk fields of a positionRisk row: v3 has no marginType, but an isolated position is the one
 * with an isolated wallet (v2's `marginType` says it outright). The margin behind the position is
 * its isolated wallet, else its initial margin; a zero break-even is "none".
 */
function positionRiskFields(p: Obj): Pick<Position, 'marginMode' | 'margin' | 'maintMargin' | 'breakEvenPrice'> {
  const out: Pick<Position, 'marginMode' | 'margin' | 'maintMargin' | 'breakEvenPrice'> = {};
  const wallet = optDec(p, 'isolatedWallet');
  const type = optStr(p, 'marginType');
  const isolated = type !== undefined ? type.toLowerCase() === 'isolated' : wallet !== undefined && !isZero(wallet);
  if (type !== undefined || wallet !== undefined) out.marginMode = isolated ? 'isolated' : 'cross';
  const margin = isolated && wallet !== undefined && !isZero(wallet) ? wallet : optDec(p, 'initialMargin');
  if (margin !== undefined && !isZero(margin)) out.margin = margin;
  const maint = optDec(p, 'maintMargin');
  if (maint !== undefined) out.maintMargin = maint;
  const be = optDec(p, 'breakEvenPrice');
  if (be !== undefined && !isZero(be)) out.breakEvenPrice = be;
  return out;
}

const MARGIN_TYPES = { CROSSED: 'cross', ISOLATED: 'isolated' } as const;

/**
 * GET /fapi/v1/symbolConfig?symbol=S: `[{symbol, marginType, isAutoAddMargin, leverage,
 * maxNotionalValue}]`, leverage a JSON integer. The one row of `symbol` is the answer.
 */
export function parseSymbolConfig(body: unknown, symbol: string): SymbolLeverage {
  return parsing('symbolConfig', body, () => {
    const rows = asArray(body, 'reply').map((raw, i) => asObj(raw, `[${i}]`));
    const row = rows.find((r) => r['symbol'] === symbol);
    if (row === undefined) throw new FieldError(`no row for ${symbol}`);
    const leverage = int(row, 'leverage');
    if (leverage < 1) throw new FieldError(`leverage ${leverage} is below 1`);
    return { symbol, leverage: String(leverage), marginMode: lookup(MARGIN_TYPES, row, 'marginType') };
  });
}

export function parseBalances(body: unknown): Balance[] {
  return parsing('balance', body, () =>
    asArray(body, 'reply').map((raw, i) => {
      const b = asObj(raw, `[${i}]`);
      const wallet = dec(b, 'balance');
      const pnl = optDec(b, 'crossUnPnl');
      const balance: Balance = {
        asset: str(b, 'asset'),
        wallet,
        available: dec(b, 'availableBalance'),
        updatedAt: optInt(b, 'updateTime') ?? 0,
      };
      if (pnl !== undefined) balance.equity = add(wallet, pnl);
      return balance;
    }),
  );
}

export function parseFills(body: unknown): Fill[] {
  return parsing('userTrades', body, () =>
    asArray(body, 'reply').map((raw, i) => {
      const t = asObj(raw, `[${i}]`);
      return {
        tradeId: idText(t, 'id'),
        venueOrderId: idText(t, 'orderId'),
        symbol: str(t, 'symbol'),
        side: lookup(SIDES, t, 'side'),
        price: dec(t, 'price'),
        qty: dec(t, 'qty'),
        fee: dec(t, 'commission'),
        feeAsset: str(t, 'commissionAsset'),
        time: int(t, 'time'),
        maker: bool(t, 'maker'),
      };
    }),
  );
}

function filter(filters: unknown[], type: string): Obj | undefined {
  for (const f of filters) if (isObj(f) && f['filterType'] === type) return f;
  return undefined;
}

/**
 * Contract types that never expire. `TRADIFI_PERPETUAL` is the USD-M perpetual on a stock, ETF or
 * commodity (XAUUSDT, TSLAUSDT…), listed in exchangeInfo beside the crypto ones (docs/venues.md §7.1).
 */
const PERPETUAL_CONTRACTS: ReadonlySet<string> = new Set(['PERPETUAL', 'TRADIFI_PERPETUAL']);

/** Trading symbols of exchangeInfo; symbols not TRADING are skipped. */
export function parseInstruments(body: unknown): Instrument[] {
  return parsing('exchangeInfo', body, () => {
    const out: Instrument[] = [];
    for (const [i, raw] of asArray(asObj(body, 'reply')['symbols'], 'symbols').entries()) {
      const s = asObj(raw, `symbols[${i}]`);
      if (optStr(s, 'status') !== undefined && s['status'] !== 'TRADING') continue;
      const filters = asArray(s['filters'] ?? [], `symbols[${i}].filters`);
      const price = filter(filters, 'PRICE_FILTER');
      const lot = filter(filters, 'LOT_SIZE');
      if (price === undefined || lot === undefined) throw new FieldError(`symbols[${i}] lacks PRICE_FILTER/LOT_SIZE`);
      const notional = filter(filters, 'MIN_NOTIONAL');
      const contract = optStr(s, 'contractType');
      const instrument: Instrument = {
        symbol: str(s, 'symbol'),
        base: str(s, 'baseAsset'),
        quote: str(s, 'quoteAsset'),
        kind: contract === undefined || PERPETUAL_CONTRACTS.has(contract) ? 'perp' : 'future',
        tickSize: dec(price, 'tickSize'),
        stepSize: dec(lot, 'stepSize'),
        minQty: dec(lot, 'minQty'),
        minNotional: notional === undefined ? '0' : (optDec(notional, 'notional') ?? optDec(notional, 'minNotional') ?? '0'),
        pricePrecision: int(s, 'pricePrecision'),
        qtyPrecision: int(s, 'quantityPrecision'),
      };
      const maxQty = optDec(lot, 'maxQty');
      if (maxQty !== undefined) instrument.maxQty = maxQty;
      out.push(instrument);
    }
    return out;
  });
}

/** Replies whose content the engine does not need (cancel-all, countdown): just an object. */
export function parseAnyObject(body: unknown): void {
  parsing('reply', body, () => asObj(body, 'reply'));
}
