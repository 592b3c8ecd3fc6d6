// What the engine refuses before sending anything: a ticket that is not a well-formed order, or
// one off the instrument's size step or price tick when the instrument is known.
import { gt, isDecimal } from '../core/decimal.js';
import { isOnStep } from '../core/rounding.js';
import type { Instrument } from '../core/types.js';
import type { OrderTicket } from './actions.js';

/** Why the ticket cannot be sent, or undefined. `instrument` is checked only when it is the ticket's. */
export function ticketProblem(t: OrderTicket, instrument: Instrument | undefined): string | undefined {
  if (!isDecimal(t.qty) || !gt(t.qty, '0')) return `quantity ${JSON.stringify(t.qty)} is not a positive decimal`;
  if (t.type === 'limit' && (t.price === undefined || !isDecimal(t.price) || !gt(t.price, '0'))) {
    return 'a limit order needs a positive decimal price';
  }
  if (t.type === 'market' && (t.price !== undefined || t.postOnly || t.timeInForce !== undefined)) {
    return 'a market order takes no price and cannot be post-only or IOC';
  }
  if (t.postOnly && t.timeInForce !== undefined) return 'an order is post-only or IOC, not both';
  const i = t.symbol === instrument?.symbol ? instrument : undefined;
  if (i !== undefined) {
    if (!isOnStep(t.qty, i.stepSize)) return `quantity ${t.qty} is not a multiple of ${i.stepSize}`;
    if (t.price !== undefined && !isOnStep(t.price, i.tickSize)) return `price ${t.price} is not on the ${i.tickSize} tick`;
  }
  return undefined;
}
