/**
 * The key preflight's request as a plan the engine sends: permissions.ts describes
 * `POST /0/private/GetApiKeyInfo` and parses it (a key with `withdraw-funds`, or a right nobody
 * here knows, is refused by name); krakenPlan signs it with a nonce like every other private call.
 * Kraken documents the endpoint as needing no permission; a key that is refused it anyway fails the
 * preflight with Kraken's own words, never a silent pass.
 */
import type { KeyPermissions } from '../key-permissions.js';
import type { KeyPermissionsSpec, RequestPlan } from '../venue.js';
import { apiCost } from './limits.js';
import { krakenPermissions } from './permissions.js';
import { krakenPlan } from './requests.js';

export const apiKeyInfoPlan = (): RequestPlan<KeyPermissions> =>
  krakenPlan({
    name: 'apiKeyInfo',
    path: krakenPermissions.request().path,
    lane: 'background',
    costs: apiCost(),
    mutating: false,
    parse: (body) => krakenPermissions.parse(body),
  });

export const krakenKeyPermissions: KeyPermissionsSpec = { plan: () => apiKeyInfoPlan() };
