/**
 * OKX algo orders, the TP/SL kinds: a protective order is one `conditional` algo order with one leg
 * — a stop-loss (`sl…`) or a take-profit (`tp…`) — executing at market (`…OrdPx` -1) on the mark
 * or last price, reduce-only, sized in contracts like every OKX order. Placed with
 * `POST /api/v5/trade/order-algo` under `algoClOrdId` (our client order id), queried with
 * `GET /api/v5/trade/order-algo`, cancelled with `POST /api/v5/trade/cancel-algos` (which takes the
 * `algoId` only), listed by `GET /api/v5/trade/orders-algo-pending`. When one fires (state
 * `effective`) the venue places an order of its own: the algo order ends `triggered`.
 */
import type { Order, OrderIntent, OrderState, Trigger } from '../../core/types.js';
import { asObj, FieldError, idText, int, lookup, nonEmpty, type Obj, optStr, str } from '../shared/fields.js';
import { InvalidIntentError } from '../shared/errors.js';
import { orderOfIntent, pendingCancelOf } from '../shared/intent-order.js';
import type { BatchCancelResult, OrderRef, ProtectiveSpec, RequestPlan } from '../venue.js';
import { CLORDID_PATTERN } from './descriptor.js';
import { envelopeData, firstItem, textBool } from './fields.js';
import { one, POOL } from './limits.js';
import { parseBatchResults, parsing } from './parse.js';
import { INST_TYPE, okxPlan, TD_MODE } from './requests.js';

/** Algo state → order state: `effective` = fired (its order is another one). */
export const ALGO_STATES: Readonly<Record<string, OrderState>> = {
  live: 'new',
  pause: 'new',
  effective: 'triggered',
  partially_effective: 'triggered',
  canceled: 'canceled',
  order_failed: 'rejected',
  partially_failed: 'rejected',
};

const LEG: Readonly<Record<Trigger['kind'], 'sl' | 'tp'>> = { stop: 'sl', take_profit: 'tp' };
/** `index` is the venue's index price: like the mark, a fair price rather than the last trade. */
const BY: Readonly<Record<string, Trigger['by']>> = { last: 'last', mark: 'mark', index: 'mark' };

/** Most algo orders one `cancel-algos` request takes. */
export const MAX_CANCEL_ALGOS = 10;

/** The body of a one-leg TP/SL algo order. */
export function algoOrderBody(intent: OrderIntent): Record<string, string> {
  const t = intent.trigger;
  if (t === undefined) throw new InvalidIntentError(`order ${intent.clientOrderId} has no trigger`);
  if (intent.type !== 'market') throw new InvalidIntentError(`protective order ${intent.clientOrderId} must execute at market`);
  if (!CLORDID_PATTERN.test(intent.clientOrderId)) {
    throw new InvalidIntentError(`algoClOrdId ${JSON.stringify(intent.clientOrderId)} is not 1-32 letters and digits`);
  }
  const leg = LEG[t.kind];
  const body: Record<string, string> = { instId: intent.symbol, tdMode: TD_MODE, side: intent.side, ordType: 'conditional' };
  // closeFraction 1 closes whatever the position is; with posSide net it needs reduceOnly.
  if (intent.closePosition === true) body['closeFraction'] = '1';
  else body['sz'] = intent.qty;
  body[`${leg}TriggerPx`] = t.price;
  body[`${leg}OrdPx`] = '-1';
  body[`${leg}TriggerPxType`] = t.by;
  if (intent.reduceOnly || intent.closePosition === true) body['reduceOnly'] = 'true';
  body['algoClOrdId'] = intent.clientOrderId;
  return body;
}

export function placeAlgoPlan(intent: OrderIntent): RequestPlan<Order> {
  return okxPlan({
    name: 'placeAlgoOrder',
    method: 'POST',
    path: '/api/v5/trade/order-algo',
    lane: 'critical',
    costs: one(POOL.algo),
    signed: true,
    mutating: true,
    body: algoOrderBody(intent),
    expires: true,
    parse: (reply) =>
      parsing('algo order ack', reply, () => {
        const item = firstItem(reply);
        const order = orderOfIntent(intent, 'new', 0);
        order.venueOrderId = idText(item, 'algoId');
        return order;
      }),
  });
}

function algoIdFields(ref: OrderRef): Array<readonly [string, string]> {
  if (ref.venueOrderId !== undefined) return [['algoId', ref.venueOrderId]];
  if (ref.clientOrderId !== undefined) return [['algoClOrdId', ref.clientOrderId]];
  throw new InvalidIntentError(`protective order of ${ref.symbol}: neither a venue nor a client id`);
}

export function queryAlgoPlan(ref: OrderRef): RequestPlan<Order> {
  return okxPlan({
    name: 'queryAlgoOrder',
    method: 'GET',
    path: '/api/v5/trade/order-algo',
    lane: 'critical',
    costs: one(POOL.algo),
    signed: true,
    mutating: false,
    query: algoIdFields(ref),
    parse: (reply) => parsing('algo order', reply, () => algoFrom(firstItem(reply))),
  });
}

/** cancel-algos names orders by `algoId` alone: a ref without one cannot be cancelled yet (ask first). */
function algoIdOf(ref: OrderRef): string {
  if (ref.venueOrderId === undefined) throw new InvalidIntentError(`protective order ${ref.clientOrderId ?? ''} of ${ref.symbol}: cancel-algos needs its algoId`);
  return ref.venueOrderId;
}

/** The ack means "cancel accepted": the order is `pending_cancel` until asked. */
export function cancelAlgoPlan(ref: OrderRef): RequestPlan<Order> {
  return okxPlan({
    name: 'cancelAlgoOrder',
    method: 'POST',
    path: '/api/v5/trade/cancel-algos',
    lane: 'critical',
    costs: one(POOL.algo),
    signed: true,
    mutating: true,
    body: [{ algoId: algoIdOf(ref), instId: ref.symbol }],
    parse: (reply) =>
      parsing('cancel-algos ack', reply, () => {
        const item = firstItem(reply);
        return pendingCancelOf(ref, { venueOrderId: idText(item, 'algoId'), clientOrderId: nonEmpty(item, 'algoClOrdId') ?? ref.clientOrderId ?? '' }, 0);
      }),
  });
}

export function cancelAlgosPlan(refs: readonly OrderRef[]): RequestPlan<BatchCancelResult> {
  if (refs.length === 0 || refs.length > MAX_CANCEL_ALGOS) throw new InvalidIntentError(`cancel-algos takes 1-${MAX_CANCEL_ALGOS} orders, got ${refs.length}`);
  return okxPlan({
    name: 'cancelAlgos',
    method: 'POST',
    path: '/api/v5/trade/cancel-algos',
    lane: 'critical',
    costs: one(POOL.algo),
    signed: true,
    mutating: true,
    body: refs.map((ref) => ({ algoId: algoIdOf(ref), instId: ref.symbol })),
    parse: (reply) => ({
      failed: parseBatchResults(reply).flatMap((r, i) => (r.sCode === '0' ? [] : [{ ref: refs[i]!, code: r.sCode, message: r.sMsg }])),
    }),
  });
}

/** GET orders-algo-pending: the TP/SL kinds (conditional and oco, given together). */
export function openAlgosPlan(symbol?: string): RequestPlan<Order[]> {
  const query: Array<readonly [string, string]> = [['ordType', 'conditional,oco'], ['instType', INST_TYPE]];
  if (symbol !== undefined) query.push(['instId', symbol]);
  return okxPlan({
    name: 'openAlgoOrders',
    method: 'GET',
    path: '/api/v5/trade/orders-algo-pending',
    lane: 'background',
    costs: one(POOL.algo),
    signed: true,
    mutating: false,
    query,
    parse: (reply) => parsing('algo orders', reply, () => envelopeData(reply).map((o, i) => algoFrom(asObj(o, `data[${i}]`)))),
  });
}

export const okxProtective: ProtectiveSpec = { open: openAlgosPlan, cancelBatch: { max: MAX_CANCEL_ALGOS, plan: cancelAlgosPlan } };

/**
 * An algo row (order-algo, orders-algo-pending, the orders-algo channel) → a protective order. An
 * algo order with both legs (placed elsewhere) is shown by its stop-loss: the protection that matters.
 */
export function algoFrom(o: Obj): Order {
  const sl = nonEmpty(o, 'slTriggerPx');
  const tp = nonEmpty(o, 'tpTriggerPx');
  const leg = sl !== undefined ? 'sl' : tp !== undefined ? 'tp' : undefined;
  if (leg === undefined) throw new FieldError('neither slTriggerPx nor tpTriggerPx: not a TP/SL algo order');
  const closePosition = nonEmpty(o, 'closeFraction') !== undefined;
  const order: Order = {
    venueOrderId: idText(o, 'algoId'),
    clientOrderId: nonEmpty(o, 'algoClOrdId') ?? `algo-${idText(o, 'algoId')}`,
    symbol: str(o, 'instId'),
    side: lookup({ buy: 'buy', sell: 'sell' } as const, o, 'side'),
    type: 'market',
    qty: nonEmpty(o, 'sz') ?? '0',
    filledQty: '0',
    avgPrice: '0',
    state: lookup(ALGO_STATES, o, 'state'),
    reduceOnly: closePosition || textBool(o, 'reduceOnly'),
    postOnly: false,
    updatedAt: int(o, 'uTime'),
    createdAt: int(o, 'cTime'),
    trigger: { kind: leg === 'sl' ? 'stop' : 'take_profit', price: str(o, `${leg}TriggerPx`), by: BY[optStr(o, `${leg}TriggerPxType`) ?? 'last'] ?? 'last' },
  };
  if (closePosition) order.closePosition = true;
  const failCode = nonEmpty(o, 'failCode');
  if (failCode !== undefined) order.reason = `algo order failed (${failCode})`;
  return order;
}
