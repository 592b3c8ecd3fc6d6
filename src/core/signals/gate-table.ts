/**
 * The walk-forward table `quantdeck backtest` prints: per timeframe the bars, the in-sample EV and
 * trades, the out-of-sample EV, its 95 % interval and trades, and the gate's verdict with its reason;
 * then the aggregate. Numbers in % per trade, signed, three decimals: a table that prints the same
 * for the same result, byte for byte.
 */
import { DEFAULTS, evPasses, type WalkForwardReport } from './walk-forward.js';
import type { EvStat, Timeframe } from './types.js';

const pct = (x: number) => (Number.isFinite(x) ? `${x > 0 ? '+' : x < 0 ? '−' : ' '}${Math.abs(x).toFixed(3)}` : x > 0 ? '+∞' : '−∞');
const ev = (s: EvStat) => (s.trades === 0 ? '—' : pct(s.meanPct));
const interval = (s: EvStat) => (s.trades === 0 ? '—' : `[${pct(s.lowPct)}, ${pct(s.highPct)}]`);

/** Why an out-of-sample EV passes or not, in the gate's words. */
export function verdictOf(s: EvStat, minTrades: number): string {
  if (evPasses(s, minTrades)) return 'pass';
  if (s.trades < minTrades) return `fail: ${s.trades} trades < ${minTrades}`;
  if (s.meanPct <= 0) return 'fail: EV ≤ 0';
  return 'fail: interval reaches 0';
}

function layout(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length))) ?? [];
  // The first and last columns read as words (left), the numbers between line up on the right.
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = (widths[c] ?? 0) - [...cell].length;
          return c === 0 || c === r.length - 1 ? cell + ' '.repeat(pad) : ' '.repeat(pad) + cell;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function gateTable(report: WalkForwardReport, minTrades: number = DEFAULTS.minTrades): string {
  const { gate, series } = report;
  const rows: string[][] = [['timeframe', 'bars', 'in-sample EV %', 'trades', 'out-of-sample EV %', '95 % interval', 'trades', 'gate']];
  const aggregatePasses = evPasses(gate.aggregate, minTrades);
  for (const row of gate.rows) {
    const own = verdictOf(row.outOfSample, minTrades);
    const verdict = gate.passes[row.timeframe as Timeframe] === true ? 'pass' : own === 'pass' && !aggregatePasses ? 'fail: aggregate fails' : own;
    rows.push([
      row.timeframe,
      String(series[row.timeframe]?.bars ?? 0),
      ev(row.inSample),
      String(row.inSample.trades),
      ev(row.outOfSample),
      interval(row.outOfSample),
      String(row.outOfSample.trades),
      verdict,
    ]);
  }
  rows.push(['aggregate', '', '', '', ev(gate.aggregate), interval(gate.aggregate), String(gate.aggregate.trades), verdictOf(gate.aggregate, minTrades)]);
  return layout(rows);
}
