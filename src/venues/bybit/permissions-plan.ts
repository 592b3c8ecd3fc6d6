/**
 * The key preflight's request as a plan the engine sends: permissions.ts describes
 * `GET /v5/user/query-api` and parses it (a key with a withdraw or transfer-out right, or a right
 * nobody here knows, is refused with the venue's field named); bybitPlan signs it like every other
 * Bybit request. Every environment has the endpoint on its own REST host.
 */
import type { KeyPermissionsSpec } from '../venue.js';
import { queryApiPlan } from './requests.js';

export const bybitKeyPermissions: KeyPermissionsSpec = { plan: () => queryApiPlan() };
