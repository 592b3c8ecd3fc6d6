/** Shared setup for the engine-against-Bybit tests: a Bybit local venue and an engine on it. */
import { Secret } from '../../src/core/secret.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';

export const SYMBOL = 'BTCUSDT';

export function bybitCredentials(sim: SimHandle, account = 0): Credentials {
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined) throw new Error('sim account has no HMAC key');
  return { venue: 'bybit', env: 'sim', apiKey: new Secret(key.apiKey, 'sim api key'), apiSecret: key.secret };
}

export function startBybitSim(options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ dialect: 'bybit', tickMs: 0, seed: 7, ...options });
}

export function bybitEngine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: 'bybit',
    env: 'sim',
    credentials: bybitCredentials(sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: SYMBOL,
    sink: log,
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    timeSync: { burst: 3, resyncBurst: 2 },
    http: { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
    recvWindowMs: 3_000,
    resolve: { settleMs: 4_000, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    ...options,
  });
}

/** The best bid × `factor`, on the 0.10 tick. */
export async function bybitPriceAt(sim: SimHandle, factor: number): Promise<string> {
  const r = (await (await fetch(`${sim.restUrl}/v5/market/tickers?category=linear&symbol=${SYMBOL}`)).json()) as {
    result: { list: Array<{ bid1Price: string }> };
  };
  return (Math.round(Number(r.result.list[0]!.bid1Price) * factor * 10) / 10).toFixed(1);
}
