/**
 * Hyperliquid replies → domain types. `/info` answers bare JSON (objects or arrays, prices and
 * sizes as decimal strings, sides as "B"/"A"); `/exchange` answers `{"status":"ok","response":
 * {"type":…,"data":{"statuses":[…]}}}`, whose errors errors.ts reads first. Every parser throws
 * VenueParseError (the field that failed, an excerpt of the reply) on a shape it does not know.
 */
import { abs, add, div, isZero, normalize, sign, sub } from '../../core/decimal.js';
import type { Balance, Fill, Instrument, Order, OrderIntent, OrderState, Position, Side, SymbolLeverage, TimeInForce } from '../../core/types.js';
import { asArray, asObj, dec, FieldError, idText, int, isObj, type Obj, optDec, optInt, optStr, parsing, str } from '../shared/fields.js';
import type { Env, OrderRef } from '../venue.js';
import { pendingCancelOf } from '../shared/intent-order.js';
import { type AssetInfo, rememberAssets } from './assets.js';
import { itemError, itemStatuses } from './errors.js';
import { MAX_PERP_DECIMALS, priceDecimals, stepOf, tickAt } from './prices.js';
import { breakEvenPrice } from '../../core/risk.js';

/** The base tier's perp taker fee (HL "Fees": 0.045 %), for a break-even the venue does not report. */
const TAKER_FEE = '0.00045';

/** Perps settle in USDC; balances carry this asset name. */
export const QUOTE = 'USDC';
/** The venue's minimum order value (HL error-responses: "Order must have minimum value of $10."). */
export const MIN_NOTIONAL = '10';

const SIDES: Readonly<Record<string, Side>> = { B: 'buy', A: 'sell' };
const TIFS: Readonly<Record<string, TimeInForce>> = { Gtc: 'gtc', Ioc: 'ioc', Alo: 'gtx', FrontendMarket: 'ioc' };

export function sideOf(o: Obj, key = 'side'): Side {
  const v = o[key];
  const s = typeof v === 'string' ? SIDES[v] : undefined;
  if (s === undefined) throw new FieldError(`${key} is not "B" or "A"`);
  return s;
}

/** The venue's order status words (HL info: orderStatus) → our states. */
export function stateOf(status: string, filled: string): OrderState {
  if (status === 'open' || status === 'triggered') return isZero(filled) ? 'new' : 'partially_filled';
  if (status === 'filled') return 'filled';
  if (status === 'rejected' || status.endsWith('Rejected')) return 'rejected';
  if (status === 'canceled' || status.endsWith('Canceled') || status === 'scheduledCancel') return 'canceled';
  throw new FieldError(`status has unknown value ${JSON.stringify(status)}`);
}

/** Id of an order without a cloid (placed elsewhere): its venue id, marked so it never looks like ours. */
export function fallbackClientId(oid: string): string {
  return `oid:${oid}`;
}

/**
 * An order as `orderStatus`, `orderUpdates` and `frontendOpenOrders` describe it: `sz` is what is
 * left, `origSz` what was asked. The venue reports no average fill price here: the limit price
 * stands in once something filled (exact for resting orders, which fill at their price).
 */
export function orderFrom(o: Obj, status: string, statusTime: number | undefined, ref?: OrderRef): Order {
  const oid = idText(o, 'oid');
  const left = dec(o, 'sz');
  const qty = optDec(o, 'origSz') ?? left;
  const filled = status === 'filled' && optDec(o, 'origSz') === undefined ? qty : sub(qty, left);
  const limitPx = dec(o, 'limitPx');
  const cloid = optStr(o, 'cloid');
  const tifText = optStr(o, 'tif');
  const tif = tifText === undefined ? undefined : TIFS[tifText];
  const order: Order = {
    venueOrderId: oid,
    clientOrderId: cloid?.toLowerCase() ?? ref?.clientOrderId ?? fallbackClientId(oid),
    symbol: str(o, 'coin'),
    side: sideOf(o),
    type: optStr(o, 'orderType') === 'Market' ? 'market' : 'limit',
    qty,
    filledQty: filled,
    avgPrice: isZero(filled) ? '0' : limitPx,
    state: stateOf(status, filled),
    reduceOnly: o['reduceOnly'] === true,
    postOnly: tifText === 'Alo',
    updatedAt: statusTime ?? optInt(o, 'timestamp') ?? 0,
    price: limitPx,
  };
  if (tif !== undefined) order.timeInForce = tif;
  // A trigger order (frontendOpenOrders, orderStatus): a market order behind its trigger, on the mark.
  if (o['isTrigger'] === true) {
    order.type = 'market';
    order.trigger = { kind: optStr(o, 'orderType')?.startsWith('Stop') === true ? 'stop' : 'take_profit', price: dec(o, 'triggerPx'), by: 'mark' };
    if (isZero(qty)) order.closePosition = true;
  }
  const created = optInt(o, 'timestamp');
  if (created !== undefined) order.createdAt = created;
  if (order.state === 'canceled' || order.state === 'rejected') order.reason = status;
  return order;
}

export function parseServerTime(body: unknown): number {
  return parsing('exchangeStatus', body, () => int(asObj(body, 'reply'), 'time'));
}

/**
 * `metaAndAssetCtxs` → instruments, recording each coin's asset index for `env`. The tick is the
 * grid at the current mark price (it moves with the price's magnitude; orders are checked exactly).
 */
export function parseInstruments(body: unknown, env: Env): Instrument[] {
  return parsing('metaAndAssetCtxs', body, () => {
    const pair = asArray(body, 'reply');
    const universe = asArray(asObj(pair[0], '[0] (meta)')['universe'], 'universe');
    const ctxs = asArray(pair[1] ?? [], '[1] (asset contexts)');
    const assets: AssetInfo[] = [];
    const out: Instrument[] = [];
    for (const [index, raw] of universe.entries()) {
      const u = asObj(raw, `universe[${index}]`);
      const coin = str(u, 'name');
      const szDecimals = int(u, 'szDecimals');
      // A perp's size grid lies within the decimals its price may carry; anything else would
      // build a nonsense step (or a string of a billion zeros).
      if (szDecimals < 0 || szDecimals > MAX_PERP_DECIMALS) {
        throw new FieldError(`universe[${index}].szDecimals ${szDecimals} is outside 0-${MAX_PERP_DECIMALS}`);
      }
      assets.push({ coin, index, szDecimals });
      if (u['isDelisted'] === true) continue;
      const ctx = isObj(ctxs[index]) ? (ctxs[index] as Obj) : {};
      const mark = optDec(ctx, 'markPx') ?? optDec(ctx, 'midPx') ?? optDec(ctx, 'oraclePx') ?? '1';
      const step = stepOf(szDecimals);
      out.push({
        symbol: coin,
        base: coin,
        quote: QUOTE,
        kind: 'perp',
        tickSize: tickAt(mark, szDecimals),
        stepSize: step,
        minQty: step,
        minNotional: MIN_NOTIONAL,
        pricePrecision: priceDecimals(mark, szDecimals),
        qtyPrecision: szDecimals,
      });
    }
    rememberAssets(env, assets);
    return out;
  });
}

/** `orderStatus` → the order; `unknownOid` never reaches here (errors.ts makes it order_not_found). */
export function parseOrderStatus(body: unknown, ref: OrderRef): Order {
  return parsing('orderStatus', body, () => {
    const reply = asObj(body, 'reply');
    if (reply['status'] !== 'order') throw new FieldError(`status has unknown value ${JSON.stringify(reply['status'])}`);
    const wrap = asObj(reply['order'], 'order');
    return orderFrom(asObj(wrap['order'], 'order.order'), str(wrap, 'status'), optInt(wrap, 'statusTimestamp'), ref);
  });
}

/** `frontendOpenOrders` → open orders (of one coin when given). */
export function parseOpenOrders(body: unknown, coin?: string): Order[] {
  return parsing('frontendOpenOrders', body, () =>
    asArray(body, 'reply')
      .map((raw, i) => orderFrom(asObj(raw, `[${i}]`), 'open', undefined))
      .filter((o) => coin === undefined || o.symbol === coin),
  );
}

interface AssetPosition {
  coin: string;
  p: Obj;
}

function assetPositions(state: Obj): AssetPosition[] {
  return asArray(state['assetPositions'] ?? [], 'assetPositions').map((raw, i) => {
    const p = asObj(asObj(raw, `assetPositions[${i}]`)['position'], `assetPositions[${i}].position`);
    return { coin: str(p, 'coin'), p };
  });
}

/** `clearinghouseState` of the master address → non-flat positions (one-way; mark = value / size). */
export function parsePositions(body: unknown): Position[] {
  return parsing('clearinghouseState', body, () => {
    const state = asObj(body, 'reply');
    const time = optInt(state, 'time') ?? 0;
    const out: Position[] = [];
    for (const { coin, p } of assetPositions(state)) {
      const qty = dec(p, 'szi');
      if (isZero(qty)) continue;
      const value = optDec(p, 'positionValue');
      const position: Position = {
        symbol: coin,
        qty,
        entryPrice: optDec(p, 'entryPx') ?? '0',
        // positionValue = |szi| × mark, to the venue's rounding; 8 decimals is finer than any tick.
        markPrice: value === undefined ? '0' : normalize(div(value, abs(qty), 8, 'half_even')),
        unrealizedPnl: dec(p, 'unrealizedPnl'),
        updatedAt: time,
      };
      const liq = optDec(p, 'liquidationPx');
      if (liq !== undefined && !isZero(liq)) position.liquidationPrice = liq;
      const lev = isObj(p['leverage']) ? p['leverage']['value'] : undefined;
      if (typeof lev === 'number') position.leverage = String(lev);
      const type = isObj(p['leverage']) ? p['leverage']['type'] : undefined;
      if (type === 'cross' || type === 'isolated') position.marginMode = type;
      const used = optDec(p, 'marginUsed');
      if (used !== undefined && !isZero(used)) position.margin = used;
      // The venue reports no break-even: entry and the base taker fee both ways (core/risk.ts).
      const be = breakEvenPrice(qty, position.entryPrice, TAKER_FEE);
      if (be !== undefined) position.breakEvenPrice = be;
      out.push(position);
    }
    return out;
  });
}

/**
 * `activeAssetData` → `{user, coin, leverage: {type: 'cross'|'isolated', value, rawUsd?}, maxTradeSzs,
 * availableToTrade, markPx}`: the account's leverage for a coin, with or without a position.
 */
export function parseActiveAssetData(body: unknown, coin: string): SymbolLeverage {
  return parsing('activeAssetData', body, () => {
    const data = asObj(body, 'reply');
    if (data['coin'] !== coin) throw new FieldError(`coin ${String(data['coin'])}, asked ${coin}`);
    const leverage = asObj(data['leverage'], 'leverage');
    const value = int(leverage, 'value');
    if (value < 1) throw new FieldError(`leverage ${value} is below 1`);
    const type = str(leverage, 'type');
    if (type !== 'cross' && type !== 'isolated') throw new FieldError(`leverage.type ${type}`);
    return { symbol: coin, leverage: String(value), marginMode: type };
  });
}

/**
 * `clearinghouseState` → the USDC balance: equity = accountValue, wallet = equity − unrealized
 * PnL, available = withdrawable.
 */
export function parseBalances(body: unknown): Balance[] {
  return parsing('clearinghouseState', body, () => {
    const state = asObj(body, 'reply');
    const summary = asObj(state['marginSummary'], 'marginSummary');
    const equity = dec(summary, 'accountValue');
    let pnl = '0';
    for (const { p } of assetPositions(state)) pnl = add(pnl, dec(p, 'unrealizedPnl'));
    return [
      {
        asset: QUOTE,
        wallet: sub(equity, pnl),
        available: dec(state, 'withdrawable'),
        equity,
        updatedAt: optInt(state, 'time') ?? 0,
      },
    ];
  });
}

/** One fill of `userFills`, `userFillsByTime` or a `userFills`/`user` push. `crossed` = taker. */
export function fillFrom(f: Obj): Fill {
  const fill: Fill = {
    tradeId: idText(f, 'tid'),
    venueOrderId: idText(f, 'oid'),
    symbol: str(f, 'coin'),
    side: sideOf(f),
    price: dec(f, 'px'),
    qty: dec(f, 'sz'),
    fee: dec(f, 'fee'),
    feeAsset: optStr(f, 'feeToken') ?? QUOTE,
    time: int(f, 'time'),
    maker: f['crossed'] !== true,
  };
  const cloid = optStr(f, 'cloid');
  if (cloid !== undefined) fill.clientOrderId = cloid.toLowerCase();
  return fill;
}

/** Fills of one coin (all when undefined), oldest first: the engine pages forward from the last. */
export function parseFills(body: unknown, coin?: string): Fill[] {
  return parsing('userFills', body, () =>
    asArray(body, 'reply')
      .map((raw, i) => fillFrom(asObj(raw, `[${i}]`)))
      .filter((f) => coin === undefined || f.symbol === coin)
      .sort((a, b) => a.time - b.time || Number(a.tradeId) - Number(b.tradeId)),
  );
}

function firstStatus(body: unknown, what: string): Obj | string {
  const items = itemStatuses(body);
  if (items === undefined || items.length === 0) throw new FieldError(`${what}: no response.data.statuses`);
  const item = items[0];
  const error = itemError(item);
  if (error !== undefined) throw new FieldError(`${what} refused: ${error}`);
  if (typeof item === 'string') return item;
  return asObj(item, 'statuses[0]');
}

/**
 * The order reply: `{"resting":{"oid"}}` (on the book), `{"filled":{"totalSz","avgPx","oid"}}`
 * (matched at once; an IOC remainder is gone: `expired`).
 */
export function parsePlaceAck(intent: OrderIntent, body: unknown, tif: TimeInForce, now: number): Order {
  return parsing('order', body, () => {
    const status = firstStatus(body, 'order');
    if (typeof status === 'string') throw new FieldError(`statuses[0] has unknown value ${JSON.stringify(status)}`);
    const order: Order = {
      clientOrderId: intent.clientOrderId,
      symbol: intent.symbol,
      side: intent.side,
      type: intent.type,
      timeInForce: tif,
      qty: intent.qty,
      filledQty: '0',
      avgPrice: '0',
      state: 'new',
      reduceOnly: intent.reduceOnly,
      postOnly: intent.postOnly,
      updatedAt: now,
    };
    if (intent.price !== undefined) order.price = intent.price;
    if (intent.trigger !== undefined) order.trigger = intent.trigger;
    if (isObj(status['resting'])) {
      order.venueOrderId = idText(status['resting'], 'oid');
    } else if (isObj(status['filled'])) {
      const f = status['filled'];
      order.venueOrderId = idText(f, 'oid');
      order.filledQty = dec(f, 'totalSz');
      order.avgPrice = dec(f, 'avgPx');
      order.state = sign(sub(intent.qty, order.filledQty)) <= 0 ? 'filled' : tif === 'ioc' ? 'expired' : 'partially_filled';
    } else {
      throw new FieldError(`statuses[0] is neither resting nor filled: ${JSON.stringify(status).slice(0, 80)}`);
    }
    return order;
  });
}

/**
 * The cancel reply says only "success" and nothing of what had filled: the order comes back as
 * `pending_cancel`, and the engine asks `orderStatus` for its end state (as for OKX's acks).
 */
export function parseCancelAck(ref: OrderRef, body: unknown, now: number): Order {
  return parsing('cancel', body, () => {
    const status = firstStatus(body, 'cancel');
    if (status !== 'success') throw new FieldError(`statuses[0] has unknown value ${JSON.stringify(status)}`);
    const clientOrderId = ref.clientOrderId ?? fallbackClientId(ref.venueOrderId ?? '');
    return pendingCancelOf(ref, { clientOrderId, ...(ref.venueOrderId === undefined ? {} : { venueOrderId: ref.venueOrderId }) }, now);
  });
}

/** Per-item results of a batch cancel: the refs the venue did not cancel, with its reason. */
export function parseBatchCancel(refs: readonly OrderRef[], body: unknown): Array<{ ref: OrderRef; message: string }> {
  return parsing('cancel', body, () => {
    const items = itemStatuses(body);
    if (items === undefined) throw new FieldError('no response.data.statuses');
    const failed: Array<{ ref: OrderRef; message: string }> = [];
    items.forEach((item, i) => {
      const error = itemError(item);
      if (error !== undefined && refs[i] !== undefined) failed.push({ ref: refs[i]!, message: error });
    });
    return failed;
  });
}

export interface UserRateLimit {
  cumVlm: string;
  nRequestsUsed: number;
  nRequestsCap: number;
}

export function parseUserRateLimit(body: unknown): UserRateLimit {
  return parsing('userRateLimit', body, () => {
    const o = asObj(body, 'reply');
    return { cumVlm: dec(o, 'cumVlm'), nRequestsUsed: int(o, 'nRequestsUsed'), nRequestsCap: int(o, 'nRequestsCap') };
  });
}
