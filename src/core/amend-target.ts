/**
 * What an amend asks of a resting order, made exact before anything is sent: the new price (typed,
 * or the current one moved a number of ticks) and the new total quantity (fills included), checked
 * against the order and the instrument. A resting limit order moves its limit price; a protective
 * order (a stop or a take-profit) moves its TRIGGER price — it executes at market, so it has no
 * other. Pure; the engine sends what this returns.
 */
import { add, gt, isDecimal, lte, mul, normalize, eq } from './decimal.js';
import { isOnStep } from './rounding.js';
import type { Instrument, Order } from './types.js';

/** A change as the trader asked it: a price, a quantity, or ticks to move the price by (not with a price). */
export interface AmendChange {
  price?: string;
  qty?: string;
  ticks?: number;
}

export interface AmendTarget {
  price: string;
  qty: string;
}

/** Where an order rests: its limit price, or a protective order's trigger, and its size. */
export function restingAt(order: Pick<Order, 'price' | 'qty' | 'trigger'>): AmendTarget {
  return { price: order.trigger?.price ?? order.price ?? '0', qty: order.qty };
}

/** The price and quantity to send, or why not. `base` is where the order is (or will be, after an amend in flight). */
export function amendTarget(
  order: Pick<Order, 'clientOrderId' | 'type' | 'filledQty' | 'trigger' | 'closePosition'>,
  base: AmendTarget,
  change: AmendChange,
  instrument: Pick<Instrument, 'tickSize' | 'stepSize'> | undefined,
): AmendTarget | { error: string } {
  const id = order.clientOrderId;
  if (order.type !== 'limit' && order.trigger === undefined) return { error: `${id} is a market order: only a resting limit order or a stop/take-profit can be amended` };
  if (order.closePosition === true && change.qty !== undefined) return { error: `${id} closes the whole position when it fires: its size follows the position, only its trigger moves` };
  if (change.price !== undefined && change.ticks !== undefined) return { error: 'a price or a number of ticks, not both' };
  let price = base.price;
  if (change.ticks !== undefined) {
    if (!Number.isSafeInteger(change.ticks) || change.ticks === 0) return { error: `${change.ticks} is not a whole, non-zero number of ticks` };
    if (instrument === undefined) return { error: 'the tick size is not known yet: type the price (:amend PRICE)' };
    price = add(base.price, mul(instrument.tickSize, String(change.ticks)));
  } else if (change.price !== undefined) price = change.price;
  const qty = change.qty ?? base.qty;
  // A close-position order has no size of its own ('0'): only its trigger is checked.
  const sized = order.closePosition !== true;
  if (!isDecimal(price) || !gt(price, '0')) return { error: `price ${JSON.stringify(price)} is not a positive number` };
  if (sized && (!isDecimal(qty) || !gt(qty, '0'))) return { error: `quantity ${JSON.stringify(qty)} is not a positive number` };
  if (sized && lte(qty, order.filledQty)) return { error: `quantity ${qty} is not above the ${normalize(order.filledQty)} already filled` };
  if (instrument !== undefined) {
    if (!isOnStep(price, instrument.tickSize)) return { error: `price ${price} is not on the ${instrument.tickSize} tick` };
    if (sized && !isOnStep(qty, instrument.stepSize)) return { error: `quantity ${qty} is not a multiple of ${instrument.stepSize}` };
  }
  if (eq(price, base.price) && eq(qty, base.qty)) return { error: `${id} already rests at ${normalize(price)} for ${normalize(qty)}: nothing to change` };
  return { price: normalize(price), qty: normalize(qty) };
}
