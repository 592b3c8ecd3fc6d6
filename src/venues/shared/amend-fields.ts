// What an amend changes, for venues that are sent only the changed fields (OKX newSz/newPx, Bybit
// qty/price): a field equal to the order's current value is left out.
import { eq } from '../../core/decimal.js';
import type { AmendRequest } from '../amend-spec.js';

export function changedFields(request: AmendRequest): { qty?: string; price?: string } {
  const o = request.order;
  return {
    ...(eq(request.qty, o.qty) ? {} : { qty: request.qty }),
    ...(o.price !== undefined && eq(request.price, o.price) ? {} : { price: request.price }),
  };
}
