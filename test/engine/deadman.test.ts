import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mul, round } from '../../src/core/decimal.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until as untilVenue } from '../support/until.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

describe("dead-man's switch against the local venue", () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function restingBuy(engine: ReturnType<typeof testEngine>): Promise<string> {
    const t = (await (await fetch(`${sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string };
    const price = round(mul(t.bidPrice, '0.97'), 1, 'half_even');
    const r = await engine.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.002', price, reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    expect((await engine.orders.get(r.clientOrderId!)!.settled).state).toBe('new');
    return r.clientOrderId!;
  }

  it('is armed at start, re-armed every timeout/4, and the venue cancels when the engine goes silent', async () => {
    const log = new EventLog();
    const engine = testEngine(sim, log, { deadman: { enabled: true, timeoutMs: 1_200 } });
    await engine.start();
    expect(engine.deadman?.armed).toBe(true);
    const first = log.of('deadman')[0]!;
    expect(first).toMatchObject({ armed: true, timeoutMs: 1_200 });
    expect(first.deadline! - Date.now()).toBeGreaterThan(0);
    expect(first.deadline! - Date.now()).toBeLessThanOrEqual(1_200);
    const id = await restingBuy(engine);
    // Two timeouts pass while it keeps re-arming: the order survives.
    const armedAt = performance.now();
    await until(() => performance.now() - armedAt >= 2_400 && engine.deadman!.counters.arms >= 4, 2_400, 'two timeouts of re-arms');
    let open = await engine.rest.run(engine.adapter.openOrders('BTCUSDT'));
    expect(open.map((o) => o.clientOrderId)).toContain(id);
    // The process "dies": no more re-arms, no disarm. The venue cancels on expiry.
    engine.deadman!.abandon();
    // A re-arm already on the wire when the process "dies" still lands and moves the venue's
    // deadline to at most one timeout from now: ask until the venue has cancelled.
    await untilVenue(async () => (await engine.rest.run(engine.adapter.openOrders('BTCUSDT'))).length === 0, 'the venue cancelling on expiry');
    open = await engine.rest.run(engine.adapter.openOrders('BTCUSDT'));
    expect(open).toEqual([]);
    const q = await engine.rest.run(engine.adapter.queryOrder({ symbol: 'BTCUSDT', clientOrderId: id }));
    expect(q.state).toBe('canceled');
    await engine.stop();
  });

  it('is disarmed on a clean exit: resting orders outlive the timeout', async () => {
    const log = new EventLog();
    const engine = testEngine(sim, log, { deadman: { enabled: true, timeoutMs: 1_000 } });
    await engine.start();
    const id = await restingBuy(engine);
    await engine.stop();
    expect(log.of('deadman').at(-1)).toMatchObject({ armed: false });
    await new Promise((r) => setTimeout(r, 1_400));
    const other = testEngine(sim, new EventLog());
    await other.start();
    const open = await other.rest.run(other.adapter.openOrders('BTCUSDT'));
    expect(open.map((o) => o.clientOrderId)).toContain(id);
    await other.rest.run(other.adapter.cancelAll('BTCUSDT'));
    await other.stop();
  });

  it('does not hang a quit behind a 429 storm: past the stop limit it leaves the switch armed', async () => {
    // A venue of its own: the storm's 429s escalate to an IP ban that must not reach the other tests.
    const stormy = await startTestSim();
    try {
      const log = new EventLog();
      const engine = testEngine(stormy, log, { deadman: { enabled: true, timeoutMs: 1_000 }, stopTimeoutMs: 300 });
      await engine.start();
      expect(engine.deadman?.armed).toBe(true);
      // Every request answered 429 with Retry-After: Binance holds every lane, the disarm too.
      await stormy.control.setFaults({ rateLimitStorm: { scope: 'any' } });
      // Without the limit this would wait out the rate-limit window (and the test would time out).
      await engine.stop();
      const warnings = log.of('log').filter((e) => e.level === 'warn').map((e) => e.text);
      expect(warnings.some((t) => t.includes('dead-man not disarmed') || t.includes('disarm failed'))).toBe(true);
      expect(log.of('deadman').at(-1)).not.toMatchObject({ armed: false });
    } finally {
      await stormy.close();
    }
  });

  it('toggles from the cockpit action', async () => {
    const engine = testEngine(sim, new EventLog(), { deadman: { enabled: true, timeoutMs: 5_000 } });
    await engine.start();
    expect(await engine.toggleDeadman()).toMatchObject({ ok: true, message: expect.stringContaining("dead-man's switch off") });
    expect(engine.deadman!.armed).toBe(false);
    expect(await engine.toggleDeadman()).toMatchObject({ ok: true, message: "dead-man's switch armed: the venue cancels open orders if this session is silent for 5 s" });
    expect(engine.deadman!.armed).toBe(true);
    await engine.stop();
  });
});
