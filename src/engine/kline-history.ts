/**
 * A period's kline history over REST (docs/signals.md §Backtest history): the adapter's `klines`
 * plan asked page after page, newest first, each page as many bars as the venue gives in one request
 * (the adapter clamps: Binance 1500, OKX 300, Hyperliquid 5000, Bybit 1000, Coinbase 300 candles,
 * Kraken 720), each ending one millisecond before the oldest bar already held, until the period's
 * start is reached or the venue has nothing older. Every request goes through the runner it is given
 * (the budget's pools and lanes). Pages that overlap are merged by open time, and whatever the period
 * still lacks is named as missing runs: the caller refuses to run on a series with a hole.
 */
import { expectedBars, type MissingRange, missingRanges, periodBars } from '../core/signals/kline-gaps.js';
import { type Kline, TIMEFRAME_MS, type Timeframe } from '../core/signals/types.js';
import type { RequestPlan } from '../venues/venue.js';

export type KlinesPlan = (symbol: string, timeframe: Timeframe, range: { limit: number; endTime?: number }) => RequestPlan<Kline[]>;

export interface HistoryDeps {
  plan: KlinesPlan;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  /** The venue's now (ms): a bar not ended by then is not history yet. */
  venueNow(): number;
}

export interface SeriesHistory {
  timeframe: Timeframe;
  /** The period's bars, oldest first, closed, one per open time. */
  bars: Kline[];
  /** Requests sent for this series. */
  requests: number;
  /** The most bars one reply carried (the venue's page, when the period is longer than one). */
  pageBars: number;
  /** The bars the period should hold (its whole bars up to the venue's now). */
  expected: number;
  /** Runs of the period the venue did not serve. */
  missing: MissingRange[];
  /** The period's end as read: the earlier of its end and the venue's now. */
  end: number;
}

/** Asks for as many bars as the venue allows in one request. */
const WHOLE_PAGE = Number.MAX_SAFE_INTEGER;

/** The bars of [from, to) for one series, paged backwards from `to`. */
export async function readHistory(deps: HistoryDeps, symbol: string, timeframe: Timeframe, from: number, to: number): Promise<SeriesHistory> {
  const span = TIMEFRAME_MS[timeframe];
  const end = Math.min(to, deps.venueNow());
  const grid = expectedBars(timeframe, from, end);
  const held = new Map<number, Kline>();
  let requests = 0;
  let pageBars = 0;
  if (grid !== undefined) {
    // Bars opening at or before `before`: the first page ends with the period's last whole bar.
    let before = grid.last + span - 1;
    let oldest = Number.POSITIVE_INFINITY;
    for (;;) {
      const page = await deps.run(deps.plan(symbol, timeframe, { limit: WHOLE_PAGE, endTime: before }));
      requests++;
      pageBars = Math.max(pageBars, page.length);
      let pageOldest = Number.POSITIVE_INFINITY;
      for (const bar of page) {
        // A venue may answer past the end asked (or repeat a bar a page before held): kept once.
        if (bar.openTime > before) continue;
        if (!held.has(bar.openTime)) held.set(bar.openTime, bar);
        pageOldest = Math.min(pageOldest, bar.openTime);
      }
      // Nothing older than what is held: the venue has no more (retention, listing, or a hole it skips).
      if (!(pageOldest < oldest)) break;
      oldest = pageOldest;
      if (oldest <= grid.first) break;
      before = oldest - 1;
    }
  }
  const bars = periodBars(held.values(), timeframe, from, end);
  return { timeframe, bars, requests, pageBars, expected: grid?.count ?? 0, missing: missingRanges(bars, timeframe, from, end), end };
}

/** Every timeframe's series of the period, read side by side (the runner's budget orders them). */
export async function readHistories(deps: HistoryDeps, symbol: string, timeframes: readonly Timeframe[], from: number, to: number): Promise<SeriesHistory[]> {
  return Promise.all(timeframes.map((tf) => readHistory(deps, symbol, tf, from, to)));
}
