/**
 * Bybit v5 rate pools (docs/venues.md §3.3; BYD `rate-limit.mdx`, UTA 2.0 Pro table, linear
 * column). Two kinds of limit:
 * - per IP: 600 requests in 5 s across every endpoint; past it the venue answers HTTP 403 "access
 *   too frequent" and lifts the block after about 10 minutes — a ban.
 * - per UID and endpoint, rolling 1 s: order create/amend/cancel/cancel-all 10/s, DCP 5/s, order
 *   and execution queries, positions and wallet 50/s, the key query 10/s. Past it: retCode 10006.
 * Every reply carries the venue's own count for the endpoint it answered: `X-Bapi-Limit` (the
 * limit), `X-Bapi-Limit-Status` (what is left) and `X-Bapi-Limit-Reset-Timestamp`; those are the
 * truth the budget follows. One pool per endpoint, so a 10006 on a snapshot endpoint never holds
 * an order back.
 */
import type { Costs, HttpReply, RateFeedback, RatePool } from '../venue.js';
import { isObj } from '../shared/fields.js';

/**
 * The venue counts a request when it arrives; the client knows only that this lies between the
 * grant and the reply. A debit dated at the grant (with a quarter second's guard, before) expired
 * while its request still waited in the connection pool or a busy event loop: a burst of 70
 * wallet reads, its first 50 counted by the venue over 1.4 s, had its last 20 go 1.25 s after the
 * grant into the venue's second that still held 34 of the first (10006; a full-suite run at load
 * 10–18 met it the same way). So every Bybit pool counts from the reply (`countFromReply`,
 * docs/rate-limits.md): a debit does not expire while its request is in flight and runs a second
 * from its reply, which no delay can put before the venue's count. No guard is needed on top.
 */
const perSecond = (id: string, limit: number, reserveShare = 0): RatePool => ({
  id,
  kind: 'account',
  limit,
  windowMs: 1_000,
  window: 'sliding',
  reserveShare,
  countFromReply: true,
});

export const POOL = {
  ip: 'ip-5s',
  create: 'create-1s',
  amend: 'amend-1s',
  cancel: 'cancel-1s',
  cancelAll: 'cancel-all-1s',
  dcp: 'dcp-1s',
  realtime: 'realtime-1s',
  executions: 'execution-list-1s',
  positions: 'position-list-1s',
  wallet: 'wallet-balance-1s',
  keyInfo: 'query-api-1s',
  accountInfo: 'account-info-1s',
  setLeverage: 'set-leverage-1s',
  setMarginMode: 'set-margin-mode-1s',
} as const;

/**
 * Pools only the critical lane spends (orders, cancels, the DCP window) are all reserve: while a
 * 10006 pauses background requests, orders and cancels still go at their own limits. Pools the
 * critical lane shares with background requests keep a share: order queries (an ambiguous order is
 * resolved by one while open orders are polled) and the IP pool every request spends.
 */
export const BYBIT_POOLS: readonly RatePool[] = [
  { id: POOL.ip, kind: 'ip', limit: 600, windowMs: 5_000, window: 'sliding', reserveShare: 0.2, countFromReply: true },
  perSecond(POOL.create, 10, 1),
  perSecond(POOL.amend, 10, 1),
  perSecond(POOL.cancel, 10, 1),
  perSecond(POOL.cancelAll, 10, 1),
  perSecond(POOL.dcp, 5, 1),
  perSecond(POOL.realtime, 50, 0.3),
  perSecond(POOL.executions, 50),
  perSecond(POOL.positions, 50),
  perSecond(POOL.wallet, 50),
  perSecond(POOL.keyInfo, 10),
  perSecond(POOL.accountInfo, 50),
  perSecond(POOL.setLeverage, 10),
  perSecond(POOL.setMarginMode, 5),
];

/** One request to an endpoint: its own pool and the IP pool. Public endpoints spend the IP pool only. */
export const costsOf = (pool?: string): Costs => (pool === undefined ? { [POOL.ip]: 1 } : { [POOL.ip]: 1, [pool]: 1 });

/**
 * The IP block lasts "at least 10 minutes" (rate-limit.mdx), but the 403 says neither when it
 * ends nor that it is that block (a region refusal or an edge hiccup look the same), and it carries
 * no Retry-After. Everything is held and one request probes again after this long: a real block
 * costs one refused request per probe, a short one costs seconds, not ten minutes.
 */
export const IP_BAN_PROBE_MS = 5_000;

export const RATE_LIMIT_CODE = 10006;

function headerInt(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const v = headers[name];
  if (v === undefined || !/^\d{1,15}$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/** The per-endpoint pool a request spends (the one that is not the IP pool). */
function endpointPool(costs: Costs | undefined): string | undefined {
  if (costs === undefined) return undefined;
  return Object.keys(costs).find((id) => id !== POOL.ip);
}

/**
 * What a reply says about the budget. `request` names the pool the reply's headers count for.
 * - `X-Bapi-Limit` − `X-Bapi-Limit-Status` is what the endpoint's window has used.
 * - 10006: that endpoint's window is full until `X-Bapi-Limit-Reset-Timestamp`, and background
 *   requests pause until then (a second at most, from the headers); the critical lane goes on on
 *   its own pools, orders among them.
 * - HTTP 403: the IP is blocked for every endpoint — a ban, until Retry-After or the next probe.
 * - HTTP 429 (or retCode 429): "system level frequency protection, retry": back off.
 */
export function bybitRateFeedback(reply: HttpReply, venueNow: number, request?: { costs: Costs }): RateFeedback {
  const used: Record<string, number> = {};
  const pool = endpointPool(request?.costs);
  const spec = BYBIT_POOLS.find((p) => p.id === pool);
  const limit = headerInt(reply.headers, 'x-bapi-limit') ?? spec?.limit;
  const left = headerInt(reply.headers, 'x-bapi-limit-status');
  const code = isObj(reply.body) ? reply.body['retCode'] : undefined;
  if (pool !== undefined && limit !== undefined) {
    if (code === RATE_LIMIT_CODE) used[pool] = Math.max(limit, spec?.limit ?? 0);
    else if (left !== undefined) used[pool] = Math.max(0, limit - left);
  }
  const retryAfterS = headerInt(reply.headers, 'retry-after');
  const feedback: RateFeedback = { used, rateLimited: reply.status === 429 || code === 429 || code === RATE_LIMIT_CODE };
  if (retryAfterS !== undefined) feedback.retryAfterMs = retryAfterS * 1000;
  if (code === RATE_LIMIT_CODE && feedback.retryAfterMs === undefined) {
    const reset = headerInt(reply.headers, 'x-bapi-limit-reset-timestamp');
    feedback.retryAfterMs = reset !== undefined && reset > venueNow ? Math.min(reset - venueNow, 60_000) : 1_000;
  }
  if (reply.status === 403) feedback.bannedUntil = venueNow + (feedback.retryAfterMs ?? IP_BAN_PROBE_MS);
  return feedback;
}
