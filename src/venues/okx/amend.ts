/**
 * POST /api/v5/trade/amend-order: a pending order's price (`newPx`) and size (`newSz`, contracts, the
 * filled part included) changed, its ordId and clOrdId kept. Named by `clOrdId`, the id fixed before
 * the first send. `expTime` rides along (as on a new order): an amend that reaches the venue after
 * the validity window is discarded, so "not amended" becomes final once the window has passed. The
 * reply only acknowledges the request (sCode "0"); the order's state after it is asked for next.
 * Limits: 60 requests / 2 s per instrument, and it counts toward the sub-account's 1,000 new + amended
 * orders / 2 s.
 *
 * POST /api/v5/trade/amend-algos: a live TP/SL algo order's trigger (`newSlTriggerPx` for a stop,
 * `newTpTriggerPx` for a take-profit) and size (`newSz`, contracts) moved in place, its algoId and
 * algoClOrdId kept. Named by `algoId` once the venue gave one (an algo order of an earlier session
 * may have no algoClOrdId), else by `algoClOrdId`. The reply acknowledges only; a trigger the price
 * already crossed is refused like a new one (51277-51280). 20 requests / 2 s, the algo pool.
 */
import { changedFields } from '../shared/amend-fields.js';
import { InvalidIntentError } from '../shared/errors.js';
import type { AmendAck, AmendRequest, RequestPlan } from '../venue.js';
import { firstItem } from './fields.js';
import { AMEND_COSTS, one, POOL } from './limits.js';
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

export function amendTriggerPlan(request: AmendRequest): RequestPlan<AmendAck> {
  const o = request.order;
  const t = o.trigger;
  if (t === undefined) throw new InvalidIntentError(`order ${o.clientOrderId} has no trigger to move`);
  const change = changedFields(request);
  const body: Record<string, string> = { instId: o.symbol };
  if (o.venueOrderId !== undefined) body['algoId'] = o.venueOrderId;
  else body['algoClOrdId'] = o.clientOrderId;
  if (change.qty !== undefined) body['newSz'] = change.qty;
  if (change.price !== undefined) body[t.kind === 'stop' ? 'newSlTriggerPx' : 'newTpTriggerPx'] = change.price;
  return okxPlan({
    name: 'amendTrigger',
    method: 'POST',
    path: '/api/v5/trade/amend-algos',
    lane: 'critical',
    costs: one(POOL.algo),
    signed: true,
    mutating: true,
    body,
    parse: (reply) => {
      firstItem(reply);
      return {};
    },
  });
}
