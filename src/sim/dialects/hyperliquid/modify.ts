// `modify` and `batchModify`: the venue replaces a resting order rather than editing it in place — the
// old order is canceled and a new one placed from the new wire, with a NEW oid (the cloid stays when
// the new wire carries it). What a client sees:
//   modify       {"status":"ok","response":{"type":"default"}}  or  {"status":"err","response":"…"}
//   batchModify  {"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid"}} | {"error"}]}}}
// A target that is not resting is refused with "Cannot modify canceled or filled order." (the words
// SDK users quote). A new price or size the venue's rules refuse (grid, band, size) refuses the whole
// modify and the order rests as it was; when the cancel went through and the new order is refused
// for another reason (margin, post-only), the old one is gone: the venue says "Error placing new
// order during modify: …" and the cancel is pushed.
import { isOpen, type Order, type Reject } from '../../matching/orders.js';
import type { TriggerOrder } from '../../matching/triggers.js';
import type { OrderWire } from './actions.js';
import { type ActionResult, type Actor, placeOne, priceOk, rejectText } from './exchange.js';
import { isTriggerWire, placeTrigger, triggerWireError } from './triggers.js';
import type { VenueState } from './state.js';

export const CANNOT_MODIFY = 'Cannot modify canceled or filled order.';

function target(v: VenueState, actor: Actor, oid: number | string): Order | undefined {
  return typeof oid === 'number' ? v.orderById(actor.accountId, oid) : v.orderByCloid(actor.accountId, oid);
}

/** Rules on the new price and size alone, judged before anything is canceled. */
const WHOLE: ReadonlySet<Reject['reject']> = new Set([
  'tick-size', 'price-not-positive', 'price-below-min', 'price-above-max', 'price-above-band', 'price-below-band',
  'qty-not-positive', 'qty-below-min', 'qty-above-max', 'step-size', 'min-notional',
]);

function wholeRefusal(v: VenueState, actor: Actor, old: Order, w: OrderWire): Reject | undefined {
  const r = v.core.engine.check(actor.accountId, {
    symbol: old.symbol,
    side: w.b ? 'BUY' : 'SELL',
    type: 'LIMIT',
    timeInForce: old.timeInForce,
    quantity: w.s,
    price: w.p,
    reduceOnly: w.r,
    clientOrderId: `modify-${old.orderId}`,
  });
  return r !== undefined && WHOLE.has(r.reject) ? r : undefined;
}

/**
 * A waiting trigger (TP/SL) order is replaced the same way: checked, canceled, placed again from the
 * new trigger wire under a new oid, in the same grouping (position TP/SL stays one).
 */
function modifyTrigger(v: VenueState, actor: Actor, old: TriggerOrder, w: OrderWire): unknown {
  const coin = v.coinOfIndex(w.a);
  if (coin === undefined || coin.spec.symbol !== old.symbol || !isTriggerWire(w)) return { error: CANNOT_MODIFY };
  const grouping = old.meta.positionTpsl === 'true' ? 'positionTpsl' : 'na';
  const bad = triggerWireError(w, coin.szDecimals, (p) => priceOk(p, coin.szDecimals), grouping);
  if (bad !== undefined) return { error: bad };
  if ('reject' in v.core.engine.triggers.cancel(actor.accountId, { triggerId: old.triggerId })) return { error: CANNOT_MODIFY };
  const cloid = v.cloidOf.get(old.triggerId);
  if (cloid !== undefined) {
    v.byCloid.delete(`${actor.accountId}|${cloid}`);
    v.cloidOf.delete(old.triggerId);
  }
  const placed = placeTrigger(v, actor.accountId, w, grouping, old.symbol);
  if (typeof placed === 'string') return { error: `Error placing new order during modify: ${placed}` };
  return { resting: w.c === undefined ? { oid: placed } : { oid: placed, cloid: w.c } };
}

/** One modify: a status as `order` answers it (`{resting}`, `{filled}` or `{error}`). */
export function modifyOne(v: VenueState, actor: Actor, oid: number | string, w: OrderWire, i: number, out: ActionResult): unknown {
  const old = target(v, actor, oid);
  if (old === undefined) {
    const t = typeof oid === 'number' ? v.triggerById(actor.accountId, oid) : v.triggerByCloid(actor.accountId, oid);
    if (t?.status === 'NEW') return modifyTrigger(v, actor, t, w);
  }
  if (old === undefined || !isOpen(old)) return { error: CANNOT_MODIFY };
  const coin = v.coinOfIndex(w.a);
  if (coin === undefined || coin.spec.symbol !== old.symbol) return { error: CANNOT_MODIFY };
  const refused = wholeRefusal(v, actor, old, w);
  if (refused !== undefined) return { error: rejectText(refused, v, old.symbol) };
  const canceled = v.core.engine.cancel(actor.accountId, old.symbol, { orderId: old.orderId });
  if ('reject' in canceled) return { error: CANNOT_MODIFY };
  const cloid = v.cloidOf.get(old.orderId);
  if (cloid !== undefined) {
    v.byCloid.delete(`${actor.accountId}|${cloid}`);
    v.cloidOf.delete(old.orderId);
  }
  const placed = placeOne(v, actor, w, i, out) as { error?: string };
  if (typeof placed.error === 'string') {
    // The canceled order stays findable by its cloid.
    if (cloid !== undefined) v.rememberCloid(actor.accountId, cloid, old.orderId);
    return { error: `Error placing new order during modify: ${placed.error}` };
  }
  // Replaced, not canceled: the old oid's cancel is not pushed (the new order's push carries the cloid).
  out.quiet.add(old.orderId);
  return placed;
}
