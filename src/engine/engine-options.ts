/**
 * What an engine is made from (EngineOptions) and what a restart's recovery reports: the engine's
 * construction contract, apart from the facade (engine.ts) so the options' many documented knobs do
 * not bury the wiring. engine.ts re-exports both; importers keep importing from there.
 */
import type { SharedPools } from '../core/shared-pools.js';
import type { GuardLimits } from '../core/order-guard.js';
import type { JournalRecord } from '../core/journal.js';
import type { Credentials, Env, RatePool, VenueAdapter, VenueId, VenueUrls } from '../venues/venue.js';
import type { EventSink } from './events.js';
import type { HttpOptions } from './http.js';
import type { JournalSink } from './journal-file.js';
import type { KlineFeedOptions } from './klines.js';
import type { NonceFloor } from './nonce-floor.js';
import type { ResolveOptions } from './orders.js';
import type { SharedMarkets } from './shared-markets.js';
import type { StreamOptions } from './stream-options.js';
import type { TimeSyncOptions } from './time-sync.js';

export interface EngineOptions {
  venue: VenueId | VenueAdapter;
  env: Env;
  credentials: Credentials;
  /** The local venue's URLs (env 'sim'). */
  simUrls?: VenueUrls;
  /**
   * A CA file (PEM) to trust beside Node's roots, for https/wss: the local venue's under `--tls`, or
   * a private CA in front of a venue. Read once at construction; a bad file is a CaFileError.
   */
  caFile?: string;
  /**
   * The session's first symbol: the ticket, cancel-all, flatten and the market stream use it until
   * `setSymbol` moves them (`:sym`, the `/` picker).
   */
  symbol: string;
  sink: EventSink;
  /** A label for the account/key, never a secret. */
  accountLabel?: string;
  recvWindowMs?: number;
  http?: Partial<HttpOptions>;
  timeSync?: Partial<TimeSyncOptions>;
  /** Replaces the adapter's pools (the sim can run shortened windows). */
  pools?: readonly RatePool[];
  /** The account's rate-limit tier, one of `adapter.rateTiers.names` (the CLI checks it): its pools. */
  rateTier?: string;
  /**
   * The process's per-IP pools (core/shared-pools.ts), one registry for every engine the entry
   * starts: this session's `kind: 'ip'` pools are then the ones every session on the same venue,
   * env and REST host spends, and the IP's ban or 429 holds them all. Absent: its own pools.
   */
  sharedPools?: SharedPools;
  /**
   * The process's market feeds (engine/shared-markets.ts): engines on the same venue, env and
   * stream URLs that watch the same symbols share one set of market sockets. Absent: its own.
   */
  sharedMarkets?: SharedMarkets;
  resolve?: Partial<ResolveOptions>;
  /** Dead-man's switch: armed at start unless `enabled` is false. */
  deadman?: { enabled?: boolean; timeoutMs?: number };
  /** WebSocket streams and their resync (default on). REST-only sessions turn them off. */
  streams?: boolean;
  stream?: Pick<StreamOptions, 'heartbeat' | 'backoff' | 'stepTimeoutMs' | 'expectWithinMs'>;
  /** Background reconcile period, ms (default 30 s; 0 = off). */
  reconcileEveryMs?: number;
  /** Risk reads (positions' risk fields, account margin, funding) period, ms (default 5 s; 0 = only after a change). */
  riskEveryMs?: number;
  /**
   * Open interest read period, ms (engine/open-interest.ts). Default: once a minute when the signal
   * stack's kline feed is asked for (`klines`; the Brief is what reads it), else off; 0 = off.
   */
  openInterestEveryMs?: number;
  random?: () => number;
  /** How long `stop()` waits for the dead-man's disarm before leaving it armed (default 3 s). */
  stopTimeoutMs?: number;
  /** The account's fat-finger limits (src/core/order-guard.ts); none when absent. */
  guard?: GuardLimits;
  /**
   * Market orders leave as IOC limits this % through the reference price (src/engine/market-cap.ts);
   * absent: the venue's own market type. The cockpit always sets it (the profile's, else 2).
   */
  slippagePct?: string;
  /**
   * Opens the key's persisted nonce floor (engine/nonce-floor.ts; the entry's is the key's file,
   * custody/nonce-file.ts): called, and required, only where the adapter says the venue keeps every
   * key's highest nonce (`persistentNonces`), so no other venue's key touches the disk for it.
   */
  nonceFloor?: () => NonceFloor;
  /**
   * Where every intent and each step of its outcome goes (docs/journal.md), stamped with the time,
   * `accountLabel`, the venue and the env. A failing write is logged, once per message, and trading
   * goes on.
   */
  journal?: JournalSink;
  /**
   * The journal as it stands at construction (the entry reads it from the same state folder), for
   * a restart: the intents of this account, venue and env without an outcome are resolved by their
   * client ids at start and adopted (docs/journal.md, "Recovery"), and no id it holds is made again.
   * Only where the venue outlived the last process: not for a local venue started with this one.
   */
  journalReader?: () => readonly JournalRecord[];
  /** The client-id generator's seed (tests, reproducible runs); default: 8 random bytes and the start time. */
  clientIdSeed?: { randomBytes: Uint8Array; startedAt: number };
  /** A kline feed for the signal stack (`engine.klines`, src/engine/klines.ts); absent: none. */
  klines?: KlineFeedOptions;
}

/** What a restart's recovery found and did; `done` settles once every recovered intent is resolved. */
export interface RecoveryReport {
  /** Intents without an outcome found in the journal (this account, venue and env). */
  inFlight: number;
  /** Of them, those whose intent line is gone (rotated away): their symbol is unknown, they cannot be asked for. */
  unaskable: number;
  /** The client ids a new order of this session may not take. */
  journaledIds: number;
  done: Promise<void>;
}
