/**
 * Coinbase Advanced Trade REST rate limits (docs/venues.md §4.3): 30 requests a second per key on
 * private endpoints, 10 a second per IP on public ones; over the limit the venue answers HTTP 429
 * `RATE_LIMIT_EXCEEDED` and has not processed the request. The venue may send `x-ratelimit-limit`,
 * `x-ratelimit-remaining` and `x-ratelimit-reset` (the official SDK reads them); where it does,
 * the private pool takes its count from them. Sliding one-second windows, counted from each reply,
 * never put more than the limit into any second the venue counts.
 */
import type { Costs, HttpReply, RateFeedback, RatePool } from '../venue.js';

export const POOL = { private: 'private-1s', public: 'public-1s' } as const;

export const COINBASE_POOLS: readonly RatePool[] = [
  {
    id: POOL.private,
    kind: 'account',
    limit: 30,
    windowMs: 1_000,
    window: 'sliding',
    countFromReply: true,
    // Orders, cancels and the queries that resolve them keep a share.
    reserveShare: 0.3,
  },
  { id: POOL.public, kind: 'ip', limit: 10, windowMs: 1_000, window: 'sliding', countFromReply: true },
];

export const PRIVATE: Costs = { [POOL.private]: 1 };
export const PUBLIC: Costs = { [POOL.public]: 1 };

/** A 429 without Retry-After: the window is one second. */
export const RATE_LIMIT_WAIT_MS = 1_000;

function header(reply: HttpReply, name: string): number | undefined {
  const v = reply.headers[name];
  if (v === undefined || !/^\d{1,9}(\.\d+)?$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/** `costs`: what the answered request drew, so the venue's count lands in that request's pool. */
export function coinbaseRateFeedback(reply: HttpReply, costs?: Costs): RateFeedback {
  const used: Record<string, number> = {};
  const limit = header(reply, 'x-ratelimit-limit');
  const remaining = header(reply, 'x-ratelimit-remaining');
  const pool = costs !== undefined && costs[POOL.public] !== undefined ? POOL.public : POOL.private;
  if (limit !== undefined && remaining !== undefined) used[pool] = Math.max(0, limit - remaining);
  const feedback: RateFeedback = { used, rateLimited: reply.status === 429 };
  if (feedback.rateLimited) {
    const retryAfter = header(reply, 'retry-after');
    feedback.retryAfterMs = retryAfter === undefined ? RATE_LIMIT_WAIT_MS : Math.round(retryAfter * 1000);
  }
  return feedback;
}
