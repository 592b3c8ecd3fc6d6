// Bugs the chaos run found, each pinned by the smallest reproduction (see src/chaos).
import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../src/core/budget.js';
import { mul } from '../../src/core/decimal.js';
import type { Order } from '../../src/core/types.js';
import { AccountState } from '../../src/engine/account.js';
import { profileOf, simCredentials } from '../../src/chaos/profiles.js';
import { Engine } from '../../src/engine/engine.js';
import { OrderManager } from '../../src/engine/orders.js';
import { reconcileSnapshot } from '../../src/engine/resync.js';
import { startSim } from '../../src/sim/index.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { HYPERLIQUID_POOLS } from '../../src/venues/hyperliquid/limits.js';

const sink = { events: [] as EngineEvent[], push(e: EngineEvent) { this.events.push(e); } };

describe('found by `npm run chaos -- --orders 200 --seed 1 --fast --rate 20` (binance-usdm)', () => {
  it('a mark price push does not make a wrong position look newer than the venue snapshot', async () => {
    const account = new AccountState({ sink });
    // The mirror holds a size the venue no longer has (a lost ACCOUNT_UPDATE)...
    account.setPosition({ symbol: 'BTCUSDT', qty: '0.008', entryPrice: '65000', markPrice: '65000', unrealizedPnl: '0', updatedAt: 1_000 });
    // ...the market stream keeps pushing mark prices (every tick)...
    account.applyMark({ type: 'mark', symbol: 'BTCUSDT', markPrice: '65010', indexPrice: '65010', fundingRate: '0', nextFundingTime: 0, time: 2_000 });
    // ...and the reconcile's snapshot, taken just before the last mark push, says 0.002.
    await reconcileSnapshot(
      account,
      {
        takenAt: 1_990,
        orders: [],
        fills: [],
        balances: [],
        positions: [{ symbol: 'BTCUSDT', qty: '0.002', entryPrice: '65005', markPrice: '65008', unrealizedPnl: '0.006', updatedAt: 1_900 }],
      },
      { queryOrder: () => Promise.reject(new Error('no queries expected')), maxOrderQueries: 0, away: 'unnoticed', initial: false },
    );
    expect(account.allPositions().find((p) => p.symbol === 'BTCUSDT')?.qty).toBe('0.002');
  });
});

describe('found by `npm run chaos -- --venue okx --orders 200 --seed 1 --fast --rate 15`', () => {
  it('a fill stamped before the watermark (the venue clock stepped back) is still recovered by resync', async () => {
    const sim = await startSim({ dialect: 'okx', tickMs: 0, seed: 11 });
    const log: EngineEvent[] = [];
    const profile = profileOf('okx');
    const engine = new Engine({
      venue: 'okx',
      env: 'sim',
      credentials: simCredentials(profile, sim.accounts[0]!),
      simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
      symbol: profile.symbol,
      sink: { push: (e) => log.push(e) },
      streams: false,
      deadman: { enabled: false },
      reconcileEveryMs: 0,
      riskEveryMs: 0,
      timeSync: { burst: 2, resyncBurst: 2 },
    });
    try {
      await engine.start();
      await sim.control.tick(3);
      const buy = async () => {
        const r = await engine.place({ symbol: profile.symbol, side: 'buy', type: 'market', qty: mul(engine.instrument!.minQty, '2'), reduceOnly: false, postOnly: false });
        if (!r.ok) throw new Error(r.error);
        const order = await engine.orders.get(r.clientOrderId!)!.settled;
        expect(['new', 'filled'], order.reason).toContain(order.state);
        const fill = (await sim.control.fills()).find((f) => f.clientOrderId === r.clientOrderId);
        expect(fill).toBeDefined();
        return fill!;
      };
      const first = await buy();
      await engine.resyncer.pass('manual');
      expect(engine.account.hasFill({ symbol: profile.symbol, tradeId: String(first.tradeId) })).toBe(true);
      // The venue's clock steps back 3 s; the next fill carries an earlier time than the watermark.
      await sim.control.jumpClock(-3_000);
      await engine.timeSync.resync('test');
      const second = await buy();
      expect(second.time).toBeLessThan(first.time);
      await engine.resyncer.pass('manual');
      expect(engine.account.hasFill({ symbol: profile.symbol, tradeId: String(second.tradeId) })).toBe(true);
    } finally {
      await engine.stop();
      await sim.close();
    }
  });
});

describe('found by `npm run chaos -- --venue hyperliquid --orders 200 --seed 3 --fast`', () => {
  it('a 429 without Retry-After pauses for a rate window, not for a day-long allowance', () => {
    const budget = new RateBudget(HYPERLIQUID_POOLS);
    const now = 1_752_000_030_000;
    budget.onRateLimited(undefined, now);
    const until = budget.snapshot(now).until ?? 0;
    // Hyperliquid's address allowance was modelled as a one-day pool then; pausing to its end froze
    // the background lane (and with it every resync, so the account socket never came back live).
    expect(until - now).toBeGreaterThan(0);
    expect(until - now).toBeLessThanOrEqual(60_000);
    expect(budget.acquire('background', { 'weight-1m': 2 }, now + 60_000)).toEqual({ granted: true });
  });
});

describe('found by the 5-minute soak (`chaos --minutes 5 --rss`): the heap grew ~1 KB per order', () => {
  const closed = (i: number): Order => ({
    clientOrderId: `c${i}`, symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.001', filledQty: '0.001', avgPrice: '1',
    state: 'filled', reduceOnly: false, postOnly: false, updatedAt: i,
  });

  it('the account mirror forgets the oldest closed orders beyond its cap, never an open one', () => {
    const account = new AccountState({ sink: { push: () => undefined }, maxClosedOrders: 100 });
    for (let i = 0; i < 50; i++) account.upsertOrder({ ...closed(-i - 1), clientOrderId: `open${i}`, state: 'new', filledQty: '0' });
    for (let i = 0; i < 1_000; i++) account.upsertOrder(closed(i));
    expect(account.openOrders()).toHaveLength(50);
    expect(account.order('c0')).toBeUndefined();
    expect(account.order('c899')).toBeUndefined();
    expect(account.order('c900')?.state).toBe('filled');
    expect(account.order('c999')?.state).toBe('filled');
  });

  it('the order manager forgets the oldest settled orders with the book\'s cap (real orders on the local venue)', async () => {
    const sim = await startSim({ tickMs: 0, seed: 12 });
    const profile = profileOf('binance-usdm');
    const engine = new Engine({
      venue: 'binance-usdm', env: 'sim', credentials: simCredentials(profile, sim.accounts[0]!),
      simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl }, symbol: profile.symbol,
      sink: { push: () => undefined }, streams: false, deadman: { enabled: false }, reconcileEveryMs: 0, riskEveryMs: 0, timeSync: { burst: 2 },
    });
    let n = 0;
    const manager = new OrderManager({ adapter: engine.adapter, run: engine.rest.run, newClientOrderId: () => `qdCAP${n++}`, book: new AccountState({ sink: { push: () => undefined }, maxClosedOrders: 20 }), emit: () => undefined });
    try {
      await engine.start();
      await sim.control.tick(3);
      const all = Array.from({ length: 60 }, (_, i) =>
        manager.place({ symbol: 'BTCUSDT', side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false }),
      );
      await Promise.all(all.map((t) => t.settled));
      expect(manager.all().length).toBe(20);
      expect(manager.get('qdCAP0')).toBeUndefined();
      expect(manager.get('qdCAP59')?.order.state).toBe('filled');
    } finally {
      manager.close();
      await engine.stop();
      await sim.close();
    }
  });
});
