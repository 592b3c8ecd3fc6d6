// A send whose failure comes after the venue has reported its order, against the local venue
// (Binance dialect) with the user stream on. The venue fills the order and pushes it, then answers
// the send with its own "not processed" 503 (-1001: the `unavailableAfter` fault — Binance's
// general API docs say any 5XX may have executed). The reply is held until the book has the
// stream's report, so the failure is read second, every run.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';
import { SIM_STREAM_OPTIONS } from './stream-helpers.js';

let sim: SimHandle;
let engine: Engine;
const log = new EventLog();
const ticket = ticketFor('BTCUSDT', '0.002');

describe('a send whose failure comes after the venue reported the order, against the local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim({ seed: 43 });
    engine = testEngine(sim, log, SIM_STREAM_OPTIONS);
    await engine.start();
    await until(
      () => engine.streams.length > 0 && engine.streams.every((s) => s.state === 'live'),
      undefined,
      'live streams',
    );
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('"not processed" (503 -1001) after the stream reported the fill: the order stays as reported, the failure\'s words not written onto it, nothing asked, nothing re-sent', async () => {
    const before = { ...engine.orders.counters };
    await sim.control.setFaults({ unavailableAfter: { times: 1 }, holdAfter: { times: 1 } });
    const r = await engine.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId!;
    await until(() => engine.account.order(id)?.state === 'filled', undefined, "the stream's report of the fill");
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    const order = await engine.orders.get(id)!.settled;
    expect((await sim.control.stats()).faultsFired['unavailableAfter']).toBe(1);
    expect(order).toMatchObject({ state: 'filled', filledQty: '0.002' });
    expect(order.reason).toBeUndefined();
    // What the trader saw: the fill, never the venue's "unable to process" on it.
    const seen = log.of('order').filter((e) => e.order.clientOrderId === id);
    expect(seen.filter((e) => e.order.reason !== undefined)).toEqual([]);
    expect(engine.orders.counters.sends - before.sends).toBe(1);
    expect(engine.orders.counters.queries - before.queries).toBe(0);
    expect(engine.orders.counters.resent - before.resent).toBe(0);
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
  });
});
