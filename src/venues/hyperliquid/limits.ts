/**
 * Hyperliquid rate pools (docs/venues.md §6.4, HL-RL). Two limits matter to a trading session:
 * - per IP: 1200 weight per minute over every REST request. `/exchange` weighs
 *   1 + floor(batch / 40); `/info` weighs 2 (l2Book, allMids, clearinghouseState, orderStatus,
 *   exchangeStatus…), 20 for most others, 60 for userRole.
 * - per address (actions only): 1 request per 1 USDC traded, after an initial buffer of 10 000;
 *   a batch of n orders or cancels counts n; once the allowance is used up the venue still takes
 *   one request every 10 s. A running count, not a window: nothing frees it but volume. The pool
 *   below is an 'allowance' (core/budget.ts) that grants that one request per 10 s once spent;
 *   `userRateLimit` (requests.ts) reports the venue's cap and count.
 *   Not modelled: cancels have a higher cap (min(limit + 100 000, 2 × limit)); here a cancel waits
 *   for the same 10 s trickle as an order once the allowance is spent — slower than the venue,
 *   never refused by it.
 * The venue sends no used-weight headers; a refusal is HTTP 429, or an `err` reply about too many
 * requests, which errors.ts classes as `rate_limited`.
 */
import type { Costs, HttpReply, RateFeedback, RatePool } from '../venue.js';

export const POOL_WEIGHT = 'weight-1m';
export const POOL_ADDRESS = 'address';

/** The venue's initial address allowance; it grows with volume traded. */
export const ADDRESS_BUFFER = 10_000;

/** Once the allowance is used up, one request per this many ms (HL-RL). */
export const ADDRESS_THROTTLED_EVERY_MS = 10_000;

export const HYPERLIQUID_POOLS: readonly RatePool[] = [
  { id: POOL_WEIGHT, kind: 'ip', limit: 1200, windowMs: 60_000, window: 'sliding', reserveShare: 0.2 },
  { id: POOL_ADDRESS, kind: 'account', limit: ADDRESS_BUFFER, windowMs: ADDRESS_THROTTLED_EVERY_MS, window: 'allowance', reserveShare: 0.2 },
];

/** Info request weights (HL-RL). */
export const INFO_WEIGHT = { light: 2, standard: 20, userRole: 60 } as const;

export function infoCosts(weight: number): Costs {
  return { [POOL_WEIGHT]: weight };
}

/** One signed action carrying `n` orders or cancels. */
export function actionCosts(n = 1): Costs {
  return { [POOL_WEIGHT]: 1 + Math.floor(n / 40), [POOL_ADDRESS]: n };
}

/** The venue reports no counts in headers: only 429 itself, and Retry-After if a proxy adds it. */
export function hyperliquidRateFeedback(reply: HttpReply): RateFeedback {
  const feedback: RateFeedback = { used: {}, rateLimited: reply.status === 429 };
  const retry = reply.headers['retry-after'];
  if (retry !== undefined && /^\d{1,6}$/.test(retry.trim())) feedback.retryAfterMs = Number(retry.trim()) * 1000;
  return feedback;
}

/**
 * The address pool as the venue's `userRateLimit` reports it: its cap (10 000 + volume). The count
 * it reports goes in through `RateBudget.observeUsed(POOL_ADDRESS, nRequestsUsed)`.
 */
export function poolsFromUserRateLimit(
  limit: { nRequestsUsed: number; nRequestsCap: number },
  base: readonly RatePool[] = HYPERLIQUID_POOLS,
): RatePool[] {
  return base.map((p) => (p.id === POOL_ADDRESS ? { ...p, limit: Math.max(1, limit.nRequestsCap) } : { ...p }));
}
