/**
 * Kraken REST habits on top of the generic field readers (../shared/fields.ts): every reply is an
 * envelope `{"error":[…],"result":…}` whose `error` is empty on success; amounts are decimal
 * strings; times are unix seconds as JSON numbers with a fraction (`1688666559.8974`).
 */
import { isDecimal } from '../../core/decimal.js';
import { asObj, FieldError, type Obj } from '../shared/fields.js';

/** The `result` object of a successful envelope (the error table has already seen `error`). */
export function envelopeResult(body: unknown): Obj {
  const reply = asObj(body, 'reply');
  const errors = reply['error'];
  if (errors !== undefined && (!Array.isArray(errors) || errors.length > 0)) {
    throw new FieldError(`error ${JSON.stringify(errors)} is not a success`);
  }
  return asObj(reply['result'], 'result');
}

/** Unix seconds with a fraction (a number, or digits as text) → ms. */
export function secondsMs(o: Obj, key: string): number {
  const v = o[key];
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && /^\d{1,12}(\.\d{1,9})?$/.test(v)
        ? Number(v)
        : Number.NaN;
  if (!Number.isFinite(n) || n < 0) throw new FieldError(`${key} is not a time in unix seconds`);
  return Math.round(n * 1000);
}

/** As `secondsMs`, undefined when absent or 0 (Kraken's "not set"). */
export function optSecondsMs(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === 0 || v === '0') return undefined;
  return secondsMs(o, key);
}

/** Entries of an object keyed by id (`{"OQCLML-…": {…}}`), each an object. */
export function keyedEntries(o: Obj, what: string): Array<[string, Obj]> {
  return Object.entries(o).map(([id, v]) => [id, asObj(v, `${what}.${id}`)]);
}

/**
 * A v2 socket number as a decimal string. The v2 API sends prices and quantities as JSON numbers:
 * JavaScript's shortest round-trip text of the double is the digits Kraken wrote (it writes at most
 * 17 significant digits), written out without an exponent (`1e-8` → `0.00000001`).
 */
export function numText(v: unknown, key: string): string {
  const text = plainText(v, key);
  // 1e+308 and 5e-324 are finite doubles whose plain text runs to hundreds of digits: past what
  // the decimal module takes, and past any price or size a venue writes.
  if (isDecimal(text)) return text;
  throw new FieldError(`${key} is out of range (${String(text).length} characters)`);
}

function plainText(v: unknown, key: string): string {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return v;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(`${key} is not a number`);
  const text = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (m === null) return text;
  const [, minus, lead, frac = '', exp] = m as unknown as [
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const digits = lead + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${minus}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return minus + digits + '0'.repeat(point - digits.length);
  return `${minus}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** An RFC 3339 time (`2023-09-22T10:33:05.709950Z`) → ms. */
export function isoMs(o: Obj, key: string): number {
  const v = o[key];
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(t)) throw new FieldError(`${key} is not an RFC 3339 time`);
  return t;
}
