/**
 * Order state machine: one explicit table of allowed transitions. Venue reports arrive late, out
 * of order and twice (WebSocket and REST disagree for a moment), so the table includes the real
 * races rather than the textbook path:
 *   - pending_cancel → filled: the order filled while our cancel was in flight;
 *   - pending_cancel → new | partially_filled: the cancel was rejected, the order is still open;
 *   - partially_filled → canceled: the rest was canceled;
 *   - canceled → filled: a fill report arrives after we took the order as canceled (e.g. it
 *     vanished from an open-orders snapshot while its last fill was still on the way);
 *   - unknown → any open or terminal state: an ambiguous send resolved by query;
 *   - pending_new | unknown → pending_cancel: cancel by client id before the venue answered;
 *   - pending_new → partially_filled | filled: the fill event beat the acknowledgement.
 * A repeated report of the current state is accepted and changes nothing. Anything else is an
 * error VALUE (not a throw): the engine logs it, shows it and keeps going (invariant 8).
 */
import { cmp, gt, isZero, lt } from './decimal.js';
import type { Order, OrderState } from './types.js';

const OPEN: OrderState[] = ['new', 'partially_filled'];

/** Every allowed move, by current state. Self-moves are handled separately (always no-ops). */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  pending_new: [
    'new',
    'partially_filled',
    'filled',
    'pending_cancel',
    'canceled',
    'rejected',
    'expired',
    'unknown',
  ],
  unknown: ['new', 'partially_filled', 'filled', 'pending_cancel', 'canceled', 'rejected', 'expired'],
  new: ['partially_filled', 'filled', 'pending_cancel', 'canceled', 'expired'],
  partially_filled: ['filled', 'pending_cancel', 'canceled', 'expired'],
  pending_cancel: [...OPEN, 'filled', 'canceled', 'expired'],
  filled: [],
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
  const from = order.state;
  const to = update.state;
  const moved = transition(from, to);
  if (!moved.ok) return moved;
  const fail = (code: TransitionError['code'], message: string): UpdateResult => ({
    ok: false,
    error: { code, from, to, message },
  });
  const filledQty = update.filledQty ?? order.filledQty;
  let c: number;
  try {
    c = cmp(filledQty, order.filledQty);
    if (gt(filledQty, order.qty))
      return fail('overfilled', `filled ${filledQty} exceeds order quantity ${order.qty}`);
  } catch (e) {
    return fail('bad_quantity', `unreadable filled quantity: ${(e as Error).message}`);
  }
  if (c < 0)
    return fail('fill_went_backwards', `filled quantity went from ${order.filledQty} to ${filledQty}`);
  const next: Order = {
    ...order,
    state: to,
    filledQty,
    avgPrice: update.avgPrice ?? order.avgPrice,
    venueOrderId: update.venueOrderId ?? order.venueOrderId,
    reason: update.reason ?? order.reason,
    updatedAt: Math.max(order.updatedAt, update.updatedAt),
  };
  const changed =
    moved.changed || c > 0 || next.avgPrice !== order.avgPrice || next.venueOrderId !== order.venueOrderId;
  return { ok: true, order: next, changed };
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
