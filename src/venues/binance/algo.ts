/**
 * Binance USD-M conditional orders, which live in the algo service since 2025-12-09 (the order
 * endpoint answers -4120 for STOP_MARKET and TAKE_PROFIT_MARKET): placed with
 * `POST /fapi/v1/algoOrder` under a `clientAlgoId` (our client order id), queried and cancelled
 * at `GET|DELETE /fapi/v1/algoOrder`, listed by `GET /fapi/v1/openAlgoOrders`, cancelled all at
 * once by `DELETE /fapi/v1/algoOpenOrders`; their changes arrive on the user stream as
 * `ALGO_UPDATE`. When one triggers, the venue places a market order of its own (`actualOrderId`)
 * whose fills arrive as any order's: the algo order itself ends `triggered`.
 */
import type { Order, OrderIntent, OrderState, Trigger } from '../../core/types.js';
import { asArray, asObj, bool, dec, FieldError, idText, int, lookup, type Obj, optDec, optInt, optStr, parsing, str } from '../shared/fields.js';
import { InvalidIntentError } from '../shared/errors.js';
import type { OrderRef, ProtectiveSpec, RequestPlan } from '../venue.js';
import { SIDES, WIRE_SIDE } from './enums.js';
import { NEW_ORDER_COSTS, WEIGHTS, weight } from './limits.js';
import { binancePlan } from './requests.js';
import type { ParamList } from '../shared/encoding.js';

/** Algo status → order state. TRIGGERING, TRIGGERED and FINISHED: it fired; what follows is another order's. */
export const ALGO_STATES: Readonly<Record<string, OrderState>> = {
  NEW: 'new',
  CANCELED: 'canceled',
  TRIGGERING: 'triggered',
  TRIGGERED: 'triggered',
  FINISHED: 'triggered',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
};

const KINDS: Readonly<Record<string, Trigger['kind']>> = { STOP_MARKET: 'stop', TAKE_PROFIT_MARKET: 'take_profit' };
const WIRE_KIND: Readonly<Record<Trigger['kind'], string>> = { stop: 'STOP_MARKET', take_profit: 'TAKE_PROFIT_MARKET' };
const WORKING: Readonly<Record<string, Trigger['by']>> = { MARK_PRICE: 'mark', CONTRACT_PRICE: 'last' };
const WIRE_WORKING: Readonly<Record<Trigger['by'], string>> = { mark: 'MARK_PRICE', last: 'CONTRACT_PRICE' };

/**
 * The market order a conditional order sent once it fired (original type STOP_MARKET or
 * TAKE_PROFIT_MARKET: `ot` on the stream, `origType` over REST) carries the conditional order's
 * client id; it is another order (its own `orderId`), so it is keyed apart — `<id>.fired` — and
 * the conditional order itself ends `triggered`.
 */
export function firedClientId(clientOrderId: string, originalType: unknown): string {
  return originalType === 'STOP_MARKET' || originalType === 'TAKE_PROFIT_MARKET' ? `${clientOrderId}.fired` : clientOrderId;
}

/** The parameters of a new algo order: a market order behind a trigger, reduce-only or closing the position. */
export function algoOrderParams(intent: OrderIntent): ParamList {
  const t = intent.trigger;
  if (t === undefined) throw new InvalidIntentError(`order ${intent.clientOrderId} has no trigger`);
  if (intent.type !== 'market') throw new InvalidIntentError(`protective order ${intent.clientOrderId} must execute at market`);
  const params: Array<readonly [string, string]> = [
    ['algoType', 'CONDITIONAL'],
    ['symbol', intent.symbol],
    ['side', WIRE_SIDE[intent.side]],
    ['type', WIRE_KIND[t.kind]],
    ['triggerPrice', t.price],
    ['workingType', WIRE_WORKING[t.by]],
  ];
  // closePosition cannot ride with a quantity or reduceOnly (the venue refuses both).
  if (intent.closePosition === true) params.push(['closePosition', 'true']);
  else {
    params.push(['quantity', intent.qty]);
    if (intent.reduceOnly) params.push(['reduceOnly', 'true']);
  }
  params.push(['clientAlgoId', intent.clientOrderId]);
  return params;
}

function algoIdParams(ref: OrderRef): ParamList {
  if (ref.venueOrderId !== undefined) return [['algoId', ref.venueOrderId]];
  if (ref.clientOrderId !== undefined) return [['clientAlgoId', ref.clientOrderId]];
  throw new InvalidIntentError(`protective order of ${ref.symbol}: neither a venue nor a client id`);
}

export function placeAlgoOrderPlan(intent: OrderIntent): RequestPlan<Order> {
  return binancePlan({
    name: 'placeAlgoOrder',
    method: 'POST',
    path: '/fapi/v1/algoOrder',
    lane: 'critical',
    costs: NEW_ORDER_COSTS,
    auth: 'signed',
    mutating: true,
    params: algoOrderParams(intent),
    parse: parseAlgoOrder,
  });
}

export function queryAlgoOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return binancePlan({
    name: 'queryAlgoOrder',
    method: 'GET',
    path: '/fapi/v1/algoOrder',
    lane: 'critical',
    costs: weight(WEIGHTS.queryOrder),
    auth: 'signed',
    mutating: false,
    params: algoIdParams(ref),
    parse: parseAlgoOrder,
  });
}

export function cancelAlgoOrderPlan(ref: OrderRef): RequestPlan<Order> {
  return binancePlan({
    name: 'cancelAlgoOrder',
    method: 'DELETE',
    path: '/fapi/v1/algoOrder',
    lane: 'critical',
    costs: weight(WEIGHTS.cancelOrder),
    auth: 'signed',
    mutating: true,
    params: algoIdParams(ref),
    parse: (body) => parseAlgoCancel(body, ref),
  });
}

export function openAlgoOrdersPlan(symbol?: string): RequestPlan<Order[]> {
  return binancePlan({
    name: 'openAlgoOrders',
    method: 'GET',
    path: '/fapi/v1/openAlgoOrders',
    lane: 'background',
    costs: weight(symbol === undefined ? WEIGHTS.openOrdersAll : WEIGHTS.openOrdersSymbol),
    auth: 'signed',
    mutating: false,
    params: symbol === undefined ? [] : [['symbol', symbol]],
    parse: parseAlgoOrders,
  });
}

export function cancelAllAlgoPlan(symbol: string): RequestPlan<void> {
  return binancePlan({
    name: 'cancelAllAlgo',
    method: 'DELETE',
    path: '/fapi/v1/algoOpenOrders',
    lane: 'critical',
    costs: weight(WEIGHTS.cancelAll),
    auth: 'signed',
    mutating: true,
    params: [['symbol', symbol]],
    parse: () => undefined,
  });
}

export const binanceProtective: ProtectiveSpec = { open: openAlgoOrdersPlan, cancelAll: cancelAllAlgoPlan };

/** An algo order as REST gives it (place, query, open list). */
function algoFrom(o: Obj): Order {
  const kind = lookup(KINDS, o, 'orderType');
  const closePosition = o['closePosition'] === undefined ? false : bool(o, 'closePosition');
  const order: Order = {
    venueOrderId: idText(o, 'algoId'),
    clientOrderId: str(o, 'clientAlgoId'),
    symbol: str(o, 'symbol'),
    side: lookup(SIDES, o, 'side'),
    type: 'market',
    qty: optDec(o, 'quantity') ?? '0',
    filledQty: '0',
    avgPrice: '0',
    state: lookup(ALGO_STATES, o, 'algoStatus'),
    reduceOnly: closePosition || (o['reduceOnly'] === undefined ? false : bool(o, 'reduceOnly')),
    postOnly: false,
    updatedAt: optInt(o, 'updateTime') ?? optInt(o, 'createTime') ?? 0,
    trigger: { kind, price: dec(o, 'triggerPrice'), by: WORKING[optStr(o, 'workingType') ?? 'CONTRACT_PRICE'] ?? 'last' },
  };
  if (closePosition) order.closePosition = true;
  const created = optInt(o, 'createTime');
  if (created !== undefined) order.createdAt = created;
  return order;
}

export function parseAlgoOrder(body: unknown): Order {
  return parsing('algoOrder', body, () => algoFrom(asObj(body, 'reply')));
}

export function parseAlgoOrders(body: unknown): Order[] {
  return parsing('openAlgoOrders', body, () => asArray(body, 'reply').map((o, i) => algoFrom(asObj(o, `[${i}]`))));
}

/**
 * The cancel reply carries only ids and a code (`{algoId, clientAlgoId, code: "200", msg:
 * "success"}`): the order is canceled, its other fields are the engine's to keep.
 */
function parseAlgoCancel(body: unknown, ref: OrderRef): Order {
  return parsing('cancelAlgoOrder', body, () => {
    const o = asObj(body, 'reply');
    const code = o['code'];
    if (code !== undefined && String(code) !== '200') throw new FieldError(`code ${String(code)}`);
    return {
      venueOrderId: idText(o, 'algoId'),
      clientOrderId: str(o, 'clientAlgoId'),
      symbol: ref.symbol,
      side: 'buy',
      type: 'market',
      qty: '0',
      filledQty: '0',
      avgPrice: '0',
      state: 'canceled',
      reduceOnly: false,
      postOnly: false,
      updatedAt: 0,
    };
  });
}

/** ALGO_UPDATE's `o` → the algo order as now known (`E` dates it). */
export function algoUpdateOrder(frame: Obj): Order {
  const o = asObj(frame['o'], 'o');
  const kind = lookup(KINDS, o, 'o');
  const closePosition = o['cp'] === true;
  const order: Order = {
    venueOrderId: idText(o, 'aid'),
    clientOrderId: str(o, 'caid'),
    symbol: str(o, 's'),
    side: lookup(SIDES, o, 'S'),
    type: 'market',
    qty: dec(o, 'q'),
    filledQty: '0',
    avgPrice: '0',
    state: lookup(ALGO_STATES, o, 'X'),
    reduceOnly: closePosition || o['R'] === true,
    postOnly: false,
    updatedAt: int(frame, 'E'),
    trigger: { kind, price: dec(o, 'tp'), by: WORKING[optStr(o, 'wt') ?? 'CONTRACT_PRICE'] ?? 'last' },
  };
  if (closePosition) order.closePosition = true;
  const reason = optStr(o, 'rm');
  if (reason !== undefined && reason !== '') order.reason = reason;
  return order;
}
