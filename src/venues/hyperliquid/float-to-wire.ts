import { SigningError } from '../shared/signing-error.js';

const VENUE = 'hyperliquid';
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Strips what a canonical decimal does not carry: leading zeros, trailing zeros, `-0`. */
function canonical(negative: boolean, integer: string, fraction: string): string {
  const int = integer.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  const body = frac.length > 0 ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

/**
 * Price and size text as Hyperliquid hashes it (the official SDK's `float_to_wire`): at most 8
 * decimals, no trailing zeros, no exponent, `-0` → `0`. A decimal string is checked exactly and
 * refused if it has non-zero digits past the 8th decimal, since rounding would sign a different
 * amount. A number is formatted like the SDK does (`f"{x:.8f}"`, refused if that moves it by
 * ≥ 1e-12); prefer strings, money is decimal.
 */
export function floatToWire(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SigningError(VENUE, `cannot put ${value} on the wire`);
    const rounded = value.toFixed(8);
    if (Math.abs(Number(rounded) - value) >= 1e-12) {
      throw new SigningError(VENUE, `${value} has more than 8 decimals; rounding would change it`);
    }
    return floatToWire(rounded);
  }
  const match = DECIMAL.exec(value);
  if (match === null) throw new SigningError(VENUE, `"${value}" is not a plain decimal number`);
  const [, sign, integer, fraction = ''] = match;
  if (fraction.length > 8 && /[1-9]/.test(fraction.slice(8))) {
    throw new SigningError(VENUE, `"${value}" has more than 8 decimals; rounding would change it`);
  }
  return canonical(sign === '-', integer!, fraction.slice(0, 8));
}
