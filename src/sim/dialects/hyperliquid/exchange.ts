// `POST /exchange` actions once the signer is known and its nonce taken: orders (each checked by
// the venue's price and size rules, then matched by the shared engine), cancels by oid or cloid,
// modify/batchModify (./modify.ts) and scheduleCancel, the dead-man's switch. Replies have the venue's shapes:
//   {"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid"}} |
//     {"filled":{"totalSz","avgPx","oid"}} | {"error":"…"}]}}}
//   {"status":"ok","response":{"type":"cancel","data":{"statuses":["success" | {"error":"…"}]}}}
//   {"status":"ok","response":{"type":"default"}}         (scheduleCancel)
//   {"status":"err","response":"…"}                       (the whole action refused)
import * as D from '../../../core/decimal.js';
import { isReject, type NewOrderRequest, type Order, type Reject } from '../../matching/orders.js';
import type { AcceptedOrder } from '../../types.js';
import type { TriggerOrder } from '../../matching/triggers.js';
import type { Action, OrderWire } from './actions.js';
import { isTriggerWire, placeTrigger, triggerWireError } from './triggers.js';
import type { VenueState } from './state.js';
import { modifyOne } from './modify.js';
import { say } from './wording.js';

export interface Actor {
  accountId: string;
  master: string;
  nonce: number;
}

export interface ActionResult {
  json: unknown;
  /** Orders the engine accepted (the dialect sets their reply fate). */
  accepted: AcceptedOrder[];
  /** Engine events of orders the venue reports as refused (an unmatched IOC): not pushed. */
  quiet: Set<number>;
}

export const err = (response: string) => ({ status: 'err', response });
const ok = (type: string, statuses: unknown[]) => ({ status: 'ok', response: { type, data: { statuses } } });

const TIF: Record<string, NewOrderRequest['timeInForce']> = { Gtc: 'GTC', Ioc: 'IOC', Alo: 'GTX' };

function significant(value: string): number {
  return D.normalize(value).replace('-', '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/** The venue's rule: ≤ 5 significant figures unless whole, ≤ 6 − szDecimals decimals (perps). */
export function priceOk(p: string, szDecimals: number): boolean {
  if (!D.isDecimal(p) || D.sign(p) <= 0) return false;
  const places = D.decimalPlaces(D.normalize(p));
  return places <= Math.max(0, 6 - szDecimals) && (places === 0 || significant(p) <= 5);
}

function sizeOk(s: string, szDecimals: number): boolean {
  return D.isDecimal(s) && D.sign(s) > 0 && D.decimalPlaces(D.normalize(s)) <= szDecimals;
}

export function rejectText(r: Reject, v: VenueState, symbol: string): string {
  switch (r.reject) {
    case 'tick-size':
      return say.tick;
    case 'price-not-positive':
    case 'price-below-min':
    case 'price-above-max':
      return say.invalidPrice;
    case 'qty-not-positive':
    case 'qty-below-min':
    case 'qty-above-max':
    case 'step-size':
      return say.invalidSize;
    case 'price-above-band':
    case 'price-below-band':
      return say.band;
    case 'min-notional':
      return say.minValue(r.detail ?? '10');
    case 'max-open-orders':
      return say.maxOpen(v.coinOfSymbol(symbol).spec.maxOpenOrders);
    case 'duplicate-client-order-id':
      return say.duplicateCloid;
    case 'reduce-only':
      return say.reduceOnly;
    case 'insufficient-margin':
      return say.margin;
    case 'post-only-would-cross': {
      const book = v.core.market.get(symbol)!.book;
      return say.badAlo(D.normalize(book.bestBid()?.price ?? '0'), D.normalize(book.bestAsk()?.price ?? '0'));
    }
    default:
      return say.cancelMissing;
  }
}

/**
 * A trigger wire: placed now (`resting` with grouping na, `waitingForTrigger` in a TP/SL grouping), or,
 * as a normalTpsl child of a parent that has not filled yet, held until it does (`waitingForFill`).
 */
function placeTriggerOne(v: VenueState, actor: Actor, w: OrderWire, grouping: string, parent: Order | undefined): unknown {
  const coin = v.coinOfIndex(w.a);
  if (coin === undefined || !isTriggerWire(w)) return { error: say.asset(w.a) };
  const bad = triggerWireError(w, coin.szDecimals, (p) => priceOk(p, coin.szDecimals), grouping);
  if (bad !== undefined) return { error: bad };
  if (w.c !== undefined && (v.orderByCloid(actor.accountId, w.c) !== undefined || v.triggerByCloid(actor.accountId, w.c) !== undefined))
    return { error: say.duplicateCloid };
  const place = () => placeTrigger(v, actor.accountId, w, grouping, coin.spec.symbol);
  if (grouping === 'normalTpsl' && parent !== undefined && D.isZero(parent.executedQty)) {
    if (parent.status !== 'NEW') return { error: say.cancelMissing };
    const held = v.waitingForFill.get(parent.orderId) ?? [];
    held.push(() => place());
    v.waitingForFill.set(parent.orderId, held);
    return 'waitingForFill';
  }
  const r = place();
  if (typeof r === 'string') return { error: r };
  if (grouping !== 'na') return 'waitingForTrigger';
  return { resting: w.c === undefined ? { oid: r } : { oid: r, cloid: w.c } };
}

export function placeOne(v: VenueState, actor: Actor, w: OrderWire, i: number, out: ActionResult): unknown {
  const coin = v.coinOfIndex(w.a);
  if (coin === undefined) return { error: say.asset(w.a) };
  if (!('limit' in w.t)) return { error: say.asset(w.a) };
  const tif = TIF[w.t.limit.tif];
  if (tif === undefined) return { error: `Invalid TIF ${w.t.limit.tif}.` };
  if (!priceOk(w.p, coin.szDecimals)) return { error: say.invalidPrice };
  if (!sizeOk(w.s, coin.szDecimals)) return { error: say.invalidSize };
  if (w.c !== undefined && (v.orderByCloid(actor.accountId, w.c) !== undefined || v.triggerByCloid(actor.accountId, w.c) !== undefined))
    return { error: say.duplicateCloid };
  const req: NewOrderRequest = {
    symbol: coin.spec.symbol,
    side: w.b ? 'BUY' : 'SELL',
    type: 'LIMIT',
    timeInForce: tif,
    quantity: w.s,
    price: w.p,
    reduceOnly: w.r,
    clientOrderId: w.c ?? `nocloid-${actor.nonce}-${i}`,
  };
  const result = v.core.engine.place(actor.accountId, req);
  if (isReject(result)) return { error: rejectText(result, v, req.symbol) };
  const o: Order = result;
  if (o.status === 'EXPIRED' && D.isZero(o.executedQty)) {
    // An IOC that met nothing: refused, not an order of the account.
    out.quiet.add(o.orderId);
    return { error: say.iocCancel };
  }
  if (w.c !== undefined) v.rememberCloid(actor.accountId, w.c, o.orderId);
  out.accepted.push({
    seq: v.core.ledger.length + out.accepted.length + 1,
    accountId: actor.accountId,
    symbol: o.symbol,
    orderId: o.orderId,
    clientOrderId: w.c ?? req.clientOrderId,
    side: o.side,
    type: `LIMIT_${tif}`,
    quantity: o.origQty,
    price: o.price,
    time: o.time,
    reply: 'pending',
  });
  if (o.status === 'NEW' || (o.status === 'PARTIALLY_FILLED' && tif !== 'IOC')) {
    return { resting: w.c === undefined ? { oid: o.orderId } : { oid: o.orderId, cloid: w.c } };
  }
  const avg = D.normalize(D.div(o.cumQuote, o.executedQty, 8, 'half_even'));
  return { filled: { totalSz: D.normalize(o.executedQty), avgPx: avg, oid: o.orderId } };
}

/**
 * The `batchCancelMax` fault: item `i` of a cancel action past the count the venue cancels gets
 * the venue's only per-status cancel error, and its order stays open.
 */
function refusedInBatch(v: VenueState, i: number): unknown {
  return i >= v.core.faults.batchCancelMax ? { error: say.cancelMissing } : undefined;
}

function cancelOne(v: VenueState, actor: Actor, asset: number, order: Order | undefined, trigger?: TriggerOrder): unknown {
  const coin = v.coinOfIndex(asset);
  if (coin === undefined) return { error: say.asset(asset) };
  if (order === undefined && trigger !== undefined) {
    if (trigger.symbol !== coin.spec.symbol) return { error: say.cancelMissing };
    return isReject(v.core.engine.triggers.cancel(actor.accountId, { triggerId: trigger.triggerId })) ? { error: say.cancelMissing } : 'success';
  }
  if (order === undefined || order.symbol !== coin.spec.symbol) return { error: say.cancelMissing };
  const r = v.core.engine.cancel(actor.accountId, order.symbol, { orderId: order.orderId });
  return isReject(r) ? { error: say.cancelMissing } : 'success';
}

/**
 * `updateLeverage` (HL exchange endpoint "Update leverage"): the coin's leverage and whether it is
 * cross or isolated, in one action. Refused above the coin's max leverage, and a switch of margin
 * type while a position is open (the venue publishes no sentence for either: ours name the rule).
 */
function updateLeverage(v: VenueState, actor: Actor, action: { asset: number; isCross: boolean; leverage: number }): string | undefined {
  const coin = v.coinOfIndex(action.asset);
  if (coin === undefined) return say.asset(action.asset);
  const a = v.core.accounts.get(actor.accountId);
  if (a === undefined) return say.asset(action.asset);
  const symbol = coin.spec.symbol;
  if (action.leverage < 1 || action.leverage > coin.spec.maxLeverage) return say.leverage(action.leverage, coin.spec.maxLeverage);
  const mode = action.isCross ? 'cross' : 'isolated';
  if (mode !== a.marginModeOf(symbol) && !D.isZero(a.position(symbol).amount)) return say.leverageType;
  if (mode === 'isolated') a.isolated.add(symbol);
  else a.isolated.delete(symbol);
  a.leverage.set(symbol, action.leverage);
  return undefined;
}

export function runAction(v: VenueState, actor: Actor, action: Action, schedule: (time: number | undefined) => string | undefined): ActionResult {
  const out: ActionResult = { json: undefined, accepted: [], quiet: new Set() };
  switch (action.type) {
    case 'order': {
      if (action.orders.length === 0) {
        out.json = err(say.emptyBatch);
        break;
      }
      // In a normalTpsl group the first order is the parent; its TP/SL children follow it.
      let parent: Order | undefined;
      const statuses = action.orders.map((w, i) => {
        if (isTriggerWire(w)) return placeTriggerOne(v, actor, w, action.grouping, parent);
        const r = placeOne(v, actor, w, i, out);
        if (i === 0) parent = out.accepted.length > 0 ? v.core.engine.orders.get(out.accepted[0]!.orderId) : undefined;
        return r;
      });
      out.json = ok('order', statuses);
      // A trigger the mark has already crossed fires now.
      for (const w of action.orders) {
        const c = v.coinOfIndex(w.a);
        if (c !== undefined && isTriggerWire(w)) v.core.engine.triggers.fire(c.spec.symbol);
      }
      break;
    }
    case 'cancel':
      out.json = ok(
        'cancel',
        action.cancels.map((c, i) =>
          refusedInBatch(v, i) ?? cancelOne(v, actor, c.a, v.orderById(actor.accountId, c.o), v.triggerById(actor.accountId, c.o)),
        ),
      );
      break;
    case 'cancelByCloid':
      out.json = ok(
        'cancel',
        action.cancels.map(
          (c, i) =>
            refusedInBatch(v, i) ??
            cancelOne(v, actor, c.asset, v.orderByCloid(actor.accountId, c.cloid), v.triggerByCloid(actor.accountId, c.cloid)),
        ),
      );
      break;
    case 'modify': {
      const status = modifyOne(v, actor, action.oid, action.order, 0, out) as { error?: string };
      out.json = typeof status.error === 'string' ? err(status.error) : { status: 'ok', response: { type: 'default' } };
      break;
    }
    case 'batchModify':
      if (action.modifies.length === 0) out.json = err(say.emptyBatch);
      else out.json = ok('order', action.modifies.map((m, i) => modifyOne(v, actor, m.oid, m.order, i, out)));
      break;
    case 'setReferrer':
    case 'approveBuilderFee':
      // Accepted and remembered by nothing here: the local venue charges no builder fee and pays no referrals.
      out.json = { status: 'ok', response: { type: 'default' } };
      break;
    case 'updateLeverage': {
      const refused = updateLeverage(v, actor, action);
      out.json = refused === undefined ? { status: 'ok', response: { type: 'default' } } : err(refused);
      break;
    }
    case 'scheduleCancel': {
      const refused = schedule(action.time);
      out.json = refused === undefined ? { status: 'ok', response: { type: 'default' } } : err(refused);
      break;
    }
  }
  return out;
}

/** How many orders or cancels an action carries (the address allowance counts each). */
export function batchSize(action: Action): number {
  if (action.type === 'order') return Math.max(1, action.orders.length);
  if (action.type === 'cancel' || action.type === 'cancelByCloid') return Math.max(1, action.cancels.length);
  if (action.type === 'batchModify') return Math.max(1, action.modifies.length);
  return 1;
}
