// Snapshot + reconcile against an in-memory venue picture (the REST transport is covered elsewhere):
// corrections applied AND recorded, monotonic merges, fills paged from the watermark.
import { describe, expect, it } from 'vitest';
import { AccountState } from '../../src/engine/account.js';
import { Resyncer } from '../../src/engine/resync.js';
import type { Balance, Fill, Order, Position } from '../../src/core/types.js';
import type { EngineEvent, ReconcileEvent } from '../../src/engine/events.js';
import type { FillsQuery, OrderRef, RequestPlan, RestAdapter } from '../../src/venues/venue.js';
import { fill, order } from './stream-helpers.js';

/** The venue's state, answered through plans of a stand-in adapter. */
class Venue {
  orders: Order[] = [];
  closed = new Map<string, Order>();
  positions: Position[] = [];
  balances: Balance[] = [{ asset: 'USDT', wallet: '1000', available: '1000', updatedAt: 1 }];
  fills: Fill[] = [];
  queries: FillsQuery[] = [];
  failNext = false;
  snapshots = 0;
  /** Resolves each open-orders request only when released (to hold a pass mid-flight). */
  gate: Promise<void> | undefined;

  adapter = {
    openOrders: () => ({ name: 'openOrders' }),
    positions: () => ({ name: 'positions' }),
    balances: () => ({ name: 'balances' }),
    fills: (q: FillsQuery) => ({ name: 'fills', q }),
    queryOrder: (r: OrderRef) => ({ name: 'queryOrder', r }),
  } as unknown as RestAdapter;

  rest = async <T>(plan: RequestPlan<T>): Promise<T> => {
    const p = plan as unknown as { name: string; q?: FillsQuery; r?: OrderRef };
    if (this.failNext) {
      this.failNext = false;
      throw new Error('HTTP 502 bad gateway');
    }
    switch (p.name) {
      case 'openOrders': {
        this.snapshots++;
        const copy = structuredClone(this.orders);
        await this.gate;
        return copy as T;
      }
      case 'positions':
        return structuredClone(this.positions) as T;
      case 'balances':
        return structuredClone(this.balances) as T;
      case 'fills': {
        const q = p.q!;
        this.queries.push(q);
        const mine = this.fills.filter((f) => f.symbol === q.symbol);
        const from = q.fromTradeId === undefined ? mine.filter((f) => f.time >= (q.startTime ?? 0)) : mine.filter((f) => Number(f.tradeId) >= Number(q.fromTradeId));
        // Like Binance userTrades: no client order id in REST fills.
        return from.slice(0, q.limit ?? 500).map(({ clientOrderId: _c, ...f }) => f) as T;
      }
      case 'queryOrder': {
        const found = this.closed.get(p.r!.clientOrderId!) ?? this.orders.find((o) => o.clientOrderId === p.r!.clientOrderId);
        if (!found) throw Object.assign(new Error('Order does not exist.'), { code: '-2013' });
        return structuredClone(found) as T;
      }
    }
    throw new Error(`unexpected plan ${p.name}`);
  };
}

function setup(opts: { pageSize?: number; now?: number } = {}) {
  const venue = new Venue();
  const events: EngineEvent[] = [];
  const sink = { push: (e: EngineEvent) => events.push(e) };
  const account = new AccountState({ sink });
  const resync = new Resyncer({
    adapter: venue.adapter,
    rest: venue.rest,
    account,
    sink,
    symbols: ['BTCUSDT'],
    venueNow: () => opts.now ?? 1_000,
    fillLookbackMs: 1_000,
    fillPageSize: opts.pageSize ?? 500,
    periodMs: 0,
  });
  const reconciles = () => events.filter((e): e is ReconcileEvent => e.type === 'reconcile');
  return { venue, events, account, resync, reconciles };
}

describe('resync and reconcile', () => {
  it('loads the picture at startup without calling it a correction', async () => {
    const { venue, account, resync, reconciles, events } = setup();
    venue.orders = [order({ clientOrderId: 'old-1' })];
    venue.positions = [{ symbol: 'BTCUSDT', qty: '1', entryPrice: '100', markPrice: '100', unrealizedPnl: '0', updatedAt: 5 }];
    venue.fills = [fill({ tradeId: '1', time: 500 })];
    await resync.onConnect();
    expect(reconciles()).toEqual([{ type: 'reconcile', at: expect.any(Number), trigger: 'startup', corrections: [] }]);
    expect(account.openOrders().map((o) => o.clientOrderId)).toEqual(['old-1']);
    expect(account.allPositions()[0]?.qty).toBe('1');
    expect(account.hasFill({ symbol: 'BTCUSDT', tradeId: '1' })).toBe(true);
    expect(venue.queries[0]).toEqual({ symbol: 'BTCUSDT', startTime: 0, limit: 500 });
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['fill', 'order', 'orders-snapshot', 'positions', 'balances', 'reconcile']));
  });

  it('recovers fills and closes the order that filled while away, and says so', async () => {
    const { venue, account, resync, reconciles } = setup({ now: 2_000 });
    venue.orders = [order({ clientOrderId: 'qd-1', venueOrderId: '1' })];
    await resync.onConnect();
    // While away: qd-1 fills in two trades and a position opens.
    venue.fills = [fill({ tradeId: '11', time: 1500 }), fill({ tradeId: '12', time: 1600 })];
    venue.orders = [];
    venue.closed.set('qd-1', order({ state: 'filled', filledQty: '2', avgPrice: '100', updatedAt: 1600 }));
    venue.positions = [{ symbol: 'BTCUSDT', qty: '2', entryPrice: '100', markPrice: '100', unrealizedPnl: '0', updatedAt: 1600 }];
    venue.balances = [{ asset: 'USDT', wallet: '999.92', available: '799.92', updatedAt: 1600 }];
    const corrections = await resync.onConnect().then(() => reconciles().at(-1)!.corrections);
    expect(reconciles().at(-1)?.trigger).toBe('reconnect');
    expect(corrections.map((c) => [c.kind, c.text])).toEqual([
      ['fill-recovered', 'recovered 2 BTCUSDT fills missed while away'],
      ['order-closed', 'order qd-1 (BTCUSDT buy 2 @ 100) filled while away'],
      ['position-changed', 'BTCUSDT position is 2 at the venue, 0 here, explained by the recovered fills'],
      ['balance-changed', 'USDT balance changed: wallet 1000 → 999.92, available 1000 → 799.92'],
    ]);
    expect(account.order('qd-1')?.state).toBe('filled');
    expect(account.openOrders()).toEqual([]);
    expect(account.allPositions().map((p) => [p.symbol, p.qty])).toEqual([['BTCUSDT', '2']]);
    expect(account.watermark('BTCUSDT')).toEqual({ tradeId: '12', time: 1600 });
    // The REST fills lacked the client id; the mirror filled it in from the order.
    expect(venue.queries.at(-1)).toEqual({ symbol: 'BTCUSDT', startTime: 1_000, limit: 500 });
  });

  it('finds nothing on a quiet periodic pass, and asks for fills from the watermark', async () => {
    const { venue, resync, reconciles } = setup();
    venue.fills = [fill({ tradeId: '5', time: 900 })];
    venue.positions = [{ symbol: 'BTCUSDT', qty: '1', entryPrice: '100', markPrice: '100', unrealizedPnl: '0', updatedAt: 5 }];
    await resync.onConnect();
    expect(await resync.pass('periodic')).toEqual([]);
    expect(await resync.pass('periodic')).toEqual([]);
    expect(reconciles().map((r) => r.corrections.length)).toEqual([0, 0, 0]);
    expect(venue.queries.at(-1)).toMatchObject({ symbol: 'BTCUSDT', fromTradeId: '5', limit: 500 });
  });

  it('follows full pages of fills from the watermark (inclusive: each page repeats its first fill)', async () => {
    const { venue, account, resync, reconciles } = setup({ pageSize: 2 });
    await resync.onConnect();
    venue.fills = ['21', '22', '23', '24', '25'].map((id, i) => fill({ tradeId: id, time: 1100 + i }));
    await resync.pass('reconnect');
    expect(['21', '22', '23', '24', '25'].every((id) => account.hasFill({ symbol: 'BTCUSDT', tradeId: id }))).toBe(true);
    expect(reconciles().at(-1)?.corrections[0]?.text).toBe('recovered 5 BTCUSDT fills missed while away');
    expect(venue.queries.slice(1).map((q) => q.fromTradeId ?? 'start')).toEqual(['start', '22', '23', '24', '25']);
  });

  it('reports orders added or changed at the venue, and leaves unacknowledged orders to the order manager', async () => {
    const { venue, account, resync, reconciles } = setup();
    venue.orders = [order({ clientOrderId: 'a' })];
    await resync.onConnect();
    account.upsertOrder(order({ clientOrderId: 'pending', state: 'pending_new', venueOrderId: undefined }));
    venue.orders = [
      order({ clientOrderId: 'a', state: 'partially_filled', filledQty: '1', updatedAt: 20 }),
      order({ clientOrderId: 'ext', venueOrderId: '9', side: 'sell', qty: '3', price: '120' }),
    ];
    await resync.pass('periodic');
    expect(reconciles().at(-1)?.corrections.map((c) => [c.kind, c.text])).toEqual([
      ['order-added', 'unknown external order ext (BTCUSDT sell 3 @ 120) is open at the venue'],
      ['order-changed', 'order a (BTCUSDT buy 2 @ 100) changed while away: state new → partially_filled, filled 0 → 1'],
    ]);
    expect(account.order('pending')?.state).toBe('pending_new');
  });

  it('does not move back a position the stream changed after the snapshot was taken', async () => {
    const { venue, account, resync, reconciles } = setup({ now: 1_000 });
    await resync.onConnect();
    account.applyAccountUpdate({
      type: 'account',
      time: 1_500,
      reason: 'ORDER',
      balances: [],
      positions: [{ symbol: 'BTCUSDT', qty: '3', entryPrice: '100', unrealizedPnl: '0' }],
    });
    venue.positions = [];
    await resync.pass('periodic');
    expect(account.allPositions()[0]?.qty).toBe('3');
    expect(reconciles().at(-1)?.corrections).toEqual([]);
  });

  it('records a failed pass with its error and rethrows, so the socket is not shown live', async () => {
    const { venue, resync, reconciles } = setup();
    venue.failNext = true;
    await expect(resync.onConnect()).rejects.toThrow('HTTP 502 bad gateway');
    expect(reconciles()).toEqual([
      { type: 'reconcile', at: expect.any(Number), trigger: 'startup', corrections: [], error: 'HTTP 502 bad gateway' },
    ]);
    await resync.onConnect();
    expect(reconciles().at(-1)?.trigger).toBe('startup');
    expect(resync.counters).toMatchObject({ passes: 2, failures: 1 });
  });

  it('reports an order it could not query, without guessing its final state', async () => {
    const { venue, account, resync, reconciles } = setup();
    venue.orders = [order({ clientOrderId: 'gone' })];
    await resync.onConnect();
    venue.orders = [];
    await resync.pass('reconnect');
    expect(reconciles().at(-1)?.corrections[0]?.text).toBe(
      'order gone is no longer open at the venue; status query failed (Order does not exist.)',
    );
    // Not guessed closed: it stays, and the next pass asks again.
    expect(account.order('gone')?.state).toBe('new');
    await resync.pass('periodic');
    expect(reconciles().at(-1)?.corrections).toHaveLength(1);
  });

  it('never lets a reconnect reuse a snapshot taken before its socket opened', async () => {
    const { venue, resync, reconciles } = setup();
    await resync.onConnect();
    let release: () => void = () => {};
    venue.gate = new Promise<void>((r) => {
      release = r;
    });
    const periodic = resync.pass('periodic');
    const again = resync.pass('periodic');
    const reconnect = resync.onConnect();
    expect(again).toBe(periodic);
    await new Promise((r) => setTimeout(r, 10));
    expect(venue.snapshots).toBe(2);
    venue.orders = [order({ clientOrderId: 'late' })];
    release();
    await Promise.all([periodic, reconnect]);
    expect(reconciles().map((r) => r.trigger)).toEqual(['startup', 'periodic', 'reconnect']);
    expect(venue.snapshots).toBe(3);
    expect(reconciles().at(-1)?.corrections.map((c) => c.kind)).toEqual(['order-added']);
  });
});
