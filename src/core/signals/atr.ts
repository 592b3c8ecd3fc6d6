/**
 * Average true range, Wilder's way: the true range of a bar reaches back to the previous close
 * (a gap counts as range), the first ATR is the plain mean of the first N true ranges, and each
 * later one is (ATR × (N − 1) + TR) / N. Before N bars it is the mean of those there are, so a
 * young series still has a number. One step per closed bar. (The L2 watcher's `averageTrueRange`
 * below is a plain mean over the last n bars, the way its atr-move rule was written.)
 */
import type { Kline } from './types.js';

export interface Hlc {
  high: number;
  low: number;
  close: number;
}

/** max(high − low, |high − previous close|, |low − previous close|); high − low for a first bar. */
export function trueRange(bar: Hlc, previousClose: number | undefined): number {
  const range = bar.high - bar.low;
  if (previousClose === undefined) return range;
  return Math.max(range, Math.abs(bar.high - previousClose), Math.abs(bar.low - previousClose));
}

/** Wilder's ATR as it stands after `count` true ranges. */
export interface AtrState {
  atr: number;
  count: number;
}

export const ATR_START: AtrState = { atr: 0, count: 0 };

export function atrNext(state: AtrState, tr: number, period: number): AtrState {
  const count = state.count + 1;
  // The running mean until the period is full (the first ATR is the mean of N true ranges), then
  // Wilder's smoothing with the same 1/N weight.
  const n = Math.min(count, period);
  return { atr: state.atr + (tr - state.atr) / n, count };
}

/** A whole series' ATR, oldest first (for tests and one-shot use; the brief steps it). */
export function atrSeries(bars: readonly Hlc[], period: number): number[] {
  const out: number[] = [];
  let state = ATR_START;
  let previousClose: number | undefined;
  for (const bar of bars) {
    state = atrNext(state, trueRange(bar, previousClose), period);
    previousClose = bar.close;
    out.push(state.atr);
  }
  return out;
}

/**
 * Average true range over the last `n` closed bars (a simple mean of true ranges: the bar's range
 * widened to the previous close where price gapped). Undefined with fewer than two closed bars.
 */
export function averageTrueRange(bars: readonly Pick<Kline, 'high' | 'low' | 'close' | 'closed'>[], n = 14): number | undefined {
  const closed = bars.filter((b) => b.closed);
  if (closed.length < 2) return undefined;
  const from = Math.max(1, closed.length - n);
  let total = 0;
  for (let i = from; i < closed.length; i++) {
    total += trueRange(closed[i]!, closed[i - 1]!.close);
  }
  return total / (closed.length - from);
}
