import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { VenueRequestError } from '../../src/engine/rest.js';
import type { SimHandle } from '../../src/sim/index.js';
import { BINANCE_USDM_POOLS } from '../../src/venues/binance/limits.js';
import type { RatePool } from '../../src/venues/venue.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

/** The adapter's pools with the weight window and limit the test sim runs. */
function pools(limit: number, windowMs: number): RatePool[] {
  return BINANCE_USDM_POOLS.map((p) => (p.id === 'weight-1m' ? { ...p, limit, windowMs } : p));
}

let sim: SimHandle | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await sim?.close();
  engine = undefined;
  sim = undefined;
});

describe('rate budget enforcement against the local venue', () => {
  it("follows the venue's used-weight header: weight spent by others blocks background, not critical", async () => {
    const windowMs = 3_600_000; // one window for the whole test
    sim = await startTestSim({ limits: { requestWeightPerWindow: 1000, weightWindowMs: windowMs } });
    const log = new EventLog();
    engine = testEngine(sim, log, { pools: pools(1000, windowMs) });
    await engine.start();
    // Someone else on this IP spends 850 weight (exchangeInfo is 1 each at our table; the sim's own
    // count is what matters): raw requests outside the engine.
    for (let i = 0; i < 170; i++) await fetch(`${sim.restUrl}/fapi/v3/positionRisk`).then((r) => r.text());
    const used = (await fetch(`${sim.restUrl}/fapi/v1/time`)).headers.get('x-mbx-used-weight-1m');
    expect(Number(used)).toBeGreaterThan(800);
    // One reply carries the venue's count into the budget.
    await engine.rest.run(engine.adapter.serverTime());
    const weight = engine.lanes.snapshot().pools.find((p) => p.id === 'weight-1m')!;
    expect(weight.used).toBeGreaterThanOrEqual(Number(used));
    // Background may not cross 800 (reserve 200): it waits. Critical still goes.
    let backgroundDone = false;
    const background = engine.rest.run(engine.adapter.positions!()).then(() => {
      backgroundDone = true;
    });
    background.catch(() => undefined);
    await engine.rest.run(engine.adapter.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'nope' })).catch(() => undefined);
    expect(engine.lanes.counters.waited.critical).toBe(0);
    expect(engine.lanes.waiting().background).toBe(1);
    expect(backgroundDone).toBe(false);
    expect((await sim.control.stats()).status429).toBe(0);
    engine.lanes.close();
  });

  it('after a 429 background stops until Retry-After ends; critical waits it out and goes first; no ban', async () => {
    sim = await startTestSim({ limits: { weightWindowMs: 2_000, violationsBeforeBan: 2 } });
    const log = new EventLog();
    engine = testEngine(sim, log, { pools: pools(2400, 2_000) });
    await engine.start();
    await sim.control.setFaults({ rateLimitStorm: { times: 1, scope: 'GET /fapi/v3/balance' } });
    const first = await engine.rest.run(engine.adapter.balances()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(VenueRequestError);
    expect((first as VenueRequestError).meaning).toBe('rate_limited');
    const limited = log.of('budget').at(-1)!;
    expect(limited.state).toBe('limited');
    expect(limited.until).toBeGreaterThan(Date.now());

    const sentBefore = (await sim.control.stats()).httpRequests;
    const order: string[] = [];
    const bg = engine.rest.run(engine.adapter.positions!()).then(() => order.push('background'));
    const crit = engine.rest
      .run({ ...engine.adapter.openOrders('BTCUSDT'), lane: 'critical' })
      .then(() => order.push('critical'));
    const cancel = engine.rest
      .run(engine.adapter.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'x' }))
      .catch(() => undefined)
      .then(() => order.push('critical'));
    // Nothing reaches the venue while its Retry-After runs.
    await new Promise((r) => setTimeout(r, 200));
    expect((await sim.control.stats()).httpRequests).toBe(sentBefore);
    expect(engine.lanes.waiting()).toEqual({ critical: 2, background: 1 });
    await Promise.all([bg, crit, cancel]);
    expect(order).toEqual(['critical', 'critical', 'background']);
    const stats = await sim.control.stats();
    expect(stats.status418).toBe(0);
    expect(stats.status429).toBe(1);
    expect(log.of('budget').at(-1)!.state).toBe('normal');
  });

  it('while banned (418) nothing is sent; the store is told until when', async () => {
    sim = await startTestSim();
    const log = new EventLog();
    engine = testEngine(sim, log);
    await engine.start();
    await sim.control.setFaults({ now: { banMs: 1_500 } });
    const first = await engine.rest.run(engine.adapter.balances()).catch((e: unknown) => e);
    expect((first as VenueRequestError).meaning).toBe('banned');
    const banned = log.of('budget').at(-1)!;
    expect(banned.state).toBe('banned');
    expect(banned.until! - Date.now()).toBeGreaterThan(500);
    expect(banned.until! - Date.now()).toBeLessThan(2_500);
    const before = (await sim.control.stats()).httpRequests;
    const pending = [
      engine.rest.run(engine.adapter.openOrders('BTCUSDT')),
      engine.rest.run(engine.adapter.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'x' })).catch(() => 'not found'),
    ];
    await new Promise((r) => setTimeout(r, 400));
    expect((await sim.control.stats()).httpRequests).toBe(before);
    expect(engine.lanes.waiting()).toEqual({ critical: 1, background: 1 });
    await Promise.all(pending);
    expect((await sim.control.stats()).status418).toBe(1);
  });

  it('a saturating background poller cannot delay critical requests beyond their reserve', async () => {
    const windowMs = 2_000;
    sim = await startTestSim({ limits: { requestWeightPerWindow: 120, weightWindowMs: windowMs } });
    const log = new EventLog();
    engine = testEngine(sim, log, { pools: pools(120, windowMs) });
    await engine.start();
    const e = engine;
    let polls = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await e.rest.run(e.adapter.positions!()).catch(() => undefined); // weight 5, background
        polls++;
      }
    })();
    await until(() => e.lanes.waiting().background > 0, 5_000, 'the poller to saturate its share');
    // 20 resting orders placed and canceled while the poller keeps its lane full.
    for (let i = 0; i < 20; i++) {
      const placed = await e.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.010', price: '61800.0', reduceOnly: false, postOnly: false });
      expect(placed.ok).toBe(true);
      const id = placed.ok ? placed.clientOrderId! : '';
      expect((await e.orders.get(id)!.settled).state).toBe('new');
      const canceled = await e.cancel(id);
      expect(canceled).toMatchObject({ ok: true, message: `${id}: canceled` });
    }
    polling = false;
    await poller;
    // Critical never waited in its lane; background did; the venue never said 429.
    expect(e.lanes.counters.waited.critical).toBe(0);
    expect(e.lanes.counters.waited.background).toBeGreaterThan(0);
    expect(polls).toBeGreaterThan(0);
    expect((await sim.control.stats()).status429).toBe(0);
  });

  it('too many orders (-1015) fills the order-count pool only: the order goes out once the window turns, cancels are not held', async () => {
    const windowMs = 2_000;
    sim = await startTestSim({ limits: { ordersShort: 3, ordersShortWindowMs: windowMs } });
    const log = new EventLog();
    const orderPools = BINANCE_USDM_POOLS.map((p) => (p.id === 'orders-10s' ? { ...p, windowMs } : p));
    engine = testEngine(sim, log, { pools: orderPools });
    await engine.start();
    const e = engine;
    // Another client of the same account spends the venue's order count for this window.
    const other = testEngine(sim, new EventLog());
    await other.start();
    for (let i = 0; i < 3; i++) {
      await other.rest
        .run(other.adapter.placeOrder({ symbol: 'BTCUSDT', side: i % 2 ? 'sell' : 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false, clientOrderId: `other${i}` }))
        .catch(() => undefined);
    }
    await other.stop();
    const placed = await e.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false });
    const id = placed.ok ? placed.clientOrderId! : '';
    // A query (critical, IP weight only) is not held by the full order pool.
    await until(() => ((e.orders.get(id)?.order.reason ?? '').includes('-1015')), 5_000, 'the -1015 refusal');
    expect(e.lanes.snapshot().state).toBe('normal');
    const q = await e.rest.run(e.adapter.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'other0' }));
    expect(q.clientOrderId).toBe('other0');
    const final = await e.orders.get(id)!.settled;
    expect(final.state).toBe('filled');
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
  });
});
