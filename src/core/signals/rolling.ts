/**
 * Indicators fed one closed bar at a time, for the strategies' rules (strategies.ts). Incremental
 * on purpose: a rule only ever sees the bars it was handed, oldest first, so it cannot read a bar
 * after its decision time, and a walk over n bars costs O(n × lookback) at most.
 */
import { ATR_START, type AtrState, atrNext, trueRange } from './atr.js';
import { emaAlpha, emaNext } from './ema.js';
import type { Kline } from './types.js';
import { MonotonicQueue } from './window-extremes.js';

/** Exponential moving average of closes (ema.ts's step), ready after `length` values. */
export class Ema {
  readonly #alpha: number;
  readonly #length: number;
  #value: number | undefined;
  #count = 0;

  constructor(length: number) {
    this.#length = length;
    this.#alpha = emaAlpha(length);
  }

  push(x: number): void {
    this.#value = emaNext(this.#value, x, this.#alpha);
    this.#count++;
  }

  get ready(): boolean {
    return this.#count >= this.#length;
  }

  get value(): number {
    return this.#value ?? Number.NaN;
  }
}

/** Wilder's average true range (atr.ts's step, as the brief's), ready after `length` bars. */
export class Atr {
  readonly #length: number;
  #previousClose: number | undefined;
  #state: AtrState = ATR_START;

  constructor(length: number) {
    this.#length = length;
  }

  push(bar: Kline): void {
    this.#state = atrNext(this.#state, trueRange(bar, this.#previousClose), this.#length);
    this.#previousClose = bar.close;
  }

  get ready(): boolean {
    return this.#state.count >= this.#length;
  }

  get value(): number {
    return this.#state.atr;
  }
}

/**
 * The extreme of the last `length` values: window-extremes.ts's monotonic queue over bar indices,
 * so each push is O(1) amortised. `sign` 1 keeps the max, -1 the min.
 */
class Extreme {
  readonly #length: number;
  readonly #queue: MonotonicQueue;
  #count = 0;

  constructor(length: number, sign: 1 | -1) {
    this.#length = length;
    this.#queue = new MonotonicQueue(sign === 1 ? (older, newer) => older >= newer : (older, newer) => older <= newer);
  }

  push(x: number): void {
    this.#queue.push({ at: this.#count, value: x });
    this.#count++;
    this.#queue.expire(this.#count - this.#length);
  }

  get ready(): boolean {
    return this.#count >= this.#length;
  }

  get value(): number {
    return this.#queue.first()?.value ?? Number.NaN;
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
