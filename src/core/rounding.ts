/**
 * Tick and step rounding: prices must sit on the instrument's tick ('0.10'), quantities on its
 * step ('0.001'). A tick need not be a power of ten ('0.25', '5'), so this rounds the quotient
 * value / tick to an integer and multiplies back — exact, on the same bigint representation
 * as decimal.ts.
 */
import {
  DecimalError,
  type Dec,
  divRound,
  formatDec,
  parseDec,
  pow10,
  type RoundingMode,
} from './decimal.js';

/** floor/ceil: toward -inf/+inf; down: toward zero (quantities: never more than asked);
 *  nearest: closest tick, ties away from zero. */
export type StepMode = 'floor' | 'ceil' | 'down' | 'up' | 'nearest';

const MODE: Record<StepMode, RoundingMode> = {
  floor: 'floor',
  ceil: 'ceil',
  down: 'down',
  up: 'up',
  nearest: 'half_up',
};

function parseStep(step: string): Dec {
  const d = parseDec(step);
  if (d.m <= 0n) throw new DecimalError(`tick/step must be positive, got ${JSON.stringify(step)}`, step);
  return d;
}

/** Value and step brought to one scale: both integers. */
function align(value: string, step: string): { v: bigint; t: bigint; s: number } {
  const x = parseDec(value);
  const t = parseStep(step);
  const s = Math.max(x.s, t.s);
  return { v: x.m * pow10(s - x.s), t: t.m * pow10(s - t.s), s };
}

/** Rounds `value` to a multiple of `step` ('0.10', '0.001', '0.25', '5'). Result normalized. */
export function roundToStep(value: string, step: string, mode: StepMode): string {
  const { v, t, s } = align(value, step);
  const n = divRound(v, t, MODE[mode]);
  return formatDec({ m: n * t, s });
}

/** True when `value` is an exact multiple of `step`. */
export function isOnStep(value: string, step: string): boolean {
  const { v, t } = align(value, step);
  return v % t === 0n;
}

/** Number of whole steps in value (value / step), rounded by mode: e.g. lots or contracts. */
export function stepsIn(value: string, step: string, mode: StepMode): bigint {
  const { v, t } = align(value, step);
  return divRound(v, t, MODE[mode]);
}

/** Decimals implied by a tick or step: '0.10' → 1, '0.001' → 3, '0.25' → 2, '5' → 0. */
export function stepDecimals(step: string): number {
  const d = parseStep(step);
  let { m, s } = d;
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s--;
  }
  return s;
}

/** Rounds a price to the tick: buys round down and sells up when `passive` (never cross more
 *  than asked), the other way when aggressive. */
export function roundPrice(price: string, tick: string, side: 'buy' | 'sell', passive = true): string {
  const down = side === 'buy' ? passive : !passive;
  return roundToStep(price, tick, down ? 'floor' : 'ceil');
}

/** Rounds a quantity down to the step (never more than asked). */
export function roundQty(qty: string, step: string): string {
  return roundToStep(qty, step, 'down');
}
