/**
 * How each venue is driven in a chaos run, derived from the two registries: a venue takes part when
 * it is registered in src/venues/ AND the sim speaks a dialect of the same id. The symbol is the
 * venue's default, the key is an EVM agent key on a wallet venue, an EC key where the dialect's demo
 * key is one (Coinbase's CDP keys) and an HMAC key elsewhere, and the
 * rate limits are the dialect's chaos limits (short windows, so background polling saturates its
 * share within a second, not a minute), mirrored onto the engine's IP-weight pools.
 */
import { Secret } from '../core/secret.js';
import { dialectSpec, isSimDialect, type SimAccount, type SimKey, type SimLimits } from '../sim/index.js';
import { venueDescriptors } from '../venues/descriptors.js';
import { POOL as COINBASE_POOL } from '../venues/coinbase/limits.js';
import { krakenPools } from '../venues/kraken/limits.js';
import type { Credentials, RatePool, VenueId } from '../venues/venue.js';

export interface VenueProfile {
  venue: VenueId;
  dialect: string;
  symbol: string;
  /**
   * Which of the sim account's keys signs: an HMAC key (with passphrase where the venue has one), an
   * EVM agent key, or an EC P-256 key (its name the API key, its PEM the private key).
   */
  key: 'hmac' | 'evm' | 'ec';
  /** Sim limits for the run (short windows, short bans). */
  simLimits?: Partial<SimLimits>;
  /** The engine's pools for the run, matching `simLimits`. */
  pools?(adapterPools: readonly RatePool[]): RatePool[];
}

export class ChaosVenueError extends Error {
  override readonly name = 'ChaosVenueError';
}

/** The engine paces IP weight to what the sim enforces in the run: the squeezed limit and window. */
function squeezedPools(limits: Partial<SimLimits> | undefined): VenueProfile['pools'] {
  const limit = limits?.requestWeightPerWindow;
  const windowMs = limits?.weightWindowMs;
  if (limit === undefined || windowMs === undefined) return undefined;
  return (pools) => pools.map((p) => (p.kind === 'ip' ? { ...p, limit, windowMs } : p));
}

/**
 * The engine paces decaying counters (Kraken's API counter and trading limiter) to the widened ones
 * the sim enforces in the run. Left at the adapter's Starter tier (15 calls per 45 s), the engine
 * spends minutes on a 200-order run the sim would serve in seconds, and the run outlives its timeout.
 */
function counterPools(limits: Partial<SimLimits> | undefined): VenueProfile['pools'] {
  const l = (limits ?? {}) as Record<string, unknown>;
  const n = (k: string) => (typeof l[k] === 'number' ? (l[k] as number) : undefined);
  const api = [n('apiMax'), n('apiDecayPerSecond')];
  const trading = [n('tradeMax'), n('tradeDecayPerSecond')];
  if (![...api, ...trading].every((x) => x !== undefined)) return undefined;
  const mine = krakenPools({ api: api as [number, number], trading: trading as [number, number] });
  return (pools) => pools.map((p) => mine.find((m) => m.id === p.id) ?? p);
}

/**
 * Per-second request limits (Coinbase's private and public): the engine's one-second pools take the
 * sim's widened numbers for the run, as the squeezed IP weight does for the others.
 */
function perSecondPools(limits: Partial<SimLimits> | undefined): VenueProfile['pools'] {
  const l = (limits ?? {}) as Record<string, unknown>;
  const byPool: Record<string, unknown> = { [COINBASE_POOL.private]: l['privatePerSecond'], [COINBASE_POOL.public]: l['publicPerSecond'] };
  if (!Object.values(byPool).every((n) => typeof n === 'number')) return undefined;
  return (pools) => pools.map((p) => (typeof byPool[p.id] === 'number' ? { ...p, limit: byPool[p.id] as number } : p));
}

/** Every registered venue the sim speaks, as a chaos run drives it. */
function profiles(): VenueProfile[] {
  const out: VenueProfile[] = [];
  for (const d of venueDescriptors()) {
    if (!isSimDialect(d.id)) continue;
    const simLimits = dialectSpec(d.id).chaosLimits as Partial<SimLimits> | undefined;
    const pools = squeezedPools(simLimits) ?? counterPools(simLimits) ?? perSecondPools(simLimits);
    const demoKey = dialectSpec(d.id).demoKeys[0]?.type;
    out.push({
      venue: d.id,
      dialect: d.id,
      symbol: d.defaultSymbol,
      key: d.key.walletAccount ? 'evm' : demoKey === 'ec' ? 'ec' : 'hmac',
      ...(simLimits === undefined ? {} : { simLimits }),
      ...(pools === undefined ? {} : { pools }),
    });
  }
  return out;
}

export function profileOf(venue: string): VenueProfile {
  const all = profiles();
  const p = all.find((x) => x.venue === venue);
  if (p === undefined) {
    throw new ChaosVenueError(
      `no chaos profile for venue '${venue}' (registered and spoken by the sim: ${all.map((x) => x.venue).join(', ')})`,
    );
  }
  return p;
}

/** Venues a chaos run can drive right now: registered and spoken by the sim. */
export async function availableVenues(): Promise<string[]> {
  return profiles().map((p) => p.venue);
}

type AccountWithEvm = SimAccount & { evm?: SimKey; walletAddress?: string };

/** The engine's credentials for the sim account's key, as custody would hand them over. */
export function simCredentials(profile: VenueProfile, account: SimAccount): Credentials {
  const a = account as AccountWithEvm;
  if (profile.key === 'evm') {
    const k = a.evm;
    if (k?.secret === undefined || a.walletAddress === undefined) {
      throw new ChaosVenueError(`sim account ${account.name} has no EVM agent key for ${profile.venue}`);
    }
    return {
      venue: profile.venue,
      env: 'sim',
      apiKey: new Secret(k.apiKey, 'sim agent address'),
      privateKey: k.secret,
      walletAddress: a.walletAddress,
    };
  }
  if (profile.key === 'ec') {
    const k = account.ec;
    if (k?.secret === undefined) throw new ChaosVenueError(`sim account ${account.name} has no EC key for ${profile.venue}`);
    return { venue: profile.venue, env: 'sim', apiKey: new Secret(k.apiKey, 'sim api key'), privateKey: k.secret };
  }
  const k = account.hmac;
  if (k?.secret === undefined) throw new ChaosVenueError(`sim account ${account.name} has no HMAC key`);
  return {
    venue: profile.venue,
    env: 'sim',
    apiKey: new Secret(k.apiKey, 'sim api key'),
    apiSecret: k.secret,
    ...(k.passphrase === undefined ? {} : { passphrase: k.passphrase }),
  };
}
