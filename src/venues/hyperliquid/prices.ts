/**
 * Hyperliquid's price and size rules (HL "Tick and lot size"): a perp price has at most 5
 * significant figures and at most 6 − szDecimals decimals, but an integer price is always allowed;
 * a size has at most szDecimals decimals. There is no fixed tick: it follows the price's magnitude
 * (BTC at 65 000 trades in whole dollars, at 9 000 in dimes). Everything here is exact decimal
 * text; floatToWire (float-to-wire.ts) then gives the canonical form that is hashed and sent.
 */
import { decimalPlaces, isDecimal, isZero, normalize, sign } from '../../core/decimal.js';
import { roundToStep } from '../../core/rounding.js';
import { InvalidIntentError } from '../shared/errors.js';

/** Perps: 6; spot would be 8. */
export const MAX_PERP_DECIMALS = 6;
export const MAX_SIG_FIGS = 5;

/** Power of ten of the leading digit: '65000' → 4, '0.0123' → -2. */
function magnitude(value: string): number {
  const [int = '0', frac = ''] = normalize(value).replace('-', '').split('.');
  if (/[1-9]/.test(int)) return int.replace(/^0+/, '').length - 1;
  const lead = frac.search(/[1-9]/);
  return lead < 0 ? 0 : -(lead + 1);
}

/** Decimals a price of this magnitude may carry. */
export function priceDecimals(price: string, szDecimals: number): number {
  const maxDecimals = Math.max(0, MAX_PERP_DECIMALS - szDecimals);
  return Math.max(0, Math.min(maxDecimals, MAX_SIG_FIGS - 1 - magnitude(price)));
}

/** The price grid at this price: '1' for BTC at 65000, '0.1' at 9000, '0.00001' for XRP at 0.6 (szDecimals 1). */
export function tickAt(price: string, szDecimals: number): string {
  const d = priceDecimals(price, szDecimals);
  return d === 0 ? '1' : `0.${'0'.repeat(d - 1)}1`;
}

export function stepOf(szDecimals: number): string {
  return szDecimals === 0 ? '1' : `0.${'0'.repeat(szDecimals - 1)}1`;
}

function significantFigures(value: string): number {
  const digits = normalize(value).replace('-', '').replace('.', '').replace(/^0+/, '');
  return digits.replace(/0+$/, '').length;
}

/** Why the venue would refuse this price, or undefined. */
export function priceProblem(price: string, szDecimals: number): string | undefined {
  if (!isDecimal(price) || sign(price) <= 0) return `price ${JSON.stringify(price)} is not a positive decimal`;
  const maxDecimals = Math.max(0, MAX_PERP_DECIMALS - szDecimals);
  if (decimalPlaces(normalize(price)) > maxDecimals) return `price ${price} has more than ${maxDecimals} decimals`;
  if (decimalPlaces(normalize(price)) > 0 && significantFigures(price) > MAX_SIG_FIGS) {
    return `price ${price} has more than ${MAX_SIG_FIGS} significant figures (only whole-number prices may have more)`;
  }
  return undefined;
}

/** Why the venue would refuse this size, or undefined. */
export function sizeProblem(size: string, szDecimals: number): string | undefined {
  if (!isDecimal(size) || sign(size) <= 0 || isZero(size)) return `size ${JSON.stringify(size)} is not a positive decimal`;
  if (decimalPlaces(normalize(size)) > szDecimals) return `size ${size} has more than ${szDecimals} decimals`;
  return undefined;
}

/** Throws a named error for a price the venue would refuse. */
export function checkPrice(price: string, szDecimals: number, what: string): void {
  const problem = priceProblem(price, szDecimals);
  if (problem !== undefined) throw new InvalidIntentError(`${what}: ${problem}`);
}

export function checkSize(size: string, szDecimals: number, what: string): void {
  const problem = sizeProblem(size, szDecimals);
  if (problem !== undefined) throw new InvalidIntentError(`${what}: ${problem}`);
}

/**
 * A price put on the venue's grid: `up` toward +inf (a protective buy), otherwise down. Rounding
 * can cross a power of ten (9999.95 → 10000), where the grid coarsens; the result is checked again.
 */
export function roundToGrid(price: string, szDecimals: number, up: boolean): string {
  let out = roundToStep(price, tickAt(price, szDecimals), up ? 'ceil' : 'floor');
  if (priceProblem(out, szDecimals) !== undefined) out = roundToStep(out, tickAt(out, szDecimals), up ? 'ceil' : 'floor');
  return normalize(out);
}
