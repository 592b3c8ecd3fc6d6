// What may happen while the order manager's resolver sleeps out its backoff, against the local
// venue (Binance dialect, streams off): the manager closes. Every wait is its ceiling
// (random 1) and the first is ten minutes, so the resolver is certainly asleep when the test acts,
// and only what the test does can wake it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { PlaceRequest } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { observedManager } from './orders-helpers.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

let sim: SimHandle;
/** Streams off: its adapter and REST path carry the managers these tests build. */
let engine: Engine;

const marketBuy: PlaceRequest = {
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'market',
  qty: '0.002',
  reduceOnly: false,
  postOnly: false,
};

/** A ten-minute first backoff wait, taken whole. */
const ASLEEP = { random: () => 1, resolve: { backoff: { firstMs: 600_000 } } };

describe("the resolver's backoff sleep, against the local venue", () => {
  beforeAll(async () => {
    sim = await startTestSim({ seed: 41 });
    engine = testEngine(sim, new EventLog());
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('a manager closed while the resolver sleeps wakes it and stops it: not one status query after, the order left unknown', async () => {
    // The venue fills the order and drops the reply: the send is ambiguous, the resolver sleeps.
    await sim.control.setFaults({ dropResponse: { times: 1 } });
    const { manager, sent, answered, book } = observedManager(engine, ASLEEP);
    const t = manager.place(marketBuy);
    const id = t.intent.clientOrderId;
    await until(() => answered.includes('placeOrder') && book.order(id)?.state === 'unknown', undefined, 'the ambiguous send');
    // The send's failure reached the resolver in the same turn; it is asleep now.
    manager.close();
    const order = await t.settled;
    expect(order.state).toBe('unknown');
    expect(sent.map((s) => s.split(' ')[0])).toEqual(['placeOrder']);
    expect(manager.counters.queries).toBe(0);
    expect(manager.counters.unresolved).toBe(0);
    // It was placed: sell it back.
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    await engine.rest.run(engine.adapter.placeOrder({ ...marketBuy, side: 'sell', clientOrderId: `${id}b` }));
  });
});
