// OKX algo orders (`ordType` conditional or oco): one algo order is one or two legs in the shared trigger
// book (a take-profit and/or a stop-loss, one-cancels-the-other), tied by `meta.algoId`. This file turns
// the legs back into the venue's algo row, the same for order-algo, orders-algo-pending / -history and
// the `orders-algo` channel. Sizes are contracts, absent values '' — like the venue.
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import type { Order } from '../../matching/orders.js';
import type { TriggerOrder } from '../../matching/triggers.js';
import { rejectError } from './errors.js';
import { type Swap, toContracts } from './format.js';

export interface OkxAlgo {
  algoId: string;
  legs: TriggerOrder[];
}

/** The legs of every algo order of an account, grouped by algoId, oldest first. */
export function algosOf(core: SimCore, accountId: string): Map<string, OkxAlgo> {
  const out = new Map<string, OkxAlgo>();
  for (const t of core.engine.triggers.all.values()) {
    const algoId = t.meta.algoId;
    if (t.accountId !== accountId || algoId === undefined) continue;
    const a = out.get(algoId) ?? { algoId, legs: [] };
    a.legs.push(t);
    out.set(algoId, a);
  }
  return out;
}

/** The algo ids an order shows when a TP/SL leg sent it (the orders channel and order details carry them). */
export function algoIdsOf(core: SimCore, o: Order): { algoId?: string; algoClOrdId?: string } {
  const leg = o.trigger === undefined ? undefined : core.engine.triggers.all.get(o.trigger.triggerId);
  if (leg?.meta.algoId === undefined) return {};
  return { algoId: leg.meta.algoId, algoClOrdId: leg.meta.algoClOrdId ?? '' };
}

/**
 * The algo's state from its legs: effective once a leg fired, order_failed when the fired leg's order
 * was refused, live while a leg waits, else canceled.
 */
export function algoState(a: OkxAlgo): string {
  if (a.legs.some((t) => t.status === 'REJECTED')) return 'order_failed';
  if (a.legs.some((t) => t.status === 'TRIGGERING' || t.status === 'TRIGGERED' || t.status === 'FINISHED'))
    return 'effective';
  if (a.legs.some((t) => t.status === 'NEW')) return 'live';
  return 'canceled';
}

const pxType = (t: TriggerOrder | undefined) => (t === undefined ? '' : t.triggerBy);
const trig = (t: TriggerOrder | undefined) => (t === undefined ? '' : D.normalize(t.triggerPrice));
const ordPx = (t: TriggerOrder | undefined) => (t === undefined ? '' : '-1');

export function algoJson(a: OkxAlgo, s: Swap, last: string): Record<string, unknown> {
  const first = a.legs[0]!;
  const tp = a.legs.find((t) => t.type === 'TAKE_PROFIT_MARKET');
  const sl = a.legs.find((t) => t.type === 'STOP_MARKET');
  const fired = a.legs.find((t) => t.orderId !== undefined);
  const rejected = a.legs.find((t) => t.status === 'REJECTED');
  const updated = Math.max(...a.legs.map((t) => t.updateTime));
  return {
    instType: 'SWAP',
    instId: s.instId,
    ccy: '',
    ordId: fired === undefined ? '' : String(fired.orderId),
    ordIdList: fired === undefined ? [] : [String(fired.orderId)],
    algoId: a.algoId,
    clOrdId: '',
    algoClOrdId: first.meta.algoClOrdId ?? '',
    sz: first.quantity === undefined ? '' : toContracts(first.quantity, s),
    closeFraction: first.quantity === undefined ? '1' : '',
    ordType: first.meta.ordType ?? 'conditional',
    side: first.side === 'BUY' ? 'buy' : 'sell',
    posSide: 'net',
    tdMode: first.meta.tdMode ?? 'cross',
    tgtCcy: '',
    state: algoState(a),
    lever: '',
    tpTriggerPx: trig(tp),
    tpTriggerPxType: pxType(tp),
    tpOrdPx: ordPx(tp),
    slTriggerPx: trig(sl),
    slTriggerPxType: pxType(sl),
    slOrdPx: ordPx(sl),
    triggerPx: '',
    triggerPxType: '',
    ordPx: '',
    actualSz: fired === undefined ? '0' : toContracts(fired.executedQty, s),
    actualPx: fired === undefined || D.isZero(fired.avgPrice) ? '' : D.normalize(D.round(fired.avgPrice, 8, 'half_up')),
    actualSide: fired === undefined ? '' : fired.type === 'STOP_MARKET' ? 'sl' : 'tp',
    triggerTime: fired === undefined ? '' : String(fired.triggerTime),
    tag: '',
    reduceOnly: first.reduceOnly || first.quantity === undefined ? 'true' : 'false',
    cxlOnClosePos: first.expireWhenFlat ? 'true' : 'false',
    last: D.normalize(last),
    failCode: rejected?.rejected === undefined ? '' : rejectError(rejected.rejected, {}).code,
    amendPxOnTriggerType: '',
    attachAlgoOrds: [],
    cTime: String(first.time),
    uTime: String(updated),
  };
}
