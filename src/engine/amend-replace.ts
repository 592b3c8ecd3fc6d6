/**
 * Moving a protective order at a venue that cannot modify one (Binance's algo service has place,
 * query and cancel, no modify): a cancel-replace, said as such. The NEW order goes first and the old
 * one is cancelled only once the new one rests, so the position is never left without its stop:
 *
 *   new order (new client id, the new trigger) ─► rests ─► cancel the old ─► cancelled: moved
 *                                              │                        └─► not cancelled: both rest, said
 *                                              └─► refused / unresolved ─► nothing cancelled: the old one rests, said
 *
 * Both are reduce-only (or close the position), so while both rest they cannot open or flip a
 * position: whichever fires first closes it, and the other finds nothing left to reduce. Each leg
 * is the order manager's own (placed at most once, resolved by query when its answer is lost), and
 * nothing is re-sent here.
 */
import type { AmendTarget } from '../core/amend-target.js';
import type { Order } from '../core/types.js';
import type { ActionResult } from './actions.js';
import type { OrderManager } from './orders.js';

export interface ReplaceDeps {
  venue: string;
  orders: Pick<OrderManager, 'place'>;
  /** The engine's cancel: an order of this session or of an earlier one. */
  cancel(clientOrderId: string): Promise<ActionResult>;
}

export async function replaceProtective(d: ReplaceDeps, order: Order, target: AmendTarget): Promise<ActionResult> {
  const id = order.clientOrderId;
  const trigger = { ...order.trigger!, price: target.price };
  const whole = order.closePosition === true;
  const tracked = d.orders.place({
    symbol: order.symbol,
    side: order.side,
    type: 'market',
    // A close-position order keeps the size it shows; the adapter sends the venue's whole-position form.
    qty: target.qty,
    reduceOnly: order.reduceOnly,
    postOnly: false,
    trigger,
    ...(whole ? { closePosition: true } : {}),
  });
  const newId = tracked.intent.clientOrderId;
  const placed = await tracked.settled;
  const how = `cancel-replace: ${d.venue} cannot modify a protective order`;
  if (placed.state === 'rejected' || placed.state === 'unknown') {
    const why = placed.reason === undefined ? placed.state : `${placed.state}: ${placed.reason}`;
    return { ok: false, error: `${id} not moved (${how}): its replacement ${newId} at trigger ${target.price} was ${why}; ${id} still rests at trigger ${order.trigger!.price}` };
  }
  const cancelled = await d.cancel(id);
  if (!cancelled.ok) {
    return { ok: false, error: `${id} replaced by ${newId} at trigger ${target.price} (${how}), but ${id} was not cancelled (${cancelled.error}): both rest — cancel ${id}` };
  }
  return { ok: true, clientOrderId: newId, message: `${id} moved by ${how}: ${newId} rests at trigger ${target.price}, ${id} cancelled` };
}
