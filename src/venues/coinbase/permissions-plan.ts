/**
 * The key preflight's request as a plan the engine sends: permissions.ts describes
 * `GET /api/v3/brokerage/key_permissions` and parses it (a key that can transfer — move funds out of
 * the portfolio — or holds a right nobody here knows is refused by name); coinbasePlan signs it
 * with a JWT like every other private call.
 */
import type { KeyPermissions } from '../key-permissions.js';
import type { KeyPermissionsSpec, RequestPlan } from '../venue.js';
import { coinbasePermissions } from './permissions.js';
import { coinbasePlan } from './requests.js';

export const keyPermissionsPlan = (): RequestPlan<KeyPermissions> =>
  coinbasePlan({
    name: 'keyPermissions',
    method: 'GET',
    path: coinbasePermissions.request().path,
    signed: true,
    lane: 'background',
    mutating: false,
    parse: (body) => coinbasePermissions.parse(body),
  });

export const coinbaseKeyPermissions: KeyPermissionsSpec = { plan: () => keyPermissionsPlan() };
