/**
 * POST /api/v5/trade/amend-order: a pending order's price (`newPx`) and size (`newSz`, contracts, the
 * filled part included) changed, its ordId and clOrdId kept. Named by `clOrdId`, the id fixed before
 * the first send. `expTime` rides along (as on a new order): an amend that reaches the venue after
 * the validity window is discarded, so "not amended" becomes final once the window has passed. The
 * reply only acknowledges the request (sCode "0"); the order's state after it is asked for next.
 * Limits: 60 requests / 2 s per instrument, and it counts toward the sub-account's 1,000 new + amended
 * orders / 2 s.
 */
import { changedFields } from '../shared/amend-fields.js';
import { InvalidIntentError } from '../shared/errors.js';
import type { AmendAck, AmendRequest, RequestPlan } from '../venue.js';
import { firstItem } from './fields.js';
import { AMEND_COSTS } from './limits.js';
import { okxPlan } from './requests.js';

export function amendOrderPlan(request: AmendRequest): RequestPlan<AmendAck> {
  const o = request.order;
  if (o.type !== 'limit') throw new InvalidIntentError(`order ${o.clientOrderId}: only a limit order can be amended`);
  const change = changedFields(request);
  const body: Record<string, string> = { instId: o.symbol, clOrdId: o.clientOrderId };
  if (change.qty !== undefined) body['newSz'] = change.qty;
  if (change.price !== undefined) body['newPx'] = change.price;
  return okxPlan({
    name: 'amendOrder',
    method: 'POST',
    path: '/api/v5/trade/amend-order',
    lane: 'critical',
    costs: AMEND_COSTS,
    signed: true,
    mutating: true,
    body,
    expires: true,
    parse: (reply) => {
      firstItem(reply);
      return {};
    },
  });
}
