/**
 * Hyperliquid's order requests: place (a limit, a market order as an IOC limit around the
 * reference price, a trigger), query, cancel one, cancel a batch, and the open orders. Prices and
 * sizes go through the venue's rules (prices.ts) and floatToWire; the asset index comes from the
 * universe loaded with the instruments (assets.ts). Bytes and signatures are wire-plans.ts's.
 */
import { add, mul, sub } from '../../core/decimal.js';
import type { Order, OrderIntent, TimeInForce } from '../../core/types.js';
import { InvalidIntentError } from '../shared/errors.js';
import { CLOID_PATTERN } from './descriptor.js';
import type { BatchCancelResult, OrderRef, RequestPlan, SignContext } from '../venue.js';
import { assetOf } from './assets.js';
import { floatToWire } from './float-to-wire.js';
import { actionCosts, INFO_WEIGHT } from './limits.js';
import { parseBatchCancel, parseCancelAck, parseOpenOrders, parseOrderStatus, parsePlaceAck } from './parse.js';
import { checkPrice, checkSize, roundToGrid } from './prices.js';
import { triggerWire } from './trigger-wire.js';
import { actionPlan, infoPlan, masterAddress } from './wire-plans.js';

/** A market order is an IOC limit this far through the reference price (the SDK's default is 5 %). */
export const MARKET_SLIPPAGE = '0.03';

/** Most cancels per batch action (each counts against the address allowance). */
export const MAX_CANCEL_BATCH = 100;

export const WIRE_TIF: Readonly<Record<Exclude<TimeInForce, 'fok'>, string>> = { gtc: 'Gtc', ioc: 'Ioc', gtx: 'Alo' };

/** The time in force an intent gets on this venue (no FOK; post-only is ALO; market is IOC). */
export function tifOf(intent: OrderIntent): Exclude<TimeInForce, 'fok'> {
  const id = intent.clientOrderId;
  if (intent.type === 'market') {
    if (intent.postOnly) throw new InvalidIntentError(`market order ${id} cannot be post-only`);
    if (intent.price !== undefined) throw new InvalidIntentError(`market order ${id} has a price`);
    return 'ioc';
  }
  if (intent.price === undefined) throw new InvalidIntentError(`limit order ${id} has no price`);
  if (intent.postOnly) {
    if (intent.timeInForce !== undefined && intent.timeInForce !== 'gtx') {
      throw new InvalidIntentError(`post-only order ${id} cannot be ${intent.timeInForce}`);
    }
    return 'gtx';
  }
  const tif = intent.timeInForce ?? 'gtc';
  if (tif === 'fok') throw new InvalidIntentError(`order ${id}: Hyperliquid has no fill-or-kill`);
  return tif;
}

/**
 * The price a market order is sent with: the reference price moved `MARKET_SLIPPAGE` against us,
 * on the venue's grid (a buy rounds up, a sell down). Hyperliquid has no true market orders.
 */
export function protectivePrice(intent: OrderIntent, ctx: SignContext, szDecimals: number): string {
  const ref = ctx.referencePrice?.(intent.symbol);
  if (ref === undefined) {
    throw new InvalidIntentError(
      `market order ${intent.clientOrderId}: no reference price for ${intent.symbol} yet (Hyperliquid market orders are IOC limits around the current price)`,
    );
  }
  const buy = intent.side === 'buy';
  const factor = buy ? add('1', MARKET_SLIPPAGE) : sub('1', MARKET_SLIPPAGE);
  return roundToGrid(mul(ref, factor), szDecimals, buy);
}

/** `{"type":"order","orders":[{a,b,p,s,r,t,c}],"grouping":"na"}` (a whole-position TP/SL: "positionTpsl"). */
export function placeOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  if (!CLOID_PATTERN.test(intent.clientOrderId)) {
    throw new InvalidIntentError(`cloid ${JSON.stringify(intent.clientOrderId)} is not 0x + 32 lower-case hex digits`);
  }
  const tif = tifOf(intent);
  return actionPlan({
    name: 'placeOrder',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: true,
    action: (ctx) => {
      const asset = assetOf(ctx.credentials.env, intent.symbol);
      const what = `order ${intent.clientOrderId}`;
      checkSize(intent.qty, asset.szDecimals, what);
      // A protective order is a trigger wire (trigger-wire.ts): its price is the worst fill once fired;
      // one for the whole position goes with size 0, grouped positionTpsl.
      const trigger = intent.trigger === undefined ? undefined : triggerWire(intent, asset.szDecimals, MARKET_SLIPPAGE);
      const price = trigger?.price ?? (intent.type === 'market' ? protectivePrice(intent, ctx, asset.szDecimals) : intent.price!);
      checkPrice(price, asset.szDecimals, what);
      const wire = {
        a: asset.index,
        b: intent.side === 'buy',
        p: floatToWire(price),
        s: trigger?.size ?? floatToWire(intent.qty),
        r: intent.reduceOnly || intent.closePosition === true,
        t: trigger?.t ?? { limit: { tif: WIRE_TIF[tif] } },
        c: intent.clientOrderId,
      };
      return { type: 'order', orders: [wire], grouping: trigger?.grouping ?? 'na' };
    },
    parse: (body, built) => parsePlaceAck(intent, body, tif, built.now),
  });
}

function refText(ref: OrderRef): string {
  return ref.clientOrderId ?? ref.venueOrderId ?? '?';
}

function oidNumber(ref: OrderRef): number {
  const n = Number(ref.venueOrderId);
  if (!/^\d{1,16}$/.test(ref.venueOrderId ?? '') || !Number.isSafeInteger(n)) {
    throw new InvalidIntentError(`order ${refText(ref)}: venue order id ${JSON.stringify(ref.venueOrderId)} is not a Hyperliquid oid`);
  }
  return n;
}

function cloidOf(ref: OrderRef): string {
  const cloid = ref.clientOrderId ?? '';
  if (!CLOID_PATTERN.test(cloid)) throw new InvalidIntentError(`order of ${ref.symbol}: neither an oid nor a 0x-hex cloid`);
  return cloid;
}

/** `orderStatus` by oid when known, else by cloid: critical, it resolves ambiguous orders. */
export function queryOrderPlan(ref: OrderRef): RequestPlan<Order> {
  const oid = ref.venueOrderId !== undefined ? oidNumber(ref) : cloidOf(ref);
  return infoPlan({
    name: 'queryOrder',
    lane: 'critical',
    weight: INFO_WEIGHT.light,
    body: (ctx) => ({ type: 'orderStatus', user: masterAddress(ctx.credentials), oid }),
    parse: (body) => parseOrderStatus(body, ref),
  });
}

/** `cancel` by oid, or `cancelByCloid`. */
export function cancelOrderPlan(ref: OrderRef): RequestPlan<Order> {
  const byOid = ref.venueOrderId !== undefined;
  const id = byOid ? oidNumber(ref) : cloidOf(ref);
  return actionPlan({
    name: 'cancelOrder',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: true,
    action: (ctx) => {
      const a = assetOf(ctx.credentials.env, ref.symbol).index;
      return byOid
        ? { type: 'cancel', cancels: [{ a, o: id }] }
        : { type: 'cancelByCloid', cancels: [{ asset: a, cloid: id }] };
    },
    parse: (body, built) => parseCancelAck(ref, body, built.now),
  });
}

/** One `cancel` action for up to MAX_CANCEL_BATCH orders, every one known by its oid. */
export function cancelBatchPlan(refs: readonly OrderRef[]): RequestPlan<BatchCancelResult> {
  if (refs.length === 0 || refs.length > MAX_CANCEL_BATCH) {
    throw new InvalidIntentError(`a batch cancel takes 1-${MAX_CANCEL_BATCH} orders, got ${refs.length}`);
  }
  const oids = refs.map(oidNumber);
  return actionPlan({
    name: 'cancelBatch',
    lane: 'critical',
    costs: actionCosts(refs.length),
    mutating: true,
    action: (ctx) => ({
      type: 'cancel',
      cancels: refs.map((ref, i) => ({ a: assetOf(ctx.credentials.env, ref.symbol).index, o: oids[i]! })),
    }),
    parse: (body) => ({ failed: parseBatchCancel(refs, body) }),
  });
}

/** Hyperliquid has no cancel-all action: the engine lists open orders and cancels them in batches. */
export function cancelAllPlan(symbol?: string): RequestPlan<void> {
  throw new InvalidIntentError(
    `hyperliquid has no cancel-all for ${symbol ?? 'the account'}: list open orders and cancel them in batches`,
  );
}

/** `frontendOpenOrders` (it carries origSz, tif, reduceOnly and cloid, which `openOrders` lacks). */
export function openOrdersPlan(symbol?: string): RequestPlan<Order[]> {
  return infoPlan({
    name: 'openOrders',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => ({ type: 'frontendOpenOrders', user: masterAddress(ctx.credentials) }),
    parse: (body) => parseOpenOrders(body, symbol),
  });
}
