// PUT /fapi/v1/order, "Modify Order" (USD-M docs, trade/rest-api/Modify-Order): a resting LIMIT order's
// price and quantity changed in place, keeping its orderId and clientOrderId; it loses its queue
// place. Both `quantity` and `price` are required (unlike COIN-M), and `side` too. The venue's rules:
// a new value failing PRICE_FILTER / PERCENT_PRICE / LOT_SIZE is refused and the order stays as it
// was; the amendment CANCELS the order when a partially filled order's new quantity is at or below
// what filled, or when a GTX order's new price would take. The same price and quantity: -5027.
// Weight: 1 on each order-count window, 0 on the IP weight. The user stream says AMENDMENT.
import * as D from '../../../core/decimal.js';
import { isReject } from '../../matching/orders.js';
import { BinanceError, errors, rejectError } from './errors.js';
import { orderReplyJson } from './format.js';
import type { Ctx, Route } from './route.js';
import { wouldTake } from '../shared/would-take.js';
import { findOrder } from './routes-trade.js';

const onlyLimit = () => new BinanceError(-5025, 'Only limit order is supported.');
const sameOrder = () => new BinanceError(-5027, 'No need to modify the order.');

function modifyOrder(ctx: Ctx): unknown {
  const p = ctx.params;
  const side = p.require('side');
  if (side !== 'BUY' && side !== 'SELL') throw errors.badSide();
  const quantity = p.decimal('quantity', true)!;
  const price = p.decimal('price', true)!;
  const o = findOrder(ctx, errors.noSuchOrder);
  if (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED') throw errors.noSuchOrder();
  if (o.type !== 'LIMIT') throw onlyLimit();
  if (o.side !== side) throw errors.badSide();
  const spec = ctx.core.market.get(o.symbol)!.spec;
  if (D.eq(quantity, o.origQty) && D.eq(price, o.price)) throw sameOrder();
  const cancelsIt = D.lte(quantity, o.executedQty) || (o.timeInForce === 'GTX' && wouldTake(ctx.core, o, price));
  if (cancelsIt) {
    const r = ctx.core.engine.cancel(o.accountId, o.symbol, { orderId: o.orderId });
    if (isReject(r)) throw errors.noSuchOrder();
    return orderReplyJson(r, spec);
  }
  const r = ctx.core.engine.amend(o.accountId, o.symbol, { orderId: o.orderId }, { quantity, price });
  if (isReject(r)) throw rejectError(r);
  return orderReplyJson(r, spec);
}

export const amendRoutes: Route[] = [
  {
    method: 'PUT',
    path: '/fapi/v1/order',
    security: 'SIGNED',
    permission: 'trade',
    weight: 0,
    kind: 'order',
    countsOrder: true,
    handle: modifyOrder,
  },
];
