/** Shared setup for the engine-against-Coinbase tests: a Coinbase local venue and an engine on it. */
import { Secret } from '../../src/core/secret.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import { coinbase } from '../../src/venues/coinbase/adapter.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';

export const SYMBOL = 'BTC-USD';

/** The demo account's EC key: its name as the API key, the SEC1 PEM the sim made as the private key. */
export function coinbaseCredentials(sim: SimHandle, account = 0): Credentials {
  const key = sim.accounts[account]?.ec;
  if (key?.secret === undefined) throw new Error('sim account has no EC key');
  return { venue: 'coinbase', env: 'sim', apiKey: new Secret(key.apiKey, 'sim api key'), privateKey: key.secret };
}

export function startCoinbaseSim(options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ dialect: 'coinbase', tickMs: 0, seed: 7, ...options });
}

export function coinbaseEngine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: coinbase,
    env: 'sim',
    credentials: coinbaseCredentials(sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: SYMBOL,
    sink: log,
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

/** The best bid × `factor`, on the cent, from the venue's public product book. */
export async function coinbasePriceAt(sim: SimHandle, factor: number): Promise<string> {
  const r = (await (await fetch(`${sim.restUrl}/api/v3/brokerage/market/product_book?product_id=${SYMBOL}&limit=1`)).json()) as {
    pricebook: { bids: Array<{ price: string }> };
  };
  const bid = r.pricebook.bids[0]?.price;
  if (bid === undefined) throw new Error('no bid');
  return (Math.round(Number(bid) * factor * 100) / 100).toFixed(2);
}
