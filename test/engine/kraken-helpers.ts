/** The engine-against-Kraken tests' setup: Kraken's data for the shared one (venue-helpers.ts), and the key's nonce files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { NonceFile } from '../../src/custody/nonce-file.js';
import type { Engine, EngineOptions } from '../../src/engine/engine.js';
import type { SimHandle, SimOptions } from '../../src/sim/index.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import { krakenPools } from '../../src/venues/kraken/limits.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';
import { startVenueSim, type VenueTestSpec, venueCredentials, venueEngine, venuePriceAt } from './venue-helpers.js';

export const SYMBOL = 'BTC/USD';

/**
 * Counters widened as the dialect's chaos preset does (the Pro tier's, ×10 and faster): the tests
 * here are about the wire, not about waiting out a Starter tier's 15 calls per 45 s. The engine's
 * pools follow the same numbers (`TEST_POOLS`).
 */
export const TEST_LIMITS = { tier: 'pro', apiMax: 200, apiDecayPerSecond: 50, tradeMax: 2_000, tradeDecayPerSecond: 100 } as const;
export const TEST_POOLS = krakenPools({ api: [TEST_LIMITS.apiMax, TEST_LIMITS.apiDecayPerSecond], trading: [TEST_LIMITS.tradeMax, TEST_LIMITS.tradeDecayPerSecond] });

export const KRAKEN: VenueTestSpec = {
  venue: kraken,
  dialect: 'kraken',
  symbol: SYMBOL,
  key: 'hmac',
  sim: { limits: TEST_LIMITS },
  engine: { pools: TEST_POOLS },
  bid: {
    path: '/0/public/Ticker?pair=XBTUSD',
    read: (body) => Object.values((body as { result: Record<string, { b: [string] }> }).result)[0]?.b[0],
    decimals: 1,
  },
};

export const krakenCredentials = (sim: SimHandle, account = 0): Credentials => venueCredentials(KRAKEN, sim, account);
export const startKrakenSim = (options: SimOptions = {}): Promise<SimHandle> => startVenueSim(KRAKEN, options);

/** A folder of nonce files for this test file, removed after it. */
export function nonceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qd-kraken-nonces-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An engine whose key keeps its nonce floor in `nonceFile` (Kraken will not start without one). */
export function krakenEngine(sim: SimHandle, log: EventLog, nonceFile: string, options: Partial<EngineOptions> = {}): Engine {
  return venueEngine(KRAKEN, sim, log, { nonceFloor: () => new NonceFile(nonceFile), ...options });
}

/** The best bid × `factor`, on the 0.1 tick, from the venue's public Ticker. */
export const krakenPriceAt = (sim: SimHandle, factor: number): Promise<string> => venuePriceAt(KRAKEN, sim, factor);
