// The engine's order side against the OKX local venue: the twins of orders.test.ts (Binance).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { AccountState } from '../../src/engine/account.js';
import { OrderManager } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { INST, okxEngine, okxPriceAt, startOkxSim } from './okx-helpers.js';
import { EventLog, expectOnePerIntentUnderFaults, positionQtyOf, settledOf, ticketFor, until } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
let log: EventLog;

const ticket = ticketFor(INST, '1');

/**
 * With streams off, reconcile passes are how the engine learns fills (the OKX ack says only
 * "accepted"); on a loaded machine one pass may spend its query budget on other orders first.
 */
async function learn(id: string): Promise<string> {
  for (let i = 0; i < 5; i++) {
    await engine.resyncer.pass('periodic').catch(() => undefined);
    const state = engine.orders.get(id)!.order.state;
    if (state === 'filled' || state === 'canceled' || state === 'rejected') return state;
  }
  return engine.orders.get(id)!.order.state;
}

describe('orders through the engine against the OKX local venue', () => {
  beforeAll(async () => {
    sim = await startOkxSim();
    log = new EventLog();
    engine = okxEngine(sim, log);
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('knows the swap in contracts, then places, fills, cancels, cancels all and flattens', async () => {
    expect(engine.instrument).toMatchObject({ symbol: INST, contractSize: '0.01', stepSize: '0.1', tickSize: '0.1' });
    const bought = await settledOf(engine, await engine.place(ticket({ qty: '2' })));
    // The OKX ack says only "accepted" (streams are off here): a reconcile pass learns the fill.
    // (On a loaded machine the ack may time out; the query that resolves it then says "filled".)
    expect(['new', 'filled']).toContain(bought.state);
    expect(await learn(bought.clientOrderId)).toBe('filled');
    expect(await positionQtyOf(engine, INST)).toBe('2');

    const price = await okxPriceAt(sim, 0.97);
    const resting = await settledOf(engine, await engine.place(ticket({ type: 'limit', price, qty: '1', postOnly: true })));
    expect(resting).toMatchObject({ state: 'new', postOnly: true });
    expect(await engine.cancel(resting.clientOrderId)).toMatchObject({ ok: true, message: `${resting.clientOrderId}: canceled` });
    expect(engine.orders.get(resting.clientOrderId)!.order.state).toBe('canceled');

    // OKX has no cancel-all for swaps: the engine lists the open orders and cancels them in batches.
    const many = await Promise.all(Array.from({ length: 23 }, () => engine.place(ticket({ type: 'limit', price }))));
    await Promise.all(many.map((r) => settledOf(engine, r)));
    expect(await engine.cancelAll()).toMatchObject({ ok: true });
    for (const r of many) expect(engine.orders.get(r.ok ? r.clientOrderId! : '')!.order.state).toBe('canceled');
    expect(await engine.rest.run(engine.adapter.openOrders(INST))).toEqual([]);

    const flat = await engine.flatten();
    expect(flat).toMatchObject({ ok: true });
    const closing = await engine.orders.get(flat.ok ? flat.clientOrderId! : '')!.settled;
    expect(closing).toMatchObject({ side: 'sell', reduceOnly: true, type: 'market' });
    expect(await learn(closing.clientOrderId)).toBe('filled');
    expect(await positionQtyOf(engine, INST)).toBe('0');
    expect(await engine.flatten()).toMatchObject({ ok: true, message: `${INST}: already flat` });
  });

  it('definite refusals are rejected with the venue code; bad tickets never leave', async () => {
    const reduce = await settledOf(engine, await engine.place(ticket({ side: 'sell', reduceOnly: true })));
    expect(reduce.state).toBe('rejected');
    expect(reduce.reason).toMatch(/51169/);
    const sent = (await sim.control.stats()).httpRequests;
    expect(await engine.place(ticket({ qty: '-1' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ qty: '0.15' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ type: 'limit' }))).toMatchObject({ ok: false });
    expect((await sim.control.stats()).httpRequests).toBe(sent);
  });

  it('51016 (clOrdId taken) means already placed: the order is found by query, not placed twice', async () => {
    const price = await okxPriceAt(sim, 0.96);
    const id = 'qdDUPLICATE0001';
    await engine.rest.run(
      engine.adapter.placeOrder({ symbol: INST, side: 'buy', type: 'limit', qty: '1', price, reduceOnly: false, postOnly: false, clientOrderId: id }),
    );
    const manager = new OrderManager({
      adapter: engine.adapter,
      run: engine.rest.run,
      newClientOrderId: () => id,
      book: new AccountState({ sink: { push: () => undefined } }),
      emit: () => undefined,
      resolve: { backoff: { firstMs: 10, baseMs: 20, capMs: 50 } },
    });
    const tracked = manager.place({ symbol: INST, side: 'buy', type: 'limit', qty: '1', price, reduceOnly: false, postOnly: false });
    const order = await tracked.settled;
    expect(order).toMatchObject({ state: 'new', clientOrderId: id });
    expect(order.venueOrderId).toBeDefined();
    expect(manager.counters).toMatchObject({ sends: 1, resent: 0 });
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    manager.close();
    await engine.cancelAll();
  });

  it('200 orders with responses dropped after accept, 5xx before and after, and 50004: exactly one order per intent', async () => {
    const e = okxEngine(sim, new EventLog(), { resolve: { settleMs: 1_500, maxSends: 6, backoff: { firstMs: 20, baseMs: 60, capMs: 400 } } });
    await e.start();
    await expectOnePerIntentUnderFaults(sim, e, ticket, () => okxPriceAt(sim, 0.95));
    await e.cancelAll();
    await e.flatten();
    await e.stop();
  }, 120_000);

  it('the account mirror and the store events see every order change', async () => {
    // The 200-order test just spent this account's venue-side 2 s windows from another engine
    // (budgets are per engine, limits per account): let them turn.
    await new Promise((r) => setTimeout(r, 2_100));
    const r = await engine.place(ticket({ qty: '1' }));
    const order = await settledOf(engine, r);
    // The ack says "live"; the query after resolution or the reconcile tells "filled".
    expect(await learn(order.clientOrderId)).toBe('filled');
    await until(() => log.of('order').some((ev) => ev.order.clientOrderId === order.clientOrderId && ev.order.state === 'filled'), 5_000, 'filled');
    const states = log.of('order').filter((ev) => ev.order.clientOrderId === order.clientOrderId).map((ev) => ev.order.state);
    expect(states[0]).toBe('pending_new');
    expect(states.at(-1)).toBe('filled');
    expect(engine.account.order(order.clientOrderId)?.state).toBe('filled');
    await engine.flatten();
  });
});
