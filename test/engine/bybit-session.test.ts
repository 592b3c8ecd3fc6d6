// The session side against the Bybit local venue over real loopback sockets — the twins of
// okx-stream.test.ts, okx-session.test.ts, okx-deadman.test.ts and lanes.test.ts: auth before the
// topics, op ping/pong against the idle cut-off, bad frames, the key test (the private stream drops
// while orders fill), 10002 → one resync and one retry, 10006 and the IP 403 against the critical
// lane, fills recovered page by page through the venue's cursor, and the disconnect dead-man (DCP).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { add } from '../../src/core/decimal.js';
import { Secret } from '../../src/core/secret.js';
import type { Engine } from '../../src/engine/engine.js';
import { executionId } from '../../src/sim/dialects/bybit/format.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bybitCredentials, bybitEngine, bybitPriceAt, startBybitSim, SYMBOL } from './bybit-helpers.js';
import { EventLog, until } from './rest-helpers.js';
import { bothLive, connectionsOf, expectBadFramesCounted, fillWhileUserStreamDown, SIM_STREAM_BACKOFF, SIM_STREAM_OPTIONS, statesOf } from './stream-helpers.js';

let sim: SimHandle;
let engine: Engine | undefined;
let log: EventLog;

beforeAll(async () => {
  sim = await startBybitSim({ idleTimeoutMs: 600 });
});

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await sim.control.clearFaults();
});

afterAll(async () => {
  await sim.close();
});

async function startEngine(over: Parameters<typeof bybitEngine>[2] = {}, waitLive = true): Promise<Engine> {
  log = new EventLog();
  engine = bybitEngine(sim, log, { ...SIM_STREAM_OPTIONS, ...over });
  await engine.start();
  if (waitLive) await until(() => bothLive(log), 5_000, 'sockets live');
  return engine;
}

const connection = (socket: string) => connectionsOf(log, socket);
const states = (socket: string) => statesOf(log, socket);

/** Waits until the venue's clock has passed `at` (what a window that must not fire is judged by). */
async function pastVenueTime(at: number): Promise<void> {
  for (let i = 0; i < 200 && (await sim.control.serverTime()) < at; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await sim.control.serverTime()).toBeGreaterThanOrEqual(at);
}

async function restingBuy(e: Engine, factor = 0.95): Promise<string> {
  const price = await bybitPriceAt(sim, factor);
  const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.010', price, reduceOnly: false, postOnly: false });
  if (!r.ok) throw new Error(r.error);
  expect((await e.orders.get(r.clientOrderId!)!.settled).state).toBe('new');
  return r.clientOrderId!;
}

describe('Bybit streams against the local venue', () => {
  it('authenticates before subscribing, resyncs, goes live; the market socket streams the best bid/ask', async () => {
    await startEngine();
    expect(states('user')).toEqual(['connecting', 'authenticating', 'subscribing', 'resyncing', 'live']);
    expect(states('market')).toEqual(['connecting', 'subscribing', 'live']);
    expect(log.of('reconcile')[0]).toMatchObject({ trigger: 'startup', corrections: [] });
    await sim.control.setPrice('BTCUSDT', '51000');
    await until(() => log.of('ticker').some((t) => t.symbol === SYMBOL), 5_000, 'a ticker');
    const e = engine!;
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty: '0.010', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    await until(() => e.account.order(r.clientOrderId!)?.state === 'filled' && log.of('fill').length > 0, 5_000, 'fill pushed');
    await e.orders.get(r.clientOrderId!)!.settled;
    expect(e.orders.get(r.clientOrderId!)!.order.state).toBe('filled');
    expect(log.of('log').filter((l) => /venue report ignored/.test(l.text))).toEqual([]);
    await e.flatten();
  });

  it('a refused auth never subscribes and keeps retrying, by name', async () => {
    const good = bybitCredentials(sim);
    await startEngine({ credentials: { ...good, apiSecret: new Secret('not-the-secret', 'secret') } }, false);
    await until(() => connection('user').filter((c) => c.state === 'reconnecting').length >= 2, 5_000, 'two refused auths');
    const refused = connection('user').find((c) => c.state === 'reconnecting');
    expect(refused?.reason).toMatch(/^login refused: /);
    expect(states('user')).not.toContain('subscribing');
  });

  it('op ping keeps the socket past the venue idle cut-off; without it the venue closes it', async () => {
    const e = await startEngine();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(states('user').filter((s) => s === 'reconnecting')).toHaveLength(0);
    await e.stop();
    engine = undefined;
    // Pings rarer than the venue's idle limit (600 ms here, 10 minutes at the venue): it cuts the line.
    await startEngine({ stream: { backoff: SIM_STREAM_BACKOFF, heartbeat: { intervalMs: 5_000, pongTimeoutMs: 1_000, silenceMs: 10_000 } } });
    await until(() => states('user').includes('reconnecting'), 5_000, 'the idle cut-off');
    expect(connection('user').find((c) => c.state === 'reconnecting')?.reason).toMatch(/socket closed/);
    await until(() => states('user').filter((s) => s === 'live').length >= 2, 5_000, 'back live');
  });

  it('counts malformed and oversized frames and goes on', async () => {
    const e = await startEngine();
    await expectBadFramesCounted(sim, e, log, { symbol: SYMBOL, qty: '0.010', price: '49000.0' });
    await e.cancelAll();
  });

  it('THE key test: drops the private stream while orders fill; local fills and position equal the venue’s after reconnect', async () => {
    const e = await startEngine();
    const { ids, before, venueFills } = await fillWhileUserStreamDown(sim, e, log, {
      symbol: SYMBOL,
      qty: '0.010',
      prices: ['49990.0', '49980.0', '49970.0'],
    });
    await until(() => states('user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    expect(connection('user').find((c) => c.state === 'reconnecting')).toMatchObject({ attempt: 1 });

    const beforeIds = new Set([...before].map(executionId));
    const local = log.of('fill').map((f) => f.fill.tradeId).filter((id) => !beforeIds.has(id));
    expect(new Set(local).size).toBe(local.length);
    expect(new Set(local)).toEqual(new Set(venueFills.map((f) => executionId(f.tradeId))));
    const venuePos = (await e.rest.run(e.adapter.positions!())).find((p) => p.symbol === SYMBOL);
    const localPos = e.account.allPositions().find((p) => p.symbol === SYMBOL);
    expect(add(localPos?.qty ?? '0', '0')).toBe(add(venuePos?.qty ?? '0', '0'));
    const fromFills = log.of('fill').reduce((q, f) => add(q, f.fill.side === 'buy' ? f.fill.qty : `-${f.fill.qty}`), '0');
    expect(add(localPos?.qty ?? '0', '0')).toBe(add(fromFills, '0'));
    for (const id of ids) expect(e.account.order(id)?.state).toBe('filled');
    const pass = log.of('reconcile').find((r) => r.trigger === 'reconnect');
    expect(pass?.corrections.map((c) => c.text)).toContain(`recovered ${venueFills.length} ${SYMBOL} fills missed while away`);
    expect(pass?.corrections.filter((c) => c.kind === 'order-closed')).toHaveLength(3);
    await e.flatten();
  });
});

describe('Bybit clock, rate limits and fills', () => {
  it('10002 (outside the time window) resyncs the clock at once and retries the request once', async () => {
    const clockLog = new EventLog();
    engine = bybitEngine(sim, clockLog);
    await engine.start();
    const e = engine;
    const syncs = e.timeSync.syncs;
    await sim.control.skewClock(45_000);
    try {
      const balances = await e.rest.run(e.adapter.balances());
      expect(balances.some((b) => b.asset === 'USDT')).toBe(true);
      expect(e.rest.counters.clockRetries).toBe(1);
      expect(e.timeSync.syncs).toBe(syncs + 1);
      expect((await sim.control.stats()).errors['10002']).toBeGreaterThanOrEqual(1);
      expect(Math.abs(clockLog.of('clock').at(-1)!.offsetMs - 45_000)).toBeLessThan(1_000);
    } finally {
      await sim.control.skewClock(0);
    }
  });

  it('a 10006 on an order is "not processed": resolved by query and placed exactly once', async () => {
    engine = bybitEngine(sim, new EventLog(), { resolve: { settleMs: 1_500, maxQueries: 60, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } } });
    const e = engine;
    await e.start();
    await sim.control.setFaults({ rateLimitStorm: { times: 1, scope: 'order' } });
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty: '0.010', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const order = await e.orders.get(r.clientOrderId!)!.settled;
    expect(order.state).toBe('new');
    expect((await sim.control.stats()).errors['10006']).toBeGreaterThanOrEqual(1);
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === r.clientOrderId)).toHaveLength(1);
    expect(e.orders.get(r.clientOrderId!)!.sends).toBe(2);
    await sim.control.clearFaults();
    await e.flatten();
  });

  it('a 10006 storm on the snapshots pauses background only: orders and cancels go on at once', async () => {
    engine = bybitEngine(sim, new EventLog());
    const e = engine;
    await e.start();
    const waitedBefore = e.lanes.counters.waited.critical;
    await sim.control.setFaults({ rateLimitStorm: { probability: 1, scope: 'GET /v5/position/list' } });
    const storming = Promise.allSettled(Array.from({ length: 5 }, () => e.rest.run(e.adapter.positions!())));
    const id = await restingBuy(e);
    expect(await e.cancel(id)).toMatchObject({ ok: true });
    expect((await storming).some((s) => s.status === 'rejected')).toBe(true);
    expect(e.lanes.counters.waited.critical).toBe(waitedBefore);
    expect((await sim.control.stats()).errors['10006']).toBeGreaterThanOrEqual(1);
  });

  it('an IP block (bare 403) holds every request, the critical lane included, and a probe resumes it', async () => {
    engine = bybitEngine(sim, new EventLog());
    const e = engine;
    await e.start();
    const price = await bybitPriceAt(sim, 0.95);
    await sim.control.setFaults({ now: { banMs: 1_000 } });
    await expect(e.rest.run(e.adapter.balances())).rejects.toThrow(/403|access too frequent/);
    expect(e.lanes.snapshot().state).toBe('banned');
    const sent = (await sim.control.stats()).httpRequests;
    // The order waits out the hold (a probe 5 s on), then goes once.
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.010', price, reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId!;
    expect((await e.orders.get(id)!.settled).state).toBe('new');
    expect((await sim.control.stats()).httpRequests).toBeGreaterThan(sent);
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    await e.cancelAll();
  }, 30_000);

  it("the engine's pools keep a burst under Bybit's per-endpoint limits: no 10006 from the venue", async () => {
    engine = bybitEngine(sim, new EventLog());
    const e = engine;
    await e.start();
    const before = (await sim.control.stats()).errors['10006'] ?? 0;
    // 70 wallet snapshots against a 50-per-second limit, all at once.
    const all = await Promise.all(Array.from({ length: 70 }, () => e.rest.run(e.adapter.balances())));
    expect(all.every((b) => b.some((x) => x.asset === 'USDT'))).toBe(true);
    expect((await sim.control.stats()).errors['10006'] ?? 0).toBe(before);
  });

  it("keeps a burst under Bybit's per-endpoint limit even when the venue counts the first window late: no 10006", async () => {
    engine = bybitEngine(sim, new EventLog());
    const e = engine;
    await e.start();
    const before = (await sim.control.stats()).errors['10006'] ?? 0;
    // The venue counts a request when it arrives. The engine sends over 8 connections, and each of
    // the first 50 reads waits 200 ms at the venue before it is counted (a busy process, the
    // network): the 50 are counted over 1.4 s. A pool that dated them at their grant, even with a
    // quarter second to spare, lets the last 20 go 1.25 s after it, into the venue's second that
    // still holds 34 of the first 50 (54 against 50).
    await sim.control.setFaults({ delay: { ms: 200, times: 50, scope: 'GET /v5/account/wallet-balance' } });
    const all = await Promise.all(Array.from({ length: 70 }, () => e.rest.run(e.adapter.balances())));
    expect(all.every((b) => b.some((x) => x.asset === 'USDT'))).toBe(true);
    const stats = await sim.control.stats();
    expect(stats.faultsFired['delay']).toBe(50);
    expect(stats.errors['10006'] ?? 0).toBe(before);
  });

  it('recovers more than 100 missed fills by following the venue cursor (100 a page, newest first)', async () => {
    const fillsLog = new EventLog();
    engine = bybitEngine(sim, fillsLog);
    const e = engine;
    await e.start();
    const known = new Set((await sim.control.fills()).map((f) => executionId(f.tradeId)));
    for (let i = 0; i < 120; i++) {
      const side = i % 2 === 0 ? 'buy' : 'sell';
      const id = `qd-PAGE-${String(i).padStart(4, '0')}-${Date.now() % 100_000}`;
      await e.rest.run(e.adapter.placeOrder({ symbol: SYMBOL, side, type: 'market', qty: '0.002', reduceOnly: false, postOnly: false, clientOrderId: id }));
    }
    const missed = (await sim.control.fills()).map((f) => executionId(f.tradeId)).filter((id) => !known.has(id));
    expect(missed.length).toBeGreaterThan(100);
    const before = new Set(fillsLog.of('fill').map((f) => f.fill.tradeId));
    await e.resyncer.pass('periodic');
    const recovered = fillsLog.of('fill').map((f) => f.fill.tradeId).filter((id) => !before.has(id));
    expect(new Set(recovered)).toEqual(new Set(missed));
    expect(recovered.length).toBe(missed.length);
  }, 120_000);
});

describe("Bybit dead-man's switch (DCP)", () => {
  it('sets the window and subscribes dcp.future; the header waits for a drop; quitting with orders left armed, the venue cancels them a window later', async () => {
    const e = await startEngine({ deadman: { enabled: true, timeoutMs: 3_000 } });
    await until(() => log.of('deadman').length > 0, 5_000, 'armed');
    expect(log.of('deadman')[0]).toMatchObject({ armed: true, timeoutMs: 3_000, onDisconnect: true });
    expect(log.of('deadman')[0]?.deadline).toBeUndefined();
    const id = await restingBuy(e);
    // The socket drops: the countdown starts; it comes back within the window: the countdown stops.
    const dropped = await sim.control.serverTime();
    expect(await sim.control.dropSockets('user')).toBe(1);
    await until(() => log.of('deadman').some((d) => d.deadline !== undefined), 5_000, 'a countdown');
    await until(() => states('user').filter((s) => s === 'live').length >= 2, 5_000, 'back live');
    await until(() => log.of('deadman').at(-1)?.deadline === undefined, 5_000, 'the countdown stopped');
    // The venue's window from that drop passes with a socket back on the topic: nothing is cancelled.
    await pastVenueTime(dropped + 4_000);
    expect((await e.rest.run(e.adapter.queryOrder({ symbol: SYMBOL, clientOrderId: id }))).state).toBe('new');

    const check = bybitEngine(sim, new EventLog());
    await check.start();
    await e.stop('leave-armed');
    engine = undefined;
    let after = await check.rest.run(check.adapter.queryOrder({ symbol: SYMBOL, clientOrderId: id }));
    for (let i = 0; i < 100 && after.state !== 'canceled'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await check.rest.run(check.adapter.queryOrder({ symbol: SYMBOL, clientOrderId: id }));
    }
    expect(after).toMatchObject({ state: 'canceled', reason: 'canceled by the disconnect dead-man switch (DCP)' });
    await check.stop();
  }, 60_000);

  it('has no off: the toggle refuses and says why, and a clean quit says the venue cancels a window after the socket closes, and it does', async () => {
    const e = await startEngine({ deadman: { enabled: true, timeoutMs: 3_000 } });
    await until(() => log.of('deadman').length > 0, 5_000, 'armed');
    const id = await restingBuy(e);
    const toggled = await e.toggleDeadman();
    expect(toggled).toMatchObject({ ok: false, error: expect.stringMatching(/cannot be switched off from here: it cancels the open orders 3 s after/) });
    expect(e.deadman!.armed).toBe(true);
    expect(log.of('deadman').at(-1)).toMatchObject({ armed: true });
    await e.stop();
    engine = undefined;
    // A clean quit cannot switch it off either: it says what the venue will do, without a failed disarm.
    expect(log.of('log').some((l) => /dead-man left armed: the venue cancels open orders 3 s after this session's private socket closes/.test(l.text))).toBe(true);
    expect(log.of('log').some((l) => /disarm failed/.test(l.text))).toBe(false);
    const check = bybitEngine(sim, new EventLog());
    await check.start();
    let after = await check.rest.run(check.adapter.queryOrder({ symbol: SYMBOL, clientOrderId: id }));
    for (let i = 0; i < 100 && after.state !== 'canceled'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await check.rest.run(check.adapter.queryOrder({ symbol: SYMBOL, clientOrderId: id }));
    }
    expect(after.state).toBe('canceled');
    await check.stop();
  }, 30_000);

  it('never armed (dead-man off), the private socket does not subscribe dcp: orders outlive the window', async () => {
    const e = await startEngine();
    const id = await restingBuy(e);
    await e.stop();
    engine = undefined;
    const closed = await sim.control.serverTime();
    const check = bybitEngine(sim, new EventLog());
    await check.start();
    await pastVenueTime(closed + 4_000);
    expect((await check.rest.run(check.adapter.queryOrder({ symbol: SYMBOL, clientOrderId: id }))).state).toBe('new');
    await check.rest.run(check.adapter.cancelAll(SYMBOL));
    await check.stop();
  }, 30_000);
});
