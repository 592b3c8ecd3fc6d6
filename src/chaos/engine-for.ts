/**
 * The engine a chaos run (and each crash leg's child, crash-child.ts) trades with: headless against
 * the local venue, with short windows and timeouts so faults bite and ambiguity settles soon.
 */
import { Rng } from '../sim/market/random.js';
import type { SimAccount } from '../sim/index.js';
import type { EventSink } from '../engine/events.js';
import { venueAdapter } from '../venues/index.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import type { Credentials } from '../venues/venue.js';
import { memoryNonceFloor } from '../engine/nonce-floor.js';
import { registerSecret } from '../log/index.js';
import type { VenueProfile } from './profiles.js';

/** Where the engine finds the local venue: its URLs (the sim may run in this process or the parent's). */
export interface SimUrls {
  restUrl: string;
  wsUrl: string;
}

export function engineFor(
  profile: VenueProfile,
  sim: SimUrls,
  account: SimAccount,
  credentials: Credentials,
  sink: EventSink,
  seed: string,
  extra: Partial<EngineOptions> = {},
): Engine {
  const adapter = venueAdapter(profile.venue);
  for (const s of [credentials.apiKey, credentials.apiSecret, credentials.passphrase, credentials.privateKey]) registerSecret(s);
  const rng = new Rng(`${seed}/chaos-engine`);
  return new Engine({
    venue: adapter,
    env: 'sim',
    credentials,
    simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl },
    symbol: profile.symbol,
    sink,
    accountLabel: `chaos ${account.name}`,
    // The sim's keys are new at every run and no other process signs with them: their nonce floor
    // (Kraken) lives and dies with the run, in memory.
    nonceFloor: memoryNonceFloor,
    // A short validity window: +3 s clock jumps bite too, and ambiguous orders settle sooner.
    ...(adapter.recvWindowMs > 0 ? { recvWindowMs: Math.min(adapter.recvWindowMs, 2_000) } : {}),
    http: { headersTimeoutMs: 4_000, bodyTimeoutMs: 4_000 },
    timeSync: { burst: 3, resyncBurst: 2, intervalMs: 30_000 },
    ...(profile.pools === undefined ? {} : { pools: profile.pools(adapter.pools) }),
    resolve: { maxQueries: 30, maxSends: 4, backoff: { firstMs: 50, baseMs: 200, capMs: 1_500 } },
    deadman: { enabled: true },
    stream: {
      heartbeat: { intervalMs: 1_000, pongTimeoutMs: 1_500, silenceMs: 5_000 },
      backoff: { firstMs: 50, baseMs: 250, capMs: 2_000 },
      stepTimeoutMs: 5_000,
    },
    reconcileEveryMs: 5_000,
    random: () => rng.next(),
    ...extra,
  });
}

