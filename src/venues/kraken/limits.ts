/**
 * Kraken spot rate limits (docs/venues.md §5.2, KR-RL). Two counters, neither reported in headers:
 * - the API counter, per key: every private call but the trading ones adds 1 (ledger and trade
 *   history add 2); it decays at a rate set by the account's verification tier — Starter max 15,
 *   −0.33/s; Intermediate max 20, −0.5/s; Pro max 20, −1/s. Past the max: `EAPI:Rate limit exceeded`.
 * - the trading limiter, per pair and shared with the sockets and FIX: AddOrder +1, CancelOrder up to
 *   +8 (less the older the order); Starter max 60, −1/s; Intermediate 125, −2.34/s; Pro 180,
 *   −3.75/s. Past it: `EOrder:Rate limit exceeded`.
 * Both are the core budget's 'decaying' pools: a level that drains at max per (max ÷ decay) seconds,
 * as the venue's counter does. (A sliding window of the same size was the model before: it never
 * passed the max either, but it remembered a quiet minute's calls the venue had long forgotten, and
 * a reconnect's snapshot reads waited 27 s for room the venue already had.) The trading pool is the account's,
 * not the pair's: stricter than the venue when several pairs trade at once, never looser. A cancel
 * costs its worst case (8): the budget cannot know the order's age.
 */
import type { Costs, HttpReply, RateFeedback, RatePool } from '../venue.js';
import { errorWord, errorWords } from './errors.js';

export type KrakenTier = 'starter' | 'intermediate' | 'pro';

export const KRAKEN_TIERS: readonly KrakenTier[] = ['starter', 'intermediate', 'pro'];

const TIERS: Readonly<
  Record<KrakenTier, { api: [max: number, decayPerS: number]; trading: [max: number, decayPerS: number] }>
> = {
  starter: { api: [15, 0.33], trading: [60, 1] },
  intermediate: { api: [20, 0.5], trading: [125, 2.34] },
  pro: { api: [20, 1], trading: [180, 3.75] },
};

/** "The user's counter is reduced every couple of seconds" (KR-RL): a step of 3 s, to be safe. */
const DRAIN_STEP_MS = 3_000;

export const POOL = { api: 'api-counter', trading: 'trading-counter', ohlc: 'public-ohlc' } as const;

/**
 * Public calls are limited per IP (OHLC and Trades per IP and pair): "a frequency of 1 per second (or
 * less) would remain within the rate limits" (Kraken's rate-limit article, docs/venues.md §5.2). Only
 * the OHLC call spends this pool: time and instruments are one call each at start.
 */
export const OHLC_POOL: RatePool = { id: POOL.ohlc, kind: 'ip', limit: 1, windowMs: 1_000, window: 'sliding', reserveShare: 0 };

/** Counter maxima and decays per second, as a tier (or the local venue's widened counters) has them. */
export interface KrakenCounters {
  api: [max: number, decayPerS: number];
  trading: [max: number, decayPerS: number];
}

/** The pools of one verification tier (or of counters given as numbers). */
export function krakenPools(tier: KrakenTier | KrakenCounters): RatePool[] {
  const { api, trading } = typeof tier === 'string' ? TIERS[tier] : tier;
  // A tier is the venue's, drained in steps; counters given as numbers are the local venue's,
  // which drains continuously (src/sim/dialects/kraken/limits.ts).
  const step = typeof tier === 'string' ? { drainStepMs: DRAIN_STEP_MS } : {};
  const windowOf = ([max, decay]: [number, number]) => Math.ceil((max / decay) * 1000);
  return [
    // Order queries on the critical lane (an ambiguous order's resolution, the dead-man's re-arm) keep a share.
    {
      id: POOL.api,
      kind: 'account',
      limit: api[0],
      windowMs: windowOf(api),
      window: 'decaying',
      ...step,
      reserveShare: 0.3,
    },
    {
      id: POOL.trading,
      kind: 'account',
      limit: trading[0],
      windowMs: windowOf(trading),
      window: 'decaying',
      ...step,
      reserveShare: 1,
    },
    OHLC_POOL,
  ];
}

/** The tier the adapter assumes: the strictest, since the venue does not say the account's. */
export const KRAKEN_POOLS: readonly RatePool[] = krakenPools('starter');

/** What a call adds to the API counter (public calls add nothing: they are limited per IP apart). */
export const apiCost = (points: 1 | 2 = 1): Costs => ({ [POOL.api]: points });
export const PUBLIC: Costs = {};
export const OHLC_COST: Costs = { [POOL.ohlc]: 1 };
export const COST = { add: { [POOL.trading]: 1 }, cancel: { [POOL.trading]: 8 } } as const;

/** The counter's decay is seconds per point; one point's wait at the strictest tier. */
export const RATE_LIMIT_WAIT_MS = 3_000;

/**
 * What a reply says about the budget: only refusals, since Kraken sends no counts. `EAPI:Rate limit
 * exceeded` fills the API pool, `EOrder:Rate limit exceeded` the trading pool, `EGeneral:Too many
 * requests` (a public call) the OHLC pool; `EService:Throttled: <unix s>` says until when.
 */
export function krakenRateFeedback(reply: HttpReply, venueNow: number): RateFeedback {
  const words = errorWords(reply.body) ?? [];
  const used: Record<string, number> = {};
  let limited = reply.status === 429;
  let retryAfterMs: number | undefined;
  for (const text of words) {
    const word = errorWord(text);
    if (word === 'EAPI:Rate limit exceeded') {
      limited = true;
      used[POOL.api] = KRAKEN_POOLS[0]?.limit ?? 15;
    } else if (word === 'EOrder:Rate limit exceeded') {
      limited = true;
      used[POOL.trading] = KRAKEN_POOLS[1]?.limit ?? 60;
    } else if (word === 'EGeneral:Too many requests') {
      limited = true;
      used[POOL.ohlc] = OHLC_POOL.limit;
    } else if (word === 'EService:Throttled') {
      limited = true;
      const until = /(\d{9,12})/.exec(text.slice(word.length));
      if (until !== undefined && until !== null)
        retryAfterMs = Math.max(0, Number(until[1]) * 1000 - venueNow);
    }
  }
  const feedback: RateFeedback = { used, rateLimited: limited };
  if (limited) feedback.retryAfterMs = retryAfterMs ?? RATE_LIMIT_WAIT_MS;
  return feedback;
}
