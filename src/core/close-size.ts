/**
 * How much of a position a partial close sends: `percent` of it, rounded down to the size step so
 * a close never asks for more than the position's share (the venue caps reduce-only orders at
 * the position anyway). 100 % is the whole position exactly, whatever the step.
 */
import { abs, div, eq, gt, isDecimal, isZero, lte, mul, normalize, sign } from './decimal.js';
import { roundQty } from './rounding.js';
import type { Side } from './types.js';

export type CloseSize = { side: Side; qty: string } | 'flat' | 'below-step';

export function closeSize(positionQty: string, percent: string, step?: string): CloseSize {
  if (!isValidPercent(percent)) throw new RangeError(`close percent must be above 0 and at most 100, not ${JSON.stringify(percent)}`);
  if (isZero(positionQty)) return 'flat';
  const whole = abs(positionQty);
  let qty = eq(percent, '100') ? whole : div(mul(whole, percent), '100', 18, 'down');
  if (step !== undefined && !eq(percent, '100')) qty = roundQty(qty, step);
  if (isZero(qty)) return 'below-step';
  return { side: sign(positionQty) > 0 ? 'sell' : 'buy', qty: normalize(qty) };
}

/** A percent a close accepts: a decimal above 0 and at most 100. */
export function isValidPercent(percent: string): boolean {
  return isDecimal(percent) && gt(percent, '0') && lte(percent, '100');
}
