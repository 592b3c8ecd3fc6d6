// Ticket flags through the engine against the local venue: an IOC limit that does not cross ends
// expired with nothing resting; one that crosses fills; the engine refuses what no venue takes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mul, round } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, settledOf, startTestSim, testEngine, ticketFor } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const ticket = ticketFor('BTCUSDT', '0.002');

async function book(): Promise<{ bid: string; ask: string }> {
  const t = (await (await fetch(`${sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string; askPrice: string };
  return { bid: t.bidPrice, ask: t.askPrice };
}

describe('IOC and post-only through the engine', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    engine = testEngine(sim, new EventLog());
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });

  it('an IOC limit below the book expires at once; nothing rests', async () => {
    const price = round(mul((await book()).bid, '0.97'), 1, 'half_even');
    const o = await settledOf(engine, await engine.place(ticket({ type: 'limit', price, timeInForce: 'ioc' })));
    expect(o).toMatchObject({ state: 'expired', timeInForce: 'ioc' });
    expect(Number(o.filledQty)).toBe(0);
    expect(await engine.rest.run(engine.adapter.openOrders('BTCUSDT'))).toEqual([]);
  });

  it('an IOC limit through the ask fills', async () => {
    const price = round(mul((await book()).ask, '1.002'), 1, 'half_even');
    const o = await settledOf(engine, await engine.place(ticket({ type: 'limit', price, timeInForce: 'ioc' })));
    expect(o).toMatchObject({ state: 'filled', filledQty: '0.002' });
  });

  it('post-only and IOC at once, or either on a market order, never leave', async () => {
    const sent = (await sim.control.stats()).httpRequests;
    const { bid } = await book();
    expect(await engine.place(ticket({ type: 'limit', price: bid, postOnly: true, timeInForce: 'ioc' }))).toEqual({
      ok: false,
      error: 'an order is post-only or IOC, not both',
    });
    expect(await engine.place(ticket({ timeInForce: 'ioc' }))).toEqual({
      ok: false,
      error: 'a market order takes no price and cannot be post-only or IOC',
    });
    // One request: the book read above.
    expect((await sim.control.stats()).httpRequests).toBe(sent + 1);
  });
});
