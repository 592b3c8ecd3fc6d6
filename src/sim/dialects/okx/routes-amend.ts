// POST /api/v5/trade/amend-order (OKX docs, "Amend order"): a pending order's size (`newSz`, contracts,
// the filled part included) and/or price (`newPx`) changed, keeping its ordId and clOrdId. The reply
// acknowledges the request (sCode "0"); the order's own state is asked for or pushed on `orders`.
// `expTime` (header) as on a new order. `cxlOnFail`: a refused amendment cancels the order. `reqId` is echoed. Refusals in the venue's words
// (error-code table, trade class): 51500 neither size nor price, 51503 filled or canceled already,
// 51511 a post-only price that would take, 51121 a size off the lot.
import * as D from '../../../core/decimal.js';
import { isReject, isOpen, type Order } from '../../matching/orders.js';
import { errors, itemError, type OkxError, rejectError } from './errors.js';
import { type Swap, toBase } from './format.js';
import type { Ctx, Route } from './route.js';
import { wouldTake } from '../shared/would-take.js';
import { findOrder, itemOf } from './routes-trade.js';

function change(ctx: Ctx, s: Swap, o: Order, item: Record<string, string>): { quantity?: string; price?: string } {
  const p = ctx.params;
  const newSz = p.decimal('newSz', false);
  const newPx = p.decimal('newPx', false);
  if (newSz === undefined && newPx === undefined) throw itemError('51500', 'Either order price or amount is required.', item);
  if (newSz !== undefined && !D.isZero(D.sub(newSz, D.mul(D.div(newSz, s.lotSz, 0, 'down'), s.lotSz))))
    throw itemError('51121', 'Order quantity must be a multiple of the lot size.', item);
  if (newPx !== undefined && o.timeInForce === 'GTX' && wouldTake(ctx.core, o, newPx))
    throw itemError('51511', 'Modification failed as the order price did not meet the requirement for Post Only.', item);
  return { ...(newSz === undefined ? {} : { quantity: toBase(newSz, s) }), ...(newPx === undefined ? {} : { price: newPx }) };
}

function amendOrder(ctx: Ctx): unknown[] {
  const p = ctx.params;
  const s = ctx.services.swap(p.require('instId'));
  // expTime, as on a new order: an amend arriving after it is discarded.
  const expTime = ctx.req.headers['exptime'];
  const exp = Array.isArray(expTime) ? expTime[0] : expTime;
  if (exp !== undefined && /^\d{1,16}$/.test(exp) && ctx.core.clock.now() > Number(exp)) throw errors.expired();
  const ts = String(ctx.core.clock.now());
  const reqId = p.get('reqId') ?? '';
  const item = { ...itemOf(p.get('clOrdId') ?? '', p.get('ordId') ?? '', ts), reqId };
  const gone = () => itemError('51503', 'Your order has already been filled or canceled.', item);
  const o = findOrder(ctx, p, s, gone);
  if (!isOpen(o)) throw gone();
  const ids = { ...itemOf(o.clientOrderId, String(o.orderId), ts), reqId };
  let refusal: OkxError | undefined;
  try {
    const r = ctx.core.engine.amend(o.accountId, o.symbol, { orderId: o.orderId }, change(ctx, s, o, ids));
    if (isReject(r)) refusal = rejectError(r, ids);
  } catch (e) {
    if ((e as OkxError).item === undefined) throw e;
    refusal = e as OkxError;
  }
  if (refusal !== undefined) {
    if (p.bool('cxlOnFail')) ctx.core.engine.cancel(o.accountId, o.symbol, { orderId: o.orderId });
    throw refusal;
  }
  return [{ ...ids, sCode: '0', sMsg: '' }];
}

export const amendRoutes: Route[] = [
  { method: 'POST', path: '/api/v5/trade/amend-order', signed: true, permission: 'trade', kind: 'order', handle: amendOrder },
];
