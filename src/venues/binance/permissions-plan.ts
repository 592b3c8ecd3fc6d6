/**
 * The key preflight's request as a plan the engine sends: permissions.ts describes
 * `GET /sapi/v1/account/apiRestrictions` and parses it; binancePlan signs it like every other
 * Binance request. The endpoint is on the spot API host, not the futures one, and only mainnet
 * has it (docs/venues.md §1.6); the local venue serves it on its own address.
 */
import { PermissionQueryError } from '../key-permissions.js';
import type { Env, KeyPermissionsSpec } from '../venue.js';
import { weight } from './limits.js';
import { binancePermissions } from './permissions.js';
import { binancePlan } from './requests.js';

const SPOT_REST_LIVE = 'https://api.binance.com';

function permissionsOrigin(env: Env, rest: string): string {
  if (env === 'sim') return rest;
  if (env === 'live') return SPOT_REST_LIVE;
  throw new PermissionQueryError(
    'binance',
    `${env} has no key-permission endpoint (/sapi/v1/account/apiRestrictions is on mainnet only); check the key on mainnet or against the local venue`,
  );
}

export const binanceKeyPermissions: KeyPermissionsSpec = {
  origin: permissionsOrigin,
  plan: () => {
    const request = binancePermissions.request();
    return binancePlan({
      name: request.name,
      method: request.method,
      path: request.path,
      lane: 'background',
      // /sapi weight is counted against the spot limit; charging the futures pool over-counts by one.
      costs: weight(1),
      auth: request.signed ? 'signed' : 'none',
      mutating: false,
      params: Object.entries(request.params),
      parse: (body) => binancePermissions.parse(body),
    });
  },
};
