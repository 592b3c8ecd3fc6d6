// What the engine asks of a venue's modify endpoint, and what it hears back (engine/amend.ts).
import type { Order } from '../core/types.js';

/**
 * An amend of a resting limit order: its new price and new total quantity (fills included; both
 * always given, the unchanged one at its current value), and the order as the engine holds it
 * (side, time in force, reduce-only, ids), which some venues must be sent again. For a protective
 * order (`RestAdapter.amendTrigger`), `price` is its new TRIGGER price.
 */
export interface AmendRequest {
  order: Order;
  price: string;
  qty: string;
}

/**
 * A venue's answer to an amend it accepted: the order after it where the venue says it (Binance), and
 * the venue's id of the order after it where it changes (Hyperliquid gives a modified order a new oid).
 * An answer without `order` is an acknowledgement: the order's state is asked for next.
 */
export interface AmendAck {
  order?: Order;
  venueOrderId?: string;
}
