import { describe, expect, it } from 'vitest';
import {
  advanceWatermark,
  classifyClosed,
  type Correction,
  diffSnapshot,
  fillKey,
  isAfterWatermark,
  type LocalState,
  summarize,
  type VenueSnapshot,
} from '../../src/core/reconcile.js';
import type { Balance, Fill, Order, Position } from '../../src/core/types.js';

const order = (id: string, o: Partial<Order> = {}): Order => ({
  clientOrderId: id,
  venueOrderId: `v-${id}`,
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
  updatedAt: 1,
  ...o,
});
const fill = (tradeId: string, o: Partial<Fill> = {}): Fill => ({
  tradeId,
  venueOrderId: 'v-a',
  clientOrderId: 'a',
  symbol: 'BTCUSDT',
  side: 'buy',
  price: '100',
  qty: '0.5',
  fee: '0.01',
  feeAsset: 'USDT',
  time: 1000,
  maker: true,
  ...o,
});
const pos = (symbol: string, qty: string): Position => ({
  symbol,
  qty,
  entryPrice: '100',
  markPrice: '101',
  unrealizedPnl: '0',
  updatedAt: 1,
});
const bal = (asset: string, wallet: string, available = wallet): Balance => ({
  asset,
  wallet,
  available,
  updatedAt: 1,
});
/** The local side's fill lookup over the fills it holds. */
const holding = (...fills: Fill[]): LocalState['hasFill'] => {
  const keys = new Set(fills.map(fillKey));
  return (f) => keys.has(fillKey(f));
};
const empty: LocalState = { orders: [], hasFill: holding(), positions: [] };
const none: VenueSnapshot = { openOrders: [], fills: [], positions: [] };
const kinds = (cs: Correction[]) => cs.map((c) => c.kind);

describe('reconcile', () => {
  it('nothing to do when both sides agree (decimal forms may differ)', () => {
    const local: LocalState = {
      orders: [
        order('a', { filledQty: '0.5', state: 'partially_filled' }),
        order('x', { state: 'canceled' }),
      ],
      hasFill: holding(fill('1')),
      positions: [pos('BTCUSDT', '0.50')],
      balances: [bal('USDT', '1000')],
    };
    const venue: VenueSnapshot = {
      openOrders: [order('a', { filledQty: '0.500', state: 'partially_filled', price: '100.0' })],
      fills: [fill('1')],
      positions: [pos('BTCUSDT', '0.5'), pos('ETHUSDT', '0')],
      balances: [bal('USDT', '1000.00')],
    };
    expect(diffSnapshot(local, venue)).toEqual([]);
  });

  it('recovers fills missed while disconnected, deduped by symbol + trade id', () => {
    const local: LocalState = { ...empty, hasFill: holding(fill('1')), positions: [pos('BTCUSDT', '0.5')] };
    const venue: VenueSnapshot = {
      ...none,
      fills: [
        fill('1'),
        fill('2'),
        fill('3', { qty: '0.25' }),
        fill('3', { symbol: 'ETHUSDT', side: 'sell', qty: '1' }),
      ],
      positions: [pos('BTCUSDT', '1.25'), pos('ETHUSDT', '-1')],
    };
    const cs = diffSnapshot(local, venue);
    expect(kinds(cs)).toEqual([
      'missing_fill',
      'missing_fill',
      'missing_fill',
      'position_mismatch',
      'position_mismatch',
    ]);
    expect(cs[0]!.reason).toBe('recovered fill 2: BTCUSDT buy 0.5 @ 100');
    expect(cs.filter((c) => c.kind === 'position_mismatch').map((c) => c.reason)).toEqual([
      'BTCUSDT position is 1.25 at the venue, 0.5 here, explained by the recovered fills',
      'ETHUSDT position is -1 at the venue, 0 here, explained by the recovered fills',
    ]);
    expect(summarize(cs)[0]).toBe('recovered 3 fills missed while disconnected');
  });

  it('a position the fills do not explain is reported, never patched', () => {
    const cs = diffSnapshot({ ...empty, positions: [pos('BTCUSDT', '1')] }, { ...none, positions: [] });
    expect(cs).toEqual([
      {
        kind: 'position_mismatch',
        symbol: 'BTCUSDT',
        localQty: '1',
        venueQty: '0',
        explainedByFills: false,
        venue: undefined,
        reason: 'BTCUSDT position is 0 at the venue, 1 here, -1 unexplained',
      },
    ]);
  });

  it('a position the recovered fills explain only in part is a mismatch, naming the part left unexplained', () => {
    const cs = diffSnapshot(
      { ...empty, positions: [pos('BTCUSDT', '0.5')] },
      { ...none, fills: [fill('2')], positions: [pos('BTCUSDT', '1.25')] },
    );
    expect(kinds(cs)).toEqual(['missing_fill', 'position_mismatch']);
    expect(cs[1]).toMatchObject({ explainedByFills: false, localQty: '0.5', venueQty: '1.25' });
    expect(cs[1]!.reason).toBe('BTCUSDT position is 1.25 at the venue, 0.5 here, 0.25 unexplained');
  });

  it('an open order whose size alone changed at the venue is a change', () => {
    const cs = diffSnapshot({ ...empty, orders: [order('a')] }, { ...none, openOrders: [order('a', { qty: '3' })] });
    expect(kinds(cs)).toEqual(['order_changed']);
    expect(cs[0]!.reason).toBe('order a (BTCUSDT buy 2 @ 100) changed while away: qty 2 → 3');
  });

  it('orders closed while away: flagged for a query, then classified by the final state the query gave', () => {
    const local: LocalState = {
      ...empty,
      orders: [
        order('a'),
        order('b', { state: 'partially_filled', filledQty: '1' }),
        order('c', { state: 'pending_new', venueOrderId: undefined }),
      ],
    };
    const venue: VenueSnapshot = { ...none, fills: [fill('9', { clientOrderId: 'b', qty: '1' })] };
    const cs = diffSnapshot(local, venue);
    expect(kinds(cs)).toEqual(['missing_fill', 'order_missing', 'order_missing', 'order_missing']);
    expect(cs.slice(1, 4).map((c) => c.reason)).toEqual([
      'order a (BTCUSDT buy 2 @ 100) is no longer open at the venue: query its final state',
      'order b (BTCUSDT buy 2 @ 100) is no longer open at the venue (1 filled meanwhile): query its final state',
      'order c (BTCUSDT buy 2 @ 100) was never confirmed and is not open at the venue: query its final state',
    ]);
    // Only a's query answered: a is closed; b and c stay flagged for the next pass.
    const asked = cs.flatMap((c) => (c.kind === 'order_missing' ? [c.local] : []));
    const closed = classifyClosed(asked, [order('a', { state: 'filled', filledQty: '2' })]);
    expect(kinds(closed)).toEqual(['order_closed']);
    expect(closed[0]).toMatchObject({ local: asked[0], venue: { clientOrderId: 'a', state: 'filled' } });
    expect(closed[0]!.reason).toBe('order a (BTCUSDT buy 2 @ 100) filled while away');
    expect(classifyClosed(asked, [])).toEqual([]);
  });

  it('unknown external orders, and open orders that changed while away', () => {
    const local: LocalState = {
      ...empty,
      orders: [
        order('a'),
        order('b', { state: 'pending_cancel' }),
        order('c', { state: 'unknown', venueOrderId: undefined }),
        order('d', { clientOrderId: 'd-local', venueOrderId: 'v-d' }), // matched by venue id
        order('e', { state: 'canceled' }),
      ],
    };
    const venue: VenueSnapshot = {
      ...none,
      openOrders: [
        order('a', { state: 'partially_filled', filledQty: '0.5', price: '101' }),
        order('b'), // cancel still in flight: not a change
        order('c'),
        order('d-venue', { venueOrderId: 'v-d' }),
        order('e'),
        order('web_1', { symbol: 'ETHUSDT', type: 'market', price: undefined, side: 'sell' }),
      ],
    };
    const cs = diffSnapshot(local, venue);
    expect(cs.map((c) => c.reason)).toEqual([
      'unknown external order web_1 (ETHUSDT sell 2) is open at the venue',
      'order a (BTCUSDT buy 2 @ 100) changed while away: state new → partially_filled, filled 0 → 0.5, price 100 → 101',
      'order c (BTCUSDT buy 2 @ 100) confirmed new at the venue',
      'order e (BTCUSDT buy 2 @ 100) is open at the venue although canceled here',
    ]);
  });

  it('balances: changed, new and gone', () => {
    const cs = diffSnapshot(
      { ...empty, balances: [bal('USDT', '1000'), bal('BNB', '1')] },
      { ...none, balances: [bal('USDT', '1012.5', '900'), bal('BTC', '0.1')] },
    );
    expect(cs.map((c) => c.reason)).toEqual([
      'USDT balance changed: wallet 1000 → 1012.5, available 1000 → 900',
      'BTC balance changed: new asset',
      'BNB balance is gone at the venue',
    ]);
    expect(kinds(cs)).toEqual(['balance_changed', 'balance_changed', 'balance_changed']);
    expect(summarize(cs)).toEqual(['3 balances changed']);
    expect(summarize(cs.slice(0, 1))).toEqual(['1 balance changed']);
    expect(diffSnapshot({ ...empty, balances: [bal('USDT', '1')] }, none)).toEqual([]); // venue sent none
  });

  it('an order not confirmed here (pending_new or unknown) is confirmed by the venue, or flagged when absent', () => {
    const local: LocalState = {
      ...empty,
      orders: [order('p', { state: 'pending_new' }), order('u', { state: 'unknown', venueOrderId: undefined })],
    };
    const confirmed = diffSnapshot(local, { ...none, openOrders: [order('p'), order('u')] });
    expect(confirmed.map((c) => c.reason)).toEqual([
      'order p (BTCUSDT buy 2 @ 100) confirmed new at the venue',
      'order u (BTCUSDT buy 2 @ 100) confirmed new at the venue',
    ]);
    const absent = diffSnapshot(local, none);
    expect(absent.map((c) => c.reason)).toEqual([
      'order p (BTCUSDT buy 2 @ 100) was never confirmed and is not open at the venue: query its final state',
      'order u (BTCUSDT buy 2 @ 100) was never confirmed and is not open at the venue: query its final state',
    ]);
  });

  it('a price only one side knows is no change, and a price is shown for limit orders only', () => {
    const local: LocalState = {
      ...empty,
      orders: [order('a'), order('b', { price: undefined }), order('m', { type: 'market', price: undefined })],
    };
    const venue: VenueSnapshot = {
      ...none,
      openOrders: [
        order('a', { price: undefined }), // a venue view without the price
        order('b'),
        order('m', { type: 'market', price: '101' }), // a reference price some venues echo
      ],
    };
    expect(diffSnapshot(local, venue)).toEqual([]);
    const external = diffSnapshot(empty, {
      ...none,
      openOrders: [order('m', { type: 'market', price: '101' }), order('b', { price: undefined })],
    });
    expect(external.map((c) => c.reason)).toEqual([
      'unknown external order m (BTCUSDT buy 2) is open at the venue',
      'unknown external order b (BTCUSDT buy 2) is open at the venue',
    ]);
  });

  it('summarize lists up to maxListed of a kind one by one, and counts every kind beyond it', () => {
    const three = diffSnapshot(empty, { ...none, openOrders: ['x', 'y', 'z'].map((id) => order(id)) });
    expect(summarize(three)).toEqual(three.map((c) => c.reason));
    const ids = ['a', 'b', 'c', 'd'];
    const missing = diffSnapshot({ ...empty, orders: ids.map((id) => order(id)) }, none);
    const changed = diffSnapshot(
      { ...empty, orders: ids.map((id) => order(id)) },
      { ...none, openOrders: ids.map((id) => order(id, { qty: '3' })) },
    );
    const closed = classifyClosed(
      ids.map((id) => order(id)),
      ids.map((id) => order(id, { state: 'canceled' })),
    );
    const positions = diffSnapshot({ ...empty, positions: [pos('BTCUSDT', '1')] }, none);
    expect(summarize([...closed, ...missing, ...changed, ...positions])).toEqual([
      '4 orders closed while away',
      '4 orders no longer open, final state to query',
      '4 orders changed while away',
      'BTCUSDT position is 0 at the venue, 1 here, -1 unexplained',
    ]);
  });

  it('summarize collapses long lists', () => {
    const venue: VenueSnapshot = { ...none, openOrders: Array.from({ length: 5 }, (_, i) => order(`x${i}`)) };
    const cs = diffSnapshot(empty, venue);
    expect(summarize(cs)).toEqual(['5 unknown external orders open at the venue']);
    expect(summarize(cs, 10)).toHaveLength(5);
    expect(summarize([])).toEqual([]);
    const one = diffSnapshot(empty, { ...none, fills: [fill('1')], balances: [] });
    expect(summarize(one)).toEqual(['recovered 1 fill missed while disconnected']);
  });
});

describe('fill watermark', () => {
  it('tracks the newest time and the fills at that time', () => {
    expect(advanceWatermark(undefined, [])).toBeUndefined();
    const m1 = advanceWatermark(undefined, [
      fill('1', { time: 5 }),
      fill('2', { time: 7 }),
      fill('3', { time: 7 }),
    ]);
    expect(m1).toEqual({ time: 7, keysAtTime: [fillKey(fill('2')), fillKey(fill('3'))] });
    const m2 = advanceWatermark(m1, [fill('0', { time: 3 }), fill('3', { time: 7 }), fill('4', { time: 7 })]);
    expect(m2!.keysAtTime).toHaveLength(3);
    expect(advanceWatermark(m2, [fill('5', { time: 9 })])).toEqual({
      time: 9,
      keysAtTime: [fillKey(fill('5'))],
    });
  });

  it('says which fills a "since" query returned that are new', () => {
    const m = advanceWatermark(undefined, [fill('2', { time: 7 })]);
    expect(isAfterWatermark(m, fill('2', { time: 7 }))).toBe(false);
    expect(isAfterWatermark(m, fill('3', { time: 7 }))).toBe(true);
    expect(isAfterWatermark(m, fill('2', { time: 7, symbol: 'ETHUSDT' }))).toBe(true);
    expect(isAfterWatermark(m, fill('1', { time: 6 }))).toBe(false);
    expect(isAfterWatermark(m, fill('9', { time: 8 }))).toBe(true);
    expect(isAfterWatermark(undefined, fill('1'))).toBe(true);
  });
});
