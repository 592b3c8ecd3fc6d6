import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VenueClock } from '../../src/core/clock.js';
import { ClockSyncError, TimeSync } from '../../src/engine/time-sync.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';

describe('time sync against the local venue', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('a burst at start puts the signing clock just behind the venue and reports it', async () => {
    await sim.control.skewClock(-4_000);
    const log = new EventLog();
    const engine = testEngine(sim, log, { timeSync: { burst: 4 } });
    await engine.start();
    const clock = log.of('clock');
    expect(clock).toHaveLength(1);
    // venue − local ≈ −4 s; the estimate's error is bounded by the loopback round trip.
    expect(Math.abs(clock[0]!.offsetMs + 4_000)).toBeLessThan(250);
    // The signing clock read first: the venue's reading comes after it, so a busy machine's delay
    // between the two reads can only widen the margin, never make signing look ahead.
    const signing = engine.timeSync.venueNow();
    const venue = await sim.control.serverTime();
    expect(signing).toBeLessThanOrEqual(venue + 1);
    expect(venue - signing).toBeLessThan(500);
    expect(engine.timeSync.history()).toHaveLength(1);
    await engine.stop();
    await sim.control.skewClock(0);
  });

  it('after a server clock jump a signed request gets -1021, resyncs at once and succeeds on the one retry', async () => {
    const log = new EventLog();
    const engine = testEngine(sim, log);
    await engine.start();
    const before = (await sim.control.stats()).errors['-1021'] ?? 0;
    await sim.control.jumpClock(30_000); // our timestamps are now 30 s behind: outside recvWindow
    const balances = await engine.rest.run(engine.adapter.balances());
    expect(balances.length).toBeGreaterThan(0);
    expect((await sim.control.stats()).errors['-1021'] ?? 0).toBe(before + 1);
    expect(engine.rest.counters.clockRetries).toBe(1);
    const clock = log.of('clock');
    expect(clock).toHaveLength(2);
    expect(clock[1]!.offsetMs - clock[0]!.offsetMs).toBeGreaterThan(29_000);
    expect(engine.timeSync.history().map((p) => p.reason)[1]).toContain('-1021');

    // A jump backwards makes our timestamps run ahead ("1000ms ahead of the server's time").
    await sim.control.jumpClock(-60_000);
    const again = await engine.rest.run(engine.adapter.openOrders('BTCUSDT'));
    expect(Array.isArray(again)).toBe(true);
    expect(engine.rest.counters.clockRetries).toBe(2);
    await engine.stop();
    await sim.control.skewClock(0);
  });

  it('an order rejected for its timestamp is re-sent once and placed exactly once', async () => {
    const log = new EventLog();
    const engine = testEngine(sim, log);
    await engine.start();
    await sim.control.jumpClock(20_000);
    const result = await engine.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false });
    expect(result.ok).toBe(true);
    const id = result.ok ? result.clientOrderId! : '';
    const order = await engine.orders.get(id)!.settled;
    expect(order.state).toBe('filled');
    const accepted = (await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id);
    expect(accepted).toHaveLength(1);
    await engine.stop();
    await sim.control.skewClock(0);
  });
});

describe('time sync, unit', () => {
  it('coalesces concurrent resyncs and fails by name when no sample succeeds', async () => {
    let calls = 0;
    let serverOffset = 1_000;
    const sync = new TimeSync(
      {
        sample: async () => {
          calls++;
          const sentAt = performance.now();
          await new Promise((r) => setTimeout(r, 1));
          const receivedAt = performance.now();
          return { sentAt, receivedAt, serverTime: Math.floor((sentAt + receivedAt) / 2 + serverOffset) };
        },
      },
      { burst: 2, resyncBurst: 2, intervalMs: 60_000 },
    );
    await sync.start();
    expect(calls).toBe(2);
    serverOffset = 50_000;
    // a starts a burst; b and c, asked while it runs, share one burst that follows it.
    await Promise.all([sync.resync('a'), sync.resync('b'), sync.resync('c')]);
    expect(calls).toBe(6);
    expect(sync.venueNow() - performance.now()).toBeGreaterThan(49_000);
    expect(sync.history().map((p) => p.reason).slice(-2)).toEqual(['a', 'b']);

    // A burst already running when the venue's clock steps has samples from before the step; a
    // caller that met the step must get a burst begun after it, not the stale one.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let hold = true;
    const stepped = new TimeSync(
      {
        sample: async () => {
          const sentAt = performance.now();
          const offset = serverOffset;
          if (hold) {
            hold = false;
            await held;
          }
          const receivedAt = performance.now();
          return { sentAt, receivedAt, serverTime: Math.floor((sentAt + receivedAt) / 2 + offset) };
        },
      },
      { burst: 1, resyncBurst: 1, intervalMs: 60_000 },
    );
    serverOffset = 0;
    hold = false;
    await stepped.start();
    hold = true;
    const periodic = stepped.resync('periodic');
    serverOffset = -3_000;
    const afterStep = stepped.resync('-1021');
    release();
    await Promise.all([periodic, afterStep]);
    expect(Math.abs(stepped.venueNow() - performance.now() + 3_000)).toBeLessThan(500);
    stepped.stop();
    sync.stop();

    const broken = new TimeSync({ sample: () => Promise.reject(new Error('venue down')), clock: new VenueClock() }, { burst: 2 });
    await expect(broken.start()).rejects.toBeInstanceOf(ClockSyncError);
    broken.stop();
  });
});
