// Bybit rate limits (BYD `rate-limit.mdx`): every private endpoint has its own limit per UID over a
// rolling second, reported on each reply in `X-Bapi-Limit` (the limit), `X-Bapi-Limit-Status` (what
// is left) and `X-Bapi-Limit-Reset-Timestamp` (when a refused caller may go again; otherwise now).
// Past it the reply is `10006 Too many visits!`. Above them all, an IP may send 600 requests in
// 5 seconds; past that the edge answers a bare HTTP 403 "access too frequent" to everything for
// 10 minutes. The `ban` fault is that 403 for a chosen time.
import type { SimClock } from '../../clock.js';
import { type BybitError, errors } from './errors.js';

/** The venue's limits; `endpoints` by `METHOD path`, per UID per `uidWindowMs`. */
export interface BybitLimits {
  endpoints: Readonly<Record<string, number>>;
  uidWindowMs: number;
  ipRequests: number;
  ipWindowMs: number;
  ipBanMs: number;
}

/** The linear column of the venue's table (UTA 2.0 Pro, not upgraded). */
export const ENDPOINT_LIMITS: Readonly<Record<string, number>> = {
  'POST /v5/order/create': 10,
  'POST /v5/order/amend': 10,
  'POST /v5/order/cancel': 10,
  'POST /v5/order/cancel-all': 10,
  'POST /v5/order/disconnected-cancel-all': 5,
  'GET /v5/order/realtime': 50,
  'GET /v5/order/history': 50,
  'GET /v5/execution/list': 50,
  'GET /v5/position/list': 50,
  'POST /v5/position/set-leverage': 10,
  'POST /v5/account/set-margin-mode': 5,
  'GET /v5/account/wallet-balance': 50,
  'GET /v5/account/info': 50,
  'GET /v5/account/query-dcp-info': 5,
  'GET /v5/user/query-api': 10,
  'GET /v5/asset/coin/query-info': 5,
};

export const venueLimits: BybitLimits = {
  endpoints: ENDPOINT_LIMITS,
  uidWindowMs: 1_000,
  ipRequests: 600,
  ipWindowMs: 5_000,
  ipBanMs: 600_000,
};

/** What spending one request on a limited endpoint gave: the headers to send, and a refusal if over. */
export interface Spent {
  headers: Record<string, string>;
  refused?: BybitError;
}

export class BybitLimiter {
  readonly #uid = new Map<string, number[]>();
  #ip: number[] = [];
  #bannedUntil = 0;

  constructor(
    readonly limits: BybitLimits,
    readonly clock: SimClock,
  ) {}

  /** Venue time (ms) of a local-clock instant: the headers speak the venue's clock. */
  #venueTime(localMs: number): number {
    return this.clock.now() + (localMs - Date.now());
  }

  /** Counts the request against the IP; true when the IP is (or now becomes) refused with 403. */
  ipRefused(): boolean {
    const now = Date.now();
    if (now < this.#bannedUntil) return true;
    this.#ip = this.#ip.filter((t) => t > now - this.limits.ipWindowMs);
    this.#ip.push(now);
    if (this.#ip.length > this.limits.ipRequests) {
      this.banFor(this.limits.ipBanMs);
      return true;
    }
    return false;
  }

  banFor(ms: number): void {
    this.#bannedUntil = Date.now() + ms;
    this.#ip = [];
  }

  /** Spends one request of `route` for `uid`; routes without a per-UID limit send no headers. */
  spend(route: string, uid: string): Spent {
    const limit = this.limits.endpoints[route];
    if (limit === undefined) return { headers: {} };
    const id = `${route}|${uid}`;
    const now = Date.now();
    const used = (this.#uid.get(id) ?? []).filter((t) => t > now - this.limits.uidWindowMs);
    this.#uid.set(id, used);
    if (used.length >= limit) {
      return { headers: this.#headers(limit, 0, used[0]! + this.limits.uidWindowMs), refused: errors.tooManyVisits() };
    }
    used.push(now);
    return { headers: this.#headers(limit, limit - used.length, now) };
  }

  /** A 10006 the client did not cause (the storm fault), with the headers of an exhausted window. */
  storm(route: string): Spent {
    const limit = this.limits.endpoints[route] ?? 0;
    return { headers: this.#headers(limit, 0, Date.now() + this.limits.uidWindowMs), refused: errors.tooManyVisits() };
  }

  #headers(limit: number, left: number, resetLocal: number): Record<string, string> {
    return {
      'X-Bapi-Limit': String(limit),
      'X-Bapi-Limit-Status': String(left),
      'X-Bapi-Limit-Reset-Timestamp': String(this.#venueTime(resetLocal)),
    };
  }

  reset(): void {
    this.#uid.clear();
    this.#ip = [];
    this.#bannedUntil = 0;
  }
}
