/**
 * The ids seen lately, in two generations: ids go into the young set; when it holds `bound`, it
 * becomes the old set and the previous old set is dropped whole. So at least the last `bound` ids
 * are remembered and at most `2 * bound - 1`.
 *
 * Why not one set with the oldest id deleted on each insert past the bound: a JavaScript Set keeps
 * deleted entries' slots until it rehashes, and a steady insert-one-delete-one stream makes V8 grow
 * its table to twice what the live ids need (a heap snapshot of the engine's fill dedupe: a 10 MB
 * table for 200 000 ids). Here a set only ever grows, and the dropped one is freed in one piece.
 */
export class RecentIds {
  readonly #bound: number;
  #young = new Set<string>();
  #old = new Set<string>();

  constructor(bound: number) {
    if (!Number.isInteger(bound) || bound < 1)
      throw new RangeError(`RecentIds: bound must be a positive integer, got ${bound}`);
    this.#bound = bound;
  }

  has(id: string): boolean {
    return this.#young.has(id) || this.#old.has(id);
  }

  /** Remembers `id` (callers check `has` first; an id already held stays where it is). */
  add(id: string): void {
    if (this.has(id)) return;
    this.#young.add(id);
    if (this.#young.size >= this.#bound) {
      this.#old = this.#young;
      this.#young = new Set();
    }
  }

  /** Ids held now: between the last `bound` added and `2 * bound - 1`. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
