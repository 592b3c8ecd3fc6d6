// The engine's order side against the Kraken local venue (spot): the twin of bybit-orders.test.ts
// without what spot has no use for (reduce-only, flatten of a position). Exactly one order per
// intent under every reply fault: a placement whose answer was lost is found by its cl_ord_id among
// the open orders, then the closed ones (a market order fills at once, and Kraken lets a closed
// order's cl_ord_id be used again: taking it for never placed would place it twice).
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import { krakenEngine, krakenPriceAt, nonceDir, startKrakenSim, SYMBOL } from './kraken-helpers.js';
import { EventLog, expectOnePerIntentUnderFaults, settledOf, ticketFor } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const KEY_FILE = join(nonceDir(), 'key.json');
const ticket = ticketFor(SYMBOL, '0.002');

/** With streams off, reconcile passes are how the engine learns fills (the AddOrder ack says only the txid). */
async function learn(id: string): Promise<string> {
  for (let i = 0; i < 5; i++) {
    await engine.resyncer.pass('periodic').catch(() => undefined);
    const state = engine.orders.get(id)?.order.state;
    if (state === 'filled' || state === 'canceled' || state === 'rejected') return state;
  }
  return engine.orders.get(id)?.order.state ?? 'missing';
}

describe('orders through the engine against the Kraken local venue', () => {
  beforeAll(async () => {
    sim = await startKrakenSim();
    engine = krakenEngine(sim, new EventLog(), KEY_FILE);
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('knows the spot pair, then places, fills, cancels and cancels all', async () => {
    expect(engine.instrument).toMatchObject({ symbol: SYMBOL, kind: 'spot', tickSize: '0.1', stepSize: '0.00000001' });
    const bought = await settledOf(engine, await engine.place(ticket({})));
    expect(['new', 'filled']).toContain(bought.state);
    expect(await learn(bought.clientOrderId)).toBe('filled');

    const price = await krakenPriceAt(sim, 0.97);
    const resting = await settledOf(engine, await engine.place(ticket({ type: 'limit', price, postOnly: true })));
    expect(resting).toMatchObject({ state: 'new', postOnly: true });
    expect(await engine.cancel(resting.clientOrderId)).toMatchObject({ ok: true });
    expect(await learn(resting.clientOrderId)).toBe('canceled');

    const many = await Promise.all(Array.from({ length: 12 }, () => engine.place(ticket({ type: 'limit', price }))));
    await Promise.all(many.map((r) => settledOf(engine, r)));
    expect(await engine.cancelAll()).toMatchObject({ ok: true });
    expect(await engine.rest.run(kraken.openOrders(SYMBOL))).toEqual([]);
  });

  it('definite refusals are rejected with the venue word; bad tickets never leave', async () => {
    const broke = await settledOf(engine, await engine.place(ticket({ qty: '500' })));
    expect(broke.state).toBe('rejected');
    expect(broke.reason).toMatch(/EOrder:Insufficient funds/);
    const sent = (await sim.control.stats()).httpRequests;
    expect(await engine.place(ticket({ qty: '-1' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ type: 'limit' }))).toMatchObject({ ok: false });
    expect((await sim.control.stats()).httpRequests).toBe(sent);
  });

  it('200 orders with responses dropped after accept, 5xx before and after, and unknown status: exactly one order per intent', async () => {
    const e = krakenEngine(sim, new EventLog(), KEY_FILE, { resolve: { settleMs: 1_500, maxSends: 6, backoff: { firstMs: 20, baseMs: 60, capMs: 400 } } });
    await engine.stop();
    await e.start();
    try {
      await expectOnePerIntentUnderFaults(sim, e, ticket, () => krakenPriceAt(sim, 0.95));
      await e.cancelAll();
    } finally {
      await e.stop();
      engine = krakenEngine(sim, new EventLog(), KEY_FILE);
      await engine.start();
    }
  }, 300_000);
});
