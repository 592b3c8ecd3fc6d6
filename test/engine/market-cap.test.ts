// The slippage cap on market orders against the local venue: a market order leaves as an IOC limit
// N % through the reference price, on the tick, and fills inside it; the book keeps it a market
// order; without a price to cap from it is refused with the reason and nothing reaches the venue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gt, lte, mul } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { hlEngine, marketLive, startHlSim } from './hyperliquid-helpers.js';
import { EventLog, settledOf, startTestSim, testEngine } from './rest-helpers.js';

const market = (symbol: string, qty: string) => ({ symbol, side: 'buy' as const, type: 'market' as const, qty, reduceOnly: false, postOnly: false });

describe('a capped market order on the Binance dialect', () => {
  let sim: SimHandle;
  let engine: Engine;
  beforeAll(async () => {
    sim = await startTestSim();
    engine = testEngine(sim, new EventLog(), { slippagePct: '2', streams: true });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('leaves as an IOC limit 2 % above the mid, fills inside it, and stays a market order in the book', async () => {
    // The local venue pushes the book on its ticks: tick until the engine holds a streamed quote.
    for (let i = 0; i < 300 && engine.signContext().referencePrice?.('BTCUSDT') === undefined; i++) {
      await sim.control.tick();
      await new Promise((r) => setTimeout(r, 10));
    }
    const mid = engine.signContext().referencePrice!('BTCUSDT')!;
    const r = await engine.place(market('BTCUSDT', '0.002'));
    const o = await settledOf(engine, r);
    expect(o).toMatchObject({ type: 'market', state: 'filled', filledQty: '0.002' });
    const sent = (await sim.control.acceptedOrders()).find((a) => a.clientOrderId === o.clientOrderId)!;
    expect(sent.type).toMatch(/LIMIT/);
    expect(lte(sent.price, mul(mid, '1.02'))).toBe(true);
    expect(gt(sent.price, mid)).toBe(true);
    expect(lte(o.avgPrice, sent.price)).toBe(true);
  });
});

describe('a market order with no price to cap from', () => {
  let sim: SimHandle;
  let engine: Engine;
  beforeAll(async () => {
    sim = await startTestSim();
    // No streams, no position, and this venue has no REST quote: nothing to price the cap from.
    engine = testEngine(sim, new EventLog(), { slippagePct: '2' });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('is refused with the reason; nothing reaches the venue', async () => {
    const o = await settledOf(engine, await engine.place(market('BTCUSDT', '0.002')));
    expect(o.state).toBe('rejected');
    expect(o.reason).toMatch(/no price for BTCUSDT yet, and its 2 % slippage cap is priced from one/);
    expect(await sim.control.acceptedOrders()).toEqual([]);
  });
});

describe('a capped market order on the Hyperliquid dialect', () => {
  let sim: SimHandle;
  let engine: Engine;
  beforeAll(async () => {
    sim = await startHlSim();
    engine = hlEngine(sim, new EventLog(), { slippagePct: '1' });
    await engine.start();
    await marketLive(engine, sim);
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it("is priced at the account's cap (1 %), not the adapter's own 3 %", async () => {
    const mid = engine.signContext().referencePrice!('BTC')!;
    const o = await settledOf(engine, await engine.place(market('BTC', '0.002')));
    expect(o).toMatchObject({ type: 'market', state: 'filled' });
    const sent = (await sim.control.acceptedOrders()).find((a) => a.clientOrderId === o.clientOrderId)!;
    expect(lte(sent.price, mul(mid, '1.01'))).toBe(true);
    expect(gt(sent.price, mid)).toBe(true);
  });
});
