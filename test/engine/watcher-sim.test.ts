/**
 * The L2 watcher over a real engine against the local venue (binance-usdm dialect, loopback):
 * the engine's sink teed into it by watchSink, as the runner does. The venue's volatile regime
 * fires atr-move and spread (and the calm regime before it does not); its faults fire disconnect
 * (sockets dropped), clock (the venue's clock skewed), budget (a 429 storm, then a ban); a
 * position fires large-fill and no-stop until a stop covers it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mul, round } from '../../src/core/decimal.js';
import type { Alert, AlertRule } from '../../src/core/signals/types.js';
import { Watcher, type WatcherOptions } from '../../src/core/signals/watcher.js';
import type { Engine } from '../../src/engine/engine.js';
import { type WatchSink, watchSink } from '../../src/engine/signals/watch-sink.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

let sim: SimHandle | undefined;
let engine: Engine | undefined;
let sink: WatchSink | undefined;

afterEach(async () => {
  sink?.stop();
  await engine?.stop();
  await sim?.close();
  sim = undefined;
  engine = undefined;
  sink = undefined;
});

/** The alerts as the store receives them: `signals` events of part 'alert' in the engine's sink. */
function alertsIn(log: EventLog): Alert[] {
  return log.of('signals').flatMap((e) => (e.part === 'alert' ? [e.alert] : []));
}

const of = (log: EventLog, rule: AlertRule) => alertsIn(log).filter((a) => a.rule === rule);

async function watched(log: EventLog, options: WatcherOptions, simTickMs = 0): Promise<{ watcher: Watcher; sim: SimHandle; engine: Engine }> {
  // A two-second weight window: a 429's Retry-After (the window's end) is short, so the engine's
  // stop does not wait out a minute's.
  sim = await startTestSim({ tickMs: simTickMs, limits: { weightWindowMs: 2_000 } });
  const watcher = new Watcher(options);
  sink = watchSink(log, watcher, { tickMs: 50 });
  engine = testEngine(sim, log, {
    sink,
    streams: true,
    stream: { backoff: { firstMs: 20, baseMs: 50, capMs: 200 } },
  });
  return { watcher, sim, engine };
}

describe('the L2 watcher on the local venue', () => {
  it('calm: no atr-move and no spread; volatile: both fire, each once per episode', async () => {
    const log = new EventLog();
    // Bars of half a second built from the tickers, and a move judged over the same half second:
    // the real default (ATR(1m) within 60 s) shrunk to what a test can wait for. k = 6, not 3: the
    // venue runs in this process, and on a loaded machine its ticks come in bursts (a calm burst
    // moved 3.5 ATRs in one ticker); the volatile regime's steps are fifteen times the calm ones.
    const { watcher, sim, engine } = await watched(log, { alerts: { atrMoveK: 6, atrMoveSeconds: 0.5 }, tickerBarMs: 500 }, 20);
    await engine.start();
    await until(() => watcher.atrOf('BTCUSDT') !== undefined, 10_000, 'an ATR from the calm tickers');
    // Two more seconds of calm: nothing to say.
    const calmUntil = Date.now() + 2_000;
    await until(() => Date.now() > calmUntil, 5_000, 'two seconds of calm');
    expect(of(log, 'atr-move')).toEqual([]);
    expect(of(log, 'spread')).toEqual([]);
    expect(log.of('ticker').length).toBeGreaterThan(50);

    await sim.control.setRegime('volatile');
    await until(() => of(log, 'atr-move').length > 0 && of(log, 'spread').length > 0, 15_000, 'atr-move and spread alerts');
    const move = of(log, 'atr-move')[0]!;
    expect(move.symbol).toBe('BTCUSDT');
    expect(['warn', 'critical']).toContain(move.severity);
    expect(move.text).toMatch(/^BTCUSDT (rose|fell) \d+\.\d×ATR\(1m\) in \d+ s/);
    expect(of(log, 'spread')[0]!.text).toMatch(/^BTCUSDT spread 0\.[2-4] is [3-4]\.\d× its average 0\.1/);
    // Episodes, not events: hundreds of volatile tickers, a handful of alerts at most (each re-arm waits 60 s).
    const tickers = log.of('ticker').length;
    await until(() => log.of('ticker').length > tickers + 100, 10_000, 'a hundred more tickers');
    expect(of(log, 'spread').length).toBe(1);
    expect(of(log, 'atr-move').filter((a) => a.severity === move.severity).length).toBe(1);
  });

  it('faults: a venue clock 4 s off, dropped sockets, a ban and a 429 storm each fire their rule', async () => {
    const log = new EventLog();
    const { sim, engine } = await watched(log, { alerts: { disconnectSeconds: 0.5, rearmSeconds: 0 } });
    await sim.control.skewClock(-4_000);
    await engine.start();
    await until(() => engine.streams.every((s) => s.state === 'live'), 10_000, 'every socket live');

    // clock: the start's sync saw the venue 4 s behind us.
    expect(of(log, 'clock').map((a) => a.severity)).toEqual(['warn']);
    expect(of(log, 'clock')[0]!.text).toMatch(/^venue clock is -(39\d\d|40\d\d) ms from ours/);
    expect(of(log, 'disconnect')).toEqual([]);

    // disconnect: every socket dropped, and the venue's replies slowed by a second, so the user
    // socket's resync (REST reads) keeps it down past the half-second grace.
    await sim.control.setFaults({ delay: { ms: 1_000, scope: 'any' } });
    expect(await sim.control.dropSockets('all')).toBeGreaterThan(0);
    await until(() => of(log, 'disconnect').some((a) => a.severity === 'critical'), 10_000, 'a critical disconnect (the user socket)');
    await sim.control.clearFaults();
    await until(() => engine.streams.every((s) => s.state === 'live'), 10_000, 'every socket live again');
    const downs = of(log, 'disconnect');
    expect(downs.map((a) => a.text).every((t) => /^\S+ socket down for \d+ s/.test(t))).toBe(true);
    // One per socket and episode.
    expect(new Set(downs.map((a) => a.text.split(' ')[0])).size).toBe(downs.length);

    // budget: a ban (critical); once it is over, a 429 storm puts the engine in its limited state (warn).
    await sim.control.setFaults({ now: { banMs: 1_000 } });
    await engine.rest.run(engine.adapter.balances()).catch(() => undefined);
    await until(() => of(log, 'budget').some((a) => a.severity === 'critical'), 5_000, 'a critical budget alert');
    expect(of(log, 'budget')[0]!.text).toMatch(/^venue banned this IP for \d+ s: nothing is sent/);
    const until418 = log.of('budget').at(-1)!.until ?? 0;
    await until(() => Date.now() > until418, 10_000, 'the ban over');
    // A request after it: the budget is normal again, the episode over.
    await engine.rest.run(engine.adapter.balances());
    await sim.control.setFaults({ rateLimitStorm: { times: 1, scope: 'GET /fapi/v3/balance' } });
    await engine.rest.run(engine.adapter.balances()).catch(() => undefined);
    await until(() => of(log, 'budget').some((a) => a.severity === 'warn'), 5_000, 'a budget warning');
    expect(of(log, 'budget').at(-1)!.text).toMatch(/^venue rate-limited us for \d+ s: requests wait/);
    await sim.control.clearFaults();
    await sim.control.resetLimits();
  });

  it('a position: large-fill at once, no-stop after its grace until a stop covers it', async () => {
    const log = new EventLog();
    const { engine } = await watched(log, { alerts: { largeFillNotional: 100, noStopSeconds: 0.3, rearmSeconds: 0 } });
    await engine.start();
    await until(() => engine.streams.every((s) => s.state === 'live'), 10_000, 'every socket live');
    const r = await engine.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.003', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    await until(() => of(log, 'large-fill').length > 0, 10_000, 'a large-fill alert');
    expect(of(log, 'large-fill')[0]!.text).toMatch(/^BTCUSDT BUY 0\.003 @ \d+\.\d+ filled: \d+ notional$/);
    await until(() => of(log, 'no-stop').length > 0, 10_000, 'a no-stop alert');
    expect(of(log, 'no-stop')[0]).toMatchObject({ severity: 'warn', symbol: 'BTCUSDT' });
    expect(of(log, 'no-stop')[0]!.text).toMatch(/^BTCUSDT long 0\.003 has no stop/);

    const mark = engine.account.allPositions().find((p) => p.symbol === 'BTCUSDT')!.markPrice;
    const stop = await engine.protect('stop', round(mul(mark, '0.9'), 1, 'half_even'));
    if (!stop.ok) throw new Error(stop.error);
    await until(() => engine.account.openOrders().some((o) => o.trigger?.kind === 'stop'), 10_000, 'the stop resting');
    // Covered: a second of ticks (grace three times over) brings no new no-stop alert.
    const later = Date.now() + 1_000;
    await until(() => Date.now() > later, 5_000, 'a second');
    expect(of(log, 'no-stop')).toHaveLength(1);
    await engine.flatten();
  });
});
