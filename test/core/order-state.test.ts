import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mergeOrderReport,
  applyOrderUpdate,
  canTransition,
  isOpenOrderState,
  ORDER_TRANSITIONS,
  sameOrder,
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
  'triggered',
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
  'pending_new>triggered',
  'unknown>new',
  'unknown>partially_filled',
  'unknown>filled',
  'unknown>pending_cancel',
  'unknown>canceled',
  'unknown>rejected',
  'unknown>expired',
  'unknown>triggered',
  'new>partially_filled',
  'new>filled',
  'new>pending_cancel',
  'new>canceled',
  'new>rejected',
  'new>expired',
  'new>triggered',
  'partially_filled>filled',
  'partially_filled>pending_cancel',
  'partially_filled>canceled',
  'partially_filled>expired',
  'pending_cancel>new',
  'pending_cancel>partially_filled',
  'pending_cancel>filled',
  'pending_cancel>canceled',
  'pending_cancel>rejected',
  'pending_cancel>expired',
  'pending_cancel>triggered',
  'canceled>filled',
  'triggered>rejected',
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

  it('terminal states stay terminal (bar a late fill after a cancel, a refusal after a firing)', () => {
    expect(ORDER_TRANSITIONS.filled).toEqual([]);
    expect(ORDER_TRANSITIONS.triggered).toEqual(['rejected']);
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

  it('a stop the venue took, then refused when it fired, ends rejected with the venue\'s words', () => {
    const r = applyOrderUpdate(order({ state: 'new', type: 'market', reduceOnly: true }), {
      state: 'rejected',
      reason: 'ReduceOnly Order is rejected.',
      updatedAt: 2000,
    });
    expect(r).toMatchObject({ ok: true, changed: true, order: { state: 'rejected', reason: 'ReduceOnly Order is rejected.' } });
  });

  it('a cancel of an order the venue has ended takes the venue\'s end: rejected (a stop refused when it fired) or expired', () => {
    for (const end of ['rejected', 'expired'] as const) {
      const r = applyOrderUpdate(order({ state: 'pending_cancel', type: 'market', reduceOnly: true }), {
        state: end,
        reason: 'ReduceOnly Order is rejected.',
        updatedAt: 2000,
      });
      expect(r).toMatchObject({ ok: true, changed: true, order: { state: end, reason: 'ReduceOnly Order is rejected.' } });
    }
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

describe('applyOrderUpdate: what counts as a change, and its refusals in words', () => {
  const live = order({ state: 'partially_filled', filledQty: '1', avgPrice: '100', venueOrderId: 'v1' });

  it('the same report again is no change; more filled, a new average price or a venue id is', () => {
    const same = applyOrderUpdate(live, { state: 'partially_filled', filledQty: '1', updatedAt: 1001 });
    expect(same).toMatchObject({ ok: true, changed: false });
    expect(applyOrderUpdate(live, { state: 'partially_filled', filledQty: '1.5', updatedAt: 1001 })).toMatchObject({ changed: true });
    expect(applyOrderUpdate(live, { state: 'partially_filled', avgPrice: '100.5', updatedAt: 1001 })).toMatchObject({ changed: true });
    expect(applyOrderUpdate(live, { state: 'partially_filled', venueOrderId: 'v2', updatedAt: 1001 })).toMatchObject({ changed: true });
    expect(applyOrderUpdate(live, { state: 'pending_cancel', updatedAt: 1001 })).toMatchObject({ changed: true });
  });

  it('says what was wrong with the filled quantity', () => {
    expect(applyOrderUpdate(live, { state: 'partially_filled', filledQty: '3', updatedAt: 1001 })).toMatchObject({
      ok: false,
      error: { code: 'overfilled', message: 'filled 3 exceeds order quantity 2' },
    });
    const bad = applyOrderUpdate(live, { state: 'partially_filled', filledQty: 'lots', updatedAt: 1001 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_quantity' } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/^unreadable filled quantity: ./);
  });
});

describe('mergeOrderReport: which fields a report brings', () => {
  const held: Order = order({ venueOrderId: 'v9', createdAt: 50, timeInForce: 'gtc', reason: 'old', updatedAt: 100 });

  it('keeps the venue id and creation time when the report lacks them, takes them when it has them', () => {
    const bare = { ...held, updatedAt: 101 };
    delete bare.venueOrderId;
    delete bare.createdAt;
    const kept = mergeOrderReport(held, bare, true);
    expect(kept).toMatchObject({ order: { venueOrderId: 'v9', createdAt: 50 } });
    expect(mergeOrderReport(held, { ...held, venueOrderId: 'v10', createdAt: 60, updatedAt: 101 }, true)).toMatchObject({
      order: { venueOrderId: 'v10', createdAt: 60 },
    });
  });

  it('takes a new price only for an order that has one, and a time in force only where none was recorded', () => {
    const market = order({ type: 'market', price: undefined, updatedAt: 100 });
    delete market.price;
    delete market.timeInForce;
    const r = mergeOrderReport(market, { ...market, price: '101', timeInForce: 'ioc', updatedAt: 101 }, true) as { order: Order };
    expect('price' in r.order).toBe(false);
    expect(r.order.timeInForce).toBe('ioc');
    const limit = mergeOrderReport(held, { ...held, price: '99', timeInForce: 'ioc', updatedAt: 101 }, true) as { order: Order };
    expect(limit.order.price).toBe('99');
    expect(limit.order.timeInForce).toBe('gtc');
    const noTif = mergeOrderReport(market, { ...market, updatedAt: 101 }, true) as { order: Order };
    expect('timeInForce' in noTif.order).toBe(false);
  });

  it('takes the report’s reason, and drops an old one unless the order was rejected', () => {
    const withReason = mergeOrderReport(held, { ...held, reason: 'new words', updatedAt: 101 }, true) as { order: Order };
    expect(withReason.order.reason).toBe('new words');
    const plain = { ...held, updatedAt: 101 };
    delete plain.reason;
    expect('reason' in (mergeOrderReport(held, plain, true) as { order: Order }).order).toBe(false);
    const rejected = order({ state: 'rejected', reason: 'margin', updatedAt: 100 });
    const again = { ...rejected, updatedAt: 101 };
    delete again.reason;
    expect((mergeOrderReport(rejected, again, true) as { order: Order }).order.reason).toBe('margin');
  });

  it('a report at the same time is news only if no less filled; a closing or filling report is taken even if older', () => {
    const part = order({ state: 'partially_filled', filledQty: '1', updatedAt: 100 });
    expect(mergeOrderReport(part, { ...part, avgPrice: '100.1' }, true)).toMatchObject({ order: { avgPrice: '100.1' } });
    expect(mergeOrderReport(part, { ...part, updatedAt: 100, avgPrice: '100.2' }, true)).not.toEqual({ stale: true });
    expect(mergeOrderReport(part, { ...part, updatedAt: 101, filledQty: '1' }, true)).not.toEqual({ stale: true });
    expect(mergeOrderReport(part, { ...part, filledQty: '1.5', updatedAt: 50 }, true)).toMatchObject({ order: { filledQty: '1.5' } });
    expect(mergeOrderReport(part, { ...part, state: 'canceled', updatedAt: 50 }, true)).toMatchObject({ order: { state: 'canceled' } });
    // Newer but less filled is no staleness: the fill went backwards, and that is refused by name.
    expect(mergeOrderReport(part, { ...part, filledQty: '0.5', updatedAt: 101 }, true)).toEqual({
      illegal: 'filled quantity went from 1 to 0.5',
    });
    // A report without a price leaves the limit price as it was.
    const noPrice = { ...part, updatedAt: 101 };
    delete noPrice.price;
    expect((mergeOrderReport(part, noPrice, true) as { order: Order }).order.price).toBe('100');
    // Closed and then the same close again, older: no progress, skipped.
    const closed = order({ state: 'canceled', filledQty: '1', updatedAt: 100 });
    expect(mergeOrderReport(closed, { ...closed, updatedAt: 50 }, true)).toEqual({ stale: true });
  });
});

describe('mergeOrderReport: the merged order, as its definition gives it', () => {
  // The definition the merge is written out from (one spread of the held order, then the report's
  // fields): the merge builds the order field by field for speed, and must give the same fields.
  const byDefinition = (old: Order, report: Order): Order => {
    const o: Order = { ...old, state: report.state, filledQty: report.filledQty, avgPrice: report.avgPrice, qty: report.qty, updatedAt: Math.max(old.updatedAt, report.updatedAt) };
    if (report.venueOrderId !== undefined) o.venueOrderId = report.venueOrderId;
    if (report.createdAt !== undefined) o.createdAt = report.createdAt;
    if (old.price !== undefined && report.price !== undefined) o.price = report.price;
    if (old.timeInForce === undefined && report.timeInForce !== undefined) o.timeInForce = report.timeInForce;
    if (report.trigger !== undefined) o.trigger = report.trigger;
    if (report.reason !== undefined) o.reason = report.reason;
    else if (o.state !== 'rejected') delete o.reason;
    return o;
  };
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const anOrder = fc
    .record({
      venueOrderId: opt(fc.constantFrom('v1', 'v2')),
      side: fc.constantFrom<Order['side']>('buy', 'sell'),
      type: fc.constantFrom<Order['type']>('limit', 'market'),
      reduceOnly: fc.boolean(),
      postOnly: fc.boolean(),
      timeInForce: opt(fc.constantFrom<NonNullable<Order['timeInForce']>>('gtc', 'ioc')),
      price: opt(fc.constantFrom('100', '101.5')),
      qty: fc.constantFrom('2', '3'),
      filledQty: fc.constantFrom('0', '1', '2'),
      avgPrice: fc.constantFrom('0', '100.25'),
      state: fc.constantFrom(...STATES),
      reason: opt(fc.constantFrom('margin', 'post-only')),
      createdAt: opt(fc.integer({ min: 1, max: 5 })),
      updatedAt: fc.integer({ min: 1, max: 5 }),
      trigger: opt(fc.record({ kind: fc.constantFrom<'stop' | 'take_profit'>('stop', 'take_profit'), price: fc.constantFrom('90', '110'), by: fc.constantFrom<'mark' | 'last'>('mark', 'last') })),
      closePosition: opt(fc.boolean()),
    })
    .map((f) => {
      // Optional fields absent, not present as undefined (as the parsers build them).
      const o: Order = order({});
      for (const [k, v] of Object.entries(f)) {
        if (v === undefined) delete (o as unknown as Record<string, unknown>)[k];
        else (o as unknown as Record<string, unknown>)[k] = v;
      }
      return o;
    });

  it('holds every field the definition holds, and no other, over random orders and reports', () => {
    let merged = 0;
    fc.assert(
      fc.property(anOrder, anOrder, fc.boolean(), (old, report, confirmed) => {
        const r = mergeOrderReport(old, report, confirmed);
        if (!('order' in r)) return;
        merged++;
        expect(r.order).toStrictEqual(byDefinition(old, report));
      }),
      { numRuns: 2000 },
    );
    expect(merged).toBeGreaterThan(100);
  });
});

describe('sameOrder', () => {
  it('is field by field: any one field differing is news', () => {
    const a = order({ venueOrderId: 'v1', reason: 'r', createdAt: 1 });
    expect(sameOrder(a, { ...a })).toBe(true);
    for (const [k, v] of Object.entries({ venueOrderId: 'v2', state: 'filled', filledQty: '1', price: '101', reason: 'x', updatedAt: 2 })) {
      expect(sameOrder(a, { ...a, [k]: v }), k).toBe(false);
    }
    // Every field of an order, each changed alone (a field left out of the comparison fails here).
    const full: Required<Order> = {
      venueOrderId: 'v1', clientOrderId: 'c1', symbol: 'BTCUSDT', side: 'buy', type: 'limit', timeInForce: 'gtc',
      price: '100', qty: '2', filledQty: '1', avgPrice: '100', state: 'partially_filled', reduceOnly: false, postOnly: false,
      reason: 'r', createdAt: 1, updatedAt: 2, trigger: { kind: 'stop', price: '90', by: 'mark' }, closePosition: false,
    };
    const other: { [K in keyof Order]-?: unknown } = {
      venueOrderId: 'v2', clientOrderId: 'c2', symbol: 'ETHUSDT', side: 'sell', type: 'market', timeInForce: 'ioc',
      price: '101', qty: '3', filledQty: '2', avgPrice: '101', state: 'filled', reduceOnly: true, postOnly: true,
      reason: 's', createdAt: 3, updatedAt: 4, trigger: { kind: 'stop', price: '91', by: 'mark' }, closePosition: true,
    };
    expect(sameOrder(full, { ...full })).toBe(true);
    for (const k of Object.keys(other) as (keyof Order)[]) {
      expect(sameOrder(full, { ...full, [k]: other[k] }), k).toBe(false);
      const without: Partial<Order> = { ...full };
      delete without[k];
      expect(sameOrder(full, without as Order), `${k} absent`).toBe(false);
    }
  });
});
