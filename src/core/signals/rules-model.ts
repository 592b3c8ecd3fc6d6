/**
 * L3's default synthesizer: a deterministic rules model over the brief, the recent alerts and the
 * open positions (docs/signals.md §L3). Same input, same signals: no clock is read (alert ages are
 * measured against the brief's own `at`), nothing is random, and prices are decimal strings on the
 * instrument's tick.
 *
 * The model follows the trend the timeframes agree on, and steps aside when that is unwise:
 * - no entry when the timeframes disagree (|agreement| below `minAgreement`), when the horizon's
 *   own trend points the other way, or when price already sits at the far end of its range in the
 *   trend's direction (little room left: `minRoom`);
 * - no entry while a critical alert on the symbol, or on the whole account (a disconnect, the
 *   clock, the rate budget: alerts without a symbol), is fresher than `alertFreshMs`; a fresh
 *   warning halves the confidence;
 * - no signal against an open position's side (a short signal while long would reduce or flip it:
 *   exits are the gatekeeper's retire, not a new entry); one on the position's side adds to it and
 *   says so, at half the confidence.
 * The stop is `stopAtr`×ATR on the losing side of the entry, the target `targetAtr`×ATR on the
 * winning side, each rounded away from the entry onto the tick and at least one tick from it.
 */
import { add, cmp, sub } from '../decimal.js';
import { roundToStep, stepDecimals } from '../rounding.js';
import type { Side } from '../types.js';
import type { Alert, Brief, FrameBrief, Signal, SynthInput, SynthResult, Synthesizer, Timeframe } from './types.js';

export interface RulesParams {
  /** Least |agreement| of the timeframes' trends to signal at all. */
  minAgreement: number;
  /** Least room left in the range in the trend's direction (0..1). */
  minRoom: number;
  /** Stop distance from the entry, in ATRs of the horizon's timeframe. */
  stopAtr: number;
  /** Target distance from the entry, in ATRs. */
  targetAtr: number;
  /** An alert younger than this (against the brief's `at`) counts. */
  alertFreshMs: number;
  /** The timeframes tried for the horizon, first present wins. */
  horizons: readonly Timeframe[];
}

export const DEFAULT_RULES: RulesParams = {
  minAgreement: 0.5,
  minRoom: 0.15,
  stopAtr: 1.5,
  targetAtr: 3,
  alertFreshMs: 5 * 60_000,
  horizons: ['1h', '4h', '5m', '1d', '1m'],
};

/** The rules model's signals for one input: none or one (the brief is one symbol's). */
export function rulesSignals(input: SynthInput, params: RulesParams = DEFAULT_RULES): Signal[] {
  const decision = decide(input, params);
  return decision === undefined ? [] : [decision];
}

/** The rules model as a `Synthesizer`: it never refuses, and never waits. */
export function rulesModel(params: RulesParams = DEFAULT_RULES): Synthesizer {
  return {
    name: 'rules',
    synthesize: (input: SynthInput): Promise<SynthResult> => Promise.resolve({ ok: true, signals: rulesSignals(input, params) }),
  };
}

function horizonFrame(brief: Brief, params: RulesParams): FrameBrief | undefined {
  for (const tf of params.horizons) {
    const frame = brief.frames[tf];
    if (frame !== undefined) return frame;
  }
  return undefined;
}

function decide(input: SynthInput, params: RulesParams): Signal | undefined {
  const { brief, tick } = input;
  const frame = horizonFrame(brief, params);
  if (frame === undefined) return undefined;
  const { agreement } = brief;
  if (!Number.isFinite(agreement) || Math.abs(agreement) < params.minAgreement) return undefined;
  if (!usable(frame.last) || !usable(frame.atr)) return undefined;
  const side: Side = agreement > 0 ? 'buy' : 'sell';
  if (frame.trend === (side === 'buy' ? 'down' : 'up')) return undefined;
  const rangePosition = clamp01(Number.isFinite(frame.rangePosition) ? frame.rangePosition : 0.5);
  const room = side === 'buy' ? 1 - rangePosition : rangePosition;
  if (room < params.minRoom) return undefined;

  const fresh = freshAlerts(input.alerts, brief, params);
  if (fresh.some((a) => a.severity === 'critical')) return undefined;
  const warned = fresh.some((a) => a.severity === 'warn');

  const held = heldSide(input, brief.symbol);
  if (held !== undefined && held !== side) return undefined;

  const prices = bracket(side, frame, tick, params);
  if (prices === undefined) return undefined;

  // Stronger agreement and more room left score higher; a warning or an add halves the score.
  let confidence = 0.2 + 0.6 * Math.abs(agreement) * (0.5 + 0.5 * room);
  if (warned) confidence /= 2;
  if (held !== undefined) confidence /= 2;
  confidence = Math.round(clamp01(confidence) * 100) / 100;

  const frames = Object.values(brief.frames).filter((f) => f !== undefined);
  const along = frames.filter((f) => f.trend === (side === 'buy' ? 'up' : 'down')).length;
  const notes = [
    `${along}/${frames.length} timeframes ${side === 'buy' ? 'up' : 'down'} (agreement ${agreement.toFixed(2)})`,
    `${frame.timeframe} at ${Math.round(rangePosition * 100)}% of its range`,
    `stop ${params.stopAtr}×ATR, target ${params.targetAtr}×ATR(${frame.timeframe})`,
  ];
  if (warned) notes.push('a fresh warning halves confidence');
  if (held !== undefined) notes.push(`adds to the ${held === 'buy' ? 'long' : 'short'}`);
  return {
    symbol: brief.symbol,
    side,
    confidence,
    horizon: frame.timeframe,
    ...prices,
    rationale: `${side === 'buy' ? 'long' : 'short'}: ${notes.join('; ')}`,
    source: 'rules',
  };
}

/** Entry at the last price (rounded passive), stop and target in ATRs, each at least a tick away. */
function bracket(
  side: Side,
  frame: FrameBrief,
  tick: string,
  params: RulesParams,
): { entry: string; stop: string; target: string } | undefined {
  const decimals = stepDecimals(tick) + 6;
  const asDec = (x: number): string | undefined => (usable(x) && x < 1e21 ? x.toFixed(Math.min(decimals, 100)) : undefined);
  const last = asDec(frame.last);
  const stopDistance = asDec(frame.atr * params.stopAtr);
  const targetDistance = asDec(frame.atr * params.targetAtr);
  if (last === undefined || stopDistance === undefined || targetDistance === undefined) return undefined;
  const long = side === 'buy';
  const entry = roundToStep(last, tick, long ? 'floor' : 'ceil');
  if (cmp(entry, '0') <= 0) return undefined;
  // Away from the entry: a long's stop down and target up, a short's the other way.
  let stop = roundToStep(long ? sub(entry, stopDistance) : add(entry, stopDistance), tick, long ? 'floor' : 'ceil');
  let target = roundToStep(long ? add(entry, targetDistance) : sub(entry, targetDistance), tick, long ? 'ceil' : 'floor');
  if (cmp(stop, entry) === 0) stop = long ? sub(entry, tick) : add(entry, tick);
  if (cmp(target, entry) === 0) target = long ? add(entry, tick) : sub(entry, tick);
  // A price at or below zero is no price: the ATR is too wide for this instrument's level.
  if (cmp(stop, '0') <= 0 || cmp(target, '0') <= 0) return undefined;
  return { entry, stop, target };
}

function freshAlerts(alerts: readonly Alert[], brief: Brief, params: RulesParams): Alert[] {
  return alerts.filter(
    (a) =>
      (a.symbol === undefined || a.symbol === brief.symbol) &&
      a.at <= brief.at &&
      brief.at - a.at < params.alertFreshMs,
  );
}

/** The side of the open position on the symbol, if any. */
function heldSide(input: SynthInput, symbol: string): Side | undefined {
  let net = '0';
  for (const p of input.positions) if (p.symbol === symbol) net = add(net, p.qty);
  const s = cmp(net, '0');
  return s === 0 ? undefined : s > 0 ? 'buy' : 'sell';
}

function usable(x: number): boolean {
  return Number.isFinite(x) && x > 0;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
