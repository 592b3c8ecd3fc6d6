/**
 * PUT /fapi/v1/order ("Modify Order", USD-M): a resting LIMIT order's price and quantity changed,
 * its orderId and clientOrderId kept (it loses its queue place). USD-M wants `side`, `quantity` and
 * `price` every time (COIN-M takes either); the order is named by `origClientOrderId`, the id fixed
 * before its first send. Weight: 1 on each order-count window, 0 IP weight, like a new order. The
 * reply is the order after the amend (a partially filled order amended to at most its filled size,
 * or a GTX one whose new price would take, comes back CANCELED: the venue's rule).
 */
import { InvalidIntentError } from '../shared/errors.js';
import type { AmendAck, AmendRequest, RequestPlan } from '../venue.js';
import { WIRE_SIDE } from './enums.js';
import { NEW_ORDER_COSTS } from './limits.js';
import { parseOrder } from './parse.js';
import { binancePlan } from './requests.js';

export function amendOrderPlan(request: AmendRequest): RequestPlan<AmendAck> {
  const o = request.order;
  if (o.type !== 'limit') throw new InvalidIntentError(`order ${o.clientOrderId}: only a limit order can be amended`);
  return binancePlan({
    name: 'amendOrder',
    method: 'PUT',
    path: '/fapi/v1/order',
    lane: 'critical',
    costs: NEW_ORDER_COSTS,
    auth: 'signed',
    mutating: true,
    params: [
      ['symbol', o.symbol],
      ['side', WIRE_SIDE[o.side]],
      ['origClientOrderId', o.clientOrderId],
      ['quantity', request.qty],
      ['price', request.price],
    ],
    parse: (body) => ({ order: parseOrder(body) }),
  });
}
