// The ledger entry of an accepted order, the same for every dialect: chaos and the tests read
// the ledger to tell which orders the venue really took, whatever the client was told.
import type { SimCore } from '../../core.js';
import type { Order } from '../../matching/orders.js';
import type { AcceptedOrder } from '../../types.js';

/** Appends `order` to the ledger as `pending`; the dialect sets `reply` once the reply's fate is known. */
export function recordAccepted(core: SimCore, order: Order): AcceptedOrder {
  const entry: AcceptedOrder = {
    seq: core.ledger.length + 1,
    accountId: order.accountId,
    symbol: order.symbol,
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    side: order.side,
    type: order.type,
    quantity: order.origQty,
    price: order.price,
    time: order.time,
    reply: 'pending',
  };
  core.ledger.push(entry);
  return entry;
}
