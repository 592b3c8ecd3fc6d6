// Kraken's two limiters (docs: exchange/guides/rest/ratelimits and guides/general/ratelimits, read
// 2026-12-07):
//   the REST API counter, per API key: each call adds 1 (ledger and trade-history calls 2; AddOrder and
//     CancelOrder are not counted here), the counter decays by the tier's rate, and a call that would take
//     it past the tier's maximum is refused with EAPI:Rate limit exceeded (Starter 15 / −0.33 s⁻¹,
//     Intermediate 20 / −0.5 s⁻¹, Pro 20 / −1 s⁻¹);
//   the trading limiter, per account and pair, shared by every protocol: an order adds 1, a cancel adds a
//     penalty that shrinks with the order's age (+8 under 5 s … +1 under 300 s), decaying by the tier's
//     rate; past the threshold EOrder:Rate limit exceeded (Starter 60 / −1 s⁻¹, Intermediate 125 / −2.34 s⁻¹,
//     Pro 180 / −3.75 s⁻¹).
import type { SimClock } from '../../clock.js';
import { errors } from './errors.js';

export type KrakenTier = 'starter' | 'intermediate' | 'pro';

export interface KrakenLimits {
  /** The account's verification tier; the numbers below follow it unless overridden one by one. */
  tier: string;
  apiMax: number;
  apiDecayPerSecond: number;
  tradeMax: number;
  tradeDecayPerSecond: number;
}

export const TIERS: Record<KrakenTier, KrakenLimits> = {
  starter: { tier: 'starter', apiMax: 15, apiDecayPerSecond: 0.33, tradeMax: 60, tradeDecayPerSecond: 1 },
  intermediate: {
    tier: 'intermediate',
    apiMax: 20,
    apiDecayPerSecond: 0.5,
    tradeMax: 125,
    tradeDecayPerSecond: 2.34,
  },
  pro: { tier: 'pro', apiMax: 20, apiDecayPerSecond: 1, tradeMax: 180, tradeDecayPerSecond: 3.75 },
};

export function isTier(t: string): t is KrakenTier {
  return Object.hasOwn(TIERS, t);
}

/** The cancel penalty by the order's age (ms), from the trading-limits table. */
export function cancelPenalty(ageMs: number): number {
  if (ageMs < 5_000) return 8;
  if (ageMs < 10_000) return 6;
  if (ageMs < 15_000) return 5;
  if (ageMs < 45_000) return 4;
  if (ageMs < 90_000) return 2;
  if (ageMs < 300_000) return 1;
  return 0;
}

class DecayingCounters {
  readonly #counters = new Map<string, { value: number; at: number }>();

  constructor(
    readonly max: number,
    readonly decayPerSecond: number,
  ) {}

  /** Adds `cost` to the counter of `id` unless it would pass the maximum; whether it did. */
  spend(id: string, cost: number, now: number): boolean {
    const c = this.#counters.get(id) ?? { value: 0, at: now };
    c.value = Math.max(0, c.value - ((now - c.at) / 1000) * this.decayPerSecond);
    c.at = now;
    this.#counters.set(id, c);
    if (c.value + cost > this.max) return false;
    c.value += cost;
    return true;
  }

  value(id: string, now: number): number {
    const c = this.#counters.get(id);
    return c === undefined ? 0 : Math.max(0, c.value - ((now - c.at) / 1000) * this.decayPerSecond);
  }

  reset(): void {
    this.#counters.clear();
  }
}

export class KrakenLimiter {
  readonly api: DecayingCounters;
  readonly trading: DecayingCounters;
  /** The `ban` fault: every request refused until then (venue clock ms). */
  #bannedUntil = 0;

  constructor(
    readonly limits: KrakenLimits,
    readonly clock: SimClock,
  ) {
    this.api = new DecayingCounters(limits.apiMax, limits.apiDecayPerSecond);
    this.trading = new DecayingCounters(limits.tradeMax, limits.tradeDecayPerSecond);
  }

  /** Spends on the key's API counter, or throws EAPI:Rate limit exceeded. */
  spendApi(apiKey: string, cost: number): void {
    if (cost > 0 && !this.api.spend(apiKey, cost, this.clock.now())) throw errors.rateLimit();
  }

  /** Spends on the account's counter for the pair, or throws EOrder:Rate limit exceeded. */
  spendTrading(accountId: string, symbol: string, cost: number): void {
    if (!this.trading.spend(`${accountId}|${symbol}`, cost, this.clock.now())) throw errors.orderRateLimit();
  }

  banFor(ms: number): void {
    this.#bannedUntil = this.clock.now() + ms;
  }

  banned(): boolean {
    return this.clock.now() < this.#bannedUntil;
  }

  get bannedUntil(): number {
    return this.#bannedUntil;
  }

  reset(): void {
    this.api.reset();
    this.trading.reset();
    this.#bannedUntil = 0;
  }
}
