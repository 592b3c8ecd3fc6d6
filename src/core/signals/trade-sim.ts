/**
 * The trade simulator: one rule over one series of closed bars. A rule decides at a bar's close;
 * the order fills at the next bar's open, so no decision uses a price it could not have seen. Exits:
 * the stop (a market order when touched: slippage), the target (a resting limit: its own price, or
 * the open when the bar gaps through it), the time limit (at that bar's close, slippage), or the
 * series' end (at the last close). Within one bar a touched stop wins over a touched target: the
 * bar does not say which came first, and the worse case is assumed. Every fill pays the venue's
 * taker fee (conservative: a target could be a maker fill).
 */
import type { Side } from '../types.js';
import type { Entry, Rule } from './strategies.js';
import type { Kline } from './types.js';

/** Fractions, not percent: 0.0005 is 0.05 %. */
export interface Costs {
  /** The venue's taker fee, paid on entry and on exit. */
  takerFee: number;
  /** Adverse move on every market fill (entry, stop, time exit). */
  slippage: number;
}

export type ExitReason = 'stop' | 'target' | 'time' | 'end';

export interface Trade {
  side: Side;
  /** The bar at whose close the rule decided. */
  decidedAt: number;
  /** The bar at whose open it filled (decidedAt + 1). */
  enteredAt: number;
  /** The bar it left in (the last bar it depended on). */
  exitedAt: number;
  entryPrice: number;
  exitPrice: number;
  exit: ExitReason;
  /** Net of fees and slippage, in % of the entry price. */
  netPct: number;
}

interface Open {
  entry: Entry;
  decidedAt: number;
  enteredAt: number;
  price: number;
  stop: number;
  target: number;
  held: number;
}

/** A market fill's price: the slippage always against the trader. */
const slipped = (side: Side, price: number, slippage: number) => price * (side === 'buy' ? 1 + slippage : 1 - slippage);

export function netPct(side: Side, entry: number, exit: number, takerFee: number): number {
  const gross = side === 'buy' ? exit - entry : entry - exit;
  return ((gross - takerFee * (entry + exit)) / entry) * 100;
}

/** Where an open position leaves within `bar`, if it does: [price, reason]. */
function exitWithin(pos: Open, bar: Kline, slippage: number): [number, ExitReason] | undefined {
  const long = pos.entry.side === 'buy';
  const out: Side = long ? 'sell' : 'buy';
  const stopGapped = long ? bar.open <= pos.stop : bar.open >= pos.stop;
  if (stopGapped) return [slipped(out, bar.open, slippage), 'stop'];
  const stopTouched = long ? bar.low <= pos.stop : bar.high >= pos.stop;
  if (stopTouched) return [slipped(out, pos.stop, slippage), 'stop'];
  const targetGapped = long ? bar.open >= pos.target : bar.open <= pos.target;
  if (targetGapped) return [bar.open, 'target'];
  const targetTouched = long ? bar.high >= pos.target : bar.low <= pos.target;
  if (targetTouched) return [pos.target, 'target'];
  if (pos.held >= pos.entry.maxBars) return [slipped(out, bar.close, slippage), 'time'];
  return undefined;
}

/**
 * Runs `rule` over `bars` (closed, oldest first), reading bar t only at step t: the rule is told
 * bar t after the open position (if any) has been marked against it. Decisions at t < `from` are
 * not taken (the bars before it only warm the rule up); none is taken at the last bar (no next open).
 */
export function simulate(bars: readonly Kline[], rule: Rule, costs: Costs, from = 0): Trade[] {
  const trades: Trade[] = [];
  let pending: { entry: Entry; decidedAt: number } | undefined;
  let pos: Open | undefined;
  const n = bars.length;
  for (let t = 0; t < n; t++) {
    const bar = bars[t] as Kline;
    if (pending !== undefined) {
      const e = pending.entry;
      const price = slipped(e.side, bar.open, costs.slippage);
      const sign = e.side === 'buy' ? 1 : -1;
      pos = {
        entry: e,
        decidedAt: pending.decidedAt,
        enteredAt: t,
        price,
        stop: price - sign * e.stopDistance,
        target: price + sign * e.targetDistance,
        held: 0,
      };
      pending = undefined;
    }
    if (pos !== undefined) {
      pos.held++;
      const left = exitWithin(pos, bar, costs.slippage) ?? (t === n - 1 ? ([slipped(pos.entry.side === 'buy' ? 'sell' : 'buy', bar.close, costs.slippage), 'end'] as const) : undefined);
      if (left !== undefined) {
        trades.push({
          side: pos.entry.side,
          decidedAt: pos.decidedAt,
          enteredAt: pos.enteredAt,
          exitedAt: t,
          entryPrice: pos.price,
          exitPrice: left[0],
          exit: left[1],
          netPct: netPct(pos.entry.side, pos.price, left[0], costs.takerFee),
        });
        pos = undefined;
      }
    }
    const asked = rule.onBar(bar);
    if (asked !== undefined && pos === undefined && t >= from && t < n - 1) pending = { entry: asked, decidedAt: t };
  }
  return trades;
}
