/**
 * Average true range over the last `n` closed bars (a simple mean of true ranges: the bar's range
 * widened to the previous close where price gapped). Undefined with fewer than two closed bars.
 */
import type { Kline } from './types.js';

export function averageTrueRange(bars: readonly Pick<Kline, 'high' | 'low' | 'close' | 'closed'>[], n = 14): number | undefined {
  const closed = bars.filter((b) => b.closed);
  if (closed.length < 2) return undefined;
  const from = Math.max(1, closed.length - n);
  let total = 0;
  for (let i = from; i < closed.length; i++) {
    const bar = closed[i]!;
    const prev = closed[i - 1]!.close;
    total += Math.max(bar.high - bar.low, Math.abs(bar.high - prev), Math.abs(bar.low - prev));
  }
  return total / (closed.length - from);
}
