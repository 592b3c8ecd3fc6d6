/** Shared setup for the engine-against-OKX tests: an OKX local venue and an engine on it. */
import { Secret } from '../../src/core/secret.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';

export const INST = 'BTC-USDT-SWAP';

export function okxCredentials(sim: SimHandle, account = 0): Credentials {
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined || key.passphrase === undefined) throw new Error('sim account has no OKX-style key');
  return { venue: 'okx', env: 'sim', apiKey: new Secret(key.apiKey, 'sim api key'), apiSecret: key.secret, passphrase: key.passphrase };
}

export function startOkxSim(options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ dialect: 'okx', tickMs: 0, seed: 7, ...options });
}

export function okxEngine(sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: 'okx',
    env: 'sim',
    credentials: okxCredentials(sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: INST,
    sink: log,
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    timeSync: { burst: 3, resyncBurst: 2 },
    http: { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
    // Wide enough that a signed request delayed by a busy machine is not refused for its timestamp
    // (-1021 / 50102 at load 20 turned a 200-order test's order into a rejection).
    recvWindowMs: 3_000,
    resolve: { settleMs: 4_000, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    ...options,
  });
}

/** The best bid × `factor`, on the 0.1 tick. */
export async function okxPriceAt(sim: SimHandle, factor: number): Promise<string> {
  const r = (await (await fetch(`${sim.restUrl}/api/v5/market/ticker?instId=${INST}`)).json()) as { data: Array<{ bidPx: string }> };
  return (Math.round(Number(r.data[0]!.bidPx) * factor * 10) / 10).toFixed(1);
}
