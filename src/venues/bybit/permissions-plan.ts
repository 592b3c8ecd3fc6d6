/**
 * The key preflight's request as a plan the engine sends: permissions.ts describes
 * `GET /v5/user/query-api` and parses it (a key with a withdraw or transfer-out right, or a right
 * nobody here knows, is refused with the venue's field named); bybitPlan signs it like every other
 * Bybit request. Every environment has the endpoint on its own REST host.
 */
import type { KeyPermissions } from '../key-permissions.js';
import type { KeyPermissionsSpec, RequestPlan } from '../venue.js';
import { costsOf, POOL } from './limits.js';
import { bybitPermissions } from './permissions.js';
import { bybitPlan } from './requests.js';

/** GET /v5/user/query-api: what the key may do (preflight), parsed by permissions.ts. */
export const queryApiPlan = (): RequestPlan<KeyPermissions> =>
  bybitPlan({
    name: 'queryApi',
    method: 'GET',
    path: bybitPermissions.request().path,
    lane: 'background',
    costs: costsOf(POOL.keyInfo),
    signed: true,
    mutating: false,
    parse: (body) => bybitPermissions.parse(body),
  });

export const bybitKeyPermissions: KeyPermissionsSpec = { plan: () => queryApiPlan() };
