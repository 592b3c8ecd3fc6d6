/** Shared setup for the engine-against-Kraken tests: a Kraken local venue and an engine on it (the adapter unregistered). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { NonceFile } from '../../src/custody/nonce-file.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import { krakenPools } from '../../src/venues/kraken/limits.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';

export const SYMBOL = 'BTC/USD';

export function krakenCredentials(sim: SimHandle, account = 0): Credentials {
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined) throw new Error('sim account has no HMAC key');
  return { venue: 'kraken', env: 'sim', apiKey: new Secret(key.apiKey, 'sim api key'), apiSecret: key.secret };
}

/**
 * Counters widened as the dialect's chaos preset does (the Pro tier's, ×10 and faster): the tests
 * here are about the wire, not about waiting out a Starter tier's 15 calls per 45 s. The engine's
 * pools follow the same numbers (`TEST_POOLS`).
 */
export const TEST_LIMITS = { tier: 'pro', apiMax: 200, apiDecayPerSecond: 50, tradeMax: 2_000, tradeDecayPerSecond: 100 } as const;
export const TEST_POOLS = krakenPools({ api: [TEST_LIMITS.apiMax, TEST_LIMITS.apiDecayPerSecond], trading: [TEST_LIMITS.tradeMax, TEST_LIMITS.tradeDecayPerSecond] });

export function startKrakenSim(options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ dialect: 'kraken', tickMs: 0, seed: 7, limits: TEST_LIMITS, ...options });
}

/** A folder of nonce files for this test file, removed after it. */
export function nonceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qd-kraken-nonces-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function krakenEngine(sim: SimHandle, log: EventLog, nonceFile: string, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: kraken,
    env: 'sim',
    credentials: krakenCredentials(sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: SYMBOL,
    sink: log,
    nonceFloor: () => new NonceFile(nonceFile),
    pools: TEST_POOLS,
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    timeSync: { burst: 3, resyncBurst: 2 },
    http: { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
    resolve: { settleMs: 4_000, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    ...options,
  });
}

/** The best bid × `factor`, on the 0.1 tick, from the venue's public Ticker. */
export async function krakenPriceAt(sim: SimHandle, factor: number): Promise<string> {
  const r = (await (await fetch(`${sim.restUrl}/0/public/Ticker?pair=XBTUSD`)).json()) as { result: Record<string, { b: [string] }> };
  const row = Object.values(r.result)[0];
  if (row === undefined) throw new Error('no ticker row');
  return (Math.round(Number(row.b[0]) * factor * 10) / 10).toFixed(1);
}
