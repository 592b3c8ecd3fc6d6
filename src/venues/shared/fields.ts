/**
 * Typed field readers for parsed JSON replies, one implementation for every venue. Each throws a
 * `FieldError` naming the field, which `parsing` turns into a `VenueParseError` with an excerpt
 * of the reply.
 */
import { isDecimal } from '../../core/decimal.js';
import { VenueParseError } from '../venue.js';

export type Obj = Record<string, unknown>;

export class FieldError extends Error {
  override readonly name = 'FieldError';
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown, what: string): Obj {
  if (!isObj(v)) throw new FieldError(`${what} is not an object`);
  return v;
}

export function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new FieldError(`${what} is not an array`);
  return v;
}

/** An array field that may be absent (then empty). */
export function optArray(o: Obj, key: string): unknown[] {
  return o[key] === undefined ? [] : asArray(o[key], key);
}

export function str(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new FieldError(`${key} is not a string`);
  return v;
}

/** A text field that venues send as '' when it has no value: undefined then. */
export function nonEmpty(o: Obj, key: string): string | undefined {
  const v = optStr(o, key);
  return v === undefined || v === '' ? undefined : v;
}

export function optStr(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function dec(o: Obj, key: string): string {
  const v = o[key];
  if (!isDecimal(v)) throw new FieldError(`${key} is not a decimal string`);
  return v;
}

export function optDec(o: Obj, key: string): string | undefined {
  const v = o[key];
  return isDecimal(v) ? v : undefined;
}

/** Integers arrive as JSON numbers, sometimes as digit strings. */
export function int(o: Obj, key: string): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,16}$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
  throw new FieldError(`${key} is not an integer`);
}

export function optInt(o: Obj, key: string): number | undefined {
  return o[key] === undefined ? undefined : int(o, key);
}

/** Ids may exceed 2^53 on some venues: keep the digits as text. */
export function idText(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && v.length > 0) return v;
  throw new FieldError(`${key} is not an id`);
}

/**
 * A reply's error code as text (an envelope's `code`, `retCode`, an item's `sCode`): a number or a
 * string as written; absent or null is no code; anything else (an object, an array — a hostile or
 * broken body) is 'unreadable', never a throw (`String()` of an object without a prototype throws).
 */
export function codeText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : 'unreadable';
}

export function bool(o: Obj, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new FieldError(`${key} is not a boolean`);
  return v;
}

export function lookup<T>(table: Readonly<Record<string, T>>, o: Obj, key: string): T {
  const v = o[key];
  const found = typeof v === 'string' && Object.hasOwn(table, v) ? table[v] : undefined;
  if (found === undefined) throw new FieldError(`${key} has unknown value ${JSON.stringify(v)}`);
  return found;
}

/** A short, single-line excerpt of a reply for error messages. */
export function excerpt(value: unknown, max = 160): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/** Runs a parser, turning a field error into a named parse error for `what`. */
export function parsing<T>(what: string, body: unknown, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FieldError) throw new VenueParseError(`${what}: ${err.message}`, excerpt(body));
    throw err;
  }
}
