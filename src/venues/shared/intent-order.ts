/**
 * The order an intent describes before anything has filled: what the engine shows while a send
 * is in flight, and what a venue whose ack carries only ids (OKX) is known to hold. Time in
 * force is left to the caller: venues differ in what they report for it.
 */
import type { Order, OrderIntent, OrderState } from '../../core/types.js';
import type { OrderRef } from '../venue.js';

export function orderOfIntent(intent: OrderIntent, state: OrderState, updatedAt: number): Order {
  const order: Order = {
    clientOrderId: intent.clientOrderId,
    symbol: intent.symbol,
    side: intent.side,
    type: intent.type,
    qty: intent.qty,
    filledQty: '0',
    avgPrice: '0',
    state,
    reduceOnly: intent.reduceOnly,
    postOnly: intent.postOnly,
    updatedAt,
  };
  if (intent.price !== undefined) order.price = intent.price;
  if (intent.trigger !== undefined) order.trigger = intent.trigger;
  if (intent.closePosition === true) order.closePosition = true;
  return order;
}

/**
 * What a cancel acknowledgement knows of an order (OKX, Bybit, Hyperliquid): its ids and that a
 * cancel was accepted. Nothing of what filled: the engine asks the venue for the end state.
 */
export function pendingCancelOf(ref: OrderRef, ids: { venueOrderId?: string; clientOrderId: string }, updatedAt: number): Order {
  const order: Order = {
    clientOrderId: ids.clientOrderId,
    symbol: ref.symbol,
    side: 'buy',
    type: 'limit',
    qty: '0',
    filledQty: '0',
    avgPrice: '0',
    state: 'pending_cancel',
    reduceOnly: false,
    postOnly: false,
    updatedAt,
  };
  if (ids.venueOrderId !== undefined) order.venueOrderId = ids.venueOrderId;
  return order;
}
