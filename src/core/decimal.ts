/**
 * Exact decimal arithmetic on strings, for prices, quantities and amounts.
 *
 * Decision: our own bigint-scaled implementation rather than decimal.js / big.js. A value is an
 * integer mantissa and a count of decimal places (m * 10^-s), so add/sub/mul are exact by
 * construction and only division rounds — always with a scale and a rounding mode the caller
 * names. Reasons: no dependency to pin or audit; no global precision setting that one caller can
 * change under another (decimal.js's `Decimal.set`); no exponent notation in output (big.js
 * switches to '1e-7' below 1e-6 unless configured) — venues reject exponents; and BigInt is
 * native and fast enough for an order ticket and a reconcile pass.
 *
 * Inputs are plain decimal strings ('-0.015', '+3', '.5', '7.'); anything else (NaN, '1e5',
 * '', '--1', spaces, absurdly long strings) throws DecimalError with the offending text. Outputs
 * are normalized: no trailing zeros, no exponent, no '-0'.
 */

/** Rounding modes. floor/ceil: toward -inf/+inf; down/up: toward/away from zero;
 *  half_up: nearest, ties away from zero; half_even: nearest, ties to the even neighbour. */
export type RoundingMode = 'floor' | 'ceil' | 'down' | 'up' | 'half_up' | 'half_even';

/** A parsed decimal: value = m * 10^-s, s >= 0. */
export interface Dec {
  readonly m: bigint;
  readonly s: number;
}

/** A named error for input that is not a plain decimal number, or an impossible operation. */
export class DecimalError extends Error {
  override readonly name = 'DecimalError';
  constructor(
    message: string,
    readonly input?: unknown,
  ) {
    super(message);
  }
}

/** Longest accepted input. Far above any real price or amount (a uint256 has 78 digits). */
export const MAX_DECIMAL_LENGTH = 100;
/** Largest scale division/formatting will produce: guards against a runaway scale argument. */
export const MAX_SCALE = 60;

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

const POW10: bigint[] = [1n];
/** 10^n as a bigint, cached. */
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

function show(input: unknown): string {
  const text = String(input);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * The common short case read without a regex, a slice or BigInt's string parser (the ingest path
 * parses several decimals per fill): at most 15 digits, so the mantissa is an exact double.
 * Returns undefined for anything else, which the full parser then accepts or refuses.
 */
export function shortParts(input: string): { m: number; s: number } | undefined {
  const m = shortMantissa(input);
  return !Number.isNaN(m) ? { m, s: shortScale } : undefined;
}

/** The scale of the last value `shortMantissa` read (valid only right after it returned a number). */
let shortScale = 0;

/**
 * `shortParts` without an object: the mantissa, or NaN when the input is not a short decimal; its
 * scale is then read with `lastShortScale()` before the next call. The hot compares of private-event
 * ingest (`cmp`, the fill averages) read two or three decimals per call: an object per value was
 * most of what they allocated, and escape analysis cannot drop one that may be undefined.
 */
export function shortMantissa(input: string): number {
  const len = input.length;
  if (len === 0 || len > 17) return Number.NaN;
  let i = 0;
  let c = input.charCodeAt(0);
  const neg = c === 45; // '-'
  if (neg || c === 43) i = 1; // '+'
  let m = 0;
  let digits = 0;
  let s = 0;
  let dot = false;
  for (; i < len; i++) {
    c = input.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) s++;
    } else if (c === 46 && !dot) dot = true;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  shortScale = s;
  return neg ? -m : m;
}

/** The scale of the value the last `shortMantissa` call returned. */
export function lastShortScale(): number {
  return shortScale;
}

/** Parses a plain decimal string. Throws DecimalError for anything else. */
export function parseDec(input: string): Dec {
  if (typeof input === 'string') {
    const m = shortMantissa(input);
    if (!Number.isNaN(m)) return { m: BigInt(m), s: shortScale };
  }
  return parseLong(input);
}

function parseLong(input: string): Dec {
  if (typeof input !== 'string') {
    throw new DecimalError(`not a decimal string: ${typeof input} ${show(input)}`, input);
  }
  if (input.length === 0) throw new DecimalError('not a decimal: empty string', input);
  if (input.length > MAX_DECIMAL_LENGTH) {
    throw new DecimalError(`not a decimal: ${input.length} characters (max ${MAX_DECIMAL_LENGTH})`, input);
  }
  if (!PLAIN.test(input)) throw new DecimalError(`not a plain decimal: ${show(input)}`, input);
  const dot = input.indexOf('.');
  if (dot === -1) return { m: BigInt(input), s: 0 };
  // '.5', '-.5', '+.5', '7.': BigInt reads the sign and digits without a leading 0 (PLAIN has
  // made sure there is at least one digit).
  const frac = input.slice(dot + 1);
  return { m: BigInt(input.slice(0, dot) + frac), s: frac.length };
}

/** Strips trailing zeros of the fraction. */
export function trimDec(d: Dec): Dec {
  let { m, s } = d;
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s--;
  }
  return { m, s };
}

/** Writes a Dec in plain notation, normalized (no trailing zeros, no '-0'). */
export function formatDec(d: Dec): string {
  // `trimDec` then `fixed`, with the zeros cut from the text: one bigint → string, where
  // `trimDec` divides twice per zero (an average written at 8 more places has many).
  const text = fixed(d.m, d.s);
  if (d.s === 0) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--; // '0'; the '.' stops it
  if (text.charCodeAt(end - 1) === 46) end--; // '.'
  return end === text.length ? text : text.slice(0, end);
}

/** m * 10^-s written with exactly s decimals. */
function fixed(m: bigint, s: number): string {
  const neg = m < 0n;
  let digits = (neg ? -m : m).toString();
  if (s === 0) return (neg ? '-' : '') + digits;
  if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
  const cut = digits.length - s;
  return (neg ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
}

/** Brings a Dec to scale s (s >= d.s): exact. */
function rescale(d: Dec, s: number): bigint {
  return d.s === s ? d.m : d.m * pow10(s - d.s);
}

/** Integer division n / d (d != 0) rounded by mode. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new DecimalError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncates toward zero
  const r = n % d; // same sign as n
  if (r === 0n) return q;
  const away = n < 0n ? q - 1n : q + 1n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'floor':
      return n < 0n ? q - 1n : q;
    case 'ceil':
      return n < 0n ? q : q + 1n;
    case 'half_up':
    case 'half_even': {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice > d) return away;
      if (twice < d) return q;
      if (mode === 'half_up') return away;
      return q % 2n === 0n ? q : away;
    }
  }
}

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
    throw new DecimalError(`scale must be an integer in 0..${MAX_SCALE}, got ${scale}`, scale);
  }
}

/** Rounds a Dec to `scale` decimals. */
export function roundDec(d: Dec, scale: number, mode: RoundingMode): Dec {
  checkScale(scale);
  if (d.s <= scale) return d;
  return { m: divRound(d.m, pow10(d.s - scale), mode), s: scale };
}

export function add(a: string, b: string): string {
  const x = parseDec(a);
  const y = parseDec(b);
  const s = Math.max(x.s, y.s);
  return formatDec({ m: rescale(x, s) + rescale(y, s), s });
}

export function sub(a: string, b: string): string {
  const x = parseDec(a);
  const y = parseDec(b);
  const s = Math.max(x.s, y.s);
  return formatDec({ m: rescale(x, s) - rescale(y, s), s });
}

/** Exact product. */
export function mul(a: string, b: string): string {
  const x = parseDec(a);
  const y = parseDec(b);
  return formatDec({ m: x.m * y.m, s: x.s + y.s });
}

/** a / b rounded to `scale` decimals by `mode`. Throws DecimalError when b is zero. */
export function div(a: string, b: string, scale: number, mode: RoundingMode): string {
  checkScale(scale);
  const x = parseDec(a);
  const y = parseDec(b);
  if (y.m === 0n) throw new DecimalError(`division by zero: ${show(a)} / ${show(b)}`);
  // a/b = (x.m / 10^x.s) / (y.m / 10^y.s); scaled by 10^scale:
  //     = x.m * 10^(scale + y.s) / (y.m * 10^x.s)
  const n = x.m * pow10(scale + y.s);
  const d = y.m * pow10(x.s);
  return formatDec({ m: divRound(n, d, mode), s: scale });
}

/** -1, 0 or 1. */
export function cmp(a: string, b: string): -1 | 0 | 1 {
  // Two short decimals compare as doubles when both mantissas, brought to one scale, stay exact.
  if (typeof a === 'string' && typeof b === 'string') {
    const pm = shortMantissa(a);
    const ps = shortScale;
    const qm = !Number.isNaN(pm) ? shortMantissa(b) : Number.NaN;
    if (!Number.isNaN(qm)) {
      const qs = shortScale;
      const l = ps >= qs ? pm : pm * 10 ** (qs - ps);
      const r = qs >= ps ? qm : qm * 10 ** (ps - qs);
      if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l < r ? -1 : l > r ? 1 : 0;
    }
  }
  const x = parseDec(a);
  const y = parseDec(b);
  const s = Math.max(x.s, y.s);
  const l = rescale(x, s);
  const r = rescale(y, s);
  return l < r ? -1 : l > r ? 1 : 0;
}

export const eq = (a: string, b: string): boolean => cmp(a, b) === 0;
export const lt = (a: string, b: string): boolean => cmp(a, b) < 0;
export const lte = (a: string, b: string): boolean => cmp(a, b) <= 0;
export const gt = (a: string, b: string): boolean => cmp(a, b) > 0;
export const gte = (a: string, b: string): boolean => cmp(a, b) >= 0;

export function min(a: string, b: string): string {
  return cmp(a, b) <= 0 ? normalize(a) : normalize(b);
}

export function max(a: string, b: string): string {
  return cmp(a, b) >= 0 ? normalize(a) : normalize(b);
}

export function neg(a: string): string {
  const x = parseDec(a);
  return formatDec({ m: -x.m, s: x.s });
}

export function abs(a: string): string {
  const x = parseDec(a);
  return formatDec({ m: x.m < 0n ? -x.m : x.m, s: x.s });
}

/** -1, 0 or 1. */
export function sign(a: string): -1 | 0 | 1 {
  const { m } = parseDec(a);
  return m < 0n ? -1 : m > 0n ? 1 : 0;
}

export function isZero(a: string): boolean {
  return parseDec(a).m === 0n;
}

/**
 * True when the string is a plain decimal that parseDec accepts. Never throws. The PLAIN pattern
 * read as a loop (a sign, digits with at most one dot, at least one digit): every price, size and
 * fee a stream frame carries passes here, and the regex call cost more than the reading.
 */
export function isDecimal(a: unknown): a is string {
  if (typeof a !== 'string' || a.length === 0 || a.length > MAX_DECIMAL_LENGTH) return false;
  const first = a.charCodeAt(0);
  let i = first === 43 || first === 45 ? 1 : 0; // '+', '-'
  let digits = 0;
  let dot = false;
  for (; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/** Canonical form: '1.500' → '1.5', '-0.0' → '0', '+.5' → '0.5', '7.' → '7'. */
export function normalize(a: string): string {
  return formatDec(parseDec(a));
}

/** Rounds to `scale` decimals and writes exactly that many ('1.5', 3 → '1.500'): wire formatting. */
export function toFixed(a: string, scale: number, mode: RoundingMode): string {
  // No '-0.00': a bigint has no negative zero, so what rounds to zero is written unsigned.
  const r = roundDec(parseDec(a), scale, mode);
  return fixed(rescale(r, scale), scale);
}

/** Rounds to `scale` decimals, normalized. */
export function round(a: string, scale: number, mode: RoundingMode): string {
  return formatDec(roundDec(parseDec(a), scale, mode));
}

/** Sum of a list; '0' for an empty list. */
export function sum(values: readonly string[]): string {
  let m = 0n;
  let s = 0;
  for (const v of values) {
    const x = parseDec(v);
    if (x.s > s) {
      m *= pow10(x.s - s);
      s = x.s;
    }
    m += rescale(x, s);
  }
  return formatDec({ m, s });
}

/** Number of decimals of the normalized value: '0.10' → 1, '5' → 0, '0.001' → 3. */
export function decimalPlaces(a: string): number {
  return trimDec(parseDec(a)).s;
}

/** For display and charts only, never for money decisions. */
export function toNumber(a: string): number {
  return Number(normalize(a));
}
