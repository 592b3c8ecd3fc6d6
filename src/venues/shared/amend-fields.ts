// What an amend changes, for venues that are sent only the changed fields (OKX newSz/newPx or a new
// trigger, Bybit qty/price or triggerPrice): a field equal to the order's current value is left out.
// A protective order's price is its trigger.
import { eq } from '../../core/decimal.js';
import type { AmendRequest } from '../amend-spec.js';

export function changedFields(request: AmendRequest): { qty?: string; price?: string } {
  const o = request.order;
  const at = o.trigger?.price ?? o.price;
  return {
    ...(eq(request.qty, o.qty) ? {} : { qty: request.qty }),
    ...(at !== undefined && eq(request.price, at) ? {} : { price: request.price }),
  };
}
