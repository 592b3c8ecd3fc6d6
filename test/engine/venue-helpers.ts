/**
 * One setup for the engine-against-a-local-venue tests (Bybit, Coinbase, Kraken…): the venue's local
 * dialect and an engine on it over real loopback, each venue's differences given as data
 * (`VenueTestSpec`); the venues' own helper files hold their spec and name the calls for it.
 */
import { Secret } from '../../src/core/secret.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { type SimDialect, type SimHandle, type SimOptions, startSim } from '../../src/sim/index.js';
import type { Credentials, VenueAdapter, VenueId } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';

export interface VenueTestSpec {
  /** The engine's venue: its registry id, or the adapter itself. */
  venue: VenueId | VenueAdapter;
  dialect: SimDialect;
  symbol: string;
  /** Which of the sim account's keys signs: an HMAC secret or Coinbase's EC private key. */
  key: 'hmac' | 'ec';
  /** Sim options the venue's tests always want (Kraken's widened counters). */
  sim?: SimOptions;
  /** Engine options the venue's tests always want (Kraken's pools, Bybit's validity window). */
  engine?: Partial<EngineOptions>;
  /** Where the venue's public REST says the best bid, and how a reply says it; `decimals`: the tick. */
  bid: { path: string; read(body: unknown): string | undefined; decimals: number };
}

export function venueCredentials(spec: VenueTestSpec, sim: SimHandle, account = 0): Credentials {
  const venue = typeof spec.venue === 'string' ? spec.venue : spec.venue.id;
  const apiKey = (key: { apiKey: string }) => new Secret(key.apiKey, 'sim api key');
  if (spec.key === 'ec') {
    const key = sim.accounts[account]?.ec;
    if (key?.secret === undefined) throw new Error('sim account has no EC key');
    return { venue, env: 'sim', apiKey: apiKey(key), privateKey: key.secret };
  }
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined) throw new Error('sim account has no HMAC key');
  return { venue, env: 'sim', apiKey: apiKey(key), apiSecret: key.secret };
}

export function startVenueSim(spec: VenueTestSpec, options: SimOptions = {}): Promise<SimHandle> {
  return startSim({ dialect: spec.dialect, tickMs: 0, seed: 7, ...spec.sim, ...options });
}

/** An engine on the sim, REST only unless `options` say otherwise; no periodic passes, short timeouts. */
export function venueEngine(spec: VenueTestSpec, sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    venue: spec.venue,
    env: 'sim',
    credentials: venueCredentials(spec, sim),
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: spec.symbol,
    sink: log,
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    timeSync: { burst: 3, resyncBurst: 2 },
    http: { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
    resolve: { settleMs: 4_000, backoff: { firstMs: 20, baseMs: 50, capMs: 300 } },
    ...spec.engine,
    ...options,
  });
}

/** The best bid × `factor`, on the venue's tick, from its public REST. */
export async function venuePriceAt(spec: VenueTestSpec, sim: SimHandle, factor: number): Promise<string> {
  const bid = spec.bid.read(await (await fetch(`${sim.restUrl}${spec.bid.path}`)).json());
  if (bid === undefined) throw new Error('no bid');
  const scale = 10 ** spec.bid.decimals;
  return (Math.round(Number(bid) * factor * scale) / scale).toFixed(spec.bid.decimals);
}
