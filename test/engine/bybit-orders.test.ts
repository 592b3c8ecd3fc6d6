// The engine's order side against the Bybit local venue: the twins of orders.test.ts (Binance) and
// okx-orders.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountState } from '../../src/engine/account.js';
import type { Engine } from '../../src/engine/engine.js';
import { OrderManager } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bybitEngine, bybitPriceAt, startBybitSim, SYMBOL } from './bybit-helpers.js';
import { EventLog, expectOnePerIntentUnderFaults, positionQtyOf, settledOf, ticketFor, until } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
let log: EventLog;

const ticket = ticketFor(SYMBOL, '0.010');

/** With streams off, reconcile passes are how the engine learns fills (the create ack says only ids). */
async function learn(id: string): Promise<string> {
  for (let i = 0; i < 5; i++) {
    await engine.resyncer.pass('periodic').catch(() => undefined);
    const state = engine.orders.get(id)!.order.state;
    if (state === 'filled' || state === 'canceled' || state === 'rejected') return state;
  }
  return engine.orders.get(id)!.order.state;
}

describe('orders through the engine against the Bybit local venue', () => {
  beforeAll(async () => {
    sim = await startBybitSim();
    log = new EventLog();
    engine = bybitEngine(sim, log);
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('knows the perpetual, then places, fills, cancels, cancels all and flattens', async () => {
    expect(engine.instrument).toMatchObject({ symbol: SYMBOL, kind: 'perp', tickSize: '0.10', stepSize: '0.001' });
    const bought = await settledOf(engine, await engine.place(ticket({})));
    expect(['new', 'filled']).toContain(bought.state);
    expect(await learn(bought.clientOrderId)).toBe('filled');
    expect(await positionQtyOf(engine, SYMBOL)).toBe('0.010');

    const price = await bybitPriceAt(sim, 0.97);
    const resting = await settledOf(engine, await engine.place(ticket({ type: 'limit', price, postOnly: true })));
    expect(resting).toMatchObject({ state: 'new', postOnly: true });
    expect(await engine.cancel(resting.clientOrderId)).toMatchObject({ ok: true, message: `${resting.clientOrderId}: canceled` });
    expect(engine.orders.get(resting.clientOrderId)!.order.state).toBe('canceled');

    const many = await Promise.all(Array.from({ length: 12 }, () => engine.place(ticket({ type: 'limit', price }))));
    await Promise.all(many.map((r) => settledOf(engine, r)));
    expect(await engine.cancelAll()).toMatchObject({ ok: true });
    for (const r of many) expect(engine.orders.get(r.ok ? r.clientOrderId! : '')!.order.state).toBe('canceled');
    expect(await engine.rest.run(engine.adapter.openOrders(SYMBOL))).toEqual([]);

    const flat = await engine.flatten();
    expect(flat).toMatchObject({ ok: true });
    const closing = await engine.orders.get(flat.ok ? flat.clientOrderId! : '')!.settled;
    expect(closing).toMatchObject({ side: 'sell', reduceOnly: true, type: 'market' });
    expect(await learn(closing.clientOrderId)).toBe('filled');
    expect(await positionQtyOf(engine, SYMBOL)).toBe('0');
    expect(await engine.flatten()).toMatchObject({ ok: true, message: `${SYMBOL}: already flat` });
  });

  it('definite refusals are rejected with the venue code; bad tickets never leave', async () => {
    const reduce = await settledOf(engine, await engine.place(ticket({ side: 'sell', reduceOnly: true })));
    expect(reduce.state).toBe('rejected');
    expect(reduce.reason).toMatch(/110017/);
    const sent = (await sim.control.stats()).httpRequests;
    expect(await engine.place(ticket({ qty: '-1' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ qty: '0.0105' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ type: 'limit' }))).toMatchObject({ ok: false });
    expect((await sim.control.stats()).httpRequests).toBe(sent);
  });

  it('110072 (orderLinkId taken) means already placed: the order is found by query, not placed twice', async () => {
    const price = await bybitPriceAt(sim, 0.96);
    const id = 'qd-DUPLICATE-0001';
    await engine.rest.run(
      engine.adapter.placeOrder({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.010', price, reduceOnly: false, postOnly: false, clientOrderId: id }),
    );
    const manager = new OrderManager({
      adapter: engine.adapter,
      run: engine.rest.run,
      newClientOrderId: () => id,
      book: new AccountState({ sink: { push: () => undefined } }),
      emit: () => undefined,
      resolve: { backoff: { firstMs: 10, baseMs: 20, capMs: 50 } },
    });
    const tracked = manager.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.010', price, reduceOnly: false, postOnly: false });
    const order = await tracked.settled;
    expect(order).toMatchObject({ state: 'new', clientOrderId: id });
    expect(order.venueOrderId).toBeDefined();
    expect(manager.counters).toMatchObject({ sends: 1, resent: 0 });
    expect((await sim.control.stats()).errors['110072']).toBeGreaterThanOrEqual(1);
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    manager.close();
    await engine.cancelAll();
  });

  it('200 orders with responses dropped after accept, 5xx before and after, and 10000: exactly one order per intent', async () => {
    const e = bybitEngine(sim, new EventLog(), { resolve: { settleMs: 1_500, maxSends: 6, backoff: { firstMs: 20, baseMs: 60, capMs: 400 } } });
    await e.start();
    await expectOnePerIntentUnderFaults(sim, e, ticket, () => bybitPriceAt(sim, 0.95));
    await e.cancelAll();
    await e.flatten();
    await e.stop();
  }, 180_000);

  it('the account mirror and the store events see every order change', async () => {
    const r = await engine.place(ticket({}));
    const order = await settledOf(engine, r);
    expect(await learn(order.clientOrderId)).toBe('filled');
    await until(() => log.of('order').some((ev) => ev.order.clientOrderId === order.clientOrderId && ev.order.state === 'filled'), 5_000, 'filled');
    const states = log.of('order').filter((ev) => ev.order.clientOrderId === order.clientOrderId).map((ev) => ev.order.state);
    expect(states[0]).toBe('pending_new');
    expect(states.at(-1)).toBe('filled');
    expect(engine.account.order(order.clientOrderId)?.state).toBe('filled');
    await engine.flatten();
  });
});
