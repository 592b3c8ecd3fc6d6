/**
 * Realized volatility: the sample standard deviation of log returns per bar. Log returns add up
 * over bars and do not depend on the price's scale (the same moves at 10× the price give the same
 * volatility).
 */

/** ln(close / previous close); 0 where either is not a positive number (no NaN reaches a brief). */
export function logReturn(previous: number, close: number): number {
  if (!(previous > 0) || !(close > 0) || !Number.isFinite(previous) || !Number.isFinite(close)) return 0;
  return Math.log(close / previous);
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleStdDev(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / (n - 1));
}

/** The realized volatility of a series of closes, oldest first. */
export function realizedVol(closes: readonly number[]): number {
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i++) returns.push(logReturn(closes[i - 1]!, closes[i]!));
  return sampleStdDev(returns);
}
