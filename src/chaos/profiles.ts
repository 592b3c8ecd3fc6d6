/**
 * How each venue is driven in a chaos run: the sim dialect that speaks it, the symbol traded, the
 * key the engine signs with, and a squeezed rate budget (so background polling saturates its
 * share within a second, not a minute). A venue takes part when it is registered in
 * src/venues/index.ts AND the sim speaks its dialect; nothing else here names a venue's wire.
 */
import { Secret } from '../core/secret.js';
import { type SimAccount, type SimDialect, type SimKey, type SimLimits, startSim } from '../sim/index.js';
import { venueIds } from '../venues/index.js';
import type { Credentials, RatePool, VenueId } from '../venues/venue.js';

export interface VenueProfile {
  venue: VenueId;
  dialect: string;
  symbol: string;
  /** Which of the sim account's keys signs: an HMAC key (with passphrase where the venue has one) or an EVM agent key. */
  key: 'hmac' | 'evm';
  /** Sim limits for the run (short windows, short bans). */
  simLimits?: Partial<SimLimits>;
  /** The engine's pools for the run, matching `simLimits`. */
  pools?(adapterPools: readonly RatePool[]): RatePool[];
}

export class ChaosVenueError extends Error {
  override readonly name = 'ChaosVenueError';
}

/** Replaces one pool's limit and window, keeping the rest of the adapter's table. */
function squeeze(id: string, limit: number, windowMs: number) {
  return (pools: readonly RatePool[]): RatePool[] => pools.map((p) => (p.id === id ? { ...p, limit, windowMs } : p));
}

// Binance, Hyperliquid: a 1 s weight window (the venues' is a minute) so saturation, 429s and bans
// happen within a short run, and a resync queued behind a saturated background lane waits a second,
// not a minute; ±3 s clock jumps keep 1 s windows aligned with the venue's.
const BINANCE_WEIGHT = { limit: 240, windowMs: 1_000 };
const HYPERLIQUID_WEIGHT = { limit: 300, windowMs: 1_000 };

const PROFILES: readonly VenueProfile[] = [
  {
    venue: 'binance-usdm',
    dialect: 'binance-usdm',
    symbol: 'BTCUSDT',
    key: 'hmac',
    simLimits: {
      requestWeightPerWindow: BINANCE_WEIGHT.limit,
      weightWindowMs: BINANCE_WEIGHT.windowMs,
      banBaseMs: 1_000,
      // Bans come from the schedule's ban episodes (short, explicit). The sim counts every request
      // that reaches it during a Retry-After as a violation, forever, and doubles each ban: with
      // requests in flight when a 429 lands (unavoidable at this rate) a short run would end in a
      // 17-minute ban. Whether the engine keeps sending through a known 429 is measured instead.
      violationsBeforeBan: 1_000_000,
    },
    pools: squeeze('weight-1m', BINANCE_WEIGHT.limit, BINANCE_WEIGHT.windowMs),
  },
  { venue: 'okx', dialect: 'okx', symbol: 'BTC-USDT-SWAP', key: 'hmac' },
  {
    // IP weight: a sliding second instead of a sliding minute, for the same reason as Binance's.
    venue: 'hyperliquid',
    dialect: 'hyperliquid',
    symbol: 'BTC',
    key: 'evm',
    simLimits: { requestWeightPerWindow: HYPERLIQUID_WEIGHT.limit, weightWindowMs: HYPERLIQUID_WEIGHT.windowMs },
    pools: squeeze('weight-1m', HYPERLIQUID_WEIGHT.limit, HYPERLIQUID_WEIGHT.windowMs),
  },
];

export function profileOf(venue: string): VenueProfile {
  const known = venueIds();
  const p = PROFILES.find((x) => x.venue === venue);
  if (p === undefined || !known.includes(venue)) {
    const usable = PROFILES.filter((x) => known.includes(x.venue)).map((x) => x.venue);
    throw new ChaosVenueError(`no chaos profile for venue '${venue}' (registered and profiled: ${usable.join(', ')})`);
  }
  return p;
}

/** Whether the sim speaks this dialect now (dialects are added over time). */
export async function simSpeaks(dialect: string): Promise<boolean> {
  try {
    const sim = await startSim({ dialect: dialect as SimDialect, tickMs: 0, accounts: [{ keys: [] }] });
    await sim.close();
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === 'SimOptionError') return false;
    throw err;
  }
}

/** Venues a chaos run can drive right now: registered, profiled, and spoken by the sim. */
export async function availableVenues(): Promise<string[]> {
  const out: string[] = [];
  for (const p of PROFILES) if (venueIds().includes(p.venue) && (await simSpeaks(p.dialect))) out.push(p.venue);
  return out;
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
