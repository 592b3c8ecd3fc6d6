// Hyperliquid's rate limits as the local venue enforces them (HL "Rate limits"): REST weight per IP
// per minute (1200 on the venue; `/exchange` weighs 1 + floor(batch / 40), `/info` 2 for the light
// queries, 20 for most, 60 for userRole), answered with HTTP 429 past the limit; and the per-address
// action allowance (10 000 requests, plus 1 per USDC traded; a batch of n counts n; once used up, one
// request per 10 s), answered with an `err` reply. The venue has no bans: the `ban` fault refuses everything with 429 for a while.

const LIGHT_INFO = new Set(['l2Book', 'allMids', 'clearinghouseState', 'orderStatus', 'spotClearinghouseState', 'exchangeStatus']);

export function infoWeight(type: string): number {
  if (LIGHT_INFO.has(type)) return 2;
  return type === 'userRole' ? 60 : 20;
}

export function exchangeWeight(batch: number): number {
  return 1 + Math.floor(batch / 40);
}

export class HyperliquidLimiter {
  readonly #windows = new Map<string, { window: number; used: number }>();
  #refuseUntil = 0;

  constructor(
    readonly weightPerWindow: number,
    readonly windowMs: number,
  ) {}

  /** Debits `weight` from the IP's window; true when the request is over the limit (nothing debited). */
  overIp(ip: string, weight: number): boolean {
    if (Date.now() < this.#refuseUntil) return true;
    const window = Math.floor(Date.now() / this.windowMs);
    let w = this.#windows.get(ip);
    if (w === undefined || w.window !== window) {
      w = { window, used: 0 };
      this.#windows.set(ip, w);
    }
    if (w.used + weight > this.weightPerWindow) return true;
    w.used += weight;
    return false;
  }

  refuseFor(ms: number): void {
    this.#refuseUntil = Date.now() + ms;
  }

  reset(): void {
    this.#windows.clear();
    this.#refuseUntil = 0;
  }
}

/**
 * The per-address allowance: requests used against 10 000 + volume traded (whole USDC). Once used
 * up, the address may still send one request every `throttledEveryMs` (venue: 10 s), which counts
 * like any other; the rest are refused until volume raises the cap.
 */
export class AddressAllowance {
  readonly #used = new Map<string, number>();
  readonly #lastThrottled = new Map<string, number>();

  constructor(
    readonly buffer: number,
    readonly throttledEveryMs = 10_000,
  ) {}

  cap(volume: string): number {
    const whole = volume.split('.')[0] ?? '0';
    return this.buffer + Number(whole);
  }

  used(account: string): number {
    return this.#used.get(account) ?? 0;
  }

  /** Counts `n` requests at `now` (ms); returns the new total, or undefined (nothing counted) when refused. */
  spend(account: string, n: number, volume: string, now: number): number | undefined {
    const next = this.used(account) + n;
    if (next > this.cap(volume)) {
      const last = this.#lastThrottled.get(account);
      if (last !== undefined && now - last < this.throttledEveryMs) return undefined;
      this.#lastThrottled.set(account, now);
    }
    this.#used.set(account, next);
    return next;
  }

  reset(): void {
    this.#used.clear();
    this.#lastThrottled.clear();
  }
}
