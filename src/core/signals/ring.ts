/**
 * The last N numbers of a stream in a fixed array: pushing the (N+1)-th drops the oldest, so a
 * window over the recent bars costs O(N) memory however long the cockpit runs.
 */
export class Ring {
  readonly #values: number[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a ring holds ≥ 1 values, not ${capacity}`);
    this.#values = new Array<number>(capacity).fill(0);
  }

  get size(): number {
    return this.#size;
  }

  push(x: number): void {
    if (this.#size < this.capacity) {
      this.#values[(this.#start + this.#size) % this.capacity] = x;
      this.#size++;
    } else {
      this.#values[this.#start] = x;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  /** The i-th value held, oldest first. */
  at(i: number): number {
    return this.#values[(this.#start + i) % this.capacity]!;
  }

  /** The values held, oldest first. */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.at(i));
    return out;
  }
}
