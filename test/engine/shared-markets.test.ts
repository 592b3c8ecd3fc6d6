// Market sockets shared by the engines of one process (src/engine/shared-markets.ts), as a desk
// runs them: two accounts on one Binance local venue watching the same symbol share one socket per
// route, and a Bybit account on its own venue keeps its own. The venue counts the connections. A
// drop of the shared socket reaches both accounts, and both see it live again; a drop of the
// private sockets touches no market socket; an account that stops or moves to another symbol
// leaves the feed and the other's socket goes on; one that comes back is told at once where the
// feed stands.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { ConnectionEvent } from '../../src/engine/events.js';
import { SharedMarkets } from '../../src/engine/shared-markets.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bybitEngine, startBybitSim } from './bybit-helpers.js';
import { EventLog, simCredentials, startTestSim, testEngine, until } from './rest-helpers.js';
import { SIM_STREAM_OPTIONS } from './stream-helpers.js';

let binance: SimHandle;
let bybit: SimHandle;
let markets: SharedMarkets;
let alpha: Engine;
let beta: Engine;
let gamma: Engine;
let logs: { alpha: EventLog; beta: EventLog; gamma: EventLog };
let stopped: Set<Engine>;

const stop = async (e: Engine): Promise<void> => {
  if (stopped.has(e)) return;
  stopped.add(e);
  await e.stop();
};

beforeEach(async () => {
  binance = await startTestSim({ tickMs: 50, accounts: [{ name: 'alpha' }, { name: 'beta' }] });
  bybit = await startBybitSim({ tickMs: 50 });
  markets = new SharedMarkets();
  stopped = new Set();
  logs = { alpha: new EventLog(), beta: new EventLog(), gamma: new EventLog() };
  const streams = { ...SIM_STREAM_OPTIONS, sharedMarkets: markets };
  alpha = testEngine(binance, logs.alpha, { ...streams, credentials: simCredentials(binance, 0), accountLabel: 'alpha' });
  beta = testEngine(binance, logs.beta, { ...streams, credentials: simCredentials(binance, 1), accountLabel: 'beta' });
  gamma = bybitEngine(bybit, logs.gamma, { ...streams, accountLabel: 'gamma' });
  // Alpha first, live with ticks, then the others: beta joins a feed that is already open.
  await Promise.all([alpha.start(), gamma.start()]);
  await until(() => allLive(logs.alpha) && tickers(logs.alpha).length > 0, 10_000, "alpha's sockets live and ticking");
  await beta.start();
  await until(() => allLive(logs.beta) && tickers(logs.beta).length > 0 && allLive(logs.gamma), 10_000, 'every socket live');
});

afterEach(async () => {
  await Promise.all([alpha, beta, gamma].map(stop));
  await Promise.all([binance.close(), bybit.close()]);
});

const tickers = (log: EventLog, from = 0) => log.events.slice(from).filter((e) => e.type === 'ticker' && e.symbol === 'BTCUSDT');
const marketEvents = (log: EventLog, from = 0) =>
  log.events.slice(from).filter((e): e is ConnectionEvent => e.type === 'connection' && e.role === 'market');

/** Every socket the log has heard of is live now. */
function allLive(log: EventLog, role?: 'account' | 'market'): boolean {
  const last = new Map<string, string>();
  for (const e of log.of('connection')) if (role === undefined || e.role === role) last.set(e.socket, e.state);
  return last.size > 0 && [...last.values()].every((s) => s === 'live');
}

const connections = async (sim: SimHandle) => (await sim.control.stats()).wsConnections;

describe('market sockets shared by the accounts of one process', () => {
  it('two accounts watching the same symbol on one venue open one socket per route between them; each account sees them live and ticking', async () => {
    // Binance: two private sockets and one socket per market route ('public', 'market'), not two each.
    expect(await connections(binance)).toBe(4);
    expect(await connections(bybit)).toBe(2);
    expect(markets.size).toBe(2);
    const names = (log: EventLog) => [...new Set(marketEvents(log).map((e) => e.socket))].sort();
    expect(names(logs.beta)).toEqual(['market', 'public']);
    expect(allLive(logs.beta, 'market')).toBe(true);
    // Both go on hearing the same ticks.
    const [a, b] = [logs.alpha.events.length, logs.beta.events.length];
    await until(() => tickers(logs.alpha, a).length >= 3 && tickers(logs.beta, b).length >= 3, 10_000, 'both accounts ticking');
    expect(alpha.marketSymbols()).toEqual(['BTCUSDT']);
    expect(beta.marketSymbols()).toEqual(['BTCUSDT']);
  });

  it('a drop of the shared socket reaches each account, and each sees it live again with fresh ticks', async () => {
    const before = await connections(binance);
    const [a, b] = [logs.alpha.events.length, logs.beta.events.length];
    expect(await binance.control.dropSockets('market')).toBe(2);
    for (const [log, from] of [[logs.alpha, a], [logs.beta, b]] as const) {
      await until(() => marketEvents(log, from).some((e) => e.state === 'reconnecting'), 10_000, 'the market reconnecting');
      await until(() => allLive(log, 'market') && marketEvents(log, from).some((e) => e.state === 'live'), 10_000, 'the market live again');
      const back = log.events.length - 1 - [...log.events].reverse().findIndex((e) => e.type === 'connection' && e.role === 'market' && e.state === 'live');
      await until(() => tickers(log, back).length > 0, 10_000, 'a tick after the reconnect');
    }
    // Reconnected once, for both.
    expect(await connections(binance)).toBe(before + 2);
    expect(allLive(logs.gamma)).toBe(true);
  });

  it("a drop of the accounts' private sockets touches no market socket", async () => {
    const before = await connections(binance);
    const [a, b] = [logs.alpha.events.length, logs.beta.events.length];
    expect(await binance.control.dropSockets('user')).toBe(2);
    await until(
      () => [logs.alpha, logs.beta].every((log, i) => log.events.slice(i === 0 ? a : b).some((e) => e.type === 'connection' && e.role === 'account' && e.state === 'live')),
      10_000,
      'both private sockets live again',
    );
    expect(marketEvents(logs.alpha, a)).toEqual([]);
    expect(marketEvents(logs.beta, b)).toEqual([]);
    expect(await connections(binance)).toBe(before + 2);
  });

  it("an account that stops leaves the feed: its sockets read closed for it, and the other's go on untouched", async () => {
    const before = await connections(binance);
    const b = logs.beta.events.length;
    await stop(alpha);
    expect(marketEvents(logs.alpha).slice(-2).map((e) => e.state)).toEqual(['closed', 'closed']);
    const after = logs.beta.events.length;
    await until(() => tickers(logs.beta, after).length >= 3, 10_000, 'beta ticking after alpha stopped');
    expect(marketEvents(logs.beta, b)).toEqual([]);
    expect(await connections(binance)).toBe(before);
    expect(markets.size).toBe(2);
    // The last one out closes it.
    await stop(beta);
    expect(markets.size).toBe(1);
    expect(marketEvents(logs.beta).slice(-2).map((e) => e.state)).toEqual(['closed', 'closed']);
  });

  it('an account that shows another symbol opens a feed of its own; back on the shared one, it is told at once that it is live and what the price is', async () => {
    const a = logs.alpha.events.length;
    const instruments = logs.beta.of('instruments')[0]?.instruments ?? [];
    const other = instruments.find((i) => i.symbol !== 'BTCUSDT')!.symbol;
    expect((await beta.showSymbol(other)).ok).toBe(true);
    expect(beta.marketSymbols()).toEqual(['BTCUSDT', other]);
    await until(() => logs.beta.events.some((e) => e.type === 'ticker' && e.symbol === other), 10_000, `beta hearing ${other}`);
    expect(markets.size).toBe(3);
    const opened = await connections(binance);

    const b = logs.beta.events.length;
    expect((await beta.showSymbol(undefined)).ok).toBe(true);
    expect(markets.size).toBe(2);
    // Joined, not opened: live and priced in the same turn, no new connection.
    const joined = logs.beta.events.slice(b);
    const live = joined.filter((e) => e.type === 'connection' && e.role === 'market' && e.state === 'live');
    expect(live.map((e) => (e as ConnectionEvent).socket).sort()).toEqual(['market', 'public']);
    expect(joined.some((e) => e.type === 'ticker' && e.symbol === 'BTCUSDT')).toBe(true);
    expect(await connections(binance)).toBe(opened);
    // Alpha's sockets never moved.
    expect(marketEvents(logs.alpha, a)).toEqual([]);
  });
});
