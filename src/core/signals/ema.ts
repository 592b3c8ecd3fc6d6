/**
 * The exponential moving average, one step at a time: a new closed bar costs O(1), never a pass
 * over the history (the brief is fed bar by bar for as long as the cockpit runs).
 */

/** The usual smoothing for an N-bar EMA: 2 / (N + 1). */
export function emaAlpha(period: number): number {
  if (!Number.isFinite(period) || period < 1) throw new Error(`an EMA's period is a number ≥ 1, not ${period}`);
  return 2 / (period + 1);
}

/**
 * The EMA after `x`, given the one before it. The first value seeds it (no earlier bars to
 * average), so a constant series has a constant EMA from its first bar.
 */
export function emaNext(previous: number | undefined, x: number, alpha: number): number {
  return previous === undefined ? x : previous + alpha * (x - previous);
}

/** A whole series' EMA, oldest first (for tests and one-shot use; the brief steps it). */
export function emaSeries(values: readonly number[], period: number): number[] {
  const alpha = emaAlpha(period);
  const out: number[] = [];
  let ema: number | undefined;
  for (const x of values) {
    ema = emaNext(ema, x, alpha);
    out.push(ema);
  }
  return out;
}
