// The stream side against the local venue over real loopback sockets: state sequence, heartbeat death,
// listen-key keep-alive and re-creation, bad frames, and the key test: the user stream drops while
// orders fill; after reconnect the local fills and position equal the venue's, with corrections recorded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { add, neg } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import { StreamSocket } from '../../src/engine/stream.js';
import type { SimHandle } from '../../src/sim/index.js';
import { binanceUserStream } from '../../src/venues/binance/stream.js';
import { listenKeyToken } from '../../src/venues/binance/listen-key.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';
import { bothLive, connectionsOf, expectBadFramesCounted, fillWhileUserStreamDown, Recorder, SIM_STREAM_BACKOFF, SIM_STREAM_OPTIONS, statesOf } from './stream-helpers.js';

let sim: SimHandle;
let engine: Engine | undefined;
let log: EventLog;
const sockets: StreamSocket[] = [];

beforeAll(async () => {
  sim = await startTestSim({ pingIntervalMs: 1_000, pongTimeoutMs: 10_000, listenKeyTtlMs: 60_000 });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) await s.stop();
  await engine?.stop();
  engine = undefined;
  await sim.control.clearFaults();
});

afterAll(async () => {
  await sim.close();
});

async function startEngine(): Promise<Engine> {
  log = new EventLog();
  engine = testEngine(sim, log, SIM_STREAM_OPTIONS);
  await engine.start();
  await until(() => bothLive(log), 5_000, 'sockets live');
  return engine;
}

const connection = (socket: string) => connectionsOf(log, socket);
const states = (socket: string) => statesOf(log, socket);

describe('streams against the local venue', () => {
  it('connects the user stream through resync and the market stream straight to live', async () => {
    const e = await startEngine();
    expect(states('user')).toEqual(['connecting', 'resyncing', 'live']);
    expect(states('market')).toEqual(['connecting', 'live']);
    expect(states('public')).toEqual(['connecting', 'live']);
    expect(log.of('reconcile')[0]).toMatchObject({ trigger: 'startup', corrections: [] });
    expect(e.streams.every((s) => s.state === 'live')).toBe(true);
    await sim.control.setPrice('BTCUSDT', '51000');
    await until(() => log.of('ticker').some((t) => t.symbol === 'BTCUSDT'), 5_000, 'a ticker from the market stream');
  });

  it('finds a venue that stops answering pings, and keeps reconnecting until it answers again', async () => {
    const e = await startEngine();
    await sim.control.patchFaults({ ignorePings: true });
    await until(() => connection('user').filter((c) => c.state === 'reconnecting').length >= 2, 5_000, 'two failed attempts');
    const failed = connection('user').filter((c) => c.state === 'reconnecting');
    expect(failed[0]?.reason).toBe('no pong within 2000 ms');
    expect(failed.map((c) => c.attempt).slice(0, 2)).toEqual([1, 2]);
    await sim.control.clearFaults();
    await until(() => e.streams.every((s) => s.state === 'live'), 5_000, 'live again');
    const user = connection('user');
    expect(user.at(-2)?.state).toBe('resyncing');
    expect(log.of('reconcile').at(-1)?.trigger).toBe('reconnect');
  });

  it('counts malformed and oversized frames and goes on', async () => {
    const e = await startEngine();
    await expectBadFramesCounted(sim, e, log, { symbol: 'BTCUSDT', qty: '0.010', price: '49000.00' });
    const lines = log.of('log').filter((l) => l.source === 'stream').map((l) => l.text);
    expect(lines.some((t) => t.startsWith('user: frame is not JSON (#1 malformed)'))).toBe(true);
    expect(lines.some((t) => /user: frame of \d+ bytes dropped \(max 1048576\) \(#1 oversized\)/.test(t))).toBe(true);
    await e.cancelAll();
  });

  it('THE key test: drops the user stream while orders fill; local fills and position equal the venue’s after reconnect', async () => {
    const e = await startEngine();
    const { ids, venueFills } = await fillWhileUserStreamDown(sim, e, log, {
      symbol: 'BTCUSDT',
      qty: '0.010',
      prices: ['49990.00', '49980.00', '49970.00'],
    });

    await until(() => states('user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    const user = connection('user');
    expect(user.slice(2).map((c) => c.state)).toEqual(['live', 'reconnecting', 'connecting', 'resyncing', 'live']);
    expect(user.find((c) => c.state === 'reconnecting')).toMatchObject({ attempt: 1 });

    // Fills: exactly the venue's, each once.
    const local = log.of('fill').map((f) => f.fill.tradeId);
    expect(new Set(local).size).toBe(local.length);
    const venueIds = (await sim.control.fills()).map((f) => String(f.tradeId));
    expect(new Set(local)).toEqual(new Set(venueIds));
    // Position: the mirror equals the venue's snapshot and the sum of the fills.
    const venuePositions = await e.rest.run(e.adapter.positions!());
    const localPos = e.account.allPositions().find((p) => p.symbol === 'BTCUSDT');
    const venuePos = venuePositions.find((p) => p.symbol === 'BTCUSDT');
    expect(localPos?.qty).toBe(venuePos?.qty);
    const fromFills = (await sim.control.fills()).reduce((q, f) => add(q, f.side === 'BUY' ? f.qty : neg(f.qty)), '0');
    expect(add(localPos?.qty ?? '0', '0')).toBe(add(fromFills, '0'));
    for (const id of ids) expect(e.account.order(id)?.state).toBe('filled');

    // …and the corrections were recorded for the cockpit.
    const pass = log.of('reconcile').find((r) => r.trigger === 'reconnect');
    const texts = pass?.corrections.map((c) => c.text) ?? [];
    expect(texts).toContain(`recovered ${venueFills.length} BTCUSDT fills missed while away`);
    expect(pass?.corrections.filter((c) => c.kind === 'order-closed')).toHaveLength(3);
    expect(pass?.corrections.some((c) => c.kind === 'position-changed')).toBe(true);
    await e.flatten();
  });

  it('re-creates the listen key when the venue expires it, and reconnects on the new key', async () => {
    const e = await startEngine();
    const user = e.streams.find((s) => s.name === 'user')!;
    expect(await sim.control.expireListenKeys()).toBe(1);
    await until(() => states('user').filter((s) => s === 'live').length === 2, 5_000, 'live on a new key');
    expect(connection('user').find((c) => c.state === 'reconnecting')?.reason).toBe('stream token expired');
    expect(user.counters.token).toBe(1);
    expect((await sim.control.stats()).listenKeysExpired).toBeGreaterThanOrEqual(1);
  });
});

describe('listen key keep-alive on schedule', () => {
  it('keeps a short-lived key alive with PUTs, and re-creates it after it lapses', async () => {
    const short = await startTestSim({ listenKeyTtlMs: 300 });
    try {
      log = new EventLog();
      engine = testEngine(short, log, { streams: false });
      await engine.start();
      const urls = { rest: short.restUrl, wsPublic: short.wsUrl, wsPrivate: short.wsUrl };
      const base = binanceUserStream(urls);
      const keepAlive = (everyMs: number) => ({ ...base, token: { ...listenKeyToken, keepAlive: { everyMs, request: listenKeyToken.keepAlive!.request } } });

      const rec = new Recorder();
      const kept = new StreamSocket({ spec: keepAlive(100), rest: engine.rest.run, onEvent: rec.event, onStatus: rec.status, backoff: SIM_STREAM_BACKOFF, random: () => 1 });
      sockets.push(kept);
      kept.start();
      await rec.until(() => kept.state === 'live');
      await new Promise((r) => setTimeout(r, 900));
      expect(rec.states()).toEqual(['connecting', 'live']);
      await kept.stop();
      expect((await short.control.stats()).listenKeysExpired).toBe(0);

      // A keep-alive slower than the key's life: the venue expires it; the stream re-creates it.
      const rec2 = new Recorder();
      const lapsed = new StreamSocket({ spec: keepAlive(10_000), rest: engine.rest.run, onEvent: rec2.event, onStatus: rec2.status, backoff: SIM_STREAM_BACKOFF, random: () => 1 });
      sockets.push(lapsed);
      lapsed.start();
      await rec2.until(() => rec2.count('live') === 2);
      expect(rec2.statuses.find((s) => s.state === 'reconnecting')?.reason).toBe('stream token expired');
    } finally {
      for (const s of sockets.splice(0)) await s.stop();
      await engine?.stop();
      engine = undefined;
      await short.close();
    }
  });
});
