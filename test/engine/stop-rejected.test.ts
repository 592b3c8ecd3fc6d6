// A protective order the venue took (answered, `new`) and then rejected when it fired — a
// reduce-only stop with nothing left to reduce — against the local venue (Binance dialect, streams
// off): the venue's "rejected" is the order's end, and the book takes it, whether a reconcile's
// query reports it (new → rejected) or a cancel meets "Unknown order sent." and asks
// (pending_cancel → rejected). With the user stream on, the algo service says TRIGGERING (the
// order ends `triggered`) and then REJECTED with its reason: the book ends it rejected, and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/core/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { OrderManager, PlaceRequest } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { refOf } from '../../src/engine/orders.js';
import { until as untilVenue } from '../support/until.js';
import { observedManager } from './orders-helpers.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';

let sim: SimHandle;
let quiet: Engine;

const ethBuy: PlaceRequest = {
  symbol: 'ETHUSDT',
  side: 'buy',
  type: 'market',
  qty: '0.01',
  reduceOnly: false,
  postOnly: false,
};

/** A long, a reduce-only stop under it (answered: new), then flat and the mark through the stop: the venue rejects it. */
async function stopRejectedWhenFired(
  engine: Engine,
  manager: OrderManager,
): Promise<{ id: string; atVenue: () => Promise<Order> }> {
  expect((await manager.place(ethBuy).settled).state).toBe('filled');
  const mark = Number(
    (await engine.rest.run(engine.adapter.positions!())).find((p) => p.symbol === 'ETHUSDT')!.markPrice,
  );
  const stop = manager.place({
    ...ethBuy,
    side: 'sell',
    reduceOnly: true,
    trigger: { kind: 'stop', price: (Math.round(mark * 0.9 * 10) / 10).toFixed(1), by: 'mark' },
  });
  const id = stop.intent.clientOrderId;
  expect((await stop.settled).state).toBe('new');
  await engine.rest.run(
    engine.adapter.placeOrder({ ...ethBuy, side: 'sell', reduceOnly: true, clientOrderId: `${id}f` }),
  );
  await sim.control.setPrice('ETHUSDT', (Math.round(mark * 0.85 * 10) / 10).toFixed(1));
  const atVenue = () => engine.rest.run(engine.adapter.queryOrder(refOf(stop.intent)));
  await untilVenue(async () => (await atVenue()).state === 'rejected', 'the stop rejected when it fired');
  await sim.control.setPrice('ETHUSDT', mark.toFixed(1));
  return { id, atVenue };
}

describe('a stop rejected when it fired, against the local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim({ seed: 43 });
    quiet = testEngine(sim, new EventLog());
    await quiet.start();
  });
  afterAll(async () => {
    await quiet?.stop();
    await sim?.close();
  });

  it("the venue's report of it, as a reconcile hands it to the book, ends it rejected (new → rejected), nothing refused", async () => {
    const { manager, book } = observedManager(quiet);
    const { id, atVenue } = await stopRejectedWhenFired(quiet, manager);
    expect(book.order(id)?.state).toBe('new');
    expect(book.upsertOrder(await atVenue())).toBe(true);
    expect(book.order(id)?.state).toBe('rejected');
    expect(book.counters.illegalOrders).toBe(0);
    manager.close();
  });

  it('a cancel that meets "Unknown order sent." asks and ends it rejected: no error, not put back as new', async () => {
    const { manager, answered, book, statesOf } = observedManager(quiet);
    const { id, atVenue } = await stopRejectedWhenFired(quiet, manager);
    expect(book.order(id)?.state).toBe('new');
    const asked = answered.length;
    const after = await manager.cancel(id);
    expect(answered.slice(asked)).toEqual(['cancelAlgoOrder', 'queryAlgoOrder']);
    expect(after.state).toBe('rejected');
    expect(after.reason ?? '').not.toContain('cancel failed');
    expect(statesOf(id).slice(-2)).toEqual(['pending_cancel', 'rejected']);
    // A later report of the same end (a reconcile) is taken and changes nothing.
    expect(book.upsertOrder(await atVenue())).toBe(true);
    expect(book.order(id)?.state).toBe('rejected');
    expect(book.counters.illegalOrders).toBe(0);
    manager.close();
  });

  it('streamed: TRIGGERING then REJECTED ends it rejected with the venue\'s reason, not triggered (nothing refused)', async () => {
    const streamed = testEngine(sim, new EventLog(), { streams: true });
    try {
      await streamed.start();
      await untilVenue(() => streamed.streams.every((s) => s.state === 'live'), 'the streamed engine live');
      const { id } = await stopRejectedWhenFired(streamed, streamed.orders);
      const seen = () => streamed.account.order(id);
      await untilVenue(() => seen()?.state === 'rejected', `the stream's REJECTED in the book (it holds ${seen()?.state})`);
      expect(seen()?.reason).toBe('Reduce Only reject');
      expect(streamed.account.counters.illegalOrders).toBe(0);
    } finally {
      await streamed.stop();
    }
  });
});
