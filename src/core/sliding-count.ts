/**
 * How many events fell in the last `windowMs`, on a clock the caller supplies (monotonic: a wall
 * clock step must not forgive or invent orders). Memory is bounded by the events in one window.
 */
export class SlidingCount {
  readonly #windowMs: number;
  readonly #times: number[] = [];

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** Events in the window ending at `now` (older ones are dropped). */
  count(now: number): number {
    const from = now - this.#windowMs;
    let drop = 0;
    while (drop < this.#times.length && (this.#times[drop] as number) <= from) drop++;
    this.#times.splice(0, drop);
    return this.#times.length;
  }

  add(now: number): void {
    this.#times.push(now);
  }
}
