// The local venue's order flow (`setFlow`, POST /_sim/flow): other participants take the accounts'
// resting orders one step of size at a time, as makers at the order's own price; nothing fills while
// nothing rests; 0 stops it. The soak's fill storm (src/soak/) stands on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpControl, type SimHandle, startSim } from '../../src/sim/index.js';
import { TestClient } from './client.js';

let sim: SimHandle;
let c: TestClient;

beforeAll(async () => {
  sim = await startSim({ seed: 'flow', tickMs: 0 });
  c = new TestClient(sim);
  await sim.control.setPrice('BTCUSDT', '65000');
});
afterAll(() => sim.close());

/** Polls until `check` holds (no fixed sleep; the ceiling only ends a broken run). */
async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, ceilingMs = 20_000): Promise<T> {
  const end = Date.now() + ceilingMs;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('sim order flow', () => {
  it('fills a resting order one step at a time at its own price as a maker, and stops at 0', async () => {
    const control = httpControl(sim.restUrl, sim.controlToken);
    await control.setFlow(200);
    // Nothing rests yet: nothing fills.
    expect((await sim.control.fills()).length).toBe(0);
    const placed = await c.signed('POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1.000', price: '63000.0', newClientOrderId: 'flow-1',
    });
    expect(placed.status).toBe(200);
    const fills = await until(() => sim.control.fills(), (f) => f.length >= 5);
    expect(fills.length).toBeGreaterThanOrEqual(5);
    for (const f of fills) expect(f).toMatchObject({ clientOrderId: 'flow-1', qty: '0.001', price: '63000', maker: true, side: 'BUY' });
    await control.setFlow(0);
    const stopped = (await sim.control.fills()).length;
    // The order is still resting, and a tick later no fill was added.
    await sim.control.tick(1);
    expect((await sim.control.fills()).length).toBe(stopped);
    const order = await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'flow-1' });
    expect(order.json).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: (stopped / 1000).toFixed(3) });
  });

  it('takes a resting reduce-only order only down to flat, then it expires: the flow never flips the position', async () => {
    await c.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
    const positionAmt = async () => {
      const risk = (await c.signed('GET', '/fapi/v2/positionRisk', { symbol: 'BTCUSDT' })).json as Array<{ positionAmt: string }>;
      return risk[0]?.positionAmt ?? '0';
    };
    await c.signed('POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.003', newClientOrderId: 'flow-long' });
    // The long: 0.003 and whatever the first test's buy filled.
    const long = Number(await positionAmt());
    expect(long).toBeGreaterThanOrEqual(0.003);
    const base = (await sim.control.fills()).length;
    // Reduce-only and larger than the long: only the long's size of it may ever fill.
    const placed = await c.signed('POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: (long + 0.002).toFixed(3), price: '67000.0', reduceOnly: 'true', newClientOrderId: 'flow-ro',
    });
    expect(placed.json).toMatchObject({ status: 'NEW' });
    await sim.control.setFlow(200);
    const status = async () => (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'flow-ro' })).json as { status: string; executedQty: string };
    const end = await until(status, (o) => o.status === 'EXPIRED');
    await sim.control.setFlow(0);
    expect(end).toMatchObject({ status: 'EXPIRED', executedQty: long.toFixed(3) });
    const taken = (await sim.control.fills()).slice(base).filter((f) => f.clientOrderId === 'flow-ro');
    expect(taken.length).toBe(Math.round(long * 1000));
    expect(Number(await positionAmt())).toBe(0);
  });

  it('refuses a rate that is not a number ≥ 0', async () => {
    await expect(sim.control.setFlow(-1)).rejects.toThrow('fills per second must be a number ≥ 0, got -1');
    const control = httpControl(sim.restUrl, sim.controlToken);
    await expect(control.setFlow(Number.NaN)).rejects.toThrow(/HTTP 400/);
  });
});
