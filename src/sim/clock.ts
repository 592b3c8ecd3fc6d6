// The sim's own clock: real time plus an offset that faults can skew (set) or jump (step). Timestamps it
// reports and checks come from here; internal timers (expiry, countdowns) use real monotonic time so that a
// wrong server clock is a wire-level symptom only, like on a real venue.
export class SimClock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Sets the offset from the real clock (absolute). */
  skew(ms: number): void {
    this.#offsetMs = ms;
  }

  /** Steps the clock by `ms`. */
  jump(ms: number): void {
    this.#offsetMs += ms;
  }
}

/** Real monotonic milliseconds, for deadlines that a clock fault must not move. */
export function monotonicMs(): number {
  return performance.now();
}
