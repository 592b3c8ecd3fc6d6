/**
 * `batchModify` with one modify: `{"type":"batchModify","modifies":[{"oid":…,"order":{a,b,p,s,r,t,c}}]}`.
 * The venue REPLACES the order: the old one is canceled and the new one gets a NEW oid, which the
 * reply's status carries (`{"resting":{"oid"}}`), so the engine follows it; the cloid stays because
 * the new wire carries it again (`c`), and the order keeps its identity by cloid. `batchModify` and
 * not `modify`: `modify` answers `{"type":"default"}` and says nothing of the new oid. `s` is the new
 * order's size, so an order that partly filled is re-sent with what is left of the new total.
 * A refused target says "Cannot modify canceled or filled order."; when the cancel went through and
 * the new order is refused, the venue says "Error placing new order during modify: …" and the order
 * is gone (the engine asks its status after any failure).
 * A trigger (TP/SL) order is modified the same way with its trigger wire (trigger-wire.ts): the new
 * trigger price, the worst fill moved with it, a new oid, the cloid kept.
 */
import { sub } from '../../core/decimal.js';
import { InvalidIntentError } from '../shared/errors.js';
import type { AmendAck, AmendRequest, RequestPlan } from '../venue.js';
import { assetOf } from './assets.js';
import { CLOID_PATTERN } from './descriptor.js';
import { floatToWire } from './float-to-wire.js';
import { actionCosts } from './limits.js';
import { parsePlaceAck } from './parse.js';
import { checkPrice, checkSize } from './prices.js';
import { actionPlan, MARKET_SLIPPAGE, tifOf, WIRE_TIF } from './requests.js';
import { triggerWire } from './trigger-wire.js';

export function amendOrderPlan(request: AmendRequest): RequestPlan<AmendAck> {
  const o = request.order;
  const what = `order ${o.clientOrderId}`;
  if (o.type !== 'limit') throw new InvalidIntentError(`${what}: only a limit order can be amended`);
  if (!CLOID_PATTERN.test(o.clientOrderId)) throw new InvalidIntentError(`${what}: no cloid to keep through the modify`);
  const left = sub(request.qty, o.filledQty);
  const intent = {
    symbol: o.symbol,
    side: o.side,
    type: 'limit' as const,
    qty: left,
    price: request.price,
    reduceOnly: o.reduceOnly,
    postOnly: o.postOnly,
    clientOrderId: o.clientOrderId,
    ...(o.timeInForce === undefined || o.postOnly ? {} : { timeInForce: o.timeInForce }),
  };
  const tif = tifOf(intent);
  const target = o.venueOrderId !== undefined && /^\d{1,16}$/.test(o.venueOrderId) ? Number(o.venueOrderId) : o.clientOrderId;
  return actionPlan({
    name: 'amendOrder',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: true,
    action: (ctx) => {
      const asset = assetOf(ctx.credentials.env, o.symbol);
      checkSize(left, asset.szDecimals, what);
      checkPrice(request.price, asset.szDecimals, what);
      const wire = {
        a: asset.index,
        b: o.side === 'buy',
        p: floatToWire(request.price),
        s: floatToWire(left),
        r: o.reduceOnly,
        t: { limit: { tif: WIRE_TIF[tif] } },
        c: o.clientOrderId,
      };
      return { type: 'batchModify', modifies: [{ oid: target, order: wire }] };
    },
    parse: (body, built) => {
      const replaced = parsePlaceAck(intent, body, tif, built.now);
      return replaced.venueOrderId === undefined ? {} : { venueOrderId: replaced.venueOrderId };
    },
  });
}

export function amendTriggerPlan(request: AmendRequest): RequestPlan<AmendAck> {
  const o = request.order;
  const what = `order ${o.clientOrderId}`;
  const t = o.trigger;
  if (t === undefined) throw new InvalidIntentError(`${what} has no trigger to move`);
  if (!CLOID_PATTERN.test(o.clientOrderId)) throw new InvalidIntentError(`${what}: no cloid to keep through the modify`);
  const intent = {
    symbol: o.symbol,
    side: o.side,
    type: 'market' as const,
    qty: request.qty,
    reduceOnly: o.reduceOnly,
    postOnly: false,
    clientOrderId: o.clientOrderId,
    trigger: { ...t, price: request.price },
    // A whole-position TP/SL stays one: size 0, and the venue keeps its positionTpsl grouping.
    ...(o.closePosition === true ? { closePosition: true } : {}),
  };
  const target = o.venueOrderId !== undefined && /^\d{1,16}$/.test(o.venueOrderId) ? Number(o.venueOrderId) : o.clientOrderId;
  return actionPlan({
    name: 'amendTrigger',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: true,
    action: (ctx) => {
      const asset = assetOf(ctx.credentials.env, o.symbol);
      if (o.closePosition !== true) checkSize(request.qty, asset.szDecimals, what);
      const trigger = triggerWire(intent, asset.szDecimals, MARKET_SLIPPAGE);
      checkPrice(trigger.price, asset.szDecimals, what);
      const wire = { a: asset.index, b: o.side === 'buy', p: floatToWire(trigger.price), s: trigger.size, r: o.reduceOnly || o.closePosition === true, t: trigger.t, c: o.clientOrderId };
      return { type: 'batchModify', modifies: [{ oid: target, order: wire }] };
    },
    parse: (body, built) => {
      const replaced = parsePlaceAck(intent, body, tifOf(intent), built.now);
      return replaced.venueOrderId === undefined ? {} : { venueOrderId: replaced.venueOrderId };
    },
  });
}
