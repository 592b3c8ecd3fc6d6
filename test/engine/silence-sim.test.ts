// A client still on the retired Binance USD-M stream URLs, against the local venue that serves
// them as the venue does now (handshake, pings answered, no mark price, no user data): the engine
// names both sockets "connected but silent" — on the log, in the counters, as the row mark the
// cockpit shows — instead of sitting on an open line that says nothing. The same engine on the
// routed URLs is never reported.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { SILENT } from '../../src/engine/silence.js';
import type { SimHandle } from '../../src/sim/index.js';
import { venueAdapter } from '../../src/venues/index.js';
import {
  binanceMarketStreams,
  binanceUserStream,
  DEFAULT_MARKET_CHANNELS,
  marketStreamNames,
} from '../../src/venues/binance/stream.js';
import type { VenueAdapter } from '../../src/venues/venue.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';
import { SIM_STREAM_OPTIONS } from './stream-helpers.js';

/** The Binance adapter as it was before the routed URLs: `/ws/<listenKey>` and one combined `/stream`. */
function legacyBinance(): VenueAdapter {
  const adapter = venueAdapter('binance-usdm');
  return {
    ...adapter,
    stream: {
      user: (urls) => ({ ...binanceUserStream(urls), url: (key) => `${urls.wsPrivate}/ws/${key ?? ''}` }),
      market: (urls, symbols) => [
        {
          ...binanceMarketStreams(urls, symbols)[1]!,
          url: () => `${urls.wsPublic}/stream?streams=${marketStreamNames(symbols, DEFAULT_MARKET_CHANNELS).join('/')}`,
          expects: { events: ['ticker', 'mark'], withinMs: 5_000 },
        },
      ],
    },
  };
}

let sim: SimHandle;
let engine: Engine | undefined;

beforeAll(async () => {
  sim = await startTestSim({ tickMs: 50, pingIntervalMs: 1_000, pongTimeoutMs: 10_000 });
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});
afterAll(async () => {
  await sim.close();
});

const OPTIONS = {
  ...SIM_STREAM_OPTIONS,
  stream: { ...SIM_STREAM_OPTIONS.stream, expectWithinMs: 400 },
  reconcileEveryMs: 300,
};

const silentLines = (log: EventLog) =>
  log.of('log').filter((l) => l.source === 'stream' && l.text.includes(SILENT)).map((l) => l.text);

describe('silence on the retired stream URLs', () => {
  it('the old market URL opens and delivers best bid/ask but never a mark price: named, logged, counted, marked', async () => {
    const log = new EventLog();
    engine = testEngine(sim, log, { ...OPTIONS, venue: legacyBinance() });
    await engine.start();
    await until(() => silentLines(log).some((t) => t.startsWith('market:')), 5_000, 'the market socket reported silent');
    const market = engine.streams.find((s) => s.name === 'market')!;
    expect(market.state).toBe('live');
    expect(market.counters.silent).toBe(1);
    expect(market.counters.frames).toBeGreaterThan(0); // book data still flows on the old path
    expect(silentLines(log).find((t) => t.startsWith('market:'))).toBe(
      `market: ${SILENT} (no mark within 400 ms of going live) (#1 silent)`,
    );
    expect(log.of('socket-silence').filter((e) => e.socket === 'market')).toMatchObject([{ silent: true }]);
    expect(log.of('log').find((l) => l.text.startsWith('market: connected but silent'))?.level).toBe('error');
  });

  it('the old user URL opens and never sends our fill: the periodic REST check finds it, and the socket is named', async () => {
    const log = new EventLog();
    engine = testEngine(sim, log, { ...OPTIONS, venue: legacyBinance() });
    await engine.start();
    const user = engine.streams.find((s) => s.name === 'user')!;
    await until(() => user.state === 'live', 5_000, 'the user socket live');
    const r = await engine.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.003', reduceOnly: false, postOnly: false });
    expect(r.ok).toBe(true);
    await until(() => silentLines(log).some((t) => t.startsWith('user:')), 10_000, 'the user socket reported silent');
    expect(log.of('reconcile').some((e) => e.trigger === 'periodic' && e.corrections.some((c) => c.kind === 'fill-recovered'))).toBe(true);
    expect(user.state).toBe('live');
    expect(user.counters).toMatchObject({ silent: 1, frames: 0 });
    expect(silentLines(log).find((t) => t.startsWith('user:'))).toMatch(
      /^user: connected but silent — the venue may have moved this stream \(1 trade\(s\) of ours found by the periodic REST check and not sent on this stream within a resync window: .+\) \(#1 silent\)$/,
    );
    expect(log.of('socket-silence').filter((e) => e.socket === 'user')).toMatchObject([{ silent: true }]);
    await engine.flatten();
  });

  it('the routed URLs deliver: a fill arrives on the stream and nothing is reported silent', async () => {
    const log = new EventLog();
    engine = testEngine(sim, log, OPTIONS);
    await engine.start();
    await until(() => engine!.streams.every((s) => s.state === 'live'), 5_000, 'every socket live');
    const r = await engine.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: '0.003', reduceOnly: false, postOnly: false });
    const id = r.ok ? r.clientOrderId! : '';
    await until(() => log.of('fill').some((f) => f.fill.clientOrderId === id), 5_000, 'the fill on the stream');
    // Three periodic passes later, and long past the market deadline: still nothing silent.
    const passes = () => log.of('reconcile').filter((e) => e.trigger === 'periodic').length;
    const before = passes();
    await until(() => passes() >= before + 3, 10_000, 'three periodic passes');
    expect(silentLines(log)).toEqual([]);
    expect(engine.streams.map((s) => [s.name, s.counters.silent])).toEqual([
      ['user', 0],
      ['public', 0],
      ['market', 0],
    ]);
    await engine.flatten();
  });
});
