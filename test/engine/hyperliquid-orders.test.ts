// The engine's order side against the Hyperliquid local venue: the twins of orders.test.ts
// (Binance) — place/fill/cancel/cancel-all/flatten, definite refusals, a taken cloid, 200 orders
// under the fault plan resolved by orderStatus-by-cloid to exactly one order per intent — plus
// the nonce rules under concurrent sends and a nonce refused for time (the twin of -1021).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { AccountState } from '../../src/engine/account.js';
import { OrderManager } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { OrderTicket } from '../../src/store/actions.js';
import { COIN, hlEngine, hlPriceAt, marketLive, startHlSim } from './hyperliquid-helpers.js';
import { EventLog, until } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
let log: EventLog;

const ticket = (over: Partial<OrderTicket>): OrderTicket => ({
  symbol: COIN,
  side: 'buy',
  type: 'market',
  qty: '0.002',
  reduceOnly: false,
  postOnly: false,
  ...over,
});

async function settled(e: Engine, result: Awaited<ReturnType<Engine['place']>>) {
  if (!result.ok) throw new Error(result.error);
  return e.orders.get(result.clientOrderId!)!.settled;
}

async function positionQty(e = engine): Promise<string> {
  const positions = await e.rest.run(e.adapter.positions!());
  return positions.find((p) => p.symbol === COIN)?.qty ?? '0';
}

describe('orders through the engine against the Hyperliquid local venue', () => {
  beforeAll(async () => {
    sim = await startHlSim();
    log = new EventLog();
    engine = hlEngine(sim, log);
    await engine.start();
    await marketLive(engine, sim);
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('knows the perp from meta, then places, fills, cancels, cancels all and flattens', async () => {
    // 5 significant figures at ~65 000: whole dollars; 3 size decimals.
    expect(engine.instrument).toMatchObject({ symbol: COIN, quote: 'USDC', tickSize: '1', stepSize: '0.001', minNotional: '10' });
    const bought = await settled(engine, await engine.place(ticket({ qty: '0.004' })));
    expect(bought).toMatchObject({ state: 'filled', filledQty: '0.004', type: 'market' });
    expect(await positionQty()).toBe('0.004');

    const price = await hlPriceAt(sim, '0.97');
    const resting = await settled(engine, await engine.place(ticket({ type: 'limit', price, postOnly: true })));
    expect(resting).toMatchObject({ state: 'new', postOnly: true });
    // The cancel reply is only "success": the engine asks orderStatus for the end state.
    expect(await engine.cancel(resting.clientOrderId)).toMatchObject({ ok: true, message: `${resting.clientOrderId}: canceled` });
    expect(engine.orders.get(resting.clientOrderId)!.order.state).toBe('canceled');

    // No cancel-all action on Hyperliquid: the engine lists open orders and cancels them in one batch.
    const many = await Promise.all(Array.from({ length: 7 }, () => engine.place(ticket({ type: 'limit', price }))));
    await Promise.all(many.map((r) => settled(engine, r)));
    expect(await engine.cancelAll()).toMatchObject({ ok: true });
    for (const r of many) expect(engine.orders.get(r.ok ? r.clientOrderId! : '')!.order.state).toBe('canceled');
    expect(await engine.rest.run(engine.adapter.openOrders(COIN))).toEqual([]);

    const flat = await engine.flatten();
    expect(flat).toMatchObject({ ok: true });
    const closing = await engine.orders.get(flat.ok ? flat.clientOrderId! : '')!.settled;
    expect(closing).toMatchObject({ side: 'sell', reduceOnly: true, type: 'market', state: 'filled', filledQty: '0.004' });
    expect(await positionQty()).toMatch(/^0(\.0*)?$/);
    expect(await engine.flatten()).toMatchObject({ ok: true, message: `${COIN}: already flat` });
  });

  // A market order is an IOC limit around the current price. With no streamed quote (just after
  // start, after a reconnect, or here a REST-only session that never streams) the engine asks the
  // venue's mid over REST (allMids) instead of refusing the order.
  it('a market order with no streamed quote is priced from the venue over REST and fills', async () => {
    const restOnly = hlEngine(sim, new EventLog(), { streams: false });
    await restOnly.start();
    try {
      const before = (await sim.control.stats()).httpRequests;
      const bought = await settled(restOnly, await restOnly.place(ticket({ qty: '0.002' })));
      expect(bought).toMatchObject({ state: 'filled', filledQty: '0.002', type: 'market' });
      expect((await sim.control.stats()).httpRequests).toBeGreaterThan(before);
      const flat = await restOnly.flatten();
      expect(flat).toMatchObject({ ok: true });
      expect(await restOnly.orders.get(flat.ok ? flat.clientOrderId! : '')!.settled).toMatchObject({ state: 'filled' });
    } finally {
      await restOnly.stop();
    }
  });

  it('definite refusals are rejected with the venue words; bad tickets never leave', async () => {
    const taker = await settled(engine, await engine.place(ticket({ type: 'limit', price: await hlPriceAt(sim, '1.01'), postOnly: true })));
    expect(taker.state).toBe('rejected');
    expect(taker.reason).toMatch(/Post only order would have immediately matched/);
    const reduce = await settled(engine, await engine.place(ticket({ side: 'sell', reduceOnly: true })));
    expect(reduce.state).toBe('rejected');
    expect(reduce.reason).toMatch(/Reduce only order would increase position/);
    const offGrid = `${await hlPriceAt(sim, '0.97')}.5`;
    const sent = (await sim.control.stats()).httpRequests;
    expect(await engine.place(ticket({ qty: '-1' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ qty: '0.0021' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ type: 'limit' }))).toMatchObject({ ok: false });
    // Six significant figures: off the venue's grid at this price, refused before anything is signed.
    expect(await engine.place(ticket({ type: 'limit', price: offGrid }))).toMatchObject({ ok: false, error: expect.stringMatching(/tick/) });
    expect((await sim.control.stats()).httpRequests).toBe(sent);
  });

  it('a taken cloid means already placed: the order is found by orderStatus, not placed twice', async () => {
    const price = await hlPriceAt(sim, '0.96');
    const id = `0x${'d0'.repeat(16)}`;
    const intent = { symbol: COIN, side: 'buy' as const, type: 'limit' as const, qty: '0.002', price, reduceOnly: false, postOnly: false };
    await engine.rest.run(engine.adapter.placeOrder({ ...intent, clientOrderId: id }));
    const manager = new OrderManager({
      adapter: engine.adapter,
      run: engine.rest.run,
      newClientOrderId: () => id,
      book: new AccountState({ sink: { push: () => undefined } }),
      emit: () => undefined,
      resolve: { backoff: { firstMs: 10, baseMs: 20, capMs: 50 } },
    });
    const tracked = manager.place(intent);
    const order = await tracked.settled;
    expect(order).toMatchObject({ state: 'new', clientOrderId: id });
    expect(order.venueOrderId).toBeDefined();
    expect(manager.counters).toMatchObject({ sends: 1, resent: 0 });
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    manager.close();
    await engine.cancelAll();
  });

  it('200 orders with replies dropped after acceptance, 5xx before and after, and 504: exactly one order per intent', async () => {
    // A validity window twice the helper's: 200 actions and their re-sends queue behind the local
    // venue's signer recovery, and on two busy cores an action reached it past 5 s and was refused
    // as expired, its one clock retry too (the order ends rejected: zero orders, not one).
    const e = hlEngine(sim, new EventLog(), {
      recvWindowMs: 10_000,
      resolve: { settleMs: 11_000, maxSends: 6, maxQueries: 40, backoff: { firstMs: 20, baseMs: 100, capMs: 500 } },
    });
    await e.start();
    await marketLive(e, sim);
    await sim.control.setFaults({
      dropResponse: { probability: 0.08 },
      error5xxBefore: { probability: 0.08 },
      error5xxAfter: { probability: 0.08 },
      unknownStatus: { probability: 0.08 },
      html502: { probability: 0.15, scope: 'query' },
    });
    const price = await hlPriceAt(sim, '0.96');
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const t = i % 2 === 0 ? ticket({ side: i % 4 === 0 ? 'buy' : 'sell' }) : ticket({ type: 'limit', price });
      const r = await e.place(t);
      if (!r.ok) throw new Error(r.error);
      ids.push(r.clientOrderId!);
    }
    const finals = await Promise.all(ids.map((id) => e.orders.get(id)!.settled));
    const stats = await sim.control.stats();
    await sim.control.clearFaults();
    for (const f of ['dropResponse', 'error5xxBefore', 'error5xxAfter', 'unknownStatus', 'html502']) {
      expect(stats.faultsFired[f] ?? 0, f).toBeGreaterThan(0);
    }
    const accepted = await sim.control.acceptedOrders();
    const perId = new Map<string, number>();
    for (const o of accepted) perId.set(o.clientOrderId, (perId.get(o.clientOrderId) ?? 0) + 1);
    for (const [i, id] of ids.entries()) expect(perId.get(id), `${id} ${finals[i]!.state} ${finals[i]!.reason ?? ''}`).toBe(1);
    for (const o of finals) expect(['filled', 'new', 'partially_filled'], `${o.clientOrderId} ${o.state} ${o.reason ?? ''}`).toContain(o.state);
    expect(e.orders.counters.resent).toBeGreaterThan(0);
    await e.cancelAll();
    await e.flatten();
    await e.stop();
  }, 120_000);

  it('nonce rules under concurrent sends: 60 orders at once, every nonce unique and taken', async () => {
    const errsBefore = (await sim.control.stats()).errors['err'] ?? 0;
    const price = await hlPriceAt(sim, '0.96');
    const results = await Promise.all(Array.from({ length: 60 }, () => engine.place(ticket({ type: 'limit', price }))));
    const finals = await Promise.all(results.map((r) => settled(engine, r)));
    expect(finals.every((o) => o.state === 'new')).toBe(true);
    // One send each: no nonce was refused and retried.
    expect(results.every((r) => r.ok && engine.orders.get(r.clientOrderId!)!.sends === 1)).toBe(true);
    expect(engine.rest.counters.clockRetries).toBe(0);
    expect((await sim.control.stats()).errors['err'] ?? 0).toBe(errsBefore);
    await engine.cancelAll();
  });

  it('a nonce refused for time (venue clock a day ahead) resyncs the clock and the order goes once', async () => {
    const e = hlEngine(sim, new EventLog());
    await e.start();
    await marketLive(e, sim);
    const syncs = e.timeSync.syncs;
    await sim.control.skewClock(86_400_000 + 120_000);
    try {
      const r = await e.place(ticket({ type: 'limit', price: await hlPriceAt(sim, '0.96') }));
      const order = await settled(e, r);
      expect(order.state, order.reason).toBe('new');
      expect(e.rest.counters.clockRetries).toBe(1);
      expect(e.timeSync.syncs).toBeGreaterThan(syncs);
      expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === order.clientOrderId)).toHaveLength(1);
    } finally {
      await sim.control.skewClock(0);
      await e.cancelAll().catch(() => undefined);
      await e.stop();
    }
  });

  it('the account mirror and the store events see every order change', async () => {
    const r = await engine.place(ticket({ qty: '0.002' }));
    const order = await settled(engine, r);
    await until(() => log.of('order').some((ev) => ev.order.clientOrderId === order.clientOrderId && ev.order.state === 'filled'));
    const states = log.of('order').filter((ev) => ev.order.clientOrderId === order.clientOrderId).map((ev) => ev.order.state);
    expect(states[0]).toBe('pending_new');
    expect(states.at(-1)).toBe('filled');
    expect(engine.account.order(order.clientOrderId)?.state).toBe('filled');
    await engine.flatten();
  });
});

// A venue of its own: the tests above spend the venue's weight for a minute (200 and 60 orders).
describe('the average price of a market order on the Hyperliquid local venue', () => {
  let freshSim: SimHandle;
  let fresh: Engine;
  const freshLog = new EventLog();
  beforeAll(async () => {
    freshSim = await startHlSim();
    fresh = hlEngine(freshSim, freshLog);
    await fresh.start();
    await marketLive(fresh, freshSim);
  });
  afterAll(async () => {
    await fresh.stop();
    await freshSim.close();
  });

  // The venue's order reports (orderUpdates, orderStatus) carry the limit price, never an average:
  // only the order reply's `filled.avgPx` and the fills say what a market order (an IOC limit a few
  // % through the book) paid. The cockpit's "filled at" must not show the limit.
  it("a market order's average price is what it filled at, not its IOC limit, after the stream and orderStatus; its fills carry its cloid", async () => {
    const placed = await fresh.place(ticket({ qty: '0.003' }));
    const bought = await settled(fresh, placed);
    expect(bought).toMatchObject({ state: 'filled', filledQty: '0.003' });
    const id = bought.venueOrderId;
    const mine = () => freshLog.of('fill').filter((e) => e.fill.venueOrderId === id);
    // The fills come on the stream with the orderUpdates frame; then orderStatus, as a reconcile
    // or an ambiguous send's query would ask it.
    await until(() => mine().reduce((n, e) => n + Number(e.fill.qty), 0) >= 0.003 - 1e-9, undefined, 'the fills of the market order');
    const status = await fresh.rest.run(fresh.adapter.queryOrder({ symbol: COIN, clientOrderId: bought.clientOrderId }));
    fresh.account.upsertOrder(status);
    const fills = mine();
    const paid = fills.reduce((sum, e) => sum + Number(e.fill.price) * Number(e.fill.qty), 0) / 0.003;
    const held = fresh.account.order(bought.clientOrderId)!;
    expect(Math.abs(Number(held.avgPrice) - paid)).toBeLessThan(1);
    expect(held.avgPrice).not.toBe(held.price);
    // The venue's fills name the order by its oid only: the engine gives them its cloid.
    expect(fills.map((e) => e.fill.clientOrderId)).toEqual(fills.map(() => bought.clientOrderId));
    await settled(fresh, await fresh.flatten());
  });
});
