/**
 * Rate-budget enforcement: requests wait in their lane until the pure budget (core/budget.ts)
 * grants them. Critical waiters are served before background ones; each lane is FIFO. While a
 * 429 holds, background stops and critical spends only its reserve; while banned (418) nothing
 * is granted at all. Every reply's rate feedback (used-weight headers, Retry-After, ban end)
 * comes back here and wakes the waiters. Budget state changes go to the store.
 *
 * A grant is held until its request is answered (`settle`): the venue counts a request when it
 * arrives, which may be well after the grant on a busy machine, so a sliding window runs from the
 * reply (core/budget.ts, docs/rate-limits.md).
 *
 * A budget whose per-IP pools are shared with other sessions (core/shared-pools.ts) spends counts
 * other engines' lanes spend too: after a reply or settle that moved a shared count or the IP's
 * pause (the budget keeps that dirty flag) these lanes tell the others, whose waiters re-check and
 * whose rate pane shows the IP's use; the IP's pause holds them all.
 */
import type { BudgetSnapshot, Held, RateBudget } from '../core/budget.js';
import type { BudgetEvent } from './events.js';
import type { RequestFailure } from './http.js';
import type { Costs, Lane, RateFeedback } from '../venues/venue.js';

/** The budget can never grant this request (its cost exceeds the lane's whole capacity). */
export class BudgetRefusedError extends Error implements RequestFailure {
  override readonly name = 'BudgetRefusedError';
  readonly failure = 'rejected' as const;
  constructor(
    readonly request: string,
    reason: string,
  ) {
    super(`${request}: ${reason}`);
  }
}

/** Waiting was abandoned (the engine is stopping). */
export class LaneClosedError extends Error implements RequestFailure {
  override readonly name = 'LaneClosedError';
  readonly failure = 'safe' as const;
  constructor(readonly request: string) {
    super(`${request}: not sent, the engine is stopping`);
  }
}

interface Waiter {
  name: string;
  costs: Costs;
  resolve(held: Held | undefined): void;
  reject(err: Error): void;
}

export interface LanesOptions {
  /** Venue time now, ms (the budget's windows follow the venue's). */
  venueNow(): number;
  /** Local wall clock, for the store's display times. */
  wallNow?(): number;
  emit?(event: BudgetEvent): void;
  /** Longest single sleep before re-checking (a clock resync may move venue time). */
  maxSleepMs?: number;
  /**
   * The venue refuses EVERY request while its Retry-After runs and counts each one toward a ban
   * (Binance: a 429 covers the whole IP). Then critical requests wait out the pause too, first in
   * line when it ends, instead of spending their reserve on refusals that lead to a 418. Being the
   * IP's, the pause is also every session's that shares the IP's pools (core/shared-pools.ts).
   */
  holdAllWhileLimited?: boolean;
}

export interface LaneCounters {
  granted: Record<Lane, number>;
  waited: Record<Lane, number>;
}

export class Lanes {
  readonly counters: LaneCounters = { granted: { critical: 0, background: 0 }, waited: { critical: 0, background: 0 } };
  readonly #budget: RateBudget;
  readonly #opts: LanesOptions;
  readonly #queues: Record<Lane, Waiter[]> = { critical: [], background: [] };
  #timer: NodeJS.Timeout | undefined;
  #lastState = '';
  #closed = false;

  constructor(budget: RateBudget, opts: LanesOptions) {
    this.#budget = budget;
    this.#opts = opts;
    budget.onSharedChange(() => {
      if (this.#closed) return;
      this.#emitState();
      this.#pump();
    });
  }

  /**
   * Resolves when the request may be sent (its weight is then debited) with the held grant, which
   * the caller settles once the request is answered or has failed.
   */
  enter(lane: Lane, costs: Costs, name = 'request'): Promise<Held | undefined> {
    if (this.#closed) return Promise.reject(new LaneClosedError(name));
    // Fast path: nobody waiting in this lane (or ahead of it) and the budget says yes.
    const ahead = lane === 'critical' ? this.#queues.critical.length : this.#queues.critical.length + this.#queues.background.length;
    if (ahead === 0 && this.#heldUntil() === undefined) {
      const grant = this.#budget.acquire(lane, costs, this.#opts.venueNow(), true);
      if (grant.granted) {
        this.counters.granted[lane]++;
        return Promise.resolve(grant.held);
      }
      if (grant.retryAt === Number.POSITIVE_INFINITY) return Promise.reject(new BudgetRefusedError(name, grant.reason));
    }
    this.counters.waited[lane]++;
    return new Promise<Held | undefined>((resolve, reject) => {
      this.#queues[lane].push({ name, costs, resolve, reject });
      this.#emitState();
      this.#pump();
    });
  }

  /** The held request failed without a reply: its sliding debits run a window from now. */
  settle(held: Held | undefined): void {
    if (held === undefined) return;
    this.#budget.settle(held, this.#opts.venueNow());
    this.#budget.sharedChanged();
    this.#pump();
  }

  /**
   * Absorbs one reply's rate feedback, and settles the request's held grant: its sliding debits
   * run a window from now. `sentAt` = venue time the request left. The waiters it frees go only
   * after the reply's 429 or ban is known.
   */
  feedback(fb: RateFeedback, sentAt: number, held?: Held): void {
    const now = this.#opts.venueNow();
    if (held !== undefined) this.#budget.settle(held, now);
    for (const [pool, used] of Object.entries(fb.used)) {
      try {
        this.#budget.observeUsed(pool, used, sentAt);
      } catch {
        // A header for a pool we do not model: ignore it rather than fail the request.
      }
    }
    if (fb.bannedUntil !== undefined) this.#budget.onBanned(fb.bannedUntil, now);
    else if (fb.rateLimited) this.#budget.onRateLimited(fb.retryAfterMs, now, undefined, this.#opts.holdAllWhileLimited === true);
    this.#emitState(fb.bannedUntil !== undefined ? 'IP banned (418)' : fb.rateLimited ? 'rate limited (429)' : undefined);
    // Only now, with the reply's 429 or ban known, may the other sessions' waiters go.
    this.#budget.sharedChanged();
    this.#pump();
  }

  snapshot(): BudgetSnapshot {
    return this.#budget.snapshot(this.#opts.venueNow());
  }

  /** Requests currently waiting, per lane. */
  waiting(): Record<Lane, number> {
    return { critical: this.#queues.critical.length, background: this.#queues.background.length };
  }

  /** Rejects every waiter; later `enter` calls fail at once. */
  close(): void {
    this.#closed = true;
    this.#budget.release();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const lane of ['critical', 'background'] as const) {
      for (const w of this.#queues[lane].splice(0)) w.reject(new LaneClosedError(w.name));
    }
  }

  #pump(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    let wakeAt = this.#heldUntil() ?? Number.POSITIVE_INFINITY;
    for (const lane of wakeAt === Number.POSITIVE_INFINITY ? (['critical', 'background'] as const) : []) {
      const queue = this.#queues[lane];
      while (queue.length > 0) {
        const head = queue[0]!;
        const now = this.#opts.venueNow();
        const grant = this.#budget.acquire(lane, head.costs, now, true);
        if (grant.granted) {
          queue.shift();
          this.counters.granted[lane]++;
          head.resolve(grant.held);
          continue;
        }
        if (grant.retryAt === Number.POSITIVE_INFINITY) {
          queue.shift();
          head.reject(new BudgetRefusedError(head.name, grant.reason));
          continue;
        }
        wakeAt = Math.min(wakeAt, grant.retryAt);
        break;
      }
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) {
      const delay = Math.max(1, Math.min(this.#opts.maxSleepMs ?? 1000, wakeAt - this.#opts.venueNow()));
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#emitState();
        this.#pump();
      }, delay);
    }
  }

  /** End of a venue-wide pause that holds every lane, if one is running (venue time). */
  #heldUntil(): number | undefined {
    if (this.#opts.holdAllWhileLimited !== true) return undefined;
    const now = this.#opts.venueNow();
    if (this.#budget.state(now) !== 'limited') return undefined;
    return this.#budget.snapshot(now).until;
  }

  #emitState(reason?: string): void {
    const emit = this.#opts.emit;
    if (emit === undefined) return;
    const venueNow = this.#opts.venueNow();
    const snap = this.#budget.snapshot(venueNow);
    const key = `${snap.state}:${snap.until ?? ''}:${snap.pools.map((p) => `${p.used}/${p.shared ?? ''}`).join(',')}`;
    if (key === this.#lastState) return;
    this.#lastState = key;
    const wall = this.#opts.wallNow?.() ?? Date.now();
    const event: BudgetEvent = {
      type: 'budget',
      at: wall,
      state: snap.state,
      pools: snap.pools.map((p) => ({ name: p.id, used: p.used, limit: p.limit, reserve: p.reserve, ...(p.shared === undefined ? {} : { shared: p.shared }) })),
    };
    if (snap.until !== undefined) event.until = wall + (snap.until - venueNow);
    if (reason !== undefined) event.reason = reason;
    else if (snap.state !== 'normal') event.reason = snap.state === 'banned' ? 'IP banned (418)' : 'rate limited (429)';
    emit(event);
  }
}
