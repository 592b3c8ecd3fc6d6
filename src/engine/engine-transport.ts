/**
 * How a signed request reaches the venue, made once per engine: the HTTP pool, the venue clock
 * (its samples are REST calls), the key's nonces (with the persisted floor where the venue keeps
 * every key's highest), the rate budget's lanes (the account's tier, the process's per-IP pools)
 * and the REST executor that signs and sends through them. Apart from the rest of the wiring
 * (engine-parts.ts) because these five only make sense together, and they are built in one order.
 */
import type { SecureContext } from 'node:tls';
import { RateBudget } from '../core/budget.js';
import type { SignContext, VenueAdapter, VenueUrls } from '../venues/venue.js';
import type { EngineOptions } from './engine-options.js';
import type { EngineEvent } from './events.js';
import { HttpClient } from './http.js';
import { Lanes } from './lanes.js';
import { NonceFloorError } from './nonce-floor.js';
import { Nonces } from './nonces.js';
import { RestExecutor } from './rest.js';
import { TimeSync } from './time-sync.js';

export interface TransportDeps {
  adapter: VenueAdapter;
  urls: VenueUrls;
  options: EngineOptions;
  secureContext: SecureContext | undefined;
  emit(event: EngineEvent): void;
  /** What a signer needs at send time (the engine's, which reads the nonces made here). */
  signContext(): SignContext;
}

export interface Transport {
  http: HttpClient;
  timeSync: TimeSync;
  nonces: Nonces;
  lanes: Lanes;
  rest: RestExecutor;
}

/** Throws a NonceFloorError where the venue needs a floor and none is given, and on an unknown rate tier. */
export function openTransport({ adapter, urls, options, secureContext, emit, signContext }: TransportDeps): Transport {
    // A venue that orders a key's requests by nonce refuses one overtaken in flight: one connection
    // keeps them in the order they were signed (a key with a nonce window may be given more).
    const ordered = adapter.persistentNonces === true ? { connections: 1 } : {};
    const http = new HttpClient(urls.rest, { ...ordered, ...options.http, ...(secureContext === undefined ? {} : { secureContext }) });
    const timeSync: TimeSync = new TimeSync(
      {
        sample: async () => {
          const r = await rest.runTimed(adapter.serverTime());
          return { sentAt: r.sentAt, receivedAt: r.receivedAt, serverTime: r.value };
        },
        emit,
      },
      options.timeSync,
    );
    const venueNowLoose = () => timeSync.venueNowLoose();
    if (adapter.persistentNonces === true && options.nonceFloor === undefined) {
      throw new NonceFloorError(`${adapter.name} refuses any nonce at or below one its key ever sent: the engine needs the key's nonce floor`);
    }
    // Opened only where the venue needs it: the CLI hands a floor for every key.
    const floor = adapter.persistentNonces === true && options.nonceFloor !== undefined ? options.nonceFloor() : undefined;
    const nonces = new Nonces(adapter.nonces, venueNowLoose, floor);
    const tiers = adapter.rateTiers;
    if (options.rateTier !== undefined && tiers?.names.includes(options.rateTier) !== true)
      throw new Error(`${adapter.name} has no rate tier ${JSON.stringify(options.rateTier)} (tiers: ${tiers?.names.join(', ') ?? 'none'})`);
    const tierPools = options.rateTier === undefined ? undefined : tiers?.pools(options.rateTier);
    const shared = options.sharedPools?.host({ venue: adapter.id, env: options.env, host: new URL(urls.rest).host });
    const budget = new RateBudget(options.pools ?? tierPools ?? adapter.pools, shared === undefined ? {} : { shared });
    const lanes = new Lanes(budget, {
      venueNow: venueNowLoose,
      emit,
      holdAllWhileLimited: adapter.capabilities.rateLimitHoldsAll === true,
    });
    const rest: RestExecutor = new RestExecutor({
      adapter,
      http,
      lanes,
      signContext,
      venueNowLoose,
      resyncClock: (reason) => timeSync.resync(reason),
    });
  return { http, timeSync, nonces, lanes, rest };
}
