/**
 * The order an intent describes before anything has filled: what the engine shows while a send
 * is in flight, and what a venue whose ack carries only ids (OKX) is known to hold. Time in
 * force is left to the caller: venues differ in what they report for it.
 */
import type { Order, OrderIntent, OrderState } from '../../core/types.js';

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
  return order;
}
