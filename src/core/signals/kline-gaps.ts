/**
 * What a period's kline history should hold and what it lacks (docs/signals.md §Backtest history):
 * every bar of the timeframe's UTC grid that opens at or after `from` and has ended by `end` (the
 * period's end, or the venue's now if that is earlier), and the runs of those that were not served.
 * A backtest runs only on a series without a missing run: it never fills a hole with anything. Pure.
 */
import { type Kline, TIMEFRAME_MS, type Timeframe } from './types.js';

/** A run of bars not served: open times `from` (first missing) to `to` (exclusive), `bars` of them. */
export interface MissingRange {
  from: number;
  to: number;
  bars: number;
}

/** The grid's open times a period holds: [first, last], or undefined when no whole bar fits. */
export function expectedBars(timeframe: Timeframe, from: number, end: number): { first: number; last: number; count: number } | undefined {
  const span = TIMEFRAME_MS[timeframe];
  const first = Math.ceil(from / span) * span;
  const last = Math.floor(end / span) * span - span;
  if (last < first) return undefined;
  return { first, last, count: (last - first) / span + 1 };
}

/** The period's bars, oldest first, one per open time, each closed; anything outside the grid's period left out. */
export function periodBars(bars: Iterable<Kline>, timeframe: Timeframe, from: number, end: number): Kline[] {
  const grid = expectedBars(timeframe, from, end);
  if (grid === undefined) return [];
  const byTime = new Map<number, Kline>();
  for (const b of bars) if (b.openTime >= grid.first && b.openTime <= grid.last && !byTime.has(b.openTime)) byTime.set(b.openTime, { ...b, closed: true });
  return [...byTime.values()].sort((a, b) => a.openTime - b.openTime);
}

/** The runs of the grid's bars that `bars` (oldest first, on the grid, inside the period) lacks. */
export function missingRanges(bars: readonly Kline[], timeframe: Timeframe, from: number, end: number): MissingRange[] {
  const grid = expectedBars(timeframe, from, end);
  if (grid === undefined) return [];
  const span = TIMEFRAME_MS[timeframe];
  const out: MissingRange[] = [];
  let next = grid.first;
  const gap = (upTo: number) => {
    if (upTo > next) out.push({ from: next, to: upTo, bars: (upTo - next) / span });
  };
  for (const b of bars) {
    if (b.openTime < next) continue;
    gap(b.openTime);
    next = b.openTime + span;
  }
  gap(grid.last + span);
  return out;
}
