// The session side against the Hyperliquid local venue over real loopback sockets — twins of
// stream-sim.test.ts, deadman.test.ts and the rate-limit tests (Binance): no WS login, subscriptions
// for the master address acknowledged one by one, `{"method":"ping"}` against the venue's idle
// cut-off, bad frames, THE key test (the user stream drops while orders fill; after reconnect the
// fills — recovered through userFillsByTime from the watermark — and the position equal the
// venue's), scheduleCancel as the dead-man's switch, and the venue's 429.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { add } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { ConnectionEvent } from '../../src/engine/events.js';
import { COIN, hlEngine, hlPriceAt, startHlSim } from './hyperliquid-helpers.js';
import { EventLog, until } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine | undefined;
let log: EventLog;

beforeAll(async () => {
  sim = await startHlSim({ idleTimeoutMs: 600 });
});

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await sim.control.clearFaults();
});

afterAll(async () => {
  await sim.close();
});

const BACKOFF = { firstMs: 300, baseMs: 300, capMs: 1_000, stableMs: 60_000 };
const HEARTBEAT = { intervalMs: 100, pongTimeoutMs: 2_000, silenceMs: 5_000 };

async function startEngine(over: Parameters<typeof hlEngine>[2] = {}): Promise<Engine> {
  log = new EventLog();
  engine = hlEngine(sim, log, { stream: { backoff: BACKOFF, heartbeat: HEARTBEAT }, random: () => 1, ...over });
  await engine.start();
  await until(() => states('user').at(-1) === 'live' && states('market').at(-1) === 'live', 5_000, 'sockets live');
  return engine;
}

function connection(socket: string): ConnectionEvent[] {
  return log.of('connection').filter((e) => e.socket === socket);
}

function states(socket: string): string[] {
  return connection(socket).map((e) => e.state);
}

describe('Hyperliquid streams against the local venue', () => {
  it('subscribes without a login, resyncs, goes live; the market socket streams bbo', async () => {
    await startEngine();
    expect(states('user')).toEqual(['connecting', 'subscribing', 'resyncing', 'live']);
    expect(states('market')).toEqual(['connecting', 'subscribing', 'live']);
    expect(log.of('reconcile')[0]).toMatchObject({ trigger: 'startup', corrections: [] });
    await sim.control.setPrice('BTCUSDT', '51000');
    await until(() => log.of('ticker').some((t) => t.symbol === COIN && Number(t.bid) <= 51_000 && Number(t.ask) >= 51_000), 5_000, 'a bbo ticker');
    // A live fill moves the position at once (the venue pushes no positions: the fill's start ± size).
    const e = engine!;
    await e.place({ symbol: COIN, side: 'buy', type: 'market', qty: '0.003', reduceOnly: false, postOnly: false });
    await until(() => e.account.allPositions().some((p) => p.symbol === COIN && p.qty === '0.003'), 5_000, 'the position from the fill');
    expect(log.of('reconcile')).toHaveLength(1);
    const flat = await e.flatten();
    expect(flat).toMatchObject({ ok: true });
    await until(() => !e.account.allPositions().some((p) => p.symbol === COIN && Number(p.qty) !== 0), 5_000, 'flat again');
  });

  it('{"method":"ping"} keeps the socket past the venue idle cut-off; without it the venue closes it', async () => {
    const e = await startEngine();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(states('user').filter((s) => s === 'reconnecting')).toHaveLength(0);
    expect(e.streams.every((s) => s.counters.frames > 10)).toBe(true);
    await e.stop();
    engine = undefined;
    // Pings rarer than the venue's idle limit (600 ms here, 60 s at the venue): it cuts the line.
    await startEngine({ stream: { backoff: BACKOFF, heartbeat: { intervalMs: 5_000, pongTimeoutMs: 1_000, silenceMs: 10_000 } } });
    await until(() => states('user').includes('reconnecting'), 5_000, 'the idle cut-off');
    expect(connection('user').find((c) => c.state === 'reconnecting')?.reason).toMatch(/socket closed \(1000 idle/);
    await until(() => states('user').filter((s) => s === 'live').length >= 2, 5_000, 'back live');
  });

  it('counts malformed and oversized frames and goes on', async () => {
    const e = await startEngine();
    await sim.control.patchFaults({ wsMalformed: { times: 1, scope: 'user' }, wsOversized: { times: 1, scope: 'user', bytes: 5 << 20 } });
    const price = await hlPriceAt(sim, '0.97');
    const placed = await e.place({ symbol: COIN, side: 'buy', type: 'limit', qty: '0.003', price, reduceOnly: false, postOnly: false });
    if (!placed.ok) throw new Error(placed.error);
    const user = e.streams.find((s) => s.name === 'user')!;
    await until(() => user.counters.malformed === 1 && user.counters.oversized === 1, 5_000, 'bad frames');
    await until(() => e.account.openOrders().some((o) => o.clientOrderId === placed.clientOrderId && o.state === 'new'), 5_000, 'order seen');
    expect(user.state).toBe('live');
    expect(states('user').filter((s) => s === 'reconnecting')).toHaveLength(0);
    await e.cancelAll();
  });

  it('THE key test: drops the user stream while orders fill; local fills and position equal the venue’s after reconnect', async () => {
    const e = await startEngine();
    await sim.control.setPrice('BTCUSDT', '50000');
    // A market order is an IOC around the streamed mid: wait until the stream shows the new price.
    await until(() => log.of('ticker').some((t) => t.bid === '50000'), 5_000, 'the new mid');
    // An earlier fill sets the watermark, so the recovery below pages by time from it.
    const first = await e.place({ symbol: COIN, side: 'buy', type: 'market', qty: '0.003', reduceOnly: false, postOnly: false });
    if (!first.ok) throw new Error(first.error);
    expect((await e.orders.get(first.clientOrderId!)!.settled).state).toBe('filled');
    await until(() => log.of('fill').some((f) => f.fill.venueOrderId === e.orders.get(first.clientOrderId!)!.order.venueOrderId), 5_000, 'a first fill');
    const before = new Set((await sim.control.fills()).map((f) => f.tradeId));
    const ids: string[] = [];
    for (const price of ['49990', '49980', '49970']) {
      const r = await e.place({ symbol: COIN, side: 'buy', type: 'limit', qty: '0.003', price, reduceOnly: false, postOnly: false });
      ids.push(r.ok ? (r.clientOrderId ?? '') : '');
    }
    await until(() => ids.every((id) => e.account.order(id)?.state === 'new'), 5_000, 'orders open');
    const fillsBefore = log.of('fill').length;

    expect(await sim.control.dropSockets('user')).toBe(1);
    await sim.control.setPrice('BTCUSDT', '49900');
    const venueFills = (await sim.control.fills()).filter((f) => !before.has(f.tradeId));
    expect(venueFills.length).toBeGreaterThanOrEqual(3);
    expect(log.of('fill').length).toBe(fillsBefore);

    await until(() => states('user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    expect(connection('user').find((c) => c.state === 'reconnecting')).toMatchObject({ attempt: 1 });

    // Fills: exactly the venue's, each once (the userFills snapshot on resubscribe is deduped).
    const local = log.of('fill').map((f) => f.fill.tradeId);
    expect(new Set(local).size).toBe(local.length);
    const venueAll = (await sim.control.fills()).map((f) => String(f.tradeId));
    expect(new Set(local)).toEqual(new Set(venueAll));
    // Position: the mirror equals the venue's clearinghouseState and the sum of the fills.
    const venuePos = (await e.rest.run(e.adapter.positions!())).find((p) => p.symbol === COIN);
    const localPos = e.account.allPositions().find((p) => p.symbol === COIN);
    expect(localPos?.qty).toBe(venuePos?.qty);
    const fromFills = log.of('fill').reduce((q, f) => add(q, f.fill.side === 'buy' ? f.fill.qty : `-${f.fill.qty}`), '0');
    expect(add(localPos?.qty ?? '0', '0')).toBe(add(fromFills, '0'));
    for (const id of ids) expect(e.account.order(id)?.state).toBe('filled');

    const pass = log.of('reconcile').find((r) => r.trigger === 'reconnect');
    const texts = pass?.corrections.map((c) => c.text) ?? [];
    expect(texts, JSON.stringify(texts)).toContain(`recovered ${venueFills.length} ${COIN} fills missed while away`);
    expect(pass?.corrections.filter((c) => c.kind === 'order-closed')).toHaveLength(3);
    await e.flatten();
  });
});

describe("Hyperliquid dead-man's switch (scheduleCancel)", () => {
  it('is armed for the account, re-armed every timeout/4, and the venue cancels once its time passes', async () => {
    // 10 s: the venue wants the time at least 5 s ahead.
    const e = await startEngine({ deadman: { enabled: true, timeoutMs: 10_000 } });
    expect(log.of('deadman')[0]).toMatchObject({ armed: true, timeoutMs: 10_000 });
    const price = await hlPriceAt(sim, '0.97');
    const r = await e.place({ symbol: COIN, side: 'buy', type: 'limit', qty: '0.003', price, reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const placed = await e.orders.get(r.clientOrderId!)!.settled;
    expect(placed.state, placed.reason).toBe('new');
    await new Promise((res) => setTimeout(res, 2_700));
    expect(e.deadman!.counters.arms).toBeGreaterThanOrEqual(2);
    expect(e.deadman!.counters.failures).toBe(0);
    // The process "dies": no more re-arms. Venue time passes the scheduled time (a clock jump
    // stands in for ten seconds of waiting) and the venue cancels.
    e.deadman!.abandon();
    await sim.control.jumpClock(11_000);
    try {
      await sim.control.tick();
      expect(await e.rest.run(e.adapter.openOrders(COIN))).toEqual([]);
      const q = await e.rest.run(e.adapter.queryOrder({ symbol: COIN, clientOrderId: r.clientOrderId! }));
      expect(q).toMatchObject({ state: 'canceled', reason: 'scheduledCancel' });
    } finally {
      await sim.control.jumpClock(-11_000);
    }
    // A clean exit removes the schedule and says so.
    await e.timeSync.resync('test: clock jumped back');
    await e.deadman!.arm();
    await e.stop();
    engine = undefined;
    expect(log.of('deadman').at(-1)).toMatchObject({ armed: false });
    expect(log.of('log').filter((l) => l.source === 'deadman')).toEqual([]);
  }, 120_000);
});

describe('Hyperliquid rate limits', () => {
  it('a 429 on an order is "not processed": resolved by orderStatus and placed exactly once', async () => {
    const e = await startEngine({ resolve: { settleMs: 6_000, maxQueries: 80, backoff: { firstMs: 20, baseMs: 100, capMs: 300 } } });
    await sim.control.setFaults({ rateLimitStorm: { times: 1, scope: 'order' } });
    const price = await hlPriceAt(sim, '0.97');
    const r = await e.place({ symbol: COIN, side: 'buy', type: 'limit', qty: '0.003', price, reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const order = await e.orders.get(r.clientOrderId!)!.settled;
    expect(order.state).toBe('new');
    expect((await sim.control.stats()).status429).toBeGreaterThanOrEqual(1);
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === r.clientOrderId)).toHaveLength(1);
    expect(e.orders.get(r.clientOrderId!)!.sends).toBe(2);
    await e.cancelAll();
  }, 120_000);
});
