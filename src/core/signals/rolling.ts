/**
 * Indicators fed one closed bar at a time, for the strategies' rules (strategies.ts). Incremental
 * on purpose: a rule only ever sees the bars it was handed, oldest first, so it cannot read a bar
 * after its decision time, and a walk over n bars costs O(n × lookback) at most.
 */
import type { Kline } from './types.js';

/** Exponential moving average of closes, seeded with the first value (ready after `length` values). */
export class Ema {
  readonly #alpha: number;
  readonly #length: number;
  #value = Number.NaN;
  #count = 0;

  constructor(length: number) {
    this.#length = length;
    this.#alpha = 2 / (length + 1);
  }

  push(x: number): void {
    this.#value = this.#count === 0 ? x : this.#value + this.#alpha * (x - this.#value);
    this.#count++;
  }

  get ready(): boolean {
    return this.#count >= this.#length;
  }

  get value(): number {
    return this.#value;
  }
}

/** Wilder's average true range (ready after `length` bars). */
export class Atr {
  readonly #length: number;
  #prevClose = Number.NaN;
  #value = 0;
  #count = 0;

  constructor(length: number) {
    this.#length = length;
  }

  push(bar: Kline): void {
    const range = bar.high - bar.low;
    const tr = Number.isNaN(this.#prevClose)
      ? range
      : Math.max(range, Math.abs(bar.high - this.#prevClose), Math.abs(bar.low - this.#prevClose));
    this.#prevClose = bar.close;
    this.#count++;
    // The first `length` true ranges are averaged plainly, then Wilder's smoothing.
    this.#value = this.#count <= this.#length ? this.#value + (tr - this.#value) / this.#count : this.#value + (tr - this.#value) / this.#length;
  }

  get ready(): boolean {
    return this.#count >= this.#length;
  }

  get value(): number {
    return this.#value;
  }
}

/**
 * The extreme of the last `length` values: a monotonic deque (indices whose values could still be
 * the extreme), so each push is O(1) amortised. `sign` 1 keeps the max, -1 the min.
 */
class Extreme {
  readonly #length: number;
  readonly #sign: number;
  readonly #index: number[] = [];
  readonly #value: number[] = [];
  #head = 0;
  #count = 0;

  constructor(length: number, sign: 1 | -1) {
    this.#length = length;
    this.#sign = sign;
  }

  push(x: number): void {
    const v = this.#sign * x;
    while (this.#value.length > this.#head && (this.#value[this.#value.length - 1] as number) <= v) {
      this.#value.pop();
      this.#index.pop();
    }
    this.#value.push(v);
    this.#index.push(this.#count);
    this.#count++;
    while ((this.#index[this.#head] as number) <= this.#count - 1 - this.#length) this.#head++;
    // Drop the consumed front now and then, so the arrays stay O(length).
    if (this.#head > 1024) {
      this.#value.splice(0, this.#head);
      this.#index.splice(0, this.#head);
      this.#head = 0;
    }
  }

  get ready(): boolean {
    return this.#count >= this.#length;
  }

  get value(): number {
    return this.#sign * (this.#value[this.#head] as number);
  }
}

export class RollingMax extends Extreme {
  constructor(length: number) {
    super(length, 1);
  }
}

export class RollingMin extends Extreme {
  constructor(length: number) {
    super(length, -1);
  }
}

/** The mean and (population) standard deviation of the last `length` values, O(1) per push. */
export class RollingStats {
  readonly #values: Float64Array;
  #next = 0;
  #count = 0;
  #sum = 0;
  #sumSq = 0;

  constructor(length: number) {
    this.#values = new Float64Array(length);
  }

  push(x: number): void {
    const n = this.#values.length;
    const old = this.#count >= n ? (this.#values[this.#next] as number) : 0;
    this.#values[this.#next] = x;
    this.#next = (this.#next + 1) % n;
    this.#count++;
    if (this.#next === 0) {
      // Once per lap, summed afresh: running sums would drift over a long series.
      this.#sum = 0;
      this.#sumSq = 0;
      for (const v of this.#values) {
        this.#sum += v;
        this.#sumSq += v * v;
      }
    } else {
      this.#sum += x - old;
      this.#sumSq += x * x - old * old;
    }
  }

  get ready(): boolean {
    return this.#count >= this.#values.length;
  }

  mean(): number {
    return this.#sum / Math.min(this.#count, this.#values.length);
  }

  sd(): number {
    const n = Math.min(this.#count, this.#values.length);
    const m = this.#sum / n;
    return Math.sqrt(Math.max(0, this.#sumSq / n - m * m));
  }
}
