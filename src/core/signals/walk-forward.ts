/**
 * Walk-forward evaluation and the EV gate (docs/signals.md §Strategies and the EV gate).
 *
 * Per timeframe, the series is cut into folds: fit on a window (choose the grid's parameters with
 * the best mean net return per trade, among those with enough trades), test the choice on the next
 * window out of sample, roll the pair forward by one test window. Each parameter set runs once over
 * the whole series (trade-sim.ts: causal, decisions at a close, fills at the next open); a fold's
 * fit counts only the trades that closed before its test window opens, so the choice never depends
 * on a bar of the window it is tested on. The out-of-sample trades are the chosen set's trades
 * decided inside the test window.
 *
 * The gate passes a timeframe only when its out-of-sample EV and the aggregate's (every
 * timeframe's out-of-sample trades pooled) are both positive with the 95 % interval's low above
 * zero, each over at least `minTrades` trades.
 */
import { evStat } from './ev.js';
import { type Params, STRATEGIES, type StrategyKindDef } from './strategies.js';
import { gridFor } from './strategy-params.js';
import { type Costs, simulate, type Trade } from './trade-sim.js';
import type { EvStat, GateResult, Kline, StrategySpec, Timeframe, WalkForwardRow } from './types.js';
import { TIMEFRAMES } from './types.js';

export interface WalkForwardOptions {
  costs: Costs;
  /** Test windows per series (default 5). */
  folds?: number;
  /** A fit window is this many test windows long (default 3). */
  fitShare?: number;
  /** A parameter set with fewer trades closed in a fit window is not chosen there (default 5). */
  minFitTrades?: number;
  /** The gate's floor: an EV over fewer out-of-sample trades never passes (default 20). */
  minTrades?: number;
}

export const DEFAULTS = { folds: 5, fitShare: 3, minFitTrades: 5, minTrades: 20 } as const;

export interface Fold {
  fitStart: number;
  testStart: number;
  /** Exclusive. */
  testEnd: number;
  /** The parameters the fit chose; absent when no set had enough trades (the fold does not trade). */
  params?: Params;
  inSample: EvStat;
  outOfSample: EvStat;
}

export interface SeriesEval {
  bars: number;
  folds: Fold[];
  inSample: EvStat;
  outOfSample: EvStat;
  /** Pooled out-of-sample net returns, % per trade, in fold order (the aggregate pools these). */
  outOfSampleReturns: number[];
}

/** The folds' windows over `n` bars: [] when there are too few bars for one. */
export function foldWindows(n: number, folds: number, fitShare: number): { fitStart: number; testStart: number; testEnd: number }[] {
  const unit = Math.floor(n / (fitShare + folds));
  if (unit < 1) return [];
  const out = [];
  for (let k = 0; k < folds; k++) {
    const fitStart = k * unit;
    const testStart = fitStart + fitShare * unit;
    // The last test window runs to the series' end (the rounding's remainder is not thrown away).
    out.push({ fitStart, testStart, testEnd: k === folds - 1 ? n : testStart + unit });
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One series (one timeframe's closed bars, oldest first) walked forward over `grid`. */
export function walkForwardSeries(bars: readonly Kline[], def: StrategyKindDef, options: WalkForwardOptions, grid: readonly Params[] = def.grid): SeriesEval {
  const folds = options.folds ?? DEFAULTS.folds;
  const fitShare = options.fitShare ?? DEFAULTS.fitShare;
  const minFitTrades = options.minFitTrades ?? DEFAULTS.minFitTrades;
  const windows = foldWindows(bars.length, folds, fitShare);
  const runs: Trade[][] = windows.length === 0 ? [] : grid.map((params) => simulate(bars, def.create(params), options.costs));
  const isAll: number[] = [];
  const oosAll: number[] = [];
  const out: Fold[] = [];
  for (const w of windows) {
    let best: { index: number; returns: number[]; mean: number } | undefined;
    runs.forEach((trades, index) => {
      const returns = trades.filter((t) => t.decidedAt >= w.fitStart && t.exitedAt < w.testStart).map((t) => t.netPct);
      if (returns.length < minFitTrades) return;
      const m = mean(returns);
      if (best === undefined || m > best.mean) best = { index, returns, mean: m };
    });
    if (best === undefined) {
      out.push({ ...w, inSample: evStat([]), outOfSample: evStat([]) });
      continue;
    }
    const chosen: { index: number; returns: number[] } = best;
    const oos = (runs[chosen.index] as Trade[]).filter((t) => t.decidedAt >= w.testStart && t.decidedAt < w.testEnd).map((t) => t.netPct);
    isAll.push(...chosen.returns);
    oosAll.push(...oos);
    out.push({ ...w, params: grid[chosen.index] as Params, inSample: evStat(chosen.returns), outOfSample: evStat(oos) });
  }
  return { bars: bars.length, folds: out, inSample: evStat(isAll), outOfSample: evStat(oosAll), outOfSampleReturns: oosAll };
}

/** The EV test both gates apply: enough trades, a positive mean, the interval's low above zero. */
export function evPasses(stat: EvStat, minTrades: number = DEFAULTS.minTrades): boolean {
  return stat.trades >= minTrades && stat.meanPct > 0 && stat.lowPct > 0;
}

export interface WalkForwardReport {
  gate: GateResult;
  /** Per timeframe evaluated: the folds and their choices, for a table's detail. */
  series: Partial<Record<Timeframe, SeriesEval>>;
}

/**
 * Every timeframe of `series` walked forward for `strategy` (its kind's grid, with the params it
 * fixes set), and the gate over them. `at` stamps the result (local ms).
 */
export function walkForward(
  strategy: StrategySpec,
  symbol: string,
  series: Partial<Record<Timeframe, readonly Kline[]>>,
  options: WalkForwardOptions,
  at: number,
  def: StrategyKindDef = STRATEGIES[strategy.kind],
): WalkForwardReport {
  const minTrades = options.minTrades ?? DEFAULTS.minTrades;
  // The params it fixes, the rest of its kind's grid fitted (a built-in fixes none: the whole grid).
  const grid = Object.keys(strategy.params).length > 0 ? gridFor(def.kind, strategy.params) : def.grid;
  const rows: WalkForwardRow[] = [];
  const detail: Partial<Record<Timeframe, SeriesEval>> = {};
  const pooled: number[] = [];
  for (const timeframe of TIMEFRAMES) {
    const bars = series[timeframe];
    if (bars === undefined) continue;
    const closed = bars.filter((b) => b.closed);
    const result = walkForwardSeries(closed, def, options, grid);
    detail[timeframe] = result;
    pooled.push(...result.outOfSampleReturns);
    rows.push({ timeframe, inSample: result.inSample, outOfSample: result.outOfSample, pass: evPasses(result.outOfSample, minTrades) });
  }
  return { gate: gateOf(strategy.name, symbol, rows, evStat(pooled), at, minTrades), series: detail };
}

/** The gate over evaluated rows: a timeframe passes only when its row and the aggregate both do. */
export function gateOf(
  strategy: string,
  symbol: string,
  rows: WalkForwardRow[],
  aggregate: EvStat,
  at: number,
  minTrades: number = DEFAULTS.minTrades,
): GateResult {
  const aggregatePasses = evPasses(aggregate, minTrades);
  const passes: Partial<Record<Timeframe, boolean>> = {};
  for (const row of rows) passes[row.timeframe] = row.pass && aggregatePasses;
  return { strategy, symbol, rows, aggregate, passes, at };
}
