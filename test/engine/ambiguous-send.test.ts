// The order manager's hard cases of invariant 4 (an order is placed at most once), made
// deterministic by the local venue's fault plan: the `hold` fault keeps the original request in
// flight at the venue — unhandled — for exactly as long as the test says. Market orders, because
// the venue (like Binance) takes a client id again once its first order is closed: a second send
// of the same id while the first can still land would be a second order.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until as untilVenue } from '../support/until.js';
import { EventLog, settledOf, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const events = new EventLog();

const ticket = ticketFor('BTCUSDT', '0.002');

async function errorsOf(code: string): Promise<number> {
  return (await sim.control.stats()).errors[code] ?? 0;
}

async function acceptedWith(id: string): Promise<number> {
  return (await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id).length;
}

describe('an ambiguous send resolved by query, against the local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim({ seed: 21 });
    // The send gives up long before the venue's validity window (4 s) closes, so a request the
    // venue holds can still be handled after the engine has asked about it.
    engine = testEngine(sim, events, {
      http: { headersTimeoutMs: 400, bodyTimeoutMs: 400 },
      recvWindowMs: 4_000,
      resolve: { settleMs: 5_000, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    });
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });
  afterEach(async () => {
    await sim.control.clearFaults();
  });

  it('the original still in flight while the status query says "never seen": no re-send inside the validity window; the original lands, one order', async () => {
    const neverSeen = await errorsOf('-2013');
    await sim.control.setFaults({ hold: { times: 1 } });
    const r = await engine.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId!;
    // The venue holds the send; the engine times out, asks, and hears "Order does not exist".
    await untilVenue(async () => (await errorsOf('-2013')) > neverSeen, 'a "never seen" answer');
    expect((await sim.control.stats()).faultsFired['hold']).toBe(1);
    expect(await acceptedWith(id)).toBe(0);
    expect(engine.orders.get(id)!.order.state).toBe('unknown');
    // Now the original reaches the matcher, inside its window: it is placed and fills.
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    const order = await settledOf(engine, r);
    expect(order.state).toBe('filled');
    expect(await acceptedWith(id)).toBe(1);
    expect(engine.orders.get(id)!.sends).toBe(1);
  }, 120_000);

  it('the original held past its validity window: the venue refuses it, and the one re-send is the one order', async () => {
    const late = await errorsOf('-1021');
    const resent = engine.orders.counters.resent;
    await sim.control.setFaults({ hold: { times: 1 } });
    const r = await engine.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId!;
    // Released only once the engine has re-sent: by then the window of the original has passed.
    await until(() => engine.orders.get(id)!.sends === 2, 20_000, 'the re-send');
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    const order = await settledOf(engine, r);
    expect(order.state).toBe('filled');
    await untilVenue(
      async () => (await errorsOf('-1021')) > late,
      'the late original refused for its timestamp',
    );
    expect(engine.orders.counters.resent).toBe(resent + 1);
    expect(await acceptedWith(id)).toBe(1);
  }, 120_000);

  it('a status query that fails is no answer: the order is asked again, never re-sent', async () => {
    // The reply to the send is lost after the venue placed the order; the first three status
    // queries meet a gateway's HTML 502.
    const before = { ...engine.orders.counters };
    await sim.control.setFaults({ dropResponse: { times: 1 }, html502: { times: 3, scope: 'query' } });
    const r = await engine.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId!;
    const order = await settledOf(engine, r);
    expect(order.state).toBe('filled');
    expect(await acceptedWith(id)).toBe(1);
    expect(engine.orders.get(id)!.sends).toBe(1);
    const stats = await sim.control.stats();
    expect(stats.faultsFired['dropResponse']).toBe(1);
    expect(stats.faultsFired['html502']).toBe(3);
    // The manager's own count agrees: one send, and every status query it made (the three that
    // failed, then the one that found it unless the stream told first).
    expect(engine.orders.counters.sends - before.sends).toBe(1);
    expect(engine.orders.counters.queries - before.queries).toBeGreaterThanOrEqual(3);
    expect(engine.orders.counters.resent).toBe(before.resent);
  }, 120_000);

  it('a send the venue refuses outright is rejected with its words: never asked about, never re-sent', async () => {
    const before = { ...engine.orders.counters };
    await sim.control.setFaults({ refuseText: { times: 1, text: 'chosen words' } });
    const r = await engine.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const order = await settledOf(engine, r);
    expect(order.state).toBe('rejected');
    expect(order.reason).toContain('chosen words');
    expect(engine.orders.get(r.clientOrderId!)!.sends).toBe(1);
    expect(engine.orders.counters.sends - before.sends).toBe(1);
    expect(engine.orders.counters.queries).toBe(before.queries);
    expect(await acceptedWith(r.clientOrderId!)).toBe(0);
  }, 120_000);
  it('a send the venue did not process (503 before handling) keeps the order pending_new with the venue\'s words until the query settles it: re-sent once the window is past, one order', async () => {
    const before = { ...engine.orders.counters };
    await sim.control.setFaults({ error5xxBefore: { times: 1 } });
    const r = await engine.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId!;
    const order = await settledOf(engine, r);
    expect(order.state).toBe('filled');
    expect((await sim.control.stats()).faultsFired['error5xxBefore']).toBe(1);
    // What the trader saw between the failure and its resolution: still pending_new (nothing was
    // executed), and why it is not placed yet.
    const seen = events.of('order').filter((e) => e.order.clientOrderId === id);
    const waiting = seen.filter((e) => e.order.state === 'pending_new' && e.order.reason !== undefined);
    expect(waiting.map((e) => e.order.reason)).toEqual([expect.stringContaining('unable to process your request')]);
    expect(seen.some((e) => e.order.state === 'unknown')).toBe(false);
    // Not processed, so "never seen" is the truth: the one re-send is the one order.
    expect(engine.orders.get(id)!.sends).toBe(2);
    expect(engine.orders.counters.resent - before.resent).toBe(1);
    expect(await acceptedWith(id)).toBe(1);
  }, 120_000);

  it('an intent the venue adapter cannot put on the wire is rejected with its reason: nothing sent, nothing asked', async () => {
    // The engine checks a ticket before the manager; the manager is the last line when a caller
    // reaches it directly (a limit order without its price).
    const before = { ...engine.orders.counters };
    const t = engine.orders.place({ ...ticket({}), type: 'limit' });
    const id = t.intent.clientOrderId;
    const order = await t.settled;
    expect(order.state).toBe('rejected');
    expect(order.reason).toBe(`limit order ${id} has no price`);
    expect(t.sends).toBe(0);
    expect(engine.orders.counters.sends).toBe(before.sends);
    expect(engine.orders.counters.queries).toBe(before.queries);
    expect(await acceptedWith(id)).toBe(0);
  }, 120_000);
});

// The resolver's limits: how many sends an intent gets and how many queries one send gets.
describe('an ambiguous send the resolver gives up on, against the local venue', () => {
  let sim2: SimHandle;
  let limited: Engine;
  const log = new EventLog();

  const errors2 = async (code: string) => (await sim2.control.stats()).errors[code] ?? 0;
  const accepted2 = async (id: string) =>
    (await sim2.control.acceptedOrders()).filter((o) => o.clientOrderId === id).length;

  beforeAll(async () => {
    sim2 = await startTestSim({ seed: 22 });
    limited = testEngine(sim2, log, {
      http: { headersTimeoutMs: 400, bodyTimeoutMs: 400 },
      recvWindowMs: 4_000,
      resolve: { settleMs: 5_000, maxSends: 2, maxQueries: 3, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    });
    await limited.start();
  });
  afterAll(async () => {
    await limited.stop();
    await sim2.close();
  });
  afterEach(async () => {
    await sim2.control.clearFaults();
  });

  it('a send the venue never sees, twice: rejected after the second send, and the held originals, released late, place nothing', async () => {
    const late = await errors2('-1021');
    await sim2.control.setFaults({ hold: { times: 2 } });
    const r = await limited.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const order = await settledOf(limited, r);
    const id = r.clientOrderId!;
    expect(order.state).toBe('rejected');
    expect(order.reason).toBe('not placed after 2 sends');
    expect(limited.orders.get(id)!.sends).toBe(2);
    expect((await sim2.control.stats()).faultsFired['hold']).toBe(2);
    await sim2.control.patchFaults({ now: { releaseHeld: true } });
    await untilVenue(async () => (await errors2('-1021')) >= late + 2, 'both held originals refused for their timestamp');
    expect(await accepted2(id)).toBe(0);
  }, 40_000);

  it('status queries that keep failing: given up after the most queries, reported, never re-sent', async () => {
    const unresolved = limited.orders.counters.unresolved;
    await sim2.control.setFaults({ dropResponse: { times: 1 }, html502: { times: 50, scope: 'query' } });
    const r = await limited.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const order = await settledOf(limited, r);
    const id = r.clientOrderId!;
    expect(order.state).toBe('unknown');
    expect(limited.orders.counters.unresolved).toBe(unresolved + 1);
    expect(limited.orders.get(id)!.sends).toBe(1);
    expect((await sim2.control.stats()).faultsFired['html502']).toBe(3);
    const said = log.of('log').filter((e) => e.source === 'orders' && e.text.includes(id));
    expect(said.map((e) => [e.level, e.text])).toEqual([
      ['error', `order ${id}: status still unknown after 3 queries; reconciliation will settle it`],
    ]);
    // The venue did place it: giving up on the status never meant sending again.
    expect(await accepted2(id)).toBe(1);
  }, 40_000);

  it('an engine stopped while an order is being resolved leaves it unknown, quietly: no give-up report, nothing counted unresolved', async () => {
    const ownLog = new EventLog();
    const stopping = testEngine(sim2, ownLog, {
      http: { headersTimeoutMs: 400, bodyTimeoutMs: 400 },
      recvWindowMs: 4_000,
      resolve: { settleMs: 5_000, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    });
    await stopping.start();
    await sim2.control.setFaults({ hold: { times: 1 } });
    const r = await stopping.place(ticket({}));
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId!;
    // The send timed out and the venue has said "never seen": the resolver waits out the window.
    await until(() => stopping.orders.counters.queries >= 1 && stopping.orders.get(id)!.order.state === 'unknown', 20_000, 'a query');
    await stopping.stop();
    const order = await stopping.orders.get(id)!.settled;
    expect(order.state).toBe('unknown');
    expect(stopping.orders.get(id)!.sends).toBe(1);
    expect(stopping.orders.counters.unresolved).toBe(0);
    // Stopping is not giving up: reconciliation at the next start settles it, and nothing says otherwise.
    expect(ownLog.of('log').filter((e) => e.source === 'orders')).toEqual([]);
  }, 40_000);
});
