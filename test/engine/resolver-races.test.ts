// What may land while the order manager is still resolving a send, against the local venue
// (Binance dialect, streams off): the manager closes while the resolver sleeps out its backoff;
// a cancel is answered while the send is in flight (the order ended at the venue meanwhile).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { PlaceRequest } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { refOf } from '../../src/engine/orders.js';
import { until as untilVenue } from '../support/until.js';
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

/**
 * A ten-minute first backoff wait, taken whole: the resolver is certainly asleep when the test
 * acts, and only what the test does can wake it.
 */
const ASLEEP = { random: () => 1, resolve: { backoff: { firstMs: 600_000 } } };

describe('while a send is being resolved, against the local venue', () => {
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

  it('a cancel answered while the send is in flight (the stop was rejected when it fired): the order ends rejected, the resolution ends there — the send\'s late failure writes nothing onto the order, and the venue is not asked again', async () => {
    const ethBuy: PlaceRequest = { ...marketBuy, symbol: 'ETHUSDT', qty: '0.01' };
    const { manager, sent, answered, book } = observedManager(engine);
    expect((await manager.place(ethBuy).settled).state).toBe('filled');
    const mark = Number((await engine.rest.run(engine.adapter.positions!())).find((p) => p.symbol === 'ETHUSDT')!.markPrice);
    const stopAt = (Math.round(mark * 0.9 * 10) / 10).toFixed(1);
    // The venue takes the stop (a long to reduce), then holds its reply; the reply, once let go, is
    // "not processed" (503 -1001).
    const algo = 'POST /fapi/v1/algoOrder';
    await sim.control.setFaults({ unavailableAfter: { times: 1, scope: algo }, holdAfter: { times: 1, scope: algo } });
    const stop = manager.place({ ...ethBuy, side: 'sell', reduceOnly: true, trigger: { kind: 'stop', price: stopAt, by: 'mark' } });
    const id = stop.intent.clientOrderId;
    const atVenue = () => engine.rest.run(engine.adapter.queryOrder(refOf(stop.intent)));
    await untilVenue(async () => (await sim.control.stats()).faultsFired['holdAfter'] === 1, 'the stop taken, its reply held');
    // Flat, then the mark through the stop: its reduce-only market order has nothing to reduce and
    // is refused, so the venue holds the stop as rejected.
    await engine.rest.run(engine.adapter.placeOrder({ ...ethBuy, side: 'sell', reduceOnly: true, clientOrderId: `${id}f` }));
    await sim.control.setPrice('ETHUSDT', (Math.round(mark * 0.85 * 10) / 10).toFixed(1));
    await untilVenue(async () => (await atVenue()).state === 'rejected', 'the stop rejected when it fired');
    // The cancel meets "Unknown order sent." and asks: rejected. The venue has ended the order, so
    // the cancel ends there too: the order is rejected (pending_cancel → rejected), not put back.
    const asked = answered.length;
    expect((await manager.cancel(id)).state).toBe('rejected');
    expect(answered.slice(asked)).toEqual(['cancelAlgoOrder', 'queryAlgoOrder']);
    expect(book.order(id)?.state).toBe('rejected');
    const afterCancel = sent.length;
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    const order = await stop.settled;
    expect(order.state).toBe('rejected');
    expect(answered).toContain('placeAlgoOrder');
    expect(sent.slice(afterCancel)).toEqual([]);
    expect(order.reason ?? '').not.toContain('-1001');
    expect(manager.counters.sends).toBe(2);
    manager.close();
  });
});
