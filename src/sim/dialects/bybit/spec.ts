// Bybit v5 as the sim's registry sees it: per-UID per-endpoint limits over a rolling second and the
// IP's 600 requests in 5 s, linear perpetuals with the venue's 5 USDT minimum order value, key rights
// shaped as `/v5/user/query-api` reports them, and the `{retCode,retMsg,result,retExtInfo,time}`
// envelope for the listener's own refusals.
import { revealSecret } from '../../../core/secret.js';
import type { DialectSpec } from '../spec.js';
import { BybitDialect } from './dialect.js';
import { errors } from './errors.js';
import { executionId } from './format.js';
import { type BybitLimits, venueLimits } from './limits.js';
import { type BybitKeyPermissions, bybitPermissions } from './permissions.js';

export const bybit: DialectSpec<BybitLimits, BybitKeyPermissions> = {
  limits: venueLimits,
  // minNotionalValue 5 (USDT) on the venue's linear perpetuals.
  instruments: (s) => ({ ...s, minNotional: '5' }),
  permissions: bybitPermissions,
  wording: {
    bodyTooLarge: () => ({ status: 413, body: errors.bodyTooLarge().body(Date.now()) }),
    internalError: () => ({ status: 500, body: errors.systemError().body(Date.now()) }),
  },
  demoKeys: [{ type: 'hmac' }],
  credentials: (a) =>
    a.hmac?.secret === undefined
      ? []
      : [
          ['api-key', a.hmac.apiKey],
          ['api-secret', revealSecret(a.hmac.secret)],
        ],
  // Order endpoints at 10 a second per UID would make a chaos run of 1000 orders mostly 10006s:
  // squeezed to what a short run can exercise without starving, and the IP's window to a second.
  chaosLimits: {
    endpoints: Object.fromEntries(Object.entries(venueLimits.endpoints).map(([k, v]) => [k, Math.max(v * 5, 25)])),
    ipRequests: 600,
    ipWindowMs: 1_000,
    ipBanMs: 1_000,
  },
  // Executions carry a UUID-shaped `execId` made from the trade's number (format.ts).
  wireTradeId: executionId,
  create: (core, limits, options) => new BybitDialect(core, limits, options.idleTimeoutMs),
};
