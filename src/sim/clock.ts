// The sim's own clock: real time plus an offset that faults can skew (set) or jump (step). Timestamps it
// reports and checks come from here; internal timers (expiry, countdowns) use real monotonic time so that a
// wrong server clock is a wire-level symptom only, like on a real venue.
// The offset has two parts: the skew the fault plan holds (replaced with the plan) and the jumps taken
// since (kept across plan changes, like a real step of a server's clock, until `reset`).
export class SimClock {
  #skewMs = 0;
  #jumpedMs = 0;

  now(): number {
    return Date.now() + this.#skewMs + this.#jumpedMs;
  }

  get offsetMs(): number {
    return this.#skewMs + this.#jumpedMs;
  }

  /** Sets the skew part of the offset (the plan's `clockOffsetMs`). */
  skew(ms: number): void {
    this.#skewMs = ms;
  }

  /** Steps the clock by `ms`. */
  jump(ms: number): void {
    this.#jumpedMs += ms;
  }

  /** Forgets every jump (the skew stays). */
  resetJumps(): void {
    this.#jumpedMs = 0;
  }
}

/** Real monotonic milliseconds, for deadlines that a clock fault must not move. */
export function monotonicMs(): number {
  return performance.now();
}
