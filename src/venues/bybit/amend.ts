/**
 * POST /v5/order/amend (linear): a resting order's `qty` (the new total) and/or `price` changed, its
 * orderId and orderLinkId kept. Named by `orderLinkId`, the id fixed before the first send; only the
 * changed field is sent (the venue refuses an amend that changes nothing: 10001 "The order remains
 * unchanged…"). The reply is `{orderId, orderLinkId}`: an acknowledgement, the order's state after
 * it is asked for next. Limit: 10 / s per UID with create and cancel each their own pool.
 * A conditional (protective) order waiting for its trigger moves the same way: `triggerPrice` and/or
 * `qty`, its orderId kept; a trigger the price already crossed is refused (110092 / 110093).
 */
import { changedFields } from '../shared/amend-fields.js';
import { InvalidIntentError } from '../shared/errors.js';
import type { AmendAck, AmendRequest, RequestPlan } from '../venue.js';
import { envelopeResult } from './fields.js';
import { costsOf, POOL } from './limits.js';
import { bybitPlan, CATEGORY } from './requests.js';

export function amendOrderPlan(request: AmendRequest): RequestPlan<AmendAck> {
  const o = request.order;
  if (o.type !== 'limit') throw new InvalidIntentError(`order ${o.clientOrderId}: only a limit order can be amended`);
  return amendPlan(request, changedFields(request));
}

export function amendTriggerPlan(request: AmendRequest): RequestPlan<AmendAck> {
  const o = request.order;
  if (o.trigger === undefined) throw new InvalidIntentError(`order ${o.clientOrderId} has no trigger to move`);
  const { price, qty } = changedFields(request);
  return amendPlan(request, { ...(qty === undefined ? {} : { qty }), ...(price === undefined ? {} : { triggerPrice: price }) });
}

function amendPlan(request: AmendRequest, change: Record<string, string>): RequestPlan<AmendAck> {
  const o = request.order;
  const body: Record<string, string> = { category: CATEGORY, symbol: o.symbol, orderLinkId: o.clientOrderId, ...change };
  return bybitPlan({
    name: 'amendOrder',
    method: 'POST',
    path: '/v5/order/amend',
    lane: 'critical',
    costs: costsOf(POOL.amend),
    signed: true,
    mutating: true,
    body,
    parse: (reply) => {
      envelopeResult(reply);
      return {};
    },
  });
}
