/**
 * Binance USD-M rate pools and request weights (docs/venues.md §1.3; futures general info). The IP
 * weight pool follows `x-mbx-used-weight-1m`; the two order-count pools are per account and
 * follow `x-mbx-order-count-10s` / `-1m`. The critical lane's reserve is a share of each pool
 * that background requests may not spend (invariant 6).
 */
import type { Costs, HttpReply, RateFeedback, RatePool } from '../venue.js';
import { isObj } from '../shared/fields.js';

export const POOL_WEIGHT = 'weight-1m';
export const POOL_ORDERS_10S = 'orders-10s';
export const POOL_ORDERS_1M = 'orders-1m';

export const BINANCE_USDM_POOLS: readonly RatePool[] = [
  { id: POOL_WEIGHT, kind: 'ip', limit: 2400, windowMs: 60_000, reserveShare: 0.2, usedHeader: 'x-mbx-used-weight-1m' },
  {
    id: POOL_ORDERS_10S,
    kind: 'account',
    limit: 300,
    windowMs: 10_000,
    reserveShare: 0.2,
    usedHeader: 'x-mbx-order-count-10s',
  },
  {
    id: POOL_ORDERS_1M,
    kind: 'account',
    limit: 1200,
    windowMs: 60_000,
    reserveShare: 0.2,
    usedHeader: 'x-mbx-order-count-1m',
  },
];

/** IP weight only (queries, snapshots, cancels). */
export function weight(w: number): Costs {
  return { [POOL_WEIGHT]: w };
}

/** A new order: 0 IP weight on USD-M, 1 on each order-count pool. */
export const NEW_ORDER_COSTS: Costs = { [POOL_WEIGHT]: 0, [POOL_ORDERS_10S]: 1, [POOL_ORDERS_1M]: 1 };

/** Weights of the endpoints the adapter uses. */
export const WEIGHTS = {
  time: 1,
  exchangeInfo: 1,
  queryOrder: 1,
  cancelOrder: 1,
  cancelAll: 1,
  countdownCancelAll: 10,
  openOrdersSymbol: 1,
  openOrdersAll: 40,
  positionRisk: 5,
  symbolConfig: 5,
  account: 5,
  premiumIndex: 1,
  /** `GET /fapi/v1/openInterest` (docs/venues.md §1.10). */
  openInterest: 1,
  setLeverage: 1,
  marginType: 1,
  testOrder: 1,
  balance: 5,
  userTrades: 5,
  listenKey: 1,
} as const;

interface ExchangeRateLimit {
  rateLimitType?: unknown;
  interval?: unknown;
  intervalNum?: unknown;
  limit?: unknown;
}

const INTERVAL_MS: Readonly<Record<string, number>> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/**
 * The venue's live limits from `exchangeInfo.rateLimits`, mapped onto our pools (a static table
 * goes stale; the venue publishes the truth). Limits that match no pool are ignored.
 */
export function poolsFromExchangeInfo(rateLimits: unknown, base: readonly RatePool[] = BINANCE_USDM_POOLS): RatePool[] {
  if (!Array.isArray(rateLimits)) return [...base];
  const out = base.map((p) => ({ ...p }));
  for (const raw of rateLimits as ExchangeRateLimit[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const unit = typeof raw.interval === 'string' ? INTERVAL_MS[raw.interval] : undefined;
    if (unit === undefined || typeof raw.intervalNum !== 'number' || typeof raw.limit !== 'number') continue;
    const windowMs = unit * raw.intervalNum;
    const id =
      raw.rateLimitType === 'REQUEST_WEIGHT' && windowMs === 60_000
        ? POOL_WEIGHT
        : raw.rateLimitType === 'ORDERS' && windowMs === 10_000
          ? POOL_ORDERS_10S
          : raw.rateLimitType === 'ORDERS' && windowMs === 60_000
            ? POOL_ORDERS_1M
            : undefined;
    const pool = out.find((p) => p.id === id);
    if (pool !== undefined && raw.limit > 0) pool.limit = raw.limit;
  }
  return out;
}

function headerInt(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const v = headers[name];
  if (v === undefined || !/^\d{1,12}$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/**
 * What a reply says about the budget: the venue's own counts, 429/Retry-After, and the end of a
 * 418 ban ("IP banned until 1659146476378" in the message, else now + Retry-After).
 */
export function binanceRateFeedback(reply: HttpReply, venueNow: number, pools = BINANCE_USDM_POOLS): RateFeedback {
  const used: Record<string, number> = {};
  for (const pool of pools) {
    if (pool.usedHeader === undefined) continue;
    const n = headerInt(reply.headers, pool.usedHeader);
    if (n !== undefined) used[pool.id] = n;
  }
  const retryAfterS = headerInt(reply.headers, 'retry-after');
  const code = isObj(reply.body) ? reply.body['code'] : undefined;
  // -1015 (too many orders) is the account's order count, not the IP: the order-count headers
  // fill that pool, and cancels and queries must not be held back by it.
  const feedback: RateFeedback = { used, rateLimited: reply.status === 429 && code !== -1015 };
  if (retryAfterS !== undefined) feedback.retryAfterMs = retryAfterS * 1000;
  const msg = isObj(reply.body) && typeof reply.body['msg'] === 'string' ? reply.body['msg'] : '';
  const until = /banned until (\d{10,16})/i.exec(msg);
  if (reply.status === 418 || until !== null) {
    feedback.bannedUntil = until !== null ? Number(until[1]) : venueNow + (feedback.retryAfterMs ?? 120_000);
  } else if (!feedback.rateLimited && code === -1003) {
    feedback.rateLimited = true;
  }
  return feedback;
}
