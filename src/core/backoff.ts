/**
 * Retry delays: full jitter (a uniform draw in [0, ceiling]) so that many clients knocked off at
 * once do not come back in lockstep; a fast first retry because most drops are one-off; an
 * exponential ceiling with a cap; and a reset once a connection has stayed up for a stable
 * period, so a blip after an hour of calm starts fast again. The random source is injected.
 */

export interface BackoffOptions {
  /** Ceiling of the first retry's draw (default 100 ms): fast, still jittered. */
  firstMs?: number;
  /** Ceiling of the second retry; doubles each retry after (default 1000 ms). */
  baseMs?: number;
  /** Largest ceiling (default 30 000 ms). */
  capMs?: number;
  /** Up this long counts as recovered: the next failure starts from the first retry (default 30 s). */
  stableMs?: number;
}

/** A source of uniform numbers in [0, 1), e.g. Math.random or a seeded generator in tests. */
export type RandomSource = () => number;

const DEFAULTS = { firstMs: 100, baseMs: 1000, capMs: 30_000, stableMs: 30_000 };

/** Ceiling of the draw for retry number `attempt` (1 = first retry). */
export function backoffCeiling(attempt: number, options: BackoffOptions = {}): number {
  const { firstMs, baseMs, capMs } = { ...DEFAULTS, ...options };
  if (!(attempt >= 1)) return 0;
  if (attempt === 1) return Math.min(firstMs, capMs);
  // 2^(attempt−2) overflows to Infinity long after min() has capped it; min keeps it finite.
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt - 2, 52));
}

/** Full-jitter delay for retry `attempt`, a whole number of ms in [0, ceiling]. */
export function fullJitter(attempt: number, random: RandomSource, options: BackoffOptions = {}): number {
  const r = random();
  const u = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return Math.round(u * backoffCeiling(attempt, options));
}

/** Backoff state for one connection or one request stream. Times are local monotonic ms. */
export class Backoff {
  readonly #options: BackoffOptions;
  readonly #stableMs: number;
  readonly #random: RandomSource;
  #attempt = 0;
  #upSince: number | undefined;

  constructor(random: RandomSource, options: BackoffOptions = {}) {
    this.#random = random;
    this.#options = options;
    this.#stableMs = options.stableMs ?? DEFAULTS.stableMs;
  }

  /** Retries so far since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** A failure at `now`: returns how long to wait before the next try. */
  nextDelay(now: number): number {
    if (this.#upSince !== undefined && now - this.#upSince >= this.#stableMs) this.#attempt = 0;
    this.#upSince = undefined;
    this.#attempt++;
    return fullJitter(this.#attempt, this.#random, this.#options);
  }

  /** The connection came up (or a request succeeded) at `now`; keeps the earliest time. */
  succeeded(now: number): void {
    if (this.#upSince === undefined) this.#upSince = now;
  }

  /** True once the connection has been up for the stable period. */
  isStable(now: number): boolean {
    return this.#upSince !== undefined && now - this.#upSince >= this.#stableMs;
  }

  reset(): void {
    this.#attempt = 0;
    this.#upSince = undefined;
  }
}
