// The order manager's way out of orders, against the local venue: cancel (a reply, an
// acknowledgement, a lost reply, an order already gone, a cancel the venue did not process),
// cancel-all (one request where the venue has one, else lists and batches), flatten, and close
// (resolvers stop at once). Every request the manager sends is recorded as it leaves
// (orders-helpers.ts), so each test says exactly what went on the wire.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/core/error-message.js';
import type { Engine } from '../../src/engine/engine.js';
import type { PlaceRequest } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { INST, okxEngine, okxPriceAt, startOkxSim } from './okx-helpers.js';
import { type ObservedManager, observedManager } from './orders-helpers.js';
import { until as untilVenue } from '../support/until.js';
import { EventLog, positionQtyOf, startTestSim, testEngine, until } from './rest-helpers.js';

const btcBuy: PlaceRequest = {
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'market',
  qty: '0.002',
  reduceOnly: false,
  postOnly: false,
};

/** The requests `m` sent from now on. */
function sentFrom(m: ObservedManager): () => string[] {
  const from = m.sent.length;
  return () => m.sent.slice(from);
}

/** A local venue, an engine on it (its adapter and REST path) and an observed manager, for one describe block. */
function venueUnderTest(
  start: () => Promise<SimHandle>,
  make: (sim: SimHandle) => Engine,
): { sim: SimHandle; engine: Engine; m: ObservedManager } {
  const v = {} as { sim: SimHandle; engine: Engine; m: ObservedManager };
  beforeAll(async () => {
    v.sim = await start();
    v.engine = make(v.sim);
    await v.engine.start();
    v.m = observedManager(v.engine);
  });
  afterAll(async () => {
    v.m?.manager.close();
    await v.engine?.stop();
    await v.sim?.close();
  });
  afterEach(async () => {
    await v.sim.control.clearFaults();
  });
  return v;
}

describe('cancel, cancel-all, flatten and close against the local venue (Binance dialect: a cancel reply says canceled; one cancel-all request)', () => {
  const v = venueUnderTest(
    () => startTestSim({ seed: 32 }),
    (sim) => testEngine(sim, new EventLog()),
  );

  async function restingPrice(symbol: string): Promise<string> {
    const t = (await (await fetch(`${v.sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=${symbol}`)).json()) as {
      bidPrice: string;
    };
    return (Math.round(Number(t.bidPrice) * 0.97 * 10) / 10).toFixed(1);
  }

  /** A resting buy, settled `new`. */
  async function resting(symbol = 'BTCUSDT', qty = '0.002'): Promise<string> {
    const t = v.m.manager.place({ ...btcBuy, symbol, qty, type: 'limit', price: await restingPrice(symbol) });
    expect((await t.settled).state).toBe('new');
    return t.intent.clientOrderId;
  }

  async function openAtVenue(symbol: string): Promise<string[]> {
    return (await v.engine.rest.run(v.engine.adapter.openOrders(symbol))).map((o) => o.clientOrderId);
  }

  it('a cancel of an id this manager never placed is refused by name; nothing is sent', async () => {
    await expect(v.m.manager.cancel('qdNOSUCH1')).rejects.toMatchObject({
      name: 'OrderActionError',
      message: 'no order qdNOSUCH1 in this session',
    });
    expect(v.m.sent).toEqual([]);
  });

  it('a cancel of a filled order answers with the order as it is; nothing is sent', async () => {
    const t = v.m.manager.place(btcBuy);
    expect((await t.settled).state).toBe('filled');
    const sent = sentFrom(v.m);
    expect(await v.m.manager.cancel(t.intent.clientOrderId)).toMatchObject({
      clientOrderId: t.intent.clientOrderId,
      state: 'filled',
    });
    expect(sent()).toEqual([]);
    expect(v.m.statesOf(t.intent.clientOrderId)).not.toContain('pending_cancel');
    expect((await v.m.manager.place({ ...btcBuy, side: 'sell' }).settled).state).toBe('filled');
  });

  it('a cancel shows pending_cancel, then takes the end state from the reply alone: one request, no status query', async () => {
    const id = await resting();
    const sent = sentFrom(v.m);
    expect(await v.m.manager.cancel(id)).toMatchObject({ clientOrderId: id, state: 'canceled' });
    expect(sent()).toEqual(['cancelOrder critical']);
    expect(v.m.statesOf(id).slice(-2)).toEqual(['pending_cancel', 'canceled']);
    expect(await openAtVenue('BTCUSDT')).not.toContain(id);
  });

  it('a cancel whose reply is lost is settled by a status query', async () => {
    const id = await resting();
    const sent = sentFrom(v.m);
    await v.sim.control.setFaults({ dropResponse: { times: 1, scope: 'cancel' } });
    expect(await v.m.manager.cancel(id)).toMatchObject({ clientOrderId: id, state: 'canceled' });
    expect((await v.sim.control.stats()).faultsFired['dropResponse']).toBe(1);
    expect(sent()).toEqual(['cancelOrder critical', 'queryOrder critical']);
  });

  it('a cancel of an order the venue closed meanwhile (-2011 unknown order) learns its end state by query', async () => {
    const id = await resting();
    // Canceled behind this manager's back (another terminal, the venue's dead-man).
    await v.engine.rest.run(v.engine.adapter.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: id }));
    const sent = sentFrom(v.m);
    const errors = (await v.sim.control.stats()).errors['-2011'] ?? 0;
    expect(await v.m.manager.cancel(id)).toMatchObject({ clientOrderId: id, state: 'canceled' });
    expect((await v.sim.control.stats()).errors['-2011']).toBe(errors + 1);
    expect(sent()).toEqual(['cancelOrder critical', 'queryOrder critical']);
  });

  it('a cancel the venue did not process (503) puts the order back as it was, with the reason, and fails; the order still rests', async () => {
    const id = await resting();
    const sent = sentFrom(v.m);
    await v.sim.control.setFaults({ error5xxBefore: { times: 1, scope: 'cancel' } });
    const err = await v.m.manager.cancel(id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(v.m.manager.get(id)!.order).toMatchObject({
      state: 'new',
      reason: `cancel failed: ${errorMessage(err)}`,
    });
    expect(v.m.statesOf(id).slice(-2)).toEqual(['pending_cancel', 'new']);
    expect(sent()).toEqual(['cancelOrder critical']);
    expect(await openAtVenue('BTCUSDT')).toContain(id);
    await v.sim.control.clearFaults();
    expect((await v.m.manager.cancel(id)).state).toBe('canceled');
  });

  it("cancel-all cancels this symbol's open orders in one request and asks each for its end state; other symbols and closed orders are left alone", async () => {
    const btc = [await resting(), await resting()];
    const eth = await resting('ETHUSDT', '0.01');
    const filled = v.m.manager.place(btcBuy);
    expect((await filled.settled).state).toBe('filled');
    const sent = sentFrom(v.m);
    expect(await v.m.manager.cancelAll('BTCUSDT')).toBe(2);
    expect(sent()).toEqual(['cancelAll critical', 'queryOrder critical', 'queryOrder critical']);
    for (const id of btc) expect(v.m.statesOf(id).slice(-2)).toEqual(['pending_cancel', 'canceled']);
    expect(v.m.statesOf(eth)).not.toContain('pending_cancel');
    expect(v.m.manager.get(eth)!.order.state).toBe('new');
    expect(await openAtVenue('ETHUSDT')).toEqual([eth]);
    expect(v.m.statesOf(filled.intent.clientOrderId).at(-1)).toBe('filled');
    expect((await v.m.manager.cancel(eth)).state).toBe('canceled');
    expect((await v.m.manager.place({ ...btcBuy, side: 'sell' }).settled).state).toBe('filled');
  });

  it('a cancel-all the venue did not process (503) puts every order back as it was, with the reason, and fails; they still rest', async () => {
    const ids = [await resting(), await resting()];
    const sent = sentFrom(v.m);
    await v.sim.control.setFaults({ error5xxBefore: { times: 1, scope: 'cancel' } });
    const err = await v.m.manager.cancelAll('BTCUSDT').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(sent()).toEqual(['cancelAll critical']);
    for (const id of ids) {
      expect(v.m.manager.get(id)!.order).toMatchObject({ state: 'new', reason: `cancel failed: ${errorMessage(err)}` });
      expect(v.m.statesOf(id).slice(-2)).toEqual(['pending_cancel', 'new']);
    }
    expect((await openAtVenue('BTCUSDT')).sort()).toEqual([...ids].sort());
    await v.sim.control.clearFaults();
    expect(await v.m.manager.cancelAll('BTCUSDT')).toBe(2);
    for (const id of ids) expect(v.m.manager.get(id)!.order.state).toBe('canceled');
  });

  it('a cancel-all whose reply is lost asks each order: every one canceled, so it succeeded', async () => {
    const ids = [await resting(), await resting()];
    const sent = sentFrom(v.m);
    await v.sim.control.setFaults({ dropResponse: { times: 1, scope: 'cancel' } });
    expect(await v.m.manager.cancelAll('BTCUSDT')).toBe(2);
    expect(sent()).toEqual(['cancelAll critical', 'queryOrder critical', 'queryOrder critical']);
    for (const id of ids) expect(v.m.manager.get(id)!.order).toMatchObject({ state: 'canceled' });
    expect(await openAtVenue('BTCUSDT')).toEqual([]);
  });

  it('cancel-all asks at most 50 orders for their end state (the rest are left to reconcile)', async () => {
    const price = await restingPrice('BTCUSDT');
    const many = Array.from({ length: 51 }, () => v.m.manager.place({ ...btcBuy, type: 'limit', price }));
    for (const t of many) expect((await t.settled).state).toBe('new');
    const sent = sentFrom(v.m);
    expect(await v.m.manager.cancelAll('BTCUSDT')).toBe(51);
    expect(sent().filter((s) => s === 'queryOrder critical')).toHaveLength(50);
    expect(many.filter((t) => t.order.state === 'canceled')).toHaveLength(50);
    expect(await openAtVenue('BTCUSDT')).toEqual([]);
  });

  it("cancel-all keeps this session's stop out of what it cancels and counts (never shown pending_cancel); told to include it, counts it and cancels it", async () => {
    // ETHUSDT: the run of 51 above leaves one BTCUSDT order for the reconcile to settle.
    const ethBuy: PlaceRequest = { ...btcBuy, symbol: 'ETHUSDT', qty: '0.01' };
    expect((await v.m.manager.place(ethBuy).settled).state).toBe('filled');
    const stopAt = (Number(await restingPrice('ETHUSDT')) * 0.9).toFixed(1);
    const stop = v.m.manager.place({ ...ethBuy, side: 'sell', reduceOnly: true, trigger: { kind: 'stop', price: stopAt, by: 'mark' } });
    expect((await stop.settled).state).toBe('new');
    const stopId = stop.intent.clientOrderId;
    const protectiveAtVenue = async () =>
      (await v.engine.rest.run(v.engine.adapter.protective!.open!('ETHUSDT'))).map((o) => o.clientOrderId);
    const limit = await resting('ETHUSDT', '0.01');

    let sent = sentFrom(v.m);
    expect(await v.m.manager.cancelAll('ETHUSDT')).toBe(1);
    expect(sent()).toEqual(['cancelAll critical', 'queryOrder critical']);
    expect(v.m.statesOf(limit).at(-1)).toBe('canceled');
    expect(v.m.statesOf(stopId)).not.toContain('pending_cancel');
    expect(v.m.manager.get(stopId)!.order.state).toBe('new');
    expect(await protectiveAtVenue()).toEqual([stopId]);

    const another = await resting('ETHUSDT', '0.01');
    sent = sentFrom(v.m);
    expect(await v.m.manager.cancelAll('ETHUSDT', 'include')).toBe(2);
    // The venue's cancel-all for plain orders, then its own for algo orders; each order asked its end state.
    expect(sent().sort()).toEqual(['cancelAll critical', 'cancelAllAlgo critical', 'queryAlgoOrder critical', 'queryOrder critical']);
    expect(v.m.statesOf(another).at(-1)).toBe('canceled');
    expect(v.m.statesOf(stopId).slice(-2)).toEqual(['pending_cancel', 'canceled']);
    expect(await protectiveAtVenue()).toEqual([]);
    expect((await v.m.manager.place({ ...ethBuy, side: 'sell', reduceOnly: true }).settled).state).toBe('filled');
  });

  it("flatten closes the named symbol's position with a reduce-only market order on the other side; another symbol's position is left alone; flat is undefined", async () => {
    expect((await v.m.manager.place({ ...btcBuy, symbol: 'ETHUSDT', qty: '0.01' }).settled).state).toBe(
      'filled',
    );
    expect(await positionQtyOf(v.engine, 'BTCUSDT')).toMatch(/^0(\.0*)?$/);
    const sent = sentFrom(v.m);
    expect(await v.m.manager.flatten('BTCUSDT')).toBeUndefined();
    expect(sent()).toEqual(['positions critical']);
    const closing = await v.m.manager.flatten('ETHUSDT');
    expect(closing?.intent).toEqual({
      symbol: 'ETHUSDT',
      side: 'sell',
      type: 'market',
      qty: '0.01',
      reduceOnly: true,
      postOnly: false,
      clientOrderId: closing?.intent.clientOrderId,
    });
    expect((await closing!.settled).state).toBe('filled');
    expect(await positionQtyOf(v.engine, 'ETHUSDT')).toMatch(/^0(\.0*)?$/);
    expect(await v.m.manager.flatten('ETHUSDT')).toBeUndefined();
  });

  it('flatten of a short buys back its size', async () => {
    expect((await v.m.manager.place({ ...btcBuy, side: 'sell', qty: '0.004' }).settled).state).toBe('filled');
    const closing = await v.m.manager.flatten('BTCUSDT');
    expect(closing?.intent).toMatchObject({ side: 'buy', qty: '0.004', type: 'market', reduceOnly: true });
    expect((await closing!.settled).state).toBe('filled');
    expect(await positionQtyOf(v.engine, 'BTCUSDT')).toMatch(/^0(\.0*)?$/);
  });

  it('close wakes a resolver waiting out the validity window: its order settles at once, as it was', async () => {
    // The send meets a 503 before handling (kept pending_new); the venue then says "never seen",
    // and the resolver waits out a ten-minute window before it may send again.
    const own = observedManager(v.engine, {
      resolve: { settleMs: 600_000, backoff: { firstMs: 10, baseMs: 10, capMs: 10 } },
    });
    await v.sim.control.setFaults({ error5xxBefore: { times: 1 } });
    const t = own.manager.place(btcBuy);
    let settled = false;
    void t.settled.then(() => {
      settled = true;
    });
    await until(() => own.answered.includes('queryOrder'), undefined, 'the "never seen" answer');
    own.manager.close();
    await until(() => settled, undefined, 'settled after close');
    expect((await t.settled).state).toBe('pending_new');
    expect(t.sends).toBe(1);
    expect(own.sent).toEqual(['placeOrder critical', 'queryOrder critical']);
  });

  it('close while a status query is in flight: the resolver does not go to sleep after its answer', async () => {
    const own = observedManager(v.engine, {
      resolve: { settleMs: 600_000, backoff: { firstMs: 10, baseMs: 10, capMs: 10 } },
    });
    const held = (await v.sim.control.stats()).faultsFired['hold'] ?? 0;
    await v.sim.control.setFaults({ error5xxBefore: { times: 1 }, hold: { times: 1, scope: 'query' } });
    const t = own.manager.place(btcBuy);
    let settled = false;
    void t.settled.then(() => {
      settled = true;
    });
    await untilVenue(
      async () => (await v.sim.control.stats()).faultsFired['hold'] === held + 1,
      'the status query held at the venue',
    );
    own.manager.close();
    await v.sim.control.patchFaults({ now: { releaseHeld: true } });
    await until(() => own.answered.includes('queryOrder'), undefined, 'the "never seen" answer');
    await until(() => settled, undefined, 'settled after close');
    expect((await t.settled).state).toBe('pending_new');
    expect(own.sent).toEqual(['placeOrder critical', 'queryOrder critical']);
  });
});

describe('cancel and cancel-all against the local venue (OKX dialect: a cancel is only acknowledged; no cancel-all for swaps)', () => {
  const v = venueUnderTest(
    () => startOkxSim({ seed: 33 }),
    (sim) => okxEngine(sim, new EventLog()),
  );
  const ticket: PlaceRequest = {
    symbol: INST,
    side: 'buy',
    type: 'limit',
    qty: '1',
    reduceOnly: false,
    postOnly: false,
  };

  async function resting(): Promise<string> {
    const t = v.m.manager.place({ ...ticket, price: await okxPriceAt(v.sim, 0.97) });
    expect((await t.settled).state).toBe('new');
    return t.intent.clientOrderId;
  }

  it('an acknowledged cancel is settled by a status query', async () => {
    const id = await resting();
    const sent = sentFrom(v.m);
    expect(await v.m.manager.cancel(id)).toMatchObject({ clientOrderId: id, state: 'canceled' });
    expect(sent()).toEqual(['cancelOrder critical', 'queryOrder critical']);
    expect(v.m.statesOf(id).slice(-2)).toEqual(['pending_cancel', 'canceled']);
  });

  it('a cancel of an order canceled meanwhile (51401) learns its end state by query', async () => {
    const id = await resting();
    await v.engine.rest.run(v.engine.adapter.cancelOrder({ symbol: INST, clientOrderId: id }));
    const sent = sentFrom(v.m);
    const errors = (await v.sim.control.stats()).errors['51401'] ?? 0;
    expect(await v.m.manager.cancel(id)).toMatchObject({ clientOrderId: id, state: 'canceled' });
    expect((await v.sim.control.stats()).errors).toMatchObject({ '51401': errors + 1 });
    expect(sent()).toEqual(['cancelOrder critical', 'queryOrder critical']);
  });

  it('a cancel of an order the venue has not got yet (51400: its send still in flight) asks, hears "never seen", and fails; the send then lands', async () => {
    const held = (await v.sim.control.stats()).faultsFired['hold'] ?? 0;
    await v.sim.control.setFaults({ hold: { times: 1 } });
    const t = v.m.manager.place({ ...ticket, price: await okxPriceAt(v.sim, 0.97) });
    const id = t.intent.clientOrderId;
    await untilVenue(async () => (await v.sim.control.stats()).faultsFired['hold'] === held + 1, 'the send held at the venue');
    const sent = sentFrom(v.m);
    const errors = (await v.sim.control.stats()).errors['51400'] ?? 0;
    const err = await v.m.manager.cancel(id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorMessage(err)).toMatch(/51400/);
    expect((await v.sim.control.stats()).errors).toMatchObject({ '51400': errors + 1 });
    expect(sent()).toEqual(['cancelOrder critical', 'queryOrder critical']);
    await v.sim.control.patchFaults({ now: { releaseHeld: true } });
    expect((await t.settled).state).toBe('new');
    expect((await v.m.manager.cancel(id)).state).toBe('canceled');
  });

  it("cancel-all lists the venue's open orders (this session's or not) and cancels them twenty at a time until none is left", async () => {
    const price = await okxPriceAt(v.sim, 0.97);
    const mine = Array.from({ length: 39 }, () => v.m.manager.place({ ...ticket, price }));
    for (const t of mine) expect((await t.settled).state).toBe('new');
    // One more from another session: forty in all, two full batches.
    const other = `qdOTHER${Date.now().toString(36)}`;
    await v.engine.rest.run(v.engine.adapter.placeOrder({ ...ticket, price, clientOrderId: other }));
    const sent = sentFrom(v.m);
    expect(await v.m.manager.cancelAll(INST)).toBe(39);
    expect(sent().slice(0, 4)).toEqual([
      'openOrders critical',
      'cancelBatch critical',
      'cancelBatch critical',
      'openOrders critical',
    ]);
    expect(sent().slice(4)).toEqual(Array.from({ length: 39 }, () => 'queryOrder critical'));
    for (const t of mine) expect(t.order.state).toBe('canceled');
    expect(await v.engine.rest.run(v.engine.adapter.openOrders(INST))).toEqual([]);
  });

  it('cancel-all told to include protective orders lists the algo orders and cancels them by batch (cancel-algos); with no batch for them, one by one', async () => {
    // A stop-entry buy above the mark: a protective order to the manager (it has a trigger), no position needed.
    const stopAt = await okxPriceAt(v.sim, 1.1);
    const stopAbove = { ...ticket, type: 'market' as const, trigger: { kind: 'stop' as const, price: stopAt, by: 'mark' as const } };
    const algoAtVenue = async () => (await v.engine.rest.run(v.engine.adapter.protective!.open(INST))).length;

    const stop = v.m.manager.place(stopAbove);
    expect((await stop.settled).state).toBe('new');
    await resting();
    let sent = sentFrom(v.m);
    expect(await v.m.manager.cancelAll(INST, 'include')).toBe(2);
    expect(sent().slice(0, 6)).toEqual([
      'openOrders critical',
      'cancelBatch critical',
      'openOrders critical',
      'openAlgoOrders critical',
      'cancelAlgos critical',
      'openAlgoOrders critical',
    ]);
    expect(sent().slice(6).sort()).toEqual(['queryAlgoOrder critical', 'queryOrder critical']);
    expect(v.m.statesOf(stop.intent.clientOrderId).slice(-2)).toEqual(['pending_cancel', 'canceled']);
    expect(await algoAtVenue()).toBe(0);

    // A venue that lists its conditional orders apart but cancels them only one at a time.
    const adapter = Object.create(v.engine.adapter, {
      protective: { value: { open: v.engine.adapter.protective!.open } },
    }) as typeof v.engine.adapter;
    const single = observedManager(v.engine, { adapter });
    try {
      const two = [single.manager.place(stopAbove), single.manager.place(stopAbove)];
      for (const t of two) expect((await t.settled).state).toBe('new');
      sent = sentFrom(single);
      expect(await single.manager.cancelAll(INST, 'include')).toBe(2);
      expect(sent()).toEqual([
        'openOrders critical',
        'openAlgoOrders critical',
        'cancelAlgoOrder critical',
        'cancelAlgoOrder critical',
        'queryAlgoOrder critical',
        'queryAlgoOrder critical',
      ]);
      for (const t of two) expect(t.order.state).toBe('canceled');
      expect(await algoAtVenue()).toBe(0);
    } finally {
      single.manager.close();
    }
  });
});
