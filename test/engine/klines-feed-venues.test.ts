// The engine's kline feed (src/engine/klines.ts) against the real local Bybit, Coinbase and Kraken
// venues on loopback: the REST snapshot arrives through each adapter's plan, live bars come from each
// venue's own kline stream (Bybit `kline.<i>.<symbol>`, Kraken v2 `ohlc`, Coinbase's five-minute
// `candles`), and a bar closes when the sim's clock passes its end; Coinbase's 1m, which it does not
// stream, moves by the feed's REST polls (StreamAdapter.klinePolled).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TIMEFRAME_MS, type Timeframe } from '../../src/core/signals/types.js';
import type { Engine, EngineOptions } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { BYBIT, bybitEngine, startBybitSim } from './bybit-helpers.js';
import { COINBASE, coinbaseEngine, startCoinbaseSim } from './coinbase-helpers.js';
import { KRAKEN, krakenEngine, nonceDir, startKrakenSim } from './kraken-helpers.js';
import { EventLog } from './rest-helpers.js';
import { SIM_STREAM_OPTIONS } from './stream-helpers.js';

interface Case {
  name: string;
  symbol: string;
  /** The timeframe the venue streams (and the one it polls, if any). */
  streamed: Timeframe;
  polled?: Timeframe;
  start(): Promise<SimHandle>;
  engine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions>): Engine;
}

const nonces = nonceDir();
let n = 0;
const CASES: Case[] = [
  { name: 'bybit', symbol: BYBIT.symbol, streamed: '1m', start: () => startBybitSim(), engine: bybitEngine },
  {
    name: 'kraken',
    symbol: KRAKEN.symbol,
    streamed: '1m',
    start: () => startKrakenSim(),
    engine: (sim, log, options) => krakenEngine(sim, log, join(nonces, `k${n++}`), options),
  },
  { name: 'coinbase', symbol: COINBASE.symbol, streamed: '5m', polled: '1m', start: () => startCoinbaseSim(), engine: coinbaseEngine },
];

let sim: SimHandle | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await sim?.close();
  engine = undefined;
  sim = undefined;
});

describe.each(CASES)('kline feed on the local $name venue', (c) => {
  it('snapshot over REST, live bars from its stream, a bar closed once the clock passes its end', async () => {
    sim = await c.start();
    const log = new EventLog();
    const e = c.engine(sim, log, { ...SIM_STREAM_OPTIONS, klines: { snapshotBars: 40, maxBars: 80, pollEveryMs: 1_000 } });
    engine = e;
    const feed = e.klines!;
    const frames: Timeframe[] = [c.streamed, '1h', ...(c.polled === undefined ? [] : [c.polled])];
    feed.watch(c.symbol, frames);
    const seen: Array<{ tf: Timeframe; openTime: number; closed: boolean }> = [];
    feed.onBar((symbol, tf, bar) => {
      if (symbol === c.symbol) seen.push({ tf, openTime: bar.openTime, closed: bar.closed });
    });
    await e.start();
    // The snapshot: the sim's history reaches back before its start, so every series is full.
    await until(() => frames.every((tf) => feed.series(c.symbol, tf).length >= 30), `the ${c.name} snapshots`);
    const hours = feed.series(c.symbol, '1h');
    for (let i = 1; i < hours.length; i++) expect(hours[i]!.openTime - hours[i - 1]!.openTime).toBe(TIMEFRAME_MS['1h']);
    expect(hours.slice(0, -1).every((b) => b.closed)).toBe(true);
    await until(() => feed.sockets.length > 0 && feed.sockets.every((s) => s.state === 'live'), 'the kline sockets live');

    // Live: ticks print trades, the venue's stream carries the open bar.
    const span = TIMEFRAME_MS[c.streamed];
    const count = seen.length;
    await sim.control.tick(20);
    await until(() => seen.slice(count).some((s) => s.tf === c.streamed && !s.closed), `a streamed ${c.streamed} bar`);
    const open = feed.series(c.symbol, c.streamed).at(-1)!;
    expect(open.closed).toBe(false);
    expect(open.openTime).toBe(Math.floor((await sim.control.serverTime()) / span) * span);

    // The clock past the bar's end: it closes, and the next one opens.
    await sim.control.jumpClock(span);
    await sim.control.tick(20);
    await until(() => feed.series(c.symbol, c.streamed).at(-1)!.openTime > open.openTime, `the next ${c.streamed} bar`);
    expect(feed.series(c.symbol, c.streamed).find((b) => b.openTime === open.openTime)?.closed).toBe(true);

    // What the stream built agrees with the venue's REST bars for the bar it closed.
    const plan = e.adapter.klines!;
    await until(async () => {
      const rest = await e.rest.run(plan(c.symbol, c.streamed, { limit: 3 }));
      const a = rest.find((b) => b.openTime === open.openTime);
      const b = feed.series(c.symbol, c.streamed).find((x) => x.openTime === open.openTime);
      return a !== undefined && b !== undefined && a.close === b.close && a.high === b.high && a.low === b.low && a.volume === b.volume;
    }, 'the closed bar to agree with REST');

    if (c.polled !== undefined) {
      // Not streamed by the venue: the feed's polls move it (the clock went past the minute above).
      expect(e.adapter.stream.klinePolled?.timeframes).toContain(c.polled);
      // A poll asks up to the engine's venue clock: let it learn of the step the sim's clock took.
      await e.timeSync.resync('the sim clock jumped');
      const minute = Math.floor((await sim.control.serverTime()) / TIMEFRAME_MS[c.polled]) * TIMEFRAME_MS[c.polled];
      await sim.control.tick(20);
      await until(() => (feed.series(c.symbol, c.polled!).at(-1)?.openTime ?? 0) >= minute, `a polled ${c.polled} bar`);
    }
  });
});
