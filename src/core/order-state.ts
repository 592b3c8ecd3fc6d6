/**
 * Order state machine: one explicit table of allowed transitions. Venue reports arrive late, out
 * of order and twice (WebSocket and REST disagree for a moment), so the table includes the real
 * races rather than the textbook path:
 *   - pending_cancel → filled: the order filled while our cancel was in flight;
 *   - pending_cancel → canceled | expired | rejected: whatever end the venue reports, the cancel
 *     ends there — an order that ended before the cancel reached it (a stop the venue rejected
 *     when it fired, cancelled while its send was still unanswered) keeps the venue's word;
 *   - pending_cancel → new | partially_filled: the cancel was rejected, the order is still open;
 *   - partially_filled → canceled: the rest was canceled;
 *   - canceled → filled: a fill report arrives after we took the order as canceled (e.g. it
 *     vanished from an open-orders snapshot while its last fill was still on the way);
 *   - unknown → any open or terminal state: an ambiguous send resolved by query;
 *   - pending_new | unknown → pending_cancel: cancel by client id before the venue answered;
 *   - pending_new → partially_filled | filled: the fill event beat the acknowledgement;
 *   - new | pending_cancel → triggered: a protective order fired (a cancel racing it lost) and the
 *     venue placed the order it carried under another id.
 *   - new → rejected: a protective order the venue took, then refused when it fired (a reduce-only
 *     stop with nothing left to reduce): the venue holds it rejected.
 *   - triggered → rejected: the same refusal reported after the firing (Binance's algo service says
 *     TRIGGERING, then REJECTED with the reason): the venue's last word is the order's end, and its
 *     reason is what the trader sees. The one move out of an end state besides canceled → filled.
 * A repeated report of the current state is accepted and changes nothing. Anything else is an
 * error VALUE (not a throw): the engine logs it, shows it and keeps going (invariant 8).
 */
import { errorMessage } from './error-message.js';
import { cmp, gt, isZero, lt } from './decimal.js';
import { isTerminalOrderState, type Order, type OrderState } from './types.js';

const OPEN: OrderState[] = ['new', 'partially_filled'];

/** Every allowed move, by current state. Self-moves are handled separately (always no-ops). */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  pending_new: [
    'new',
    'triggered',
    'partially_filled',
    'filled',
    'pending_cancel',
    'canceled',
    'rejected',
    'expired',
    'unknown',
  ],
  unknown: ['new', 'partially_filled', 'filled', 'pending_cancel', 'canceled', 'rejected', 'expired', 'triggered'],
  new: ['partially_filled', 'filled', 'pending_cancel', 'canceled', 'rejected', 'expired', 'triggered'],
  partially_filled: ['filled', 'pending_cancel', 'canceled', 'expired'],
  pending_cancel: [...OPEN, 'filled', 'canceled', 'rejected', 'expired', 'triggered'],
  filled: [],
  triggered: ['rejected'],
  canceled: ['filled'],
  rejected: [],
  expired: [],
};

export interface TransitionError {
  code: 'illegal_transition' | 'fill_went_backwards' | 'overfilled' | 'bad_quantity';
  from: OrderState;
  to: OrderState;
  message: string;
}

export type TransitionResult =
  | { ok: true; state: OrderState; changed: boolean }
  | { ok: false; error: TransitionError };

export function canTransition(from: OrderState, to: OrderState): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}

/** Checks one move of the state alone. */
export function transition(from: OrderState, to: OrderState): TransitionResult {
  if (from === to) return { ok: true, state: to, changed: false };
  if (ORDER_TRANSITIONS[from].includes(to)) return { ok: true, state: to, changed: true };
  return {
    ok: false,
    error: { code: 'illegal_transition', from, to, message: `order cannot go from ${from} to ${to}` },
  };
}

/** What a venue report says about an order now. */
export interface OrderUpdate {
  state: OrderState;
  filledQty?: string;
  avgPrice?: string;
  venueOrderId?: string;
  reason?: string;
  updatedAt: number;
}

export type UpdateResult =
  | { ok: true; order: Order; changed: boolean }
  | { ok: false; error: TransitionError };

/**
 * Applies a venue report to an order: the state move must be allowed and the filled quantity
 * may only grow, never past the order quantity. Returns a new order; the input is not touched.
 */
export function applyOrderUpdate(order: Order, update: OrderUpdate): UpdateResult {
  const filledQty = update.filledQty ?? order.filledQty;
  const checked = checkUpdate(order, update.state, filledQty);
  if (checked.error !== undefined) return { ok: false, error: checked.error };
  const next: Order = {
    ...order,
    state: update.state,
    filledQty,
    avgPrice: update.avgPrice ?? order.avgPrice,
    venueOrderId: update.venueOrderId ?? order.venueOrderId,
    reason: update.reason ?? order.reason,
    updatedAt: Math.max(order.updatedAt, update.updatedAt),
  };
  const changed =
    checked.moved || checked.c > 0 || next.avgPrice !== order.avgPrice || next.venueOrderId !== order.venueOrderId;
  return { ok: true, order: next, changed };
}

type Checked = { error: TransitionError; moved?: never; c?: never } | { error?: never; moved: boolean; c: number };

/**
 * The checks of `applyOrderUpdate` without building the order (the stream merges one per report):
 * the error, or whether the state moved and how the filled quantity compares (-1, 0, 1).
 */
function checkUpdate(order: Order, to: OrderState, filledQty: string): Checked {
  const from = order.state;
  if (from !== to && !ORDER_TRANSITIONS[from].includes(to)) {
    return { error: { code: 'illegal_transition', from, to, message: `order cannot go from ${from} to ${to}` } };
  }
  let c: number;
  try {
    c = cmp(filledQty, order.filledQty);
    if (gt(filledQty, order.qty))
      return { error: { code: 'overfilled', from, to, message: `filled ${filledQty} exceeds order quantity ${order.qty}` } };
  } catch (e) {
    return { error: { code: 'bad_quantity', from, to, message: `unreadable filled quantity: ${errorMessage(e)}` } };
  }
  if (c < 0)
    return { error: { code: 'fill_went_backwards', from, to, message: `filled quantity went from ${order.filledQty} to ${filledQty}` } };
  return { moved: from !== to, c };
}

/**
 * The state a fill implies: filled when the whole quantity is done; otherwise a pending cancel
 * stays pending (the cancel is still in flight) and anything else becomes partially_filled.
 */
export function stateAfterFill(current: OrderState, filledQty: string, qty: string): OrderState {
  if (!lt(filledQty, qty)) return 'filled';
  if (isZero(filledQty)) return current;
  return current === 'pending_cancel' ? 'pending_cancel' : 'partially_filled';
}

/** Open at the venue (can still fill): new, partially filled or with a cancel in flight. */
export function isOpenOrderState(state: OrderState): boolean {
  return state === 'new' || state === 'partially_filled' || state === 'pending_cancel';
}

/**
 * A venue report (stream, snapshot, reply, query) merged into the order held: skipped when stale,
 * refused (with the state machine's reason) when the move is not allowed. The report brings the progress (state, fills, ids, reason, times) and the
 * terms (size, and price where the order has one); what the order is (symbol, side, type, flags,
 * time in force) stays as first recorded — a market order that a venue carries as an IOC limit
 * stays a market order here. `confirmed`: a venue report has dated the held order
 * (before that its time is a local estimate).
 */
export function mergeOrderReport(old: Order, report: Order, confirmed: boolean): { order: Order } | { stale: true } | { illegal: string } {
  if (isStale(old, report, confirmed)) return { stale: true };
  const checked = checkUpdate(old, report.state, report.filledQty);
  if (checked.error !== undefined) return { illegal: checked.error.message };
  // Written field by field, not as `{ ...old, … }`: an order as parsed gets its optional fields
  // after its literal, so V8 cannot clone it in one step and the spread took its slow path (~7 % of
  // private-event ingest, docs/speed.md). The same fields, in the order Order declares them; an
  // optional one is set only when it has a value, as the spread left it.
  const order: Order = {
    clientOrderId: old.clientOrderId,
    symbol: old.symbol,
    side: old.side,
    type: old.type,
    qty: report.qty,
    filledQty: report.filledQty,
    avgPrice: report.avgPrice,
    state: report.state,
    reduceOnly: old.reduceOnly,
    postOnly: old.postOnly,
    updatedAt: Math.max(old.updatedAt, report.updatedAt),
  };
  const venueOrderId = report.venueOrderId ?? old.venueOrderId;
  if (venueOrderId !== undefined) order.venueOrderId = venueOrderId;
  const timeInForce = old.timeInForce ?? report.timeInForce;
  if (timeInForce !== undefined) order.timeInForce = timeInForce;
  const price = old.price !== undefined && report.price !== undefined ? report.price : old.price;
  if (price !== undefined) order.price = price;
  // A rejection's reason stays until a report brings another; any other state's goes with it.
  const reason = report.reason ?? (report.state === 'rejected' ? old.reason : undefined);
  if (reason !== undefined) order.reason = reason;
  const createdAt = report.createdAt ?? old.createdAt;
  if (createdAt !== undefined) order.createdAt = createdAt;
  // A trigger the venue moved (or one learned only now) is the venue's to say.
  const trigger = report.trigger ?? old.trigger;
  if (trigger !== undefined) order.trigger = trigger;
  if (old.closePosition !== undefined) order.closePosition = old.closePosition;
  return { order };
}

/**
 * Field by field: an order report that changes nothing is not news. Each field named (not `a[k]`
 * over a list of keys: a load by a variable key is a slow, generic lookup, run twice per report).
 */
export function sameOrder(a: Order, b: Order): boolean {
  const t = a.trigger;
  const u = b.trigger;
  const sameTrigger = t === u || (t !== undefined && u !== undefined && t.kind === u.kind && t.price === u.price && t.by === u.by);
  return (
    sameTrigger &&
    a.venueOrderId === b.venueOrderId &&
    a.clientOrderId === b.clientOrderId &&
    a.symbol === b.symbol &&
    a.side === b.side &&
    a.type === b.type &&
    a.timeInForce === b.timeInForce &&
    a.price === b.price &&
    a.qty === b.qty &&
    a.filledQty === b.filledQty &&
    a.avgPrice === b.avgPrice &&
    a.state === b.state &&
    a.reduceOnly === b.reduceOnly &&
    a.postOnly === b.postOnly &&
    a.reason === b.reason &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt &&
    a.closePosition === b.closePosition
  );
}

/**
 * True when `next` would move `old` back: out of a terminal state; or, when it is no progress
 * (neither closing the order nor filling more), older or less filled at the same time. Progress
 * is taken whatever its stamp: an ack may be dated after the fill it acknowledges.
 */
function isStale(old: Order, next: Order, confirmed: boolean): boolean {
  const wasClosed = isTerminalOrderState(old.state);
  if (wasClosed && !isTerminalOrderState(next.state)) return true;
  if (!confirmed) return false;
  const progress = (!wasClosed && isTerminalOrderState(next.state)) || cmp(next.filledQty, old.filledQty) > 0;
  if (progress) return false;
  if (next.updatedAt < old.updatedAt) return true;
  if (next.updatedAt === old.updatedAt && cmp(next.filledQty, old.filledQty) < 0) return true;
  return false;
}
