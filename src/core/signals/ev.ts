/**
 * Expected value per trade with its confidence interval: the mean of the trades' net returns (in %
 * of entry) and a two-sided 95 % Student-t interval, mean ± t(0.975, n−1) × s / √n, s the sample
 * standard deviation. Deterministic (no resampling), so the same trades always print the same
 * interval. Fewer than two trades have no interval: it is unbounded (±Infinity) and never passes.
 */
import type { EvStat } from './types.js';

/** t(0.975, df) for df = 1..30 (the standard table). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975 = 1.959964;

/** The 97.5 % quantile of Student's t with `df` degrees of freedom (df ≥ 1). */
export function t975(df: number): number {
  if (df <= T975.length) return T975[Math.max(1, Math.floor(df)) - 1] as number;
  // Cornish–Fisher expansion around the normal quantile: within 1e-4 of the table's values from df 30 on.
  const z = Z975;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

export function evStat(returnsPct: readonly number[]): EvStat {
  const n = returnsPct.length;
  if (n === 0) return { trades: 0, meanPct: 0, lowPct: Number.NEGATIVE_INFINITY, highPct: Number.POSITIVE_INFINITY };
  let sum = 0;
  for (const r of returnsPct) sum += r;
  const mean = sum / n;
  if (n < 2) return { trades: n, meanPct: mean, lowPct: Number.NEGATIVE_INFINITY, highPct: Number.POSITIVE_INFINITY };
  let ss = 0;
  for (const r of returnsPct) ss += (r - mean) * (r - mean);
  const half = (t975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { trades: n, meanPct: mean, lowPct: mean - half, highPct: mean + half };
}
