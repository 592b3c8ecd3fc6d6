/**
 * What a key may do, asked through the engine and judged by custody: the cockpit's preflight on
 * connect (`checkKeyPermissions`) and the venue call `quantdeck keys check` is handed
 * (`fetchThroughEngine`). Lives in the entry because it joins two layers that never import each
 * other: custody decides, the engine asks.
 */
import { nonceFloorOf } from './nonce-file.js';
import type { CustodyCredentials } from '../custody/credentials.js';
import { CustodyError, VenueQueryError } from '../custody/errors.js';
import type { FetchPermissions } from '../custody/keys-check.js';
import { evaluatePermissions, type PreflightResult } from '../custody/preflight.js';
import { probeKey } from '../engine/key-probe.js';
import { fetchKeyPermissions, isPreflightFailure, permissionsUnaskable, type PreflightVia } from '../engine/preflight.js';
import { caFileFromEnv } from '../engine/trust.js';
import { safeMessage } from '../log/secret-registry.js';
import type { VenueDescriptor } from '../venues/descriptor.js';
import { tradedVenueFor, venueIds } from '../venues/descriptors.js';
import type { KeyPermissions } from '../venues/key-permissions.js';

export interface KeyCheck {
  permissions: KeyPermissions;
  result: PreflightResult;
}

/**
 * The key preflight: `checkKeyPermissions({ engine })` with the session's engine (before or after
 * `engine.start()`), or standalone. A refusal is a verdict (`result.verdict === 'refuse'`), not a
 * throw; a failed call throws (engine/preflight.ts lists the errors).
 */
export async function checkKeyPermissions(via: PreflightVia): Promise<KeyCheck> {
  const permissions = await fetchKeyPermissions(via);
  const env = 'engine' in via ? via.engine.signContext().credentials.env : via.credentials.env;
  return { permissions, result: evaluatePermissions(permissions, env) };
}

/** The traded venue a key of this family is checked with: its own id, or the family's product. */
export function tradedVenueForKey(venue: string, family: string): VenueDescriptor {
  const found = tradedVenueFor(venue);
  if (found === undefined) {
    throw new CustodyError(
      `quantdeck has no ${family} adapter yet, so it cannot ask ${family} what the key may do (adapters: ${venueIds().join(', ')})`,
    );
  }
  return found;
}

const withCaFile = (caFile: string | undefined) => (caFile === undefined ? {} : { caFile });

export const fetchThroughEngine: FetchPermissions = async (credentials: CustodyCredentials, options) => {
  const venue = tradedVenueForKey(credentials.venue, credentials.family).id;
  try {
    return await fetchKeyPermissions({
      venue,
      credentials,
      nonceFloor: nonceFloorOf(credentials, options.env),
      ...(options.simUrls === undefined ? {} : { simUrls: options.simUrls }),
      // A local venue under --tls is trusted through the CA file it printed (QUANTDECK_CA_FILE).
      ...withCaFile(options.env === undefined ? undefined : caFileFromEnv(options.env)),
    });
  } catch (error) {
    if (isPreflightFailure(error)) throw new VenueQueryError(safeMessage(error));
    throw error;
  }
};

/** Why `keys check` cannot ask this key's venue what it may do (testnet and demo on Binance). */
export async function whyUnaskable(credentials: CustodyCredentials): Promise<string | undefined> {
  return permissionsUnaskable(tradedVenueForKey(credentials.venue, credentials.family).id, credentials.env);
}

/** What `keys check` checks instead: time, a signed read, a test order (engine/key-probe.ts). */
export async function probeThroughEngine(credentials: CustodyCredentials, options: Parameters<FetchPermissions>[1]) {
  const venue = tradedVenueForKey(credentials.venue, credentials.family).id;
  return probeKey({
    venue,
    credentials,
    nonceFloor: nonceFloorOf(credentials, options.env),
    ...(options.simUrls === undefined ? {} : { simUrls: options.simUrls }),
    ...withCaFile(options.env === undefined ? undefined : caFileFromEnv(options.env)),
  });
}
