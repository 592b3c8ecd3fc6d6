// OKX twins of the Binance engine tests for rate limits (50011), clock resync (50102) and fills
// recovery past one page, against the OKX local venue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimHandle } from '../../src/sim/index.js';
import { INST, okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog } from './rest-helpers.js';

let sim: SimHandle;

beforeAll(async () => {
  sim = await startOkxSim();
});
afterAll(async () => {
  await sim.close();
});

describe('OKX rate limits and clock', () => {
  it('a 50011 refusal is "not processed": the order is resolved by query and placed exactly once', async () => {
    // Enough queries to outlast the settle window (1.5 s) whatever the jitter draws.
    const engine = okxEngine(sim, new EventLog(), { resolve: { settleMs: 1_500, maxQueries: 60, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } } });
    await engine.start();
    await sim.control.setFaults({ rateLimitStorm: { times: 1, scope: 'order' } });
    const r = await engine.place({ symbol: INST, side: 'buy', type: 'market', qty: '1', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const order = await engine.orders.get(r.clientOrderId!)!.settled;
    expect(order.state).toBe('new');
    expect((await sim.control.stats()).errors['50011']).toBeGreaterThanOrEqual(1);
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === r.clientOrderId)).toHaveLength(1);
    expect(engine.orders.get(r.clientOrderId!)!.sends).toBe(2);
    await sim.control.clearFaults();
    await engine.flatten();
    await engine.stop();
  });

  it("the engine's pools keep a burst under OKX's per-endpoint limits, even when the venue counts the first requests late: no 50011", async () => {
    const engine = okxEngine(sim, new EventLog());
    await engine.start();
    const before = (await sim.control.stats()).errors['50011'] ?? 0;
    // The venue counts a request when it arrives. The first ten of the burst reach it 1.5 s late
    // (a busy process, a slow network): a pool that dated them at their grant would let the next
    // five go a window after it, into the venue window those ten land in, at most window phases.
    await sim.control.setFaults({ delay: { ms: 1_500, times: 10, scope: 'GET /api/v5/account/balance' } });
    try {
      // 15 balance snapshots against a 10-per-2-s limit, all at once.
      const all = await Promise.all(Array.from({ length: 15 }, () => engine.rest.run(engine.adapter.balances())));
      expect(all.every((b) => b.some((x) => x.asset === 'USDT'))).toBe(true);
      const stats = await sim.control.stats();
      expect(stats.faultsFired['delay']).toBe(10);
      expect(stats.errors['50011'] ?? 0).toBe(before);
    } finally {
      await sim.control.clearFaults();
      await engine.stop();
    }
  });

  it('50102 (timestamp outside 30 s) resyncs the clock at once and retries the request once', async () => {
    const log = new EventLog();
    const engine = okxEngine(sim, log);
    await engine.start();
    const syncs = engine.timeSync.syncs;
    await sim.control.skewClock(45_000);
    try {
      const balances = await engine.rest.run(engine.adapter.balances());
      expect(balances.length).toBeGreaterThan(0);
      expect(engine.rest.counters.clockRetries).toBe(1);
      expect(engine.timeSync.syncs).toBe(syncs + 1);
      expect((await sim.control.stats()).errors['50102']).toBeGreaterThanOrEqual(1);
      const offset = log.of('clock').at(-1)!.offsetMs;
      expect(Math.abs(offset - 45_000)).toBeLessThan(1_000);
    } finally {
      await sim.control.skewClock(0);
      await engine.stop();
    }
  });
});

describe('OKX fills recovery past one page', () => {
  it('pages back through more than 100 missed fills (OKX lists newest first, 100 a page)', async () => {
    const log = new EventLog();
    const engine = okxEngine(sim, log);
    await engine.start();
    const known = new Set((await sim.control.fills()).map((f) => String(f.tradeId)));
    // 120 small market orders placed behind the engine's back (streams are off): 120+ fills.
    for (let i = 0; i < 120; i++) {
      const side = i % 2 === 0 ? 'buy' : 'sell';
      const id = `qdPAGE${String(i).padStart(4, '0')}${Date.now() % 100_000}`;
      await engine.rest.run(engine.adapter.placeOrder({ symbol: INST, side, type: 'market', qty: '0.2', reduceOnly: false, postOnly: false, clientOrderId: id }));
    }
    const missed = (await sim.control.fills()).filter((f) => !known.has(String(f.tradeId)));
    expect(missed.length).toBeGreaterThan(100);
    const before = new Set(log.of('fill').map((f) => f.fill.tradeId));
    await engine.resyncer.pass('periodic');
    const recovered = log.of('fill').map((f) => f.fill.tradeId).filter((id) => !before.has(id));
    expect(new Set(recovered)).toEqual(new Set(missed.map((f) => String(f.tradeId))));
    expect(recovered.length).toBe(missed.length);
    await engine.stop();
  }, 120_000);
});
