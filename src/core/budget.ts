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
 * Pure: acquire() answers grant or the venue time to retry at; the engine does the waiting.
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

export type Lane = 'critical' | 'background';

export interface PoolSpec {
  id: string;
  limit: number;
  windowMs: number;
  kind: 'ip' | 'account';
  /**
   * 'fixed' (default), 'sliding', or 'allowance': `limit` is a running total that never resets
   * (the venue raises it: setLimit), and once it is spent one request is granted per `windowMs`.
   */
  window?: 'fixed' | 'sliding' | 'allowance' | 'decaying';
  /** Share of the limit only the critical lane may spend, 0..1 (default: budget option, 0.2). */
  reserveShare?: number;
  /**
   * sliding only: a held grant's debit does not expire while its request is in flight and runs a
   * window from its reply (`settle`). For venues that report no count of their own (OKX).
   */
  countFromReply?: boolean;
  /**
   * decaying only: the venue takes its drain off in steps this far apart, not continuously (Kraken:
   * "every couple of seconds"), so its level can stand up to one step's drain above ours; the
   * budget keeps that much of the limit free on both lanes.
   */
  drainStepMs?: number;
}

/** Weight to debit per pool id, e.g. { weight: 1, orders10s: 1, orders1m: 1 }. */
export type Costs = Readonly<Record<string, number>>;

export type Grant = { granted: true; held?: Held } | { granted: false; retryAt: number; reason: string };

/** One sliding debit. `open` while its request is in flight: it does not expire then. */
interface Debit {
  t: number;
  w: number;
  open: boolean;
}

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
}

/** A configuration mistake of the caller (unknown pool, bad limit): found by the adapter's tests. */
export class BudgetError extends Error {
  override readonly name = 'BudgetError';
}

interface Pool {
  spec: PoolSpec;
  reserve: number;
  /** fixed: start of the current window and what it has used (decaying: the level at `windowStart`). */
  windowStart: number;
  used: number;
  /** sliding: debits in time order (an open one at its grant time). */
  log: Debit[];
  /** Spent by the critical lane since the current 429 began. */
  spentWhileLimited: number;
  /** allowance: venue time from which the next request past the spent allowance may go. */
  nextThrottledAt: number;
}

export class RateBudget {
  readonly #pools = new Map<string, Pool>();
  readonly #defaultShare: number;
  readonly #defaultRetryAfter: number | undefined;
  #limitedUntil = Number.NEGATIVE_INFINITY;
  #bannedUntil = Number.NEGATIVE_INFINITY;

  constructor(pools: readonly PoolSpec[], options: BudgetOptions = {}) {
    this.#defaultShare = options.reserveShare ?? 0.2;
    this.#defaultRetryAfter = options.defaultRetryAfterMs;
    for (const spec of pools) this.#add(spec);
  }

  /** Replaces a pool's limit (e.g. from the venue's published rate limits); usage is kept. */
  setLimit(poolId: string, limit: number): void {
    const pool = this.#pool(poolId);
    checkLimit(limit, poolId);
    pool.spec = { ...pool.spec, limit };
    pool.reserve = reserveOf(pool.spec, this.#defaultShare);
  }

  /**
   * Grants and debits every pool at once, or debits nothing and says when to retry. `hold`: the
   * sliding debits stay until `settle` (the request is in flight), then run a window from there.
   */
  acquire(lane: Lane, costs: Costs, now: number, hold = false): Grant {
    if (now < this.#bannedUntil) {
      return {
        granted: false,
        retryAt: this.#bannedUntil,
        reason: `banned by the venue until ${this.#bannedUntil}`,
      };
    }
    const limited = now < this.#limitedUntil;
    if (limited && lane === 'background') {
      return { granted: false, retryAt: this.#limitedUntil, reason: 'rate limited (429): background paused' };
    }
    let retryAt = Number.NEGATIVE_INFINITY;
    const reasons: string[] = [];
    const entries = Object.entries(costs);
    /** Spent allowances this request goes through on their one-per-interval trickle. */
    const throttled = new Set<string>();
    for (const [id, weight] of entries) {
      if (!Number.isFinite(weight) || weight < 0)
        throw new BudgetError(`cost for pool ${id} must be ≥ 0, got ${weight}`);
      const pool = this.#pool(id);
      const capacity = (lane === 'critical' ? pool.spec.limit : pool.spec.limit - pool.reserve) - stepHeadroom(pool.spec);
      if (weight > capacity) {
        return {
          granted: false,
          retryAt: Number.POSITIVE_INFINITY,
          reason: `cost ${weight} exceeds the ${lane} capacity ${capacity} of pool ${id}`,
        };
      }
      if (limited && pool.spentWhileLimited + weight > pool.reserve) {
        retryAt = Math.max(retryAt, this.#limitedUntil);
        reasons.push(`${id}: rate limited (429), critical reserve ${pool.reserve} spent`);
        continue;
      }
      const used = this.#used(pool, now);
      if (used + weight > capacity && pool.spec.window === 'allowance') {
        // The venue's trickle past a spent allowance belongs to the critical lane (orders and
        // cancels); background waits, and it never spends the reserve before the venue says so.
        const every = pool.spec.windowMs;
        if (lane === 'critical' && now >= pool.nextThrottledAt) throttled.add(id);
        else if (lane === 'critical') {
          retryAt = Math.max(retryAt, pool.nextThrottledAt);
          reasons.push(`${id}: allowance spent (${used} of ${capacity}): one request per ${every / 1000} s`);
        } else {
          retryAt = Math.max(retryAt, Math.max(now, pool.nextThrottledAt) + every);
          reasons.push(`${id}: ${used}+${weight} > ${capacity} (background: the rest of the allowance is kept for orders and cancels)`);
        }
        continue;
      }
      if (used + weight > capacity) {
        retryAt = Math.max(retryAt, this.#freeAt(pool, now, used + weight - capacity));
        reasons.push(`${id}: ${used}+${weight} > ${capacity} (${lane})`);
      }
    }
    if (reasons.length > 0) return { granted: false, retryAt, reason: reasons.join('; ') };
    const debits: Array<{ pool: string; debit: Debit }> = [];
    for (const [id, weight] of entries) {
      const pool = this.#pools.get(id)!;
      const debit = this.#debit(pool, weight, now, hold);
      if (debit?.open === true) debits.push({ pool: id, debit });
      if (throttled.has(id)) pool.nextThrottledAt = now + pool.spec.windowMs;
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
      if (!debit.open) continue;
      const log = this.#pool(id).log;
      const at = log.indexOf(debit);
      if (at >= 0) log.splice(at, 1);
      debit.open = false;
      debit.t = Math.max(debit.t, now);
      let i = log.length;
      while (i > 0 && log[i - 1]!.t > debit.t) i--;
      log.splice(i, 0, debit);
    }
  }

  /**
   * Absorbs the venue's own count for a pool (a used-weight header). `now` is the venue time the
   * request was SENT, so a reply that straddles a window edge is not booked into the next
   * window. The venue's count is a floor of the truth: our own debits still in flight may not be
   * in it yet, so the larger of the two is kept.
   */
  observeUsed(poolId: string, used: number, now: number): void {
    const pool = this.#pool(poolId);
    if (!Number.isFinite(used) || used < 0) return;
    if (pool.spec.window === 'sliding') {
      const local = this.#used(pool, now);
      if (used > local) this.#debit(pool, used - local, now);
      return;
    }
    if (pool.spec.window === 'allowance' || pool.spec.window === 'decaying') {
      pool.used = Math.max(this.#used(pool, now), used);
      return;
    }
    const start = windowStart(now, pool.spec.windowMs);
    if (start < pool.windowStart) return; // stale: the pool has already rolled on
    this.#used(pool, now);
    pool.used = Math.max(pool.used, used);
  }

  /**
   * A 429. Background stops until the pause ends; critical may spend at most its reserve. With a
   * pool id the venue named, that pool is also taken as full for its current window.
   */
  onRateLimited(retryAfterMs: number | undefined, now: number, poolId?: string): void {
    const pause =
      retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
        ? retryAfterMs
        : (this.#defaultRetryAfter ?? this.#longestWindowEnd(now) - now);
    if (now >= this.#limitedUntil) for (const pool of this.#pools.values()) pool.spentWhileLimited = 0;
    this.#limitedUntil = Math.max(this.#limitedUntil, now + pause);
    if (poolId !== undefined) {
      const pool = this.#pool(poolId);
      const used = this.#used(pool, now);
      if (used < pool.spec.limit) this.#debit(pool, pool.spec.limit - used, now);
    }
  }

  /** A 418 (or venue ban): nothing is granted until `until` (venue ms). */
  onBanned(until: number, _now: number): void {
    if (Number.isFinite(until)) this.#bannedUntil = Math.max(this.#bannedUntil, until);
  }

  state(now: number): BudgetState {
    return now < this.#bannedUntil ? 'banned' : now < this.#limitedUntil ? 'limited' : 'normal';
  }

  snapshot(now: number): BudgetSnapshot {
    const state = this.state(now);
    const pools = [...this.#pools.values()].map((pool) => {
      const used = this.#used(pool, now);
      const { id, kind, limit, windowMs } = pool.spec;
      const resetAt =
        pool.spec.window === 'sliding'
          ? (pool.log[0]?.t ?? now) + windowMs
          : pool.spec.window === 'allowance'
            ? Math.max(now, pool.nextThrottledAt)
            : pool.spec.window === 'decaying'
              ? now + Math.ceil((used * windowMs) / limit)
              : windowStart(now, windowMs) + windowMs;
      // A draining level is fractional; a trader reads whole points, the ones not yet drained.
      const shown = pool.spec.window === 'decaying' ? Math.ceil(used - 1e-9) : used;
      return { id, kind, limit, used: shown, reserve: pool.reserve, windowMs, resetAt };
    });
    if (state === 'normal') return { state, pools };
    return { state, until: state === 'banned' ? this.#bannedUntil : this.#limitedUntil, pools };
  }

  #add(spec: PoolSpec): void {
    if (this.#pools.has(spec.id)) throw new BudgetError(`pool ${spec.id} declared twice`);
    checkLimit(spec.limit, spec.id);
    if (!(spec.windowMs > 0)) throw new BudgetError(`pool ${spec.id}: windowMs must be > 0`);
    const share = spec.reserveShare ?? this.#defaultShare;
    if (!(share >= 0 && share <= 1)) throw new BudgetError(`pool ${spec.id}: reserveShare must be in 0..1`);
    this.#pools.set(spec.id, {
      spec: { ...spec, window: spec.window ?? 'fixed' },
      reserve: reserveOf(spec, this.#defaultShare),
      windowStart: Number.NEGATIVE_INFINITY,
      used: 0,
      log: [],
      spentWhileLimited: 0,
      nextThrottledAt: Number.NEGATIVE_INFINITY,
    });
  }

  #pool(id: string): Pool {
    const pool = this.#pools.get(id);
    if (!pool) throw new BudgetError(`unknown rate-limit pool ${id}`);
    return pool;
  }

  /** Current usage, rolling the fixed window or expiring sliding debits first (an allowance never rolls). */
  #used(pool: Pool, now: number): number {
    const { windowMs } = pool.spec;
    if (pool.spec.window === 'allowance') return pool.used;
    if (pool.spec.window === 'decaying') {
      // The level drains at limit per window since it was last read; time never runs backwards here.
      if (now > pool.windowStart) {
        const drained = ((now - pool.windowStart) * pool.spec.limit) / windowMs;
        pool.used = Math.max(0, pool.used - drained);
        pool.windowStart = now;
      }
      return pool.used;
    }
    if (pool.spec.window === 'sliding') {
      // In place: a debit stays while it is in the window or its request is still in flight.
      const log = pool.log;
      let kept = 0;
      let sum = 0;
      for (const e of log) {
        if (!e.open && e.t <= now - windowMs) continue;
        log[kept++] = e;
        sum += e.w;
      }
      log.length = kept;
      return sum;
    }
    const start = windowStart(now, windowMs);
    if (start > pool.windowStart) {
      pool.windowStart = start;
      pool.used = 0;
    }
    return pool.used;
  }

  #debit(pool: Pool, weight: number, now: number, open = false): Debit | undefined {
    if (pool.spec.window !== 'sliding') {
      pool.used += weight;
      return undefined;
    }
    const debit = { t: now, w: weight, open: open && pool.spec.countFromReply === true };
    pool.log.push(debit);
    return debit;
  }

  /** Earliest venue time at which `excess` weight will have been freed. */
  #freeAt(pool: Pool, now: number, excess: number): number {
    const { windowMs } = pool.spec;
    if (pool.spec.window === 'decaying') return now + Math.ceil((excess * windowMs) / pool.spec.limit);
    if (pool.spec.window !== 'sliding') return windowStart(now, windowMs) + windowMs;
    // Open debits free only after their reply (settle wakes the waiters then).
    let freed = 0;
    for (const e of pool.log) {
      if (e.open) continue;
      freed += e.w;
      if (freed >= excess) return e.t + windowMs;
    }
    return now + windowMs;
  }

  /**
   * Where a 429 without Retry-After ends: the longest current RATE window (a minute or less).
   * Longer pools are allowances (Hyperliquid's per-address one, a day here): pausing to their end
   * would freeze the background lane for hours. With no window that short, a minute.
   */
  #longestWindowEnd(now: number): number {
    let end = now;
    for (const pool of this.#pools.values()) {
      if (pool.spec.windowMs > MAX_RATE_WINDOW_MS || pool.spec.window === 'allowance') continue;
      const drainedAt = pool.spec.window === 'decaying' ? now + pool.spec.windowMs : undefined;
      end = Math.max(end, drainedAt ?? windowStart(now, pool.spec.windowMs) + pool.spec.windowMs);
    }
    return end > now ? end : now + MAX_RATE_WINDOW_MS;
  }
}

/** Pools with longer windows are allowances, not rate limits a 429 waits out. */
const MAX_RATE_WINDOW_MS = 60_000;

/** What a decaying pool keeps free for the venue's stepped drain: one step's worth. */
function stepHeadroom(spec: PoolSpec): number {
  if (spec.window !== 'decaying' || spec.drainStepMs === undefined) return 0;
  return (spec.limit * spec.drainStepMs) / spec.windowMs;
}

function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

function reserveOf(spec: PoolSpec, defaultShare: number): number {
  return Math.ceil(spec.limit * (spec.reserveShare ?? defaultShare));
}

function checkLimit(limit: number, id: string): void {
  if (!Number.isFinite(limit) || limit <= 0)
    throw new BudgetError(`pool ${id}: limit must be > 0, got ${limit}`);
}
