// The engine's kline feed (src/engine/klines.ts) against the real local venue on loopback, for each
// dialect that serves klines: the REST snapshot arrives, live bars from the venue's kline stream
// update the open bar and append closed ones (the sim's clock stepped a minute on), the series
// agrees with the venue's own REST bars, and a dropped socket resyncs the snapshot on reconnect.
import { afterEach, describe, expect, it } from 'vitest';
import { TIMEFRAME_MS } from '../../src/core/signals/types.js';
import type { Engine, EngineOptions } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { okxEngine, startOkxSim } from './okx-helpers.js';
import { COIN, hlEngine, startHlSim } from './hyperliquid-helpers.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';
import { SIM_STREAM_OPTIONS } from './stream-helpers.js';

interface Case {
  name: string;
  symbol: string;
  start(): Promise<SimHandle>;
  engine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions>): Engine;
}

const CASES: Case[] = [
  { name: 'binance-usdm', symbol: 'BTCUSDT', start: () => startTestSim(), engine: testEngine },
  { name: 'okx', symbol: 'BTC-USDT-SWAP', start: () => startOkxSim(), engine: okxEngine },
  { name: 'hyperliquid', symbol: COIN, start: () => startHlSim(), engine: hlEngine },
];

let sim: SimHandle | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await sim?.close();
  engine = undefined;
  sim = undefined;
});

const MINUTE = TIMEFRAME_MS['1m'];

describe.each(CASES)('kline feed on the local $name venue', (c) => {
  it('snapshot, then live bars merged (open bar updated, closed bars appended), then a resync after a drop', async () => {
    sim = await c.start();
    const log = new EventLog();
    const e = c.engine(sim, log, { ...SIM_STREAM_OPTIONS, klines: { snapshotBars: 40, maxBars: 60 } });
    engine = e;
    const feed = e.klines!;
    feed.watch(c.symbol, ['1m', '1h']);
    const seen: number[] = [];
    const closedSeen: number[] = [];
    feed.onBar((symbol, tf, bar) => {
      if (symbol === c.symbol && tf === '1m') seen.push(bar.openTime);
      if (symbol === c.symbol && tf === '1m' && bar.closed) closedSeen.push(bar.openTime);
    });
    await e.start();
    await until(() => feed.series(c.symbol, '1m').length === 40 && feed.series(c.symbol, '1h').length === 40, 5_000, 'the snapshots');
    expect(feed.sockets.length).toBeGreaterThan(0);
    await until(() => feed.sockets.every((s) => s.state === 'live'), 5_000, 'the kline sockets live');
    // The snapshot reaches back before the sim started (its history), oldest first, on the grid.
    const first = feed.series(c.symbol, '1h');
    for (let i = 1; i < first.length; i++) expect(first[i]!.openTime - first[i - 1]!.openTime).toBe(TIMEFRAME_MS['1h']);

    // Live: ticks print trades, the stream pushes the open bar.
    const before = seen.length;
    await sim.control.tick(5);
    await until(() => seen.length > before, 5_000, 'a streamed bar');
    const openNow = feed.series(c.symbol, '1m').at(-1)!;
    expect(openNow.closed).toBe(false);

    // A minute on the sim's clock: the next pushes close that bar and open the next.
    await sim.control.jumpClock(MINUTE);
    await sim.control.tick(3);
    await until(() => feed.series(c.symbol, '1m').at(-1)!.openTime >= openNow.openTime + MINUTE, 5_000, 'the next minute bar');
    const series = feed.series(c.symbol, '1m');
    const closedOne = series.find((b) => b.openTime === openNow.openTime)!;
    expect(closedOne.closed).toBe(true);
    // Listeners heard that bar closed (Hyperliquid's stream never flags a close: the feed announces it).
    await until(() => closedSeen.includes(openNow.openTime), 5_000, 'the closed bar announced');
    expect(series.length).toBeGreaterThan(40);
    expect(series.length).toBeLessThanOrEqual(60);

    // The streamed bars agree with the venue's REST bars (no tick between: the REST answer stands still).
    const rest = await e.rest.run(e.adapter.klines!(c.symbol, '1m', { limit: 3 }));
    const shape = (bars: readonly { openTime: number; open: number; high: number; low: number; close: number; volume: number }[]) =>
      JSON.stringify(bars.map((b) => [b.openTime, b.open, b.high, b.low, b.close, b.volume]));
    await until(() => shape(feed.series(c.symbol, '1m').slice(-3)) === shape(rest), 5_000, 'the feed to agree with the REST bars');

    // A dropped socket resyncs: the snapshot is read again before it is live.
    const snapshots = feed.counters.snapshots;
    await sim.control.dropSockets('all');
    await until(() => feed.counters.resyncs >= 1 && feed.counters.snapshots >= snapshots + 2, 5_000, 'the resync after the drop');
    await until(() => feed.sockets.every((s) => s.state === 'live'), 5_000, 'the kline sockets live again');
    // A bar formed while the feed re-reads is there after it.
    await sim.control.jumpClock(MINUTE);
    await sim.control.tick(3);
    await until(() => feed.series(c.symbol, '1m').at(-1)!.openTime >= openNow.openTime + 2 * MINUTE, 5_000, 'bars after the resync');

    // Watching less replaces what was watched: the 1h series is released, and so is its subscription
    // (the new sockets' connect reads one snapshot, the 1m one).
    const connects = feed.counters.connects;
    const snapshotsNow = feed.counters.snapshots;
    const liveSockets = feed.sockets;
    feed.watch(c.symbol, ['1m']);
    expect(feed.series(c.symbol, '1h')).toEqual([]);
    await until(() => feed.sockets !== liveSockets && feed.counters.connects > connects && feed.sockets.every((s) => s.state === 'live'), 5_000, 'the sockets for the smaller set');
    expect(feed.counters.snapshots - snapshotsNow).toBe(1);
    await sim.control.jumpClock(MINUTE);
    await sim.control.tick(3);
    await until(() => feed.series(c.symbol, '1m').at(-1)!.openTime >= openNow.openTime + 3 * MINUTE, 5_000, 'bars after the change');
    expect(feed.series(c.symbol, '1h')).toEqual([]);
  });
});
