// Cancel-all where the venue has none (list, then cancel in batches) against a venue that cancels
// only part of a batch: the local venue's `batchCancelMax` fault answers the rest of each batch
// with Hyperliquid's per-status cancel error and leaves those orders open. The manager lists again
// after each round and stops when the list no longer shrinks, or after ten rounds: what is left
// is for reconcile, never an endless loop on the trader's keypress.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { PlaceRequest } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { COIN, hlEngine, hlPriceAt, marketLive, startHlSim } from './hyperliquid-helpers.js';
import { type ObservedManager, observedManager } from './orders-helpers.js';
import { EventLog } from './rest-helpers.js';
import { until as untilVenue } from '../support/until.js';

let sim: SimHandle;
let engine: Engine;
let m: ObservedManager;

beforeAll(async () => {
  sim = await startHlSim({ seed: 14 });
  engine = hlEngine(sim, new EventLog());
  await engine.start();
  await marketLive(engine, sim);
  // Hyperliquid's cloid is 0x + 32 lower-case hex digits; a run-unique head keeps ids apart.
  const head = Date.now().toString(16).padStart(16, '0');
  let n = 0;
  m = observedManager(engine, { newClientOrderId: () => `0x${head}${(++n).toString(16).padStart(16, '0')}` });
});
afterAll(async () => {
  m?.manager.close();
  await engine?.stop();
  await sim?.close();
});
afterEach(async () => {
  await sim.control.clearFaults();
  // Whatever a test left open goes, so the next one starts from an empty book at the venue.
  await m.manager.cancelAll(COIN);
});

/** `n` resting buys, each settled `new`. */
async function resting(n: number): Promise<string[]> {
  const price = await hlPriceAt(sim, '0.97');
  const ticket: PlaceRequest = { symbol: COIN, side: 'buy', type: 'limit', qty: '0.001', price, reduceOnly: false, postOnly: false };
  const placed = Array.from({ length: n }, () => m.manager.place(ticket));
  for (const t of placed) expect(await t.settled).toMatchObject({ state: 'new' });
  return placed.map((t) => t.intent.clientOrderId);
}

async function openAtVenue(): Promise<string[]> {
  return (await engine.rest.run(engine.adapter.openOrders(COIN))).map((o) => o.clientOrderId);
}

/** The cancel-all's list and batch requests, from the manager's record of what it sent since `from`. */
function listsAndBatches(from: number): { lists: number; batches: number } {
  const sent = m.sent.slice(from);
  return {
    lists: sent.filter((s) => s === 'openOrders critical').length,
    batches: sent.filter((s) => s === 'cancelBatch critical').length,
  };
}

describe('cancel-all in batches against a venue that cancels part of each batch (Hyperliquid dialect)', () => {
  it('a venue that cancels nothing of a batch: the batch is refused, one list and one batch, the orders stay open', async () => {
    const ids = await resting(3);
    await sim.control.setFaults({ batchCancelMax: 0 });
    const from = m.sent.length;
    expect(await m.manager.cancelAll(COIN)).toBe(3);
    expect(listsAndBatches(from)).toEqual({ lists: 1, batches: 1 });
    expect((await openAtVenue()).sort()).toEqual([...ids].sort());
  });

  it('a list that stops shrinking (one canceled, one new order meanwhile): the second round lists, sees as many, and stops', async () => {
    await resting(3);
    const held = (await sim.control.stats()).faultsFired['hold'] ?? 0;
    await sim.control.setFaults({ batchCancelMax: 1, hold: { times: 1, scope: 'cancel' } });
    const from = m.sent.length;
    const done = m.manager.cancelAll(COIN);
    await untilVenue(async () => (await sim.control.stats()).faultsFired['hold'] === held + 1, 'the batch cancel held at the venue');
    // Placed by another hand while the batch is in flight: the venue's list does not shrink.
    const [late] = await resting(1);
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    expect(await done).toBe(3);
    expect(listsAndBatches(from)).toEqual({ lists: 2, batches: 1 });
    const left = await openAtVenue();
    expect(left).toHaveLength(3);
    expect(left).toContain(late);
  });

  it('a venue that cancels one order a batch, with twelve open: exactly ten rounds, the last two left for reconcile', async () => {
    const ids = await resting(12);
    await sim.control.setFaults({ batchCancelMax: 1 });
    const from = m.sent.length;
    expect(await m.manager.cancelAll(COIN)).toBe(12);
    expect(listsAndBatches(from)).toEqual({ lists: 10, batches: 10 });
    const left = await openAtVenue();
    expect(left).toHaveLength(2);
    for (const id of left) expect(ids).toContain(id);
  });
});
