// The order manager's side of the book it writes to, against the local venue (Binance dialect):
// the first entry a placement makes, what the book's change listener does with a venue report
// (a stream report stops a resolver; a report of an order this session did not place is left
// alone; a closed order the book forgets is forgotten here too), and how resolve options merge
// over the defaults.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { PlaceRequest } from '../../src/engine/orders.js';
import type { SimHandle } from '../../src/sim/index.js';
import { observedManager } from './orders-helpers.js';
import { EventLog, simCredentials, startTestSim, testEngine, until } from './rest-helpers.js';
import { SIM_STREAM_OPTIONS } from './stream-helpers.js';

let sim: SimHandle;
/** Streams off: its adapter and REST path carry the managers these tests build. */
let engine: Engine;
/** Streams on, on the venue's second account: the book hears the user stream. */
let streamed: Engine;
const streamedLog = new EventLog();

const marketBuy: PlaceRequest = {
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'market',
  qty: '0.002',
  reduceOnly: false,
  postOnly: false,
};
const marketSell: PlaceRequest = { ...marketBuy, side: 'sell' };
/** A limit order without its price: the adapter refuses it before anything is sent. */
const priceless: PlaceRequest = { ...marketBuy, type: 'limit' };

async function bid(): Promise<number> {
  const t = (await (await fetch(`${sim.restUrl}/fapi/v1/ticker/bookTicker?symbol=BTCUSDT`)).json()) as {
    bidPrice: string;
  };
  return Number(t.bidPrice);
}

describe("placement and the book's change listener, against the local venue", () => {
  beforeAll(async () => {
    sim = await startTestSim({ seed: 31, accounts: [{ name: 'managers' }, { name: 'streamed' }] });
    engine = testEngine(sim, new EventLog());
    await engine.start();
    streamed = testEngine(sim, streamedLog, {
      ...SIM_STREAM_OPTIONS,
      credentials: simCredentials(sim, 1),
      // With SIM_STREAM_OPTIONS' random (1) every wait is its ceiling: 0.5 + 1 + 2 + 2 + 2 s of
      // failed status queries before giving up, room enough for the stream on a loaded machine.
      resolve: { settleMs: 4_000, maxQueries: 5, backoff: { firstMs: 500, baseMs: 1_000, capMs: 2_000 } },
    });
    await streamed.start();
    await until(
      () => streamed.streams.length > 0 && streamed.streams.every((s) => s.state === 'live'),
      undefined,
      'live streams',
    );
  });
  afterAll(async () => {
    await streamed?.stop();
    await engine?.stop();
    await sim?.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('a manager built without resolve options or clocks places with the defaults: the first entry is pending_new, stamped by the wall clock, and counted', async () => {
    const { manager, log } = observedManager(engine);
    const before = Date.now();
    const t = manager.place(marketBuy);
    const after = Date.now();
    expect(manager.counters.placed).toBe(1);
    const first = log.of('order')[0]!.order;
    expect(first).toMatchObject({
      clientOrderId: t.intent.clientOrderId,
      state: 'pending_new',
      qty: '0.002',
    });
    expect(first.updatedAt).toBeGreaterThanOrEqual(before);
    expect(first.updatedAt).toBeLessThanOrEqual(after);
    expect((await t.settled).state).toBe('filled');
    expect(manager.get(t.intent.clientOrderId)).toBe(t);
    manager.close();
  });

  it("the first entry is stamped by the venue's clock when there is one, else by the wall clock given; it carries the time in force asked for", async () => {
    const venue = observedManager(engine, { venueNow: () => 1_700_000_000_123.9, wallNow: () => 5 });
    const a = venue.manager.place({ ...priceless, timeInForce: 'ioc' });
    expect(venue.log.of('order')[0]!.order).toMatchObject({
      state: 'pending_new',
      updatedAt: 1_700_000_000_123,
      timeInForce: 'ioc',
    });
    const wall = observedManager(engine, { wallNow: () => 1_600_000_000_000 });
    const b = wall.manager.place(priceless);
    expect(wall.log.of('order')[0]!.order.updatedAt).toBe(1_600_000_000_000);
    // Both refused by the adapter (no price): nothing left for the venue.
    for (const t of [a, b]) expect((await t.settled).state).toBe('rejected');
    expect([...venue.sent, ...wall.sent]).toEqual([]);
    expect(venue.manager.counters.placed + wall.manager.counters.placed).toBe(2);
  });

  it('a closed order the book forgets is forgotten by the manager: get() and all() hold only what the book holds', async () => {
    const { manager, book } = observedManager(engine, {}, { maxClosedOrders: 1 });
    const first = manager.place(marketBuy);
    expect((await first.settled).state).toBe('filled');
    expect(manager.all()).toEqual([first]);
    const second = manager.place(marketSell);
    expect((await second.settled).state).toBe('filled');
    const id = first.intent.clientOrderId;
    expect(book.order(id)).toBeUndefined();
    expect(manager.get(id)).toBeUndefined();
    expect(manager.get(second.intent.clientOrderId)).toBe(second);
    expect(manager.all()).toEqual([second]);
    manager.close();
  });

  it('a placement the book forgot before anyone read it still answers with an order, never undefined', async () => {
    // Room for one closed order: the second refusal (synchronous, the adapter's) makes the book
    // forget the first before its placement was ever read.
    const { manager, book } = observedManager(engine, {}, { maxClosedOrders: 1 });
    const first = manager.place(priceless);
    manager.place(priceless);
    const id = first.intent.clientOrderId;
    expect(book.order(id)).toBeUndefined();
    expect(first.order).toMatchObject({ clientOrderId: id, symbol: 'BTCUSDT', qty: '0.002' });
    expect(await first.settled).toMatchObject({ clientOrderId: id });
  });

  it('a partial backoff is merged over the defaults: a cap alone bounds every wait, so the resolver gives up on failing queries within the ceiling', async () => {
    // Every wait at its ceiling (random 1): the cap makes each at most 20 ms; without the
    // defaults underneath, the backoff's own (100 ms, then 1 s doubling to 30 s) would take 31 s.
    const { manager, log } = observedManager(engine, {
      random: () => 1,
      resolve: { maxQueries: 6, backoff: { capMs: 20 } },
    });
    await sim.control.setFaults({ dropResponse: { times: 1 }, html502: { times: 50, scope: 'query' } });
    const t = manager.place(marketBuy);
    await until(() => manager.counters.unresolved === 1, 2_000, 'the resolver to give up');
    expect(manager.counters.queries).toBe(6);
    expect((await t.settled).state).toBe('unknown');
    expect(log.of('log').map((e) => e.text)).toEqual([
      `order ${t.intent.clientOrderId}: status still unknown after 6 queries; reconciliation will settle it`,
    ]);
    manager.close();
    // The venue did fill it: sell it back.
    await engine.rest.run(
      engine.adapter.placeOrder({ ...marketSell, clientOrderId: `${t.intent.clientOrderId}b` }),
    );
  });

  it('an order the user stream reports while its send is unanswered stops the resolver: it is known, nothing is reported unresolved', async () => {
    // The venue fills the order and drops the reply; every status query meets a gateway's 502.
    // Only the stream can tell the engine, and it does.
    const unresolved = streamed.orders.counters.unresolved;
    const dropped = (await sim.control.stats()).faultsFired['dropResponse'] ?? 0;
    await sim.control.setFaults({ dropResponse: { times: 1 }, html502: { times: 50, scope: 'query' } });
    // The manager's status queries so far, when the book first hears of the order from the venue.
    let queriesAtReport: number | undefined;
    const unlisten = streamed.account.onOrderChange((c) => {
      if (c.kind === 'reported' && c.order.clientOrderId === id)
        queriesAtReport ??= streamed.orders.counters.queries;
    });
    let id = '';
    const r = await streamed.place({
      symbol: 'BTCUSDT',
      side: 'buy',
      type: 'market',
      qty: '0.002',
      reduceOnly: false,
      postOnly: false,
    });
    if (!r.ok) throw new Error(r.error);
    id = r.clientOrderId!;
    const order = await streamed.orders.get(id)!.settled;
    unlisten();
    // Not one status query after the report: a resolver asleep then wakes and stops.
    expect(queriesAtReport).toBeDefined();
    expect(streamed.orders.counters.queries).toBe(queriesAtReport);
    expect(order).toMatchObject({ state: 'filled', filledQty: '0.002' });
    expect((await sim.control.stats()).faultsFired['dropResponse']).toBe(dropped + 1);
    expect(streamed.orders.counters.unresolved).toBe(unresolved);
    expect(streamedLog.of('log').filter((e) => e.source === 'orders' && e.text.includes(id))).toEqual([]);
    expect(streamed.orders.get(id)!.sends).toBe(1);
    await sim.control.clearFaults();
    const flat = await streamed.flatten();
    expect(flat.ok).toBe(true);
    await streamed.orders.get(flat.ok ? flat.clientOrderId! : '')!.settled;
    await until(
      () => streamed.account.allPositions().every((p) => Number(p.qty) === 0),
      undefined,
      'flat again',
    );
  });

  it('an order of an earlier session, reported by the user stream, is held by the book and cancelled through the engine', async () => {
    const id = `qdEARLIER${Date.now().toString(36)}`;
    const price = (Math.round((await bid()) * 0.96 * 10) / 10).toFixed(1);
    await streamed.rest.run(
      streamed.adapter.placeOrder({
        symbol: 'BTCUSDT',
        side: 'buy',
        type: 'limit',
        qty: '0.002',
        price,
        reduceOnly: false,
        postOnly: false,
        clientOrderId: id,
      }),
    );
    await until(() => streamed.account.order(id)?.state === 'new', undefined, 'the stream to report it');
    expect(streamed.orders.get(id)).toBeUndefined();
    expect(await streamed.cancel(id)).toEqual({ ok: true, clientOrderId: id, message: `${id}: canceled` });
    expect(streamed.account.order(id)?.state).toBe('canceled');
  });
});
