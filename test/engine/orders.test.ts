import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mul, round } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import { AccountState } from '../../src/engine/account.js';
import { OrderManager } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, expectOnePerIntentUnderFaults, positionQtyOf, settledOf, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
let log: EventLog;

/** A price `factor` × the current bid, on the 0.10 tick. */
async function priceAt(factor: string): Promise<string> {
  const t = (await (await fetch(`${sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as { bidPrice: string };
  return round(mul(t.bidPrice, factor), 1, 'half_even');
}

const ticket = ticketFor('BTCUSDT', '0.002');

describe('orders through the engine against the local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    log = new EventLog();
    engine = testEngine(sim, log);
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('places, fills, cancels, cancels all and flattens', async () => {
    const bought = await settledOf(engine, await engine.place(ticket({ qty: '0.004' })));
    expect(bought).toMatchObject({ state: 'filled', filledQty: '0.004' });
    expect(await positionQtyOf(engine, 'BTCUSDT')).toBe('0.004');

    const price = await priceAt('0.97');
    const resting = await settledOf(engine, await engine.place(ticket({ type: 'limit', price, qty: '0.002', postOnly: true })));
    expect(resting).toMatchObject({ state: 'new', postOnly: true });
    expect(await engine.cancel(resting.clientOrderId)).toMatchObject({ ok: true });
    expect(engine.orders.get(resting.clientOrderId)!.order.state).toBe('canceled');

    const three = await Promise.all([1, 2, 3].map(() => engine.place(ticket({ type: 'limit', price }))));
    await Promise.all(three.map((r) => settledOf(engine, r)));
    expect(await engine.cancelAll()).toMatchObject({ ok: true });
    for (const r of three) expect(engine.orders.get(r.ok ? r.clientOrderId! : '')!.order.state).toBe('canceled');
    expect(await engine.rest.run(engine.adapter.openOrders('BTCUSDT'))).toEqual([]);

    const flat = await engine.flatten();
    expect(flat).toMatchObject({ ok: true });
    expect(flat.ok && flat.clientOrderId).toBeTruthy();
    const closing = await engine.orders.get(flat.ok ? flat.clientOrderId! : '')!.settled;
    expect(closing).toMatchObject({ side: 'sell', reduceOnly: true, type: 'market', state: 'filled', filledQty: '0.004' });
    expect(await positionQtyOf(engine, 'BTCUSDT')).toMatch(/^0(\.0*)?$/);
    expect(await engine.flatten()).toMatchObject({ ok: true, message: 'BTCUSDT: already flat' });
  });

  it('definite refusals are rejected with the venue message; bad tickets never leave', async () => {
    const price = await priceAt('1.01');
    const taker = await settledOf(engine, await engine.place(ticket({ type: 'limit', price, postOnly: true })));
    expect(['rejected', 'expired']).toContain(taker.state);
    const reduce = await settledOf(engine, await engine.place(ticket({ side: 'sell', reduceOnly: true })));
    expect(reduce.state).toBe('rejected');
    expect(reduce.reason).toMatch(/-2022|reduce/i);
    const sent = (await sim.control.stats()).httpRequests;
    expect(await engine.place(ticket({ qty: '-1' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ qty: '0.0021' }))).toMatchObject({ ok: false });
    expect(await engine.place(ticket({ type: 'limit' }))).toMatchObject({ ok: false });
    expect((await sim.control.stats()).httpRequests).toBe(sent);
  });

  it('a duplicate-id reply means already placed: the order is found by query, not placed twice', async () => {
    const price = await priceAt('0.96');
    const id = 'qdDUPLICATE0001';
    await engine.rest.run(
      engine.adapter.placeOrder({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.002', price, reduceOnly: false, postOnly: false, clientOrderId: id }),
    );
    const manager = new OrderManager({
      adapter: engine.adapter,
      run: engine.rest.run,
      newClientOrderId: () => id,
      book: new AccountState({ sink: { push: () => undefined } }),
      emit: () => undefined,
      resolve: { backoff: { firstMs: 10, baseMs: 20, capMs: 50 } },
    });
    const tracked = manager.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.002', price, reduceOnly: false, postOnly: false });
    const order = await tracked.settled;
    expect(order).toMatchObject({ state: 'new', clientOrderId: id });
    expect(order.venueOrderId).toBeDefined();
    expect(manager.counters).toMatchObject({ sends: 1, resent: 0 });
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    manager.close();
    await engine.rest.run(engine.adapter.cancelAll('BTCUSDT'));
  });

  it('200 orders with responses dropped after accept, 5xx before and after, and -1007: exactly one order per intent', async () => {
    const e = testEngine(sim, new EventLog(), { resolve: { settleMs: 1_500, maxSends: 6, backoff: { firstMs: 20, baseMs: 60, capMs: 400 } } });
    await e.start();
    await expectOnePerIntentUnderFaults(sim, e, ticket, () => priceAt('0.95'));
    await e.rest.run(e.adapter.cancelAll('BTCUSDT'));
    await e.stop();
  }, 120_000);

  it('the account mirror and the store events see every order change', async () => {
    const r = await engine.place(ticket({ qty: '0.002' }));
    const order = await settledOf(engine, r);
    await until(() => log.of('order').some((ev) => ev.order.clientOrderId === order.clientOrderId && ev.order.state === 'filled'));
    const states = log.of('order').filter((ev) => ev.order.clientOrderId === order.clientOrderId).map((ev) => ev.order.state);
    expect(states[0]).toBe('pending_new');
    expect(states.at(-1)).toBe('filled');
    expect(engine.account.order(order.clientOrderId)?.state).toBe('filled');
    await engine.flatten();
  });
});
