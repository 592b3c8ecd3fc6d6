/**
 * The lowest and highest value seen in the last `spanMs`, in amortised O(1) per sample (two
 * monotonic queues): the atr-move rule asks it on every ticker, up to a thousand a second, over a
 * window of a minute, so scanning the window each time is not an option.
 */
export interface Point {
  at: number;
  value: number;
}

/** Values in arrival order, dropping those that can no longer be the extreme (`keeps` says which may stay). */
export class MonotonicQueue {
  #items: Point[] = [];
  #head = 0;
  constructor(readonly keeps: (older: number, newer: number) => boolean) {}

  push(p: Point): void {
    while (this.#items.length > this.#head && !this.keeps(this.#items[this.#items.length - 1]!.value, p.value)) this.#items.pop();
    this.#items.push(p);
  }

  expire(before: number): void {
    while (this.#head < this.#items.length && this.#items[this.#head]!.at < before) this.#head++;
    // Drop the consumed head now and then, not on every sample.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  first(): Point | undefined {
    return this.#items[this.#head];
  }
}

export class WindowExtremes {
  readonly #min = new MonotonicQueue((older, newer) => older <= newer);
  readonly #max = new MonotonicQueue((older, newer) => older >= newer);

  constructor(readonly spanMs: number) {}

  /** Adds a sample and forgets those older than the span. */
  add(at: number, value: number): void {
    this.#min.push({ at, value });
    this.#max.push({ at, value });
    this.#min.expire(at - this.spanMs);
    this.#max.expire(at - this.spanMs);
  }

  /** The window's lowest and highest samples, with when they were seen. */
  extremes(): { min: Point; max: Point } | undefined {
    const min = this.#min.first();
    const max = this.#max.first();
    return min === undefined || max === undefined ? undefined : { min, max };
  }
}
