/** Shared setup for the engine-against-Hyperliquid tests: a Hyperliquid local venue and an engine on it. */
import { mul, toFixed } from '../../src/core/decimal.js';
import { Secret } from '../../src/core/secret.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';
import { CEILING_MS } from '../support/until.js';

export const COIN = 'BTC';

/** The account's agent wallet signs; its master address is the account every query names. */
export function hlCredentials(sim: SimHandle, account = 0): Credentials {
  const a = sim.accounts[account];
  const agent = a?.evm;
  if (agent?.secret === undefined || a?.walletAddress === undefined) throw new Error('sim account has no agent wallet');
  return {
    venue: 'hyperliquid',
    env: 'sim',
    apiKey: new Secret(a.walletAddress, 'hyperliquid wallet'),
    privateKey: agent.secret,
    walletAddress: a.walletAddress,
  };
}

export function startHlSim(options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ dialect: 'hyperliquid', tickMs: 0, seed: 7, ...options });
}

/**
 * An engine on the Hyperliquid sim. Streams are on: a market order is an IOC limit around the
 * streamed mid (the venue has no true market orders), so a session needs its market socket.
 */
export function hlEngine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: 'hyperliquid',
    env: 'sim',
    credentials: hlCredentials(sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: COIN,
    sink: log,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    timeSync: { burst: 3, resyncBurst: 2 },
    http: { headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 },
    // The venue's own validity window (expiresAfter): the local venue recovers every signer in
    // JavaScript (~10 ms an action on a slow machine), so a burst of actions queues behind it.
    recvWindowMs: 5_000,
    resolve: { settleMs: 6_000, maxQueries: 40, backoff: { firstMs: 20, baseMs: 100, capMs: 500 } },
    stream: { backoff: { firstMs: 20, baseMs: 50, capMs: 200 } },
    ...options,
  });
}

/** The BTC mid × `factor`, in whole dollars (the venue's 5-significant-figure grid at this price). */
export async function hlPriceAt(sim: SimHandle, factor: string): Promise<string> {
  const r = await fetch(`${sim.restUrl}/info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"allMids"}' });
  const mids = (await r.json()) as Record<string, string>;
  return toFixed(mul(mids[COIN]!, factor), 0, 'floor');
}

/**
 * Resolves once the engine's sockets are live and it holds a price for COIN (a market order is an
 * IOC limit around it). Live alone is not enough: the venue pushes the book on a tick, and the
 * tick's HTTP reply can reach the engine before the frame it caused — a market order sent then
 * has no reference price and is refused (about 1 start in 12 on a busy machine).
 */
export async function marketLive(engine: Engine, sim: SimHandle): Promise<void> {
  // Bounded by the shared ceiling, not a count of ticks: 300 ticks ran out in ~5 s at load 10-15
  // while a new engine's sockets were still connecting ('streams did not go live with a quote').
  const end = performance.now() + CEILING_MS;
  while (performance.now() < end) {
    await sim.control.tick();
    const priced = engine.signContext().referencePrice?.(COIN) !== undefined;
    if (priced && engine.streams.every((s) => s.state === 'live')) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`streams did not go live with a quote in ${CEILING_MS} ms`);
}
