/**
 * Coinbase REST and WebSocket habits on top of the generic field readers (../shared/fields.ts):
 * amounts are decimal strings, times RFC 3339 text with a fraction (`2026-12-07T11:02:03.123Z`),
 * balances `{"value": "…", "currency": "…"}` objects, and "no value" is often `""` or `null`.
 */
import { isDecimal } from '../../core/decimal.js';
import { asObj, FieldError, type Obj } from '../shared/fields.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 time → ms. */
export function isoMs(o: Obj, key: string): number {
  const v = o[key];
  const t = typeof v === 'string' && RFC3339.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(t)) throw new FieldError(`${key} is not an RFC 3339 time`);
  return t;
}

/** As `isoMs`, undefined when absent, null or empty (the venue's "not yet"). */
export function optIsoMs(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  return isoMs(o, key);
}

/** A decimal that the venue writes `""` when it has none: undefined then. */
export function optAmount(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (!isDecimal(v)) throw new FieldError(`${key} is not a decimal string`);
  return v;
}

/** `{"value": "12.5", "currency": "USD"}` → its value. */
export function moneyValue(o: Obj, key: string): string {
  const m = asObj(o[key], key);
  const v = m['value'];
  if (!isDecimal(v)) throw new FieldError(`${key}.value is not a decimal string`);
  return v;
}
