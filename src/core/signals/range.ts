/**
 * A range narrower than this fraction of its high is rounding, not range (prices that differ in
 * their last few bits): dividing by it would swing the position between 0 and 1 at random.
 */
export const NO_WIDTH = 1e-12;

/**
 * Where a price sits in a recent range: 0 at its low, 1 at its high. A price outside the range
 * (the forming bar broke it) is held at the edge it broke; a range of no width (a flat series)
 * puts the price in the middle, 0.5, rather than dividing by zero.
 */
export function rangePosition(price: number, low: number, high: number): number {
  if (!Number.isFinite(price) || !Number.isFinite(low) || !Number.isFinite(high)) return 0.5;
  if (high - low <= NO_WIDTH * Math.abs(high)) return 0.5;
  if (price <= low) return 0;
  if (price >= high) return 1;
  return (price - low) / (high - low);
}

/** The last bar's volume over the mean of the window that ends with it: 1 when nothing is unusual. */
export function volumeRatio(volumes: ArrayLike<number>): number {
  const n = volumes.length;
  if (n === 0) return 1;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += volumes[i]!;
  // The window holds the last bar, so the ratio is at most n and never divides a volume by zero.
  if (!(sum > 0)) return 1;
  return (volumes[n - 1]! * n) / sum;
}
