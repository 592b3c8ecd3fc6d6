/**
 * The built-in strategy kinds (docs/signals.md §Strategies and the EV gate): each a declarative
 * rule — an entry condition read at a bar's close, a stop and a target in multiples of ATR (or the
 * mean, for mean-reversion), and a time limit — with its parameters and the small grid the
 * walk-forward fits over. A rule is fed closed bars one at a time, oldest first (rolling.ts), so it
 * never holds a bar after the one it decides on; the simulator (trade-sim.ts) fills at the next
 * bar's open.
 */
import type { Side } from '../types.js';
import { Atr, Ema, RollingMax, RollingMin, RollingStats } from './rolling.js';
import type { Kline, StrategyKind } from './types.js';

export type Params = Readonly<Record<string, number>>;

/** What a rule asks for at a bar's close: a position from the next bar's open. */
export interface Entry {
  side: Side;
  /** From the fill, in price: where the stop sits (always > 0). */
  stopDistance: number;
  /** From the fill, in price: where the target sits (always > 0). */
  targetDistance: number;
  /** Bars held at most (the fill's bar counts as the first); then out at that bar's close. */
  maxBars: number;
}

/** A rule's state over one series: fed every closed bar in order, it may ask for an entry. */
export interface Rule {
  onBar(bar: Kline): Entry | undefined;
}

export interface StrategyKindDef {
  kind: StrategyKind;
  /** The rule in words, for `quantdeck backtest` and the docs. */
  rule: string;
  /** The grid the walk-forward chooses from, in a fixed order (ties go to the earlier). */
  grid: readonly Params[];
  create(params: Params): Rule;
}

/** ATR's length for every kind's stops: a fixed convention, not fitted. */
export const ATR_LENGTH = 14;

/** Every combination of the given values, in the order the keys and values are written. */
export function gridOf(axes: Readonly<Record<string, readonly number[]>>): Params[] {
  let out: Record<string, number>[] = [{}];
  for (const [name, values] of Object.entries(axes)) out = out.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  return out;
}

const need = (params: Params, name: string): number => {
  const v = params[name];
  if (v === undefined || !Number.isFinite(v) || v <= 0) throw new Error(`strategy parameter ${name} must be a positive number, got ${v}`);
  return v;
};

const bracket = (side: Side, atr: number, params: Params): Entry => ({
  side,
  stopDistance: need(params, 'stopAtr') * atr,
  targetDistance: need(params, 'targetAtr') * atr,
  maxBars: need(params, 'maxBars'),
});

/** Long when EMA(fast) crosses above EMA(slow) at a close, short when it crosses below. */
function trendFollow(params: Params): Rule {
  const fast = new Ema(need(params, 'fast'));
  const slow = new Ema(need(params, 'slow'));
  const atr = new Atr(ATR_LENGTH);
  let before = 0;
  return {
    onBar(bar) {
      fast.push(bar.close);
      slow.push(bar.close);
      atr.push(bar);
      if (!slow.ready || !fast.ready || !atr.ready) return undefined;
      const now = Math.sign(fast.value - slow.value);
      const crossed = before !== 0 && now !== 0 && now !== before;
      if (now !== 0) before = now;
      return crossed && atr.value > 0 ? bracket(now > 0 ? 'buy' : 'sell', atr.value, params) : undefined;
    },
  };
}

/** Long when a close clears the highest high of the `lookback` bars before it, short below the lowest low. */
function breakout(params: Params): Rule {
  const highs = new RollingMax(need(params, 'lookback'));
  const lows = new RollingMin(need(params, 'lookback'));
  const atr = new Atr(ATR_LENGTH);
  return {
    onBar(bar) {
      atr.push(bar);
      let entry: Entry | undefined;
      if (highs.ready && atr.ready && atr.value > 0) {
        if (bar.close > highs.value) entry = bracket('buy', atr.value, params);
        else if (bar.close < lows.value) entry = bracket('sell', atr.value, params);
      }
      // The channel is the bars before this one: this bar joins it after the decision.
      highs.push(bar.high);
      lows.push(bar.low);
      return entry;
    },
  };
}

/**
 * Long when a close sits `z` standard deviations below its `lookback` mean, short above it; the
 * target is the mean (as it was at the decision), the stop `stopAtr` ATRs away.
 */
function meanReversion(params: Params): Rule {
  const closes = new RollingStats(need(params, 'lookback'));
  const atr = new Atr(ATR_LENGTH);
  const z = need(params, 'z');
  return {
    onBar(bar) {
      closes.push(bar.close);
      atr.push(bar);
      if (!closes.ready || !atr.ready || atr.value <= 0) return undefined;
      const mean = closes.mean();
      const sd = closes.sd();
      if (sd <= 0) return undefined;
      const score = (bar.close - mean) / sd;
      if (Math.abs(score) < z) return undefined;
      return {
        side: score < 0 ? 'buy' : 'sell',
        stopDistance: need(params, 'stopAtr') * atr.value,
        targetDistance: Math.abs(bar.close - mean),
        maxBars: need(params, 'maxBars'),
      };
    },
  };
}

export const STRATEGIES: Readonly<Record<StrategyKind, StrategyKindDef>> = {
  'trend-follow': {
    kind: 'trend-follow',
    rule: 'long when EMA(fast) crosses above EMA(slow) at a close, short when below; stop stopAtr×ATR(14), target targetAtr×ATR, out after maxBars',
    grid: gridOf({ fast: [5, 10, 20], slow: [40, 80], stopAtr: [2], targetAtr: [2, 4], maxBars: [20, 60] }),
    create: trendFollow,
  },
  breakout: {
    kind: 'breakout',
    rule: 'long when a close clears the highest high of the lookback bars before it, short below their lowest low; stop stopAtr×ATR(14), target targetAtr×ATR, out after maxBars',
    grid: gridOf({ lookback: [10, 20, 50], stopAtr: [1, 2], targetAtr: [2, 4], maxBars: [10, 30] }),
    create: breakout,
  },
  'mean-reversion': {
    kind: 'mean-reversion',
    rule: 'long when a close sits z standard deviations below its lookback mean, short above; target the mean, stop stopAtr×ATR(14), out after maxBars',
    grid: gridOf({ lookback: [20, 50], z: [1.5, 2, 2.5], stopAtr: [1.5, 3], maxBars: [10, 30] }),
    create: meanReversion,
  },
};
