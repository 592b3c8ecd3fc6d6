// Request weight per IP and order counts per account, in fixed windows like the venue's (a minute, ten
// seconds; shortenable for tests). Past the weight limit: 429 with Retry-After until the window ends.
// Continuing while a Retry-After runs counts as a violation; enough violations → 418 ban, doubling from
// `banBaseMs` up to three days.
import type { SimClock } from '../../clock.js';
import type { SimLimits } from '../../types.js';
import { type BinanceError, errors } from './errors.js';

const THREE_DAYS = 3 * 24 * 3_600_000;

interface IpState {
  window: number;
  used: number;
  retryUntil: number;
  /** When the 429 that opened the current wait was sent. */
  limitedAt: number;
  violations: number;
  bannedUntil: number;
  bans: number;
}

interface OrderCounts {
  shortWindow: number;
  short: number;
  longWindow: number;
  long: number;
}

export const venueLimits: SimLimits = {
  requestWeightPerWindow: 2400,
  weightWindowMs: 60_000,
  ordersShort: 300,
  ordersShortWindowMs: 10_000,
  ordersLong: 1200,
  ordersLongWindowMs: 60_000,
  violationsBeforeBan: 3,
  inFlightGraceMs: 2_000,
  banBaseMs: 120_000,
};

export class RateLimiter {
  readonly #ips = new Map<string, IpState>();
  readonly #orders = new Map<string, OrderCounts>();

  constructor(
    readonly limits: SimLimits,
    readonly clock: SimClock,
  ) {}

  #ip(ip: string): IpState {
    let s = this.#ips.get(ip);
    if (!s) {
      s = { window: 0, used: 0, retryUntil: 0, limitedAt: 0, violations: 0, bannedUntil: 0, bans: 0 };
      this.#ips.set(ip, s);
    }
    const w = Math.floor(Date.now() / this.limits.weightWindowMs);
    if (w !== s.window) {
      s.window = w;
      s.used = 0;
    }
    return s;
  }

  usedWeight(ip: string): number {
    return this.#ip(ip).used;
  }

  weightHeaders(ip: string): Record<string, string> {
    return { 'X-MBX-USED-WEIGHT-1M': String(this.#ip(ip).used) };
  }

  #retryAfter(untilMs: number): string {
    return String(Math.max(1, Math.ceil((untilMs - Date.now()) / 1000)));
  }

  /** A 429 sets (or extends) the wait; only one that opens a new wait restarts the in-flight grace. */
  #openWait(s: IpState, until: number): void {
    if (Date.now() >= s.retryUntil) s.limitedAt = Date.now();
    s.retryUntil = Math.max(s.retryUntil, until);
  }

  #ban(s: IpState, ms?: number): void {
    s.bans++;
    const duration = ms ?? Math.min(THREE_DAYS, this.limits.banBaseMs * 2 ** (s.bans - 1));
    s.bannedUntil = Date.now() + duration;
    s.violations = 0;
    s.retryUntil = 0;
  }

  /** Bans the IP now for `ms` (the `ban` fault). */
  banNow(ip: string, ms: number): void {
    this.#ban(this.#ip(ip), ms);
  }

  #bannedError(ip: string, s: IpState): BinanceError {
    const until = s.bannedUntil - Date.now() + this.clock.now();
    return errors.banned(until, {
      ...this.weightHeaders(ip),
      'Retry-After': this.#retryAfter(s.bannedUntil),
    });
  }

  /** A 429 the client did not cause (storm fault): same consequences as a real one. */
  storm(ip: string): BinanceError {
    const s = this.#ip(ip);
    this.#openWait(s, (s.window + 1) * this.limits.weightWindowMs);
    return errors.tooManyRequests(this.limits.requestWeightPerWindow, {
      ...this.weightHeaders(ip),
      'Retry-After': this.#retryAfter(s.retryUntil),
    });
  }

  /** Refusal owed before any other work (ban, or still inside a Retry-After), else undefined. */
  gate(ip: string): BinanceError | undefined {
    const s = this.#ip(ip);
    const now = Date.now();
    if (now < s.bannedUntil) return this.#bannedError(ip, s);
    if (now < s.retryUntil) {
      if (now - s.limitedAt >= this.limits.inFlightGraceMs) s.violations++;
      if (s.violations >= this.limits.violationsBeforeBan) {
        this.#ban(s);
        return this.#bannedError(ip, s);
      }
      return errors.tooManyRequests(this.limits.requestWeightPerWindow, {
        ...this.weightHeaders(ip),
        'Retry-After': this.#retryAfter(s.retryUntil),
      });
    }
    return undefined;
  }

  /** Spends `weight`; a 429 when that goes over the limit. */
  spend(ip: string, weight: number): BinanceError | undefined {
    const s = this.#ip(ip);
    s.used += weight;
    if (s.used > this.limits.requestWeightPerWindow) {
      this.#openWait(s, (s.window + 1) * this.limits.weightWindowMs);
      return errors.tooManyRequests(this.limits.requestWeightPerWindow, {
        ...this.weightHeaders(ip),
        'Retry-After': this.#retryAfter(s.retryUntil),
      });
    }
    return undefined;
  }

  #counts(accountId: string): OrderCounts {
    let c = this.#orders.get(accountId);
    if (!c) {
      c = { shortWindow: 0, short: 0, longWindow: 0, long: 0 };
      this.#orders.set(accountId, c);
    }
    const now = Date.now();
    const sw = Math.floor(now / this.limits.ordersShortWindowMs);
    const lw = Math.floor(now / this.limits.ordersLongWindowMs);
    if (sw !== c.shortWindow) {
      c.shortWindow = sw;
      c.short = 0;
    }
    if (lw !== c.longWindow) {
      c.longWindow = lw;
      c.long = 0;
    }
    return c;
  }

  orderHeaders(accountId: string): Record<string, string> {
    const c = this.#counts(accountId);
    return { 'X-MBX-ORDER-COUNT-10S': String(c.short), 'X-MBX-ORDER-COUNT-1M': String(c.long) };
  }

  /** Counts one new order; -1015 when a window is full. */
  countOrder(accountId: string, ip: string): BinanceError | undefined {
    const c = this.#counts(accountId);
    c.short++;
    c.long++;
    // Written only for a refusal (an accepted order's headers are the route's to write).
    const headers = () => ({ ...this.weightHeaders(ip), ...this.orderHeaders(accountId) });
    if (c.short > this.limits.ordersShort) {
      return errors.tooManyOrders(
        this.limits.ordersShort,
        `${this.limits.ordersShortWindowMs / 1000} SECOND`,
        {
          ...headers(),
          'Retry-After': this.#retryAfter((c.shortWindow + 1) * this.limits.ordersShortWindowMs),
        },
      );
    }
    if (c.long > this.limits.ordersLong) {
      return errors.tooManyOrders(
        this.limits.ordersLong,
        `${this.limits.ordersLongWindowMs / 60_000} MINUTE`,
        {
          ...headers(),
          'Retry-After': this.#retryAfter((c.longWindow + 1) * this.limits.ordersLongWindowMs),
        },
      );
    }
    return undefined;
  }

  reset(): void {
    this.#ips.clear();
    this.#orders.clear();
  }
}
