/**
 * A named strategy's parameters (docs/signals.md §Strategies in the profile): each kind's parameter
 * ranges, the check a profile's or a command line's params pass before a rule is made from them
 * (every message names the key), and the grid a walk-forward fits over when some are fixed: the
 * fixed keys take their one value, the others the kind's grid values. The built-ins fix none.
 */
import { STRATEGIES } from './strategies.js';
import type { Params } from './strategies.js';
import { STRATEGY_KINDS, type StrategyKind, type StrategySpec } from './types.js';

export interface ParamRange {
  min: number;
  max: number;
  /** A count of bars: a whole number. */
  integer: boolean;
}

const bars = (min: number, max: number): ParamRange => ({ min, max, integer: true });
const ratio = (min: number, max: number): ParamRange => ({ min, max, integer: false });

/** What each parameter may be: wide enough for any sensible rule, narrow enough to refuse a typo's 0 or 1e9. */
export const PARAM_RANGES: Readonly<Record<StrategyKind, Readonly<Record<string, ParamRange>>>> = {
  'trend-follow': { fast: bars(2, 500), slow: bars(3, 1000), stopAtr: ratio(0.1, 20), targetAtr: ratio(0.1, 50), maxBars: bars(1, 1000) },
  breakout: { lookback: bars(2, 1000), stopAtr: ratio(0.1, 20), targetAtr: ratio(0.1, 50), maxBars: bars(1, 1000) },
  'mean-reversion': { lookback: bars(2, 1000), z: ratio(0.1, 10), stopAtr: ratio(0.1, 20), maxBars: bars(1, 1000) },
};

/** Why `params` is not a set of `kind`'s parameters, naming the first bad key; undefined when it is. */
export function paramsProblem(kind: StrategyKind, params: Readonly<Record<string, unknown>>): string | undefined {
  const ranges = PARAM_RANGES[kind];
  for (const [key, value] of Object.entries(params)) {
    const range = ranges[key];
    if (range === undefined) return `params.${key}: not a parameter of ${kind} (${Object.keys(ranges).join(', ')})`;
    const what = `${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `params.${key}: expected ${what}, got ${JSON.stringify(value) ?? 'nothing'}`;
    if (value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) return `params.${key}: expected ${what}, got ${value}`;
  }
  // Both EMAs fixed: the fast one must be the faster (a grid's own pairs always are).
  const { fast, slow } = params;
  if (kind === 'trend-follow' && typeof fast === 'number' && typeof slow === 'number' && fast >= slow)
    return `params.fast: expected below params.slow (${slow}), got ${fast}`;
  return undefined;
}

/**
 * The grid a walk-forward fits over for `params`: the kind's grid with the fixed keys set to their
 * values, each set once, in the grid's order (never empty: the grid's own size at most).
 */
export function gridFor(kind: StrategyKind, params: Params): Params[] {
  const seen = new Set<string>();
  const out: Params[] = [];
  for (const base of STRATEGIES[kind].grid) {
    const p = { ...base, ...params };
    const key = JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** The built-in strategies: one per kind, named for it, nothing fixed. What runs when the profile names none. */
export const BUILT_IN_STRATEGIES: readonly StrategySpec[] = STRATEGY_KINDS.map((kind) => ({ name: kind, kind, params: {} }));

/** `k=v` (`--param`): a parameter of `kind` and its number, or why not. */
export function parseParam(kind: StrategyKind, text: string): { key: string; value: number } | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--param: expected KEY=VALUE (${Object.keys(PARAM_RANGES[kind]).join(', ')}), got ${JSON.stringify(text)}`;
  const key = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const problem = paramsProblem(kind, { [key]: Number.isFinite(value) ? value : raw });
  return problem === undefined ? { key, value } : `--param ${problem}`;
}
