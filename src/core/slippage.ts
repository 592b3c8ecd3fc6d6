/**
 * The slippage cap a market order carries: it goes to the venue as an IOC limit N % through the
 * reference price (a buy at most reference × (1 + N %), a sell at least reference × (1 − N %)), on the
 * tick and never beyond the cap, so a thin book or a fat finger cannot fill it at any price. What
 * the IOC limit cannot fill at or inside the cap is cancelled by the venue.
 */
import { add, div, mul, sub } from './decimal.js';
import { roundToStep } from './rounding.js';
import type { Side } from './types.js';

/** A profile account's cap when it sets none: wide enough for a fast market, narrow enough to stop a sweep. */
export const DEFAULT_SLIPPAGE_PCT = '2';

/** The IOC limit price of a market order: `pct` % through `reference`, rounded back inside the cap. */
export function cappedPrice(side: Side, reference: string, pct: string, tick: string): string {
  const share = div(pct, '100', 12, 'half_even');
  return side === 'buy'
    ? roundToStep(mul(reference, add('1', share)), tick, 'floor')
    : roundToStep(mul(reference, sub('1', share)), tick, 'ceil');
}
