/**
 * The one way the entry builds an account's engine, for a single session and for each account of
 * a desk alike: what an account brings (venue, env, key, guard, slippage cap, rate tier, dead-man)
 * and what the process shares (the journal, the per-IP pools, the market feeds) turned into `EngineOptions`.
 */
import type { JournalRecord } from '../core/journal.js';
import type { GuardLimits } from '../core/order-guard.js';
import type { SharedPools } from '../core/shared-pools.js';
import type { CustodyCredentials } from '../custody/credentials.js';
import type { Engine } from '../engine/engine.js';
import type { SharedMarkets } from '../engine/shared-markets.js';
import type { Env, EventSink } from '../engine/events.js';
import type { JournalSink } from '../engine/journal-file.js';
import type { KlineFeedOptions } from '../engine/klines.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import type { VenueUrls } from '../venues/venue.js';
import { nonceFloorOf } from './nonce-file.js';

export interface AccountEngineParts {
  /** A registered adapter id. */
  venue: string;
  env: Env;
  credentials: CustodyCredentials;
  symbol: string;
  sink: EventSink;
  /** The account's name (or the key reference): the journal's records and the log name it so. */
  label: string;
  guard?: GuardLimits;
  slippagePct?: string;
  rateTier?: string;
  /** The local venue's URLs (env sim). */
  simUrls?: VenueUrls;
  deadmanSeconds?: number;
  /** The environment whose QUANTDECK_CA_FILE names a CA to trust beside Node's roots, and where nonce floors live. */
  trustEnv?: ProcessEnv;
  /** Every intent and its outcome (docs/journal.md); none for a probe that never trades. */
  journal?: JournalSink;
  /** The journal as it stands, for the restart's recovery; only where the venue outlived the last process. */
  journalReader?: () => readonly JournalRecord[];
  /** The process's per-IP pools, shared by every session on the same venue (docs/rate-limits.md). */
  sharedPools?: SharedPools;
  /** The process's market feeds, shared by every engine watching the same venue and symbols (engine/shared-markets.ts). */
  sharedMarkets?: SharedMarkets;
  /** A kline feed for the signal stack (`engine.klines`); absent when the stack is off. */
  klines?: KlineFeedOptions;
}

export async function createAccountEngine(parts: AccountEngineParts): Promise<Engine> {
  const { Engine } = await import('../engine/engine.js');
  const { caFileFromEnv } = await import('../engine/trust.js');
  const caFile = parts.trustEnv === undefined ? undefined : caFileFromEnv(parts.trustEnv);
  return new Engine({
    venue: parts.venue,
    env: parts.env,
    credentials: parts.credentials,
    symbol: parts.symbol,
    sink: parts.sink,
    accountLabel: parts.label,
    nonceFloor: nonceFloorOf(parts.credentials, parts.trustEnv),
    ...(parts.guard === undefined ? {} : { guard: parts.guard }),
    ...(parts.slippagePct === undefined ? {} : { slippagePct: parts.slippagePct }),
    ...(parts.rateTier === undefined ? {} : { rateTier: parts.rateTier }),
    ...(parts.simUrls === undefined ? {} : { simUrls: parts.simUrls }),
    ...(parts.deadmanSeconds === undefined ? {} : { deadman: { timeoutMs: parts.deadmanSeconds * 1000 } }),
    ...(caFile === undefined ? {} : { caFile }),
    ...(parts.journal === undefined ? {} : { journal: parts.journal }),
    ...(parts.journalReader === undefined ? {} : { journalReader: parts.journalReader }),
    ...(parts.sharedPools === undefined ? {} : { sharedPools: parts.sharedPools }),
    ...(parts.sharedMarkets === undefined ? {} : { sharedMarkets: parts.sharedMarkets }),
    ...(parts.klines === undefined ? {} : { klines: parts.klines }),
  });
}
