/**
 * Open interest over the Brief's window (docs/signals.md §L1 brief): the readings of one symbol kept
 * for `windowMs` (an hour by default), and the change from the oldest reading still in the window to
 * the newest, as a fraction, with the span it was measured over. The span is said, never assumed: a
 * minute-old session shows its minute, not an hour's change it has not seen; one reading shows no change.
 */
import type { OpenInterestChange } from './types.js';

export const OPEN_INTEREST_WINDOW_MS = 3_600_000;

interface Reading {
  at: number;
  amount: number;
}

export class OpenInterestTrail {
  readonly #windowMs: number;
  #readings: Reading[] = [];

  constructor(windowMs = OPEN_INTEREST_WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  /** A reading at `at` (ms); a non-finite or negative amount is not kept, a reading older than the newest is not either. */
  push(at: number, amount: number): void {
    if (!Number.isFinite(amount) || amount < 0 || !Number.isFinite(at)) return;
    const last = this.#readings.at(-1);
    if (last !== undefined && at < last.at) return;
    this.#readings.push({ at, amount });
    const from = at - this.#windowMs;
    let drop = 0;
    while (drop < this.#readings.length - 1 && this.#readings[drop]!.at < from) drop++;
    if (drop > 0) this.#readings = this.#readings.slice(drop);
  }

  /** The newest reading's amount, or undefined. */
  get latest(): number | undefined {
    return this.#readings.at(-1)?.amount;
  }

  /** From the oldest reading in the window to the newest; undefined with fewer than two or from zero. */
  change(): OpenInterestChange | undefined {
    const first = this.#readings[0];
    const last = this.#readings.at(-1);
    if (first === undefined || last === undefined || last.at <= first.at || first.amount <= 0) return undefined;
    return { fraction: last.amount / first.amount - 1, overMs: last.at - first.at };
  }
}
