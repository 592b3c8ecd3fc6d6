/**
 * One rate pool's count, as the venue keeps it: a fixed window aligned to the epoch, a sliding log
 * of debits, an allowance or a decaying level (core/budget.ts says which venue counts how). A pool
 * holds no lane and no pause: the budget (budget.ts) decides who may spend it, so one pool can be
 * spent by several budgets — a venue's per-IP pool shared by the sessions of one machine
 * (shared-pools.ts). Pure.
 */
import type { PoolSpec } from './pool-spec.js';

/** One sliding debit. `open` while its request is in flight: it does not expire then. */
export interface Debit {
  t: number;
  w: number;
  open: boolean;
}

/** A configuration mistake of the caller (unknown pool, bad limit): found by the adapter's tests. */
export class BudgetError extends Error {
  override readonly name = 'BudgetError';
}

export class PoolCount {
  spec: PoolSpec;
  /** What only the critical lane may spend. */
  reserve: number;
  /** fixed: start of the current window and what it has used (decaying: the level at `windowStart`). */
  #windowStart = Number.NEGATIVE_INFINITY;
  #used = 0;
  /** sliding: debits in time order (an open one at its grant time). */
  readonly log: Debit[] = [];
  /** allowance: venue time from which the next request past the spent allowance may go. */
  nextThrottledAt = Number.NEGATIVE_INFINITY;

  constructor(spec: PoolSpec, defaultShare: number) {
    checkLimit(spec.limit, spec.id);
    if (!(spec.windowMs > 0)) throw new BudgetError(`pool ${spec.id}: windowMs must be > 0`);
    const share = spec.reserveShare ?? defaultShare;
    if (!(share >= 0 && share <= 1)) throw new BudgetError(`pool ${spec.id}: reserveShare must be in 0..1`);
    this.spec = { ...spec, window: spec.window ?? 'fixed' };
    this.reserve = Math.ceil(spec.limit * share);
  }

  /** Replaces the limit (the venue's published one); usage is kept. */
  setLimit(limit: number, defaultShare: number): void {
    checkLimit(limit, this.spec.id);
    this.spec = { ...this.spec, limit };
    this.reserve = Math.ceil(limit * (this.spec.reserveShare ?? defaultShare));
  }

  /** The lane's capacity: critical to the limit, background short of the reserve; less a stepped drain's headroom. */
  capacity(critical: boolean): number {
    return (critical ? this.spec.limit : this.spec.limit - this.reserve) - stepHeadroom(this.spec);
  }

  /** Current usage, rolling the fixed window or expiring sliding debits first (an allowance never rolls). */
  used(now: number): number {
    const { windowMs } = this.spec;
    if (this.spec.window === 'allowance') return this.#used;
    if (this.spec.window === 'decaying') {
      // The level drains at limit per window since it was last read; time never runs backwards here.
      if (now > this.#windowStart) {
        const drained = ((now - this.#windowStart) * this.spec.limit) / windowMs;
        this.#used = Math.max(0, this.#used - drained);
        this.#windowStart = now;
      }
      return this.#used;
    }
    if (this.spec.window === 'sliding') {
      // In place: a debit stays while it is in the window or its request is still in flight.
      const log = this.log;
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
    if (start > this.#windowStart) {
      this.#windowStart = start;
      this.#used = 0;
    }
    return this.#used;
  }

  /** Debits `weight` at `now`; a sliding debit held `open` (countFromReply) is returned to settle. */
  debit(weight: number, now: number, open = false): Debit | undefined {
    if (this.spec.window !== 'sliding') {
      this.#used += weight;
      return undefined;
    }
    const debit = { t: now, w: weight, open: open && this.spec.countFromReply === true };
    this.log.push(debit);
    return debit;
  }

  /** The held debit's request is answered at `now`: it runs a window from there. Twice changes nothing (false). */
  settle(debit: Debit, now: number): boolean {
    if (!debit.open) return false;
    const log = this.log;
    const at = log.indexOf(debit);
    if (at >= 0) log.splice(at, 1);
    debit.open = false;
    debit.t = Math.max(debit.t, now);
    let i = log.length;
    while (i > 0 && log[i - 1]!.t > debit.t) i--;
    log.splice(i, 0, debit);
    return true;
  }

  /** The venue's own count, a floor of the truth (budget.ts `observeUsed`). Whether it raised ours. */
  observe(used: number, now: number): boolean {
    if (!Number.isFinite(used) || used < 0) return false;
    if (this.spec.window === 'sliding') {
      const local = this.used(now);
      if (used > local) this.debit(used - local, now);
      return used > local;
    }
    if (this.spec.window === 'allowance' || this.spec.window === 'decaying') {
      const local = this.used(now);
      this.#used = Math.max(local, used);
      return used > local;
    }
    const start = windowStart(now, this.spec.windowMs);
    if (start < this.#windowStart) return false; // stale: the pool has already rolled on
    this.used(now);
    const raised = used > this.#used;
    this.#used = Math.max(this.#used, used);
    return raised;
  }

  /** Earliest venue time at which `excess` weight will have been freed. */
  freeAt(now: number, excess: number): number {
    const { windowMs } = this.spec;
    if (this.spec.window === 'decaying') return now + Math.ceil((excess * windowMs) / this.spec.limit);
    if (this.spec.window !== 'sliding') return windowStart(now, windowMs) + windowMs;
    // Open debits free only after their reply (settle wakes the waiters then).
    let freed = 0;
    for (const e of this.log) {
      if (e.open) continue;
      freed += e.w;
      if (freed >= excess) return e.t + windowMs;
    }
    return now + windowMs;
  }

  /** Venue time at which the current fixed window ends (sliding: when the oldest debit expires). */
  resetAt(now: number): number {
    const { windowMs, limit } = this.spec;
    if (this.spec.window === 'sliding') return (this.log[0]?.t ?? now) + windowMs;
    if (this.spec.window === 'allowance') return Math.max(now, this.nextThrottledAt);
    if (this.spec.window === 'decaying') return now + Math.ceil((this.used(now) * windowMs) / limit);
    return windowStart(now, windowMs) + windowMs;
  }

  /** Where a 429 without Retry-After would end for this pool, if it is a rate window at all. */
  windowEnd(now: number): number | undefined {
    if (this.spec.windowMs > MAX_RATE_WINDOW_MS || this.spec.window === 'allowance') return undefined;
    if (this.spec.window === 'decaying') return now + this.spec.windowMs;
    return windowStart(now, this.spec.windowMs) + this.spec.windowMs;
  }
}

/** Pools with longer windows are allowances, not rate limits a 429 waits out. */
export const MAX_RATE_WINDOW_MS = 60_000;

/** What a decaying pool keeps free for the venue's stepped drain: one step's worth. */
function stepHeadroom(spec: PoolSpec): number {
  if (spec.window !== 'decaying' || spec.drainStepMs === undefined) return 0;
  return (spec.limit * spec.drainStepMs) / spec.windowMs;
}

function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

function checkLimit(limit: number, id: string): void {
  if (!Number.isFinite(limit) || limit <= 0) throw new BudgetError(`pool ${id}: limit must be > 0, got ${limit}`);
}
