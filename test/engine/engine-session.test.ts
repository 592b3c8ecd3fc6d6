import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mul, round } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

describe('a whole session through the engine: streams, orders, fills, dead-man, clean exit', () => {
  let sim: SimHandle;
  let engine: Engine;
  const log = new EventLog();

  beforeAll(async () => {
    sim = await startTestSim({ tickMs: 50 });
    engine = testEngine(sim, log, {
      streams: true,
      deadman: { enabled: true, timeoutMs: 10_000 },
      reconcileEveryMs: 0,
      riskEveryMs: 0,
      stream: { backoff: { firstMs: 20, baseMs: 50, capMs: 200 } },
    });
    await engine.start();
    await until(() => engine.streams.every((s) => s.state === 'live'), 10_000, 'every socket live');
  });

  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });

  it('session, clock, budget and dead-man reach the store', () => {
    expect(log.of('session').at(-1)).toMatchObject({ venue: 'binance-usdm', env: 'sim', symbol: 'BTCUSDT' });
    expect(log.of('session').at(-1)?.instrument?.tickSize).toBeDefined();
    expect(log.of('clock').length).toBeGreaterThan(0);
    expect(log.of('budget').length).toBeGreaterThan(0);
    expect(log.of('deadman').at(-1)).toMatchObject({ armed: true, timeoutMs: 10_000 });
    expect(log.of('reconcile').at(0)).toMatchObject({ trigger: 'startup' });
  });

  it('places a market order whose fill arrives on the user stream', async () => {
    const r = await engine.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.003', reduceOnly: false, postOnly: false });
    expect(r.ok).toBe(true);
    const id = r.ok ? r.clientOrderId! : '';
    await until(() => log.of('fill').some((f) => f.fill.clientOrderId === id), 10_000, 'the fill event');
    await until(() => engine.account.allPositions().some((p) => p.symbol === 'BTCUSDT' && p.qty === '0.003'), 10_000, 'position');
  });

  it('cancels a resting order and flattens the position', async () => {
    const t = (await (await fetch(`${sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string };
    const price = round(mul(t.bidPrice, '0.97'), 1, 'half_even');
    const r = await engine.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.002', price, reduceOnly: false, postOnly: true });
    const id = r.ok ? r.clientOrderId! : '';
    expect((await engine.orders.get(id)!.settled).state).toBe('new');
    expect(await engine.cancel(id)).toMatchObject({ ok: true });
    await until(() => engine.account.order(id)?.state === 'canceled', 5_000, 'canceled in the account');
    const flat = await engine.flatten();
    expect(flat.ok).toBe(true);
    await until(() => !engine.account.allPositions().some((p) => p.symbol === 'BTCUSDT'), 10_000, 'flat');
  });

  it('a trader-requested reconnect resyncs and comes back live', async () => {
    const lives = log.of('connection').filter((c) => c.socket === 'user' && c.state === 'live').length;
    expect(await engine.reconnect()).toMatchObject({ ok: true });
    await until(
      () => log.of('connection').filter((c) => c.socket === 'user' && c.state === 'live').length > lives,
      10_000,
      'user socket live again',
    );
    expect(log.of('reconcile').some((e) => e.trigger === 'reconnect')).toBe(true);
  });
});
