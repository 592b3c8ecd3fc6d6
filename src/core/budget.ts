/**
 * Rate budget. A venue declares its pools (request weight per IP, orders per account per 10 s,
 * per minute…); a request debits several pools at once. Two lanes: critical (orders, cancels,
 * status queries for ambiguous orders) may spend a pool to its limit; background (polling,
 * history) may never spend the reserved share, so it cannot starve the critical lane.
 *
 * Windows: 'fixed' windows aligned to the epoch (Binance: counters reset at each whole interval
 * of venue time, and its X-MBX-USED-WEIGHT-1M header counts the current minute), so `now` must be
 * VENUE time (clock.ts) for the window edges to match the venue's; or 'sliding' windows (venues
 * documenting rolling limits, e.g. per second); or an 'allowance' (Hyperliquid's per-address
 * request count: a running total against a cap that only volume raises, never a window — once it is
 * spent the venue still takes one request per `windowMs`, so the pool does too instead of blocking);
 * or a 'decaying' counter (Kraken's: every call adds to a level that drains continuously at
 * `limit` per `windowMs`, and a call that would take it past `limit` is refused). A sliding window
 * of `limit` over `windowMs` never lets such a counter pass its max either, but after a quiet spell
 * it still remembers every call of the last window where the venue's level has long drained: a
 * reconnect's burst of snapshot reads then waited up to a whole window (27 s on Kraken's Starter
 * tier) for room the venue already had.
 * Pure: acquire() answers grant or the venue time to retry at; the engine does the waiting. How each
 * window counts is pool.ts; a budget may share its per-IP pools with other sessions' budgets
 * (`BudgetOptions.shared`, shared-pools.ts).
 *
 * When the venue counts: at the request's ARRIVAL, which the client only knows lies between the
 * grant and the reply. A sliding debit dated at the grant can expire a window after it while the
 * request, held back by a busy process, a full connection pool or the network, has not yet been
 * counted; the next window's requests then land beside it (OKX answered 50011 to a burst the
 * budget had spaced exactly). So a grant can be held (`acquire(…, hold)`): the debits of sliding
 * pools that count from the reply (`countFromReply`) do not expire while the request is in
 * flight, and `settle` dates them at the reply. Two requests such a pool lets through a window
 * apart then reach the venue a window apart, whatever the delays.
 */

import { BudgetError, type Debit, MAX_RATE_WINDOW_MS, PoolCount } from './pool.js';
import type { PoolSpec } from './pool-spec.js';
import { newPause, type Pause, type SharedHost } from './shared-pools.js';

export { BudgetError } from './pool.js';
export type { PoolSpec } from './pool-spec.js';

export type Lane = 'critical' | 'background';

/** Weight to debit per pool id, e.g. { weight: 1, orders10s: 1, orders1m: 1 }. */
export type Costs = Readonly<Record<string, number>>;

export type Grant = { granted: true; held?: Held } | { granted: false; retryAt: number; reason: string };

/** The sliding debits of one held grant, until `settle` dates them at the reply. */
export interface Held {
  readonly debits: ReadonlyArray<{ readonly pool: string; readonly debit: Debit }>;
}

export type BudgetState = 'normal' | 'limited' | 'banned';

export interface PoolSnapshot {
  id: string;
  kind: 'ip' | 'account';
  limit: number;
  used: number;
  reserve: number;
  windowMs: number;
  /** Venue time at which the current fixed window ends (sliding: when the oldest debit expires). */
  resetAt: number;
  /** A pool shared with other sessions (shared-pools.ts): how many sessions spend it, this one included. */
  shared?: number;
}

export interface BudgetSnapshot {
  state: BudgetState;
  /** End of the 429 pause or the ban; absent in the normal state. */
  until?: number;
  pools: PoolSnapshot[];
}

export interface BudgetOptions {
  /** Default reserve share for pools that do not declare one (default 0.2). */
  reserveShare?: number;
  /** Pause after a 429 that carried no Retry-After (default: end of the longest current window). */
  defaultRetryAfterMs?: number;
  /**
   * The venue host's shared pools (SharedPools.host): the budget's `kind: 'ip'` pools are the
   * host's, spent by every session on it, and the host's pause (a ban; an IP-wide 429) holds it.
   */
  shared?: SharedHost;
}

/** One of the budget's pools: its count (perhaps shared) and what this budget spent of its reserve in a 429. */
interface Pool {
  count: PoolCount;
  shared: boolean;
  /** Spent by the critical lane since the 429 pause that began at `spentSince`. */
  spentWhileLimited: number;
  spentSince: number;
}

export class RateBudget {
  readonly #pools = new Map<string, Pool>();
  readonly #defaultShare: number;
  readonly #defaultRetryAfter: number | undefined;
  readonly #host: SharedHost | undefined;
  /** This session's own pause: a 429 that is the account's, not the IP's. */
  readonly #own: Pause = newPause();
  /**
   * This budget moved a shared count or the IP's pause since it last told the others
   * (`sharedChanged`): a reply that touched only the account's own pools wakes nobody.
   */
  #sharedDirty = false;

  constructor(pools: readonly PoolSpec[], options: BudgetOptions = {}) {
    this.#defaultShare = options.reserveShare ?? 0.2;
    this.#defaultRetryAfter = options.defaultRetryAfterMs;
    this.#host = options.shared;
    for (const spec of pools) {
      if (this.#pools.has(spec.id)) throw new BudgetError(`pool ${spec.id} declared twice`);
      const shared = this.#host !== undefined && spec.kind === 'ip';
      const count = shared ? this.#host!.join(this, spec, this.#defaultShare) : new PoolCount(spec, this.#defaultShare);
      this.#pools.set(spec.id, { count, shared, spentWhileLimited: 0, spentSince: Number.NEGATIVE_INFINITY });
    }
  }

  /** Replaces a pool's limit (e.g. from the venue's published rate limits); usage is kept. */
  setLimit(poolId: string, limit: number): void {
    const pool = this.#pool(poolId);
    pool.count.setLimit(limit, this.#defaultShare);
    if (pool.shared) this.#sharedDirty = true;
  }

  /**
   * Grants and debits every pool at once, or debits nothing and says when to retry. `hold`: the
   * sliding debits stay until `settle` (the request is in flight), then run a window from there.
   */
  acquire(lane: Lane, costs: Costs, now: number, hold = false): Grant {
    const bannedUntil = this.#bannedUntil();
    if (now < bannedUntil) {
      return { granted: false, retryAt: bannedUntil, reason: `banned by the venue until ${bannedUntil}` };
    }
    const limitedUntil = this.#limitedUntil();
    const limited = now < limitedUntil;
    if (limited && lane === 'background') {
      return { granted: false, retryAt: limitedUntil, reason: 'rate limited (429): background paused' };
    }
    const since = limited ? this.#limitedSince(now) : Number.NEGATIVE_INFINITY;
    let retryAt = Number.NEGATIVE_INFINITY;
    const reasons: string[] = [];
    const entries = Object.entries(costs);
    /** Spent allowances this request goes through on their one-per-interval trickle. */
    const throttled = new Set<string>();
    for (const [id, weight] of entries) {
      if (!Number.isFinite(weight) || weight < 0)
        throw new BudgetError(`cost for pool ${id} must be ≥ 0, got ${weight}`);
      const pool = this.#pool(id);
      const count = pool.count;
      const capacity = count.capacity(lane === 'critical');
      if (weight > capacity) {
        return {
          granted: false,
          retryAt: Number.POSITIVE_INFINITY,
          reason: `cost ${weight} exceeds the ${lane} capacity ${capacity} of pool ${id}`,
        };
      }
      if (limited && pool.spentSince !== since) {
        pool.spentSince = since;
        pool.spentWhileLimited = 0;
      }
      if (limited && pool.spentWhileLimited + weight > count.reserve) {
        retryAt = Math.max(retryAt, limitedUntil);
        reasons.push(`${id}: rate limited (429), critical reserve ${count.reserve} spent`);
        continue;
      }
      const used = count.used(now);
      if (used + weight > capacity && count.spec.window === 'allowance') {
        // The venue's trickle past a spent allowance belongs to the critical lane (orders and
        // cancels); background waits, and it never spends the reserve before the venue says so.
        const every = count.spec.windowMs;
        if (lane === 'critical' && now >= count.nextThrottledAt) throttled.add(id);
        else if (lane === 'critical') {
          retryAt = Math.max(retryAt, count.nextThrottledAt);
          reasons.push(`${id}: allowance spent (${used} of ${capacity}): one request per ${every / 1000} s`);
        } else {
          retryAt = Math.max(retryAt, Math.max(now, count.nextThrottledAt) + every);
          reasons.push(`${id}: ${used}+${weight} > ${capacity} (background: the rest of the allowance is kept for orders and cancels)`);
        }
        continue;
      }
      if (used + weight > capacity) {
        retryAt = Math.max(retryAt, count.freeAt(now, used + weight - capacity));
        reasons.push(`${id}: ${used}+${weight} > ${capacity} (${lane})`);
      }
    }
    if (reasons.length > 0) return { granted: false, retryAt, reason: reasons.join('; ') };
    const debits: Array<{ pool: string; debit: Debit }> = [];
    for (const [id, weight] of entries) {
      const pool = this.#pools.get(id)!;
      const debit = pool.count.debit(weight, now, hold);
      if (pool.shared && weight > 0) this.#sharedDirty = true;
      if (debit?.open === true) debits.push({ pool: id, debit });
      if (throttled.has(id)) pool.count.nextThrottledAt = now + pool.count.spec.windowMs;
      if (limited) pool.spentWhileLimited += weight;
    }
    return hold ? { granted: true, held: { debits } } : { granted: true };
  }

  /**
   * The held request is answered (or failed) at venue time `now`: the venue counted it by then,
   * so its sliding debits expire a window after `now`. Settling twice changes nothing.
   */
  settle(held: Held, now: number): void {
    for (const { pool: id, debit } of held.debits) {
      const pool = this.#pool(id);
      if (pool.count.settle(debit, now) && pool.shared) this.#sharedDirty = true;
    }
  }

  /**
   * Absorbs the venue's own count for a pool (a used-weight header). `now` is the venue time the
   * request was SENT, so a reply that straddles a window edge is not booked into the next
   * window. The venue's count is a floor of the truth: our own debits still in flight may not be
   * in it yet, so the larger of the two is kept. On a shared pool the venue's count is the whole
   * IP's (X-MBX-USED-WEIGHT-1M counts every session's weight), as the shared count is: the larger
   * of the two is again the floor, for every session.
   */
  observeUsed(poolId: string, used: number, now: number): void {
    const pool = this.#pool(poolId);
    if (pool.count.observe(used, now) && pool.shared) this.#sharedDirty = true;
  }

  /**
   * A 429. Background stops until the pause ends; critical may spend at most its reserve. With a
   * pool id the venue named, that pool is also taken as full for its current window. `ipWide`: the
   * venue's 429 is the IP's (Binance), so on a shared host every session sharing it pauses too.
   */
  onRateLimited(retryAfterMs: number | undefined, now: number, poolId?: string, ipWide = false): void {
    const pause =
      retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
        ? retryAfterMs
        : (this.#defaultRetryAfter ?? this.#longestWindowEnd(now) - now);
    const target = ipWide && this.#host !== undefined ? this.#host.pause : this.#own;
    const { limitedSince, limitedUntil } = target;
    if (now >= target.limitedUntil) target.limitedSince = now;
    target.limitedUntil = Math.max(target.limitedUntil, now + pause);
    if (target !== this.#own && (target.limitedSince !== limitedSince || target.limitedUntil !== limitedUntil)) this.#sharedDirty = true;
    if (poolId !== undefined) {
      const pool = this.#pool(poolId);
      const count = pool.count;
      const used = count.used(now);
      if (used < count.spec.limit) {
        count.debit(count.spec.limit - used, now);
        if (pool.shared) this.#sharedDirty = true;
      }
    }
  }

  /**
   * A 418 (or venue ban): nothing is granted until `until` (venue ms). A ban is the IP's (Binance
   * 418, Bybit's 403): on a shared host it holds every session on it.
   */
  onBanned(until: number, _now: number): void {
    if (!Number.isFinite(until)) return;
    const target = this.#host?.pause ?? this.#own;
    if (until > target.bannedUntil && target !== this.#own) this.#sharedDirty = true;
    target.bannedUntil = Math.max(target.bannedUntil, until);
  }

  state(now: number): BudgetState {
    return now < this.#bannedUntil() ? 'banned' : now < this.#limitedUntil() ? 'limited' : 'normal';
  }

  snapshot(now: number): BudgetSnapshot {
    const state = this.state(now);
    const pools = [...this.#pools.values()].map(({ count, shared }) => {
      const used = count.used(now);
      const { id, kind, limit, windowMs } = count.spec;
      // A draining level is fractional; a trader reads whole points, the ones not yet drained.
      const shown = count.spec.window === 'decaying' ? Math.ceil(used - 1e-9) : used;
      const snap: PoolSnapshot = { id, kind, limit, used: shown, reserve: count.reserve, windowMs, resetAt: count.resetAt(now) };
      if (shared) snap.shared = this.#host!.sharers(id);
      return snap;
    });
    if (state === 'normal') return { state, pools };
    return { state, until: state === 'banned' ? this.#bannedUntil() : this.#limitedUntil(), pools };
  }

  /** `wake` is called when another session changed the shared pools or the IP's pause (`sharedChanged`). */
  onSharedChange(wake: () => void): void {
    this.#host?.listen(this, wake);
  }

  /**
   * If this budget changed the shared pools or the IP's pause since it last said so, the other
   * sessions re-check their waiters (and show the IP's count); otherwise nothing happens, so a
   * reply that moved only the account's own pools costs the others nothing.
   */
  sharedChanged(): void {
    if (!this.#sharedDirty) return;
    this.#sharedDirty = false;
    this.#host?.changed(this);
  }

  /** The session is done: it no longer counts as a sharer of the host's pools. */
  release(): void {
    this.#host?.leave(this);
  }

  #bannedUntil(): number {
    return Math.max(this.#own.bannedUntil, this.#host?.pause.bannedUntil ?? Number.NEGATIVE_INFINITY);
  }

  #limitedUntil(): number {
    return Math.max(this.#own.limitedUntil, this.#host?.pause.limitedUntil ?? Number.NEGATIVE_INFINITY);
  }

  /** When the running pause began: the earlier of this session's and the IP's, if both run. */
  #limitedSince(now: number): number {
    let since = Number.POSITIVE_INFINITY;
    for (const p of [this.#own, this.#host?.pause]) if (p !== undefined && now < p.limitedUntil) since = Math.min(since, p.limitedSince);
    return since;
  }

  #pool(id: string): Pool {
    const pool = this.#pools.get(id);
    if (!pool) throw new BudgetError(`unknown rate-limit pool ${id}`);
    return pool;
  }

  /**
   * Where a 429 without Retry-After ends: the longest current RATE window (a minute or less).
   * Longer pools are allowances (Hyperliquid's per-address one, a day here): pausing to their end
   * would freeze the background lane for hours. With no window that short, a minute.
   */
  #longestWindowEnd(now: number): number {
    let end = now;
    for (const { count } of this.#pools.values()) end = Math.max(end, count.windowEnd(now) ?? end);
    return end > now ? end : now + MAX_RATE_WINDOW_MS;
  }
}
