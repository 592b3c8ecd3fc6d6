/**
 * The key preflight's venue call, for every adapter: the adapter's `keyPermissions` plan is signed
 * and sent like any other request (lane, venue clock, verbatim bytes, one rebuilt retry after a
 * timestamp error) and parsed into the venue-neutral `KeyPermissions`. Judging the answer
 * (refuse / warn / ok) is custody's `evaluatePermissions`; src/cli/key-permissions.ts's `checkKeyPermissions` does both.
 *
 * Two ways in:
 * - `{ engine }` — on connect, with the session's engine: its clock, budget and HTTP pool. Works
 *   before or after `engine.start()`; a clock not synced yet is synced first.
 * - `{ venue, credentials, simUrls? }` — standalone (`quantdeck keys check`): a REST-only engine
 *   (no streams, no dead-man, no reconcile timer) is built for the one call and stopped after it.
 *
 * No venue is named here: where the endpoint lives (Binance: another host, mainnet only) is the
 * adapter's `keyPermissions.origin`.
 */
import { ClockNotSyncedError } from '../core/clock.js';
import { venueAdapter } from '../venues/index.js';
import { type KeyPermissions, PermissionQueryError } from '../venues/key-permissions.js';
import { UnknownEnvironmentError } from '../venues/shared/errors.js';
import { SigningError } from '../venues/shared/signing-error.js';
import {
  type Credentials,
  type KeyPermissionsSpec,
  type VenueAdapter,
  type VenueId,
  VenueParseError,
  type VenueUrls,
} from '../venues/venue.js';
import { Engine } from './engine.js';
import { HttpClient, type HttpOptions, HttpTransportError, NonJsonReplyError } from './http.js';
import type { NonceFloor } from './nonce-floor.js';
import { BudgetRefusedError } from './lanes.js';
import { RestExecutor, VenueRequestError } from './rest.js';
import { ClockSyncError, type TimeSyncOptions } from './time-sync.js';

/** The adapter has no way to ask its venue what a key may do. */
export class PreflightUnsupportedError extends Error {
  override readonly name = 'PreflightUnsupportedError';
  constructor(readonly venue: VenueId) {
    super(`${venue}: this adapter cannot ask the venue what a key may do (no keyPermissions request)`);
  }
}

// Failures the user can act on (wrong key, venue unreachable, no endpoint in this environment);
// anything else escaping the preflight is a bug.
const EXPECTED = [
  PreflightUnsupportedError,
  PermissionQueryError,
  VenueRequestError,
  VenueParseError,
  HttpTransportError,
  NonJsonReplyError,
  ClockSyncError,
  ClockNotSyncedError,
  BudgetRefusedError,
  UnknownEnvironmentError,
  SigningError,
];

/** Whether a preflight failure is one the user can act on, worth one line rather than a bug report. */
export function isPreflightFailure(error: unknown): boolean {
  return EXPECTED.some((type) => error instanceof type);
}

/** The parts of a running (or not yet started) engine the preflight uses. */
export type PreflightEngine = Pick<Engine, 'adapter' | 'urls' | 'rest' | 'lanes' | 'timeSync' | 'signContext'>;

export interface StandalonePreflight {
  venue: VenueId | VenueAdapter;
  /** `credentials.env` picks the venue's environment. */
  credentials: Credentials;
  /** The local venue's URLs (env 'sim'). */
  simUrls?: VenueUrls;
  /** A CA file to trust beside Node's roots (the local venue's under `--tls`). */
  caFile?: string;
  http?: Partial<HttpOptions>;
  timeSync?: Partial<TimeSyncOptions>;
  recvWindowMs?: number;
  /** The key's nonce floor (EngineOptions.nonceFloor), for venues that keep every key's highest nonce. */
  nonceFloor?: () => NonceFloor;
}

export type PreflightVia = { engine: PreflightEngine; http?: Partial<HttpOptions> } | StandalonePreflight;

/**
 * Asks the venue what the key may do. Throws PreflightUnsupportedError (no request for this
 * adapter), the adapter's named error for an environment without the endpoint, the engine's
 * request errors (VenueRequestError: bad key, wrong environment; HttpTransportError;
 * ClockSyncError), or PermissionQueryError / VenueParseError from the reply's parser.
 */
export async function fetchKeyPermissions(via: PreflightVia): Promise<KeyPermissions> {
  if ('engine' in via) return viaEngine(via.engine, via.http);
  const engine = standaloneEngine(via);
  try {
    return await viaEngine(engine, via.http);
  } finally {
    await engine.stop();
  }
}

/**
 * Why this venue cannot be asked what a key may do in this environment (no request in the
 * adapter, or the endpoint does not exist there), or undefined when it can. Offline: nothing is sent.
 */
export function permissionsUnaskable(venue: VenueId | VenueAdapter, env: Credentials['env'], rest = 'http://127.0.0.1'): string | undefined {
  const adapter = typeof venue === 'string' ? venueAdapter(venue) : venue;
  if (adapter.keyPermissions === undefined) return new PreflightUnsupportedError(adapter.id).message;
  try {
    adapter.keyPermissions.origin?.(env, rest);
    return undefined;
  } catch (error) {
    if (error instanceof PermissionQueryError) return error.message;
    throw error;
  }
}

/** A REST-only engine for one standalone call: no streams, no dead-man, no reconcile timer. Stop it after. */
export function standaloneEngine(via: StandalonePreflight): Engine {
  const adapter = typeof via.venue === 'string' ? venueAdapter(via.venue) : via.venue;
  const { credentials } = via;
  return new Engine({
    venue: adapter,
    env: credentials.env,
    credentials,
    ...(via.simUrls === undefined ? {} : { simUrls: via.simUrls }),
    ...(via.caFile === undefined ? {} : { caFile: via.caFile }),
    // A REST-only engine: nothing here uses the symbol, and nothing is pushed anywhere.
    symbol: '',
    sink: { push: () => undefined },
    streams: false,
    deadman: { enabled: false },
    reconcileEveryMs: 0,
    riskEveryMs: 0,
    ...(via.http === undefined ? {} : { http: via.http }),
    ...(via.timeSync === undefined ? {} : { timeSync: via.timeSync }),
    ...(via.recvWindowMs === undefined ? {} : { recvWindowMs: via.recvWindowMs }),
    ...(via.nonceFloor === undefined ? {} : { nonceFloor: via.nonceFloor }),
  });
}

function specOf(adapter: VenueAdapter): KeyPermissionsSpec {
  if (adapter.keyPermissions === undefined) throw new PreflightUnsupportedError(adapter.id);
  return adapter.keyPermissions;
}

async function viaEngine(engine: PreflightEngine, http?: Partial<HttpOptions>): Promise<KeyPermissions> {
  const spec = specOf(engine.adapter);
  const { env, walletAddress } = engine.signContext().credentials;
  // Before anything is sent: an environment without the endpoint fails by name, offline.
  const origin = spec.origin?.(env, engine.urls.rest) ?? engine.urls.rest;
  const plan = spec.plan(walletAddress === undefined ? {} : { walletAddress });
  if (plan.signed && !engine.timeSync.clock.isSynced()) await engine.timeSync.resync('key preflight');
  if (new URL(origin).origin === new URL(engine.urls.rest).origin) return engine.rest.run(plan);
  // Another host of the same venue: same budget, same clock, its own connection pool.
  const client = new HttpClient(origin, http);
  try {
    const rest = new RestExecutor({
      adapter: engine.adapter,
      http: client,
      lanes: engine.lanes,
      signContext: () => engine.signContext(),
      venueNowLoose: () => engine.timeSync.venueNowLoose(),
      resyncClock: (reason) => engine.timeSync.resync(reason),
    });
    return await rest.run(plan);
  } finally {
    await client.close();
  }
}
