// The stream side against the OKX local venue over real loopback sockets — the twins of
// stream-sim.test.ts (Binance): WS login before subscriptions, text ping/pong against the 30 s idle
// cut-off, the 64008 upgrade notice as a planned reconnect, bad frames, and the key test: the user
// stream drops while orders fill; after reconnect the local fills and position equal the venue's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { add } from '../../src/core/decimal.js';
import { Secret } from '../../src/core/secret.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { INST, okxCredentials, okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog, until } from './rest-helpers.js';
import { bothLive, connectionsOf, expectBadFramesCounted, fillWhileUserStreamDown, SIM_STREAM_BACKOFF, SIM_STREAM_OPTIONS, statesOf } from './stream-helpers.js';

let sim: SimHandle;
let engine: Engine | undefined;
let log: EventLog;

beforeAll(async () => {
  sim = await startOkxSim({ idleTimeoutMs: 600, upgradeNoticeMs: 5_000 });
});

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await sim.control.clearFaults();
});

afterAll(async () => {
  await sim.close();
});

async function startEngine(over: Parameters<typeof okxEngine>[2] = {}, waitLive = true): Promise<Engine> {
  log = new EventLog();
  engine = okxEngine(sim, log, { ...SIM_STREAM_OPTIONS, ...over });
  await engine.start();
  if (waitLive) await until(() => bothLive(log), 5_000, 'sockets live');
  return engine;
}

const connection = (socket: string) => connectionsOf(log, socket);
const states = (socket: string) => statesOf(log, socket);

describe('OKX streams against the local venue', () => {
  it('logs in before subscribing, resyncs, goes live; the market socket streams tickers', async () => {
    await startEngine();
    expect(states('user')).toEqual(['connecting', 'authenticating', 'subscribing', 'resyncing', 'live']);
    expect(states('market')).toEqual(['connecting', 'subscribing', 'live']);
    expect(log.of('reconcile')[0]).toMatchObject({ trigger: 'startup', corrections: [] });
    await sim.control.setPrice('BTCUSDT', '51000');
    await until(() => log.of('ticker').some((t) => t.symbol === INST), 5_000, 'a ticker');
    // A market order: the push says "filled", usually before the REST ack says "live" — old news.
    const e = engine!;
    const r = await e.place({ symbol: INST, side: 'buy', type: 'market', qty: '1', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    await until(() => e.account.order(r.clientOrderId!)?.state === 'filled' && log.of('fill').length > 0, 5_000, 'fill pushed');
    await e.orders.get(r.clientOrderId!)!.settled;
    expect(e.orders.get(r.clientOrderId!)!.order.state).toBe('filled');
    expect(log.of('log').filter((l) => /venue report ignored/.test(l.text))).toEqual([]);
    await e.flatten();
  });

  it('a refused login never subscribes and keeps retrying, by name', async () => {
    const good = okxCredentials(sim);
    await startEngine({ credentials: { ...good, passphrase: new Secret('wrong', 'passphrase') } }, false);
    await until(() => connection('user').filter((c) => c.state === 'reconnecting').length >= 2, 5_000, 'two refused logins');
    const refused = connection('user').find((c) => c.state === 'reconnecting');
    expect(refused?.reason).toBe('login refused: 60024 Wrong passphrase');
    expect(states('user')).not.toContain('subscribing');
  });

  it('text pings keep the socket past the venue idle cut-off; without them the venue closes it', async () => {
    const e = await startEngine();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(states('user').filter((s) => s === 'reconnecting')).toHaveLength(0);
    await e.stop();
    engine = undefined;
    // Pings rarer than the venue's idle limit (600 ms here, 30 s at the venue): it cuts the line.
    const slow = await startEngine({ stream: { backoff: SIM_STREAM_BACKOFF, heartbeat: { intervalMs: 5_000, pongTimeoutMs: 1_000, silenceMs: 10_000 } } });
    await until(() => states('user').includes('reconnecting'), 5_000, 'the idle cut-off');
    expect(connection('user').find((c) => c.state === 'reconnecting')?.reason).toMatch(/socket closed \(4004/);
    await until(() => states('user').filter((s) => s === 'live').length >= 2, 5_000, 'back live');
    // The private socket, the algo socket (/ws/v5/business), the market socket — in the order they
    // were opened, which depends on when the shared market feed joined: the set is what counts.
    expect(slow.streams.map((x) => x.name).sort()).toEqual(['algo', 'market', 'user']);
  });

  it('the 64008 upgrade notice is a planned reconnect, through resync, before the venue closes', async () => {
    await startEngine();
    await sim.control.patchFaults({ now: { upgradeNotice: true } });
    await until(() => states('user').filter((s) => s === 'live').length === 2, 3_000, 'user live again');
    const planned = connection('user').find((c) => c.state === 'reconnecting');
    expect(planned?.reason).toMatch(/^venue notice 64008/);
    expect(states('user').slice(5)).toEqual(['reconnecting', 'connecting', 'authenticating', 'subscribing', 'resyncing', 'live']);
    expect(log.of('reconcile').at(-1)?.trigger).toBe('reconnect');
  });

  it('a stop placed, cancelled or fired elsewhere reaches the book on the orders-algo channel, with no reconcile', async () => {
    const e = await startEngine();
    await until(() => states('algo').at(-1) === 'live', 5_000, 'the algo socket live');
    expect(states('algo')).toEqual(['connecting', 'authenticating', 'subscribing', 'resyncing', 'live']);
    // Another session of the same account acts; this engine only listens (no periodic pass here).
    const other = okxEngine(sim, new EventLog());
    await other.start();
    try {
      await sim.control.setPrice('BTCUSDT', '50000');
      const buy = await other.place({ symbol: INST, side: 'buy', type: 'market', qty: '1', reduceOnly: false, postOnly: false });
      if (!buy.ok) throw new Error(buy.error);
      await other.orders.get(buy.clientOrderId!)!.settled;
      const passes = e.resyncer.counters.passes;

      const first = await other.protect('stop', '47000');
      if (!first.ok) throw new Error(first.error);
      const id = first.clientOrderId!;
      await until(() => e.account.order(id)?.state === 'new', 5_000, 'the stop seen resting');
      expect(e.account.order(id)?.trigger).toEqual({ kind: 'stop', price: '47000', by: 'mark' });
      await until(() => other.account.order(id)?.venueOrderId !== undefined, 5_000, 'its algoId');
      expect(await other.cancel(id)).toMatchObject({ ok: true });
      await until(() => e.account.order(id)?.state === 'canceled', 5_000, 'the cancel seen');

      const second = await other.protect('stop', '49000');
      if (!second.ok) throw new Error(second.error);
      const fired = second.clientOrderId!;
      await until(() => e.account.order(fired)?.state === 'new', 5_000, 'the second stop seen resting');
      await sim.control.setPrice('BTCUSDT', '48500');
      await until(() => e.account.order(fired)?.state === 'triggered', 5_000, 'the stop seen fired');
      expect(e.resyncer.counters.passes).toBe(passes);
    } finally {
      await sim.control.setPrice('BTCUSDT', '50000');
      await other.flatten();
      await other.stop();
    }
  });

  it('counts malformed and oversized frames and goes on', async () => {
    const e = await startEngine();
    await expectBadFramesCounted(sim, e, log, { symbol: INST, qty: '1', price: '49000.0' });
    await e.cancelAll();
  });

  it('THE key test: drops the user stream while orders fill; local fills and position equal the venue’s after reconnect', async () => {
    const e = await startEngine();
    const { ids, before, venueFills } = await fillWhileUserStreamDown(sim, e, log, {
      symbol: INST,
      qty: '1',
      prices: ['49990.0', '49980.0', '49970.0'],
    }, 2);

    await until(() => states('user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    expect(connection('user').find((c) => c.state === 'reconnecting')).toMatchObject({ attempt: 1 });

    // Fills: exactly the venue's new ones, each once.
    // (The startup pass also loaded the fills of earlier tests: only the new ones count here.)
    const local = log.of('fill').map((f) => f.fill.tradeId).filter((id) => !before.has(Number(id)));
    expect(new Set(local).size).toBe(local.length);
    expect(new Set(local)).toEqual(new Set(venueFills.map((f) => String(f.tradeId))));
    // Position: the mirror equals the venue's snapshot (contracts) and the sum of the fills.
    const venuePos = (await e.rest.run(e.adapter.positions!())).find((p) => p.symbol === INST);
    const localPos = e.account.allPositions().find((p) => p.symbol === INST);
    expect(localPos?.qty).toBe(venuePos?.qty);
    const fromFills = log.of('fill').reduce((q, f) => add(q, f.fill.side === 'buy' ? f.fill.qty : `-${f.fill.qty}`), '0');
    expect(add(localPos?.qty ?? '0', '0')).toBe(add(fromFills, '0'));
    for (const id of ids) expect(e.account.order(id)?.state).toBe('filled');

    const pass = log.of('reconcile').find((r) => r.trigger === 'reconnect');
    const texts = pass?.corrections.map((c) => c.text) ?? [];
    expect(texts).toContain(`recovered ${venueFills.length} ${INST} fills missed while away`);
    expect(pass?.corrections.filter((c) => c.kind === 'order-closed')).toHaveLength(3);
    await e.flatten();
  });
});
