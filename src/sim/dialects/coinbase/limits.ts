// Coinbase's REST rate limits as its docs state them: 30 requests a second per key on private
// endpoints, 10 a second per IP on public ones (all of the sim's clients share one IP: loopback).
// Counted in one-second windows of the venue's clock; over the limit is 429 RATE_LIMIT_EXCEEDED.
// The `ban` fault refuses every request with 429 until it ends.
import type { SimClock } from '../../clock.js';
import { errors } from './errors.js';

export interface CoinbaseLimits {
  privatePerSecond: number;
  publicPerSecond: number;
}

export const COINBASE_LIMITS: CoinbaseLimits = { privatePerSecond: 30, publicPerSecond: 10 };

export class CoinbaseLimiter {
  readonly #counts = new Map<string, { second: number; n: number }>();
  bannedUntil = 0;

  constructor(
    readonly limits: CoinbaseLimits,
    readonly clock: SimClock,
  ) {}

  /** Counts one request for `who` (a key name, or '' for the IP's public requests); throws 429 over the limit. */
  spend(who: string, isPrivate: boolean): void {
    const now = this.clock.now();
    if (now < this.bannedUntil) throw errors.rateLimit();
    const second = Math.floor(now / 1000);
    const c = this.#counts.get(who);
    const count = c !== undefined && c.second === second ? c : { second, n: 0 };
    count.n++;
    this.#counts.set(who, count);
    if (count.n > (isPrivate ? this.limits.privatePerSecond : this.limits.publicPerSecond))
      throw errors.rateLimit();
  }

  banFor(ms: number): void {
    this.bannedUntil = this.clock.now() + ms;
  }

  reset(): void {
    this.#counts.clear();
    this.bannedUntil = 0;
  }
}
