import { describe, expect, it } from 'vitest';
import {
  mergeOrderReport,
  applyOrderUpdate,
  canTransition,
  isOpenOrderState,
  ORDER_TRANSITIONS,
  stateAfterFill,
  transition,
} from '../../src/core/order-state.js';
import type { Order, OrderState } from '../../src/core/types.js';

const STATES: OrderState[] = [
  'pending_new',
  'new',
  'partially_filled',
  'pending_cancel',
  'filled',
  'canceled',
  'rejected',
  'expired',
  'unknown',
];

// The whole table written out by hand, row = from, so a change to the machine shows up here.
const ALLOWED = new Set([
  'pending_new>new',
  'pending_new>partially_filled',
  'pending_new>filled',
  'pending_new>pending_cancel',
  'pending_new>canceled',
  'pending_new>rejected',
  'pending_new>expired',
  'pending_new>unknown',
  'unknown>new',
  'unknown>partially_filled',
  'unknown>filled',
  'unknown>pending_cancel',
  'unknown>canceled',
  'unknown>rejected',
  'unknown>expired',
  'new>partially_filled',
  'new>filled',
  'new>pending_cancel',
  'new>canceled',
  'new>expired',
  'partially_filled>filled',
  'partially_filled>pending_cancel',
  'partially_filled>canceled',
  'partially_filled>expired',
  'pending_cancel>new',
  'pending_cancel>partially_filled',
  'pending_cancel>filled',
  'pending_cancel>canceled',
  'pending_cancel>expired',
  'canceled>filled',
]);

const order = (o: Partial<Order> = {}): Order => ({
  clientOrderId: 'c1',
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'limit',
  price: '100',
  qty: '2',
  filledQty: '0',
  avgPrice: '0',
  state: 'new',
  reduceOnly: false,
  postOnly: false,
  updatedAt: 1000,
  ...o,
});

describe('order state machine', () => {
  it.each(STATES.flatMap((from) => STATES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const r = transition(from, to);
    if (from === to) {
      expect(r).toEqual({ ok: true, state: to, changed: false });
    } else if (ALLOWED.has(`${from}>${to}`)) {
      expect(r).toEqual({ ok: true, state: to, changed: true });
    } else {
      expect(r).toEqual({
        ok: false,
        error: { code: 'illegal_transition', from, to, message: `order cannot go from ${from} to ${to}` },
      });
    }
    expect(canTransition(from, to)).toBe(r.ok);
  });

  it('the exported table is exactly the hand-written one', () => {
    const listed = Object.entries(ORDER_TRANSITIONS).flatMap(([from, tos]) =>
      tos.map((to) => `${from}>${to}`),
    );
    expect(new Set(listed)).toEqual(ALLOWED);
    expect(listed.length).toBe(ALLOWED.size);
  });

  it('terminal states stay terminal (bar a late fill after a cancel)', () => {
    expect(ORDER_TRANSITIONS.filled).toEqual([]);
    expect(ORDER_TRANSITIONS.rejected).toEqual([]);
    expect(ORDER_TRANSITIONS.expired).toEqual([]);
    expect(ORDER_TRANSITIONS.canceled).toEqual(['filled']);
  });
});

describe('applyOrderUpdate', () => {
  it('filled after cancel requested', () => {
    const r = applyOrderUpdate(order({ state: 'pending_cancel' }), {
      state: 'filled',
      filledQty: '2',
      avgPrice: '99.5',
      updatedAt: 2000,
    });
    expect(r).toMatchObject({
      ok: true,
      changed: true,
      order: { state: 'filled', filledQty: '2', avgPrice: '99.5' },
    });
  });

  it('cancel rejected: back to open, with the reason kept', () => {
    const r = applyOrderUpdate(order({ state: 'pending_cancel', filledQty: '1' }), {
      state: 'partially_filled',
      reason: 'cancel rejected: unknown order sent',
      updatedAt: 2000,
    });
    expect(r).toMatchObject({
      ok: true,
      order: { state: 'partially_filled', reason: 'cancel rejected: unknown order sent' },
    });
  });

  it('unknown resolved by query, picking up the venue id', () => {
    const r = applyOrderUpdate(order({ state: 'unknown' }), {
      state: 'new',
      venueOrderId: '8841',
      updatedAt: 2000,
    });
    expect(r).toMatchObject({ ok: true, changed: true, order: { state: 'new', venueOrderId: '8841' } });
  });

  it('a duplicate report changes nothing; an older timestamp never moves updatedAt back', () => {
    const o = order({ state: 'partially_filled', filledQty: '1', avgPrice: '100', updatedAt: 5000 });
    const r = applyOrderUpdate(o, { state: 'partially_filled', filledQty: '1.0', updatedAt: 4000 });
    expect(r).toMatchObject({ ok: true, changed: false, order: { updatedAt: 5000 } });
    expect(o.updatedAt).toBe(5000);
  });

  it('illegal moves, fills going backwards or past the quantity are error values', () => {
    expect(
      applyOrderUpdate(order({ state: 'filled', filledQty: '2' }), { state: 'new', updatedAt: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'illegal_transition', from: 'filled', to: 'new' },
    });
    expect(
      applyOrderUpdate(order({ state: 'partially_filled', filledQty: '1.5' }), {
        state: 'partially_filled',
        filledQty: '1',
        updatedAt: 1,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'fill_went_backwards', message: 'filled quantity went from 1.5 to 1' },
    });
    expect(applyOrderUpdate(order(), { state: 'filled', filledQty: '2.5', updatedAt: 1 })).toMatchObject({
      ok: false,
      error: { code: 'overfilled' },
    });
    expect(applyOrderUpdate(order(), { state: 'filled', filledQty: 'NaN', updatedAt: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad_quantity' },
    });
  });
});

describe('helpers', () => {
  it('stateAfterFill', () => {
    expect(stateAfterFill('new', '2', '2')).toBe('filled');
    expect(stateAfterFill('new', '1', '2')).toBe('partially_filled');
    expect(stateAfterFill('pending_cancel', '1', '2')).toBe('pending_cancel');
    expect(stateAfterFill('pending_new', '0', '2')).toBe('pending_new');
    expect(stateAfterFill('pending_new', '0.5', '2')).toBe('partially_filled');
  });

  it('isOpenOrderState', () => {
    expect(STATES.filter(isOpenOrderState)).toEqual(['new', 'partially_filled', 'pending_cancel']);
  });
});

describe('mergeOrderReport: one rule for every venue report about a held order', () => {
  const held: Order = {
    clientOrderId: 'qd-9', venueOrderId: 'v9', symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '2', filledQty: '0',
    avgPrice: '0', state: 'new', reduceOnly: false, postOnly: false, updatedAt: 100,
  };
  const report = (o: Partial<Order>): Order => ({ ...held, ...o });

  it('takes progress whatever its stamp, keeps what the order is, and drops an old reason', () => {
    const r = mergeOrderReport({ ...held, reason: 'x' }, report({ state: 'filled', filledQty: '2', type: 'limit', price: '101', updatedAt: 90 }), true);
    expect(r).toEqual({ order: { ...held, state: 'filled', filledQty: '2', updatedAt: 100 } });
  });

  it('skips what is no progress and older, or less filled at the same time, or reopens a closed order', () => {
    expect(mergeOrderReport({ ...held, state: 'pending_cancel' }, report({ updatedAt: 99 }), true)).toEqual({ stale: true });
    expect(mergeOrderReport({ ...held, state: 'partially_filled', filledQty: '1' }, report({ state: 'partially_filled', filledQty: '0.5' }), true)).toEqual({ stale: true });
    expect(mergeOrderReport({ ...held, state: 'filled', filledQty: '2' }, report({ updatedAt: 500 }), true)).toEqual({ stale: true });
  });

  it('a local stamp (nothing confirmed yet) dates nothing; the state machine still rules', () => {
    expect(mergeOrderReport({ ...held, state: 'pending_new' }, report({ updatedAt: 5 }), false)).toMatchObject({ order: { state: 'new', updatedAt: 100 } });
    expect(mergeOrderReport({ ...held, state: 'filled', filledQty: '2' }, report({ state: 'canceled', filledQty: '2', updatedAt: 200 }), true)).toEqual({
      illegal: 'order cannot go from filled to canceled',
    });
    expect(mergeOrderReport(held, report({ state: 'partially_filled', filledQty: '0.5', price: '99', updatedAt: 101 }), true)).toMatchObject({
      order: { state: 'partially_filled', filledQty: '0.5', updatedAt: 101 },
    });
  });
});
