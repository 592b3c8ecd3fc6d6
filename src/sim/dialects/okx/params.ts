// Request parameters as OKX reads them: GET from the query string, POST from a JSON body (an object,
// or an array for batch endpoints). Every value is a string; '' counts as absent.
import * as D from '../../../core/decimal.js';
import { errors } from './errors.js';

export type Json = Record<string, unknown>;

export class Params {
  constructor(readonly values: Json) {}

  static query(rawQuery: string): Params {
    const out: Json = {};
    for (const [k, v] of new URLSearchParams(rawQuery)) out[k] = v;
    return new Params(out);
  }

  get(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw errors.param(name);
    return v;
  }

  require(name: string): string {
    const v = this.get(name);
    if (v === undefined) throw errors.required(name);
    return v;
  }

  /** A positive decimal string. */
  decimal(name: string, required: boolean): string | undefined {
    const v = required ? this.require(name) : this.get(name);
    if (v === undefined) return undefined;
    if (!D.isDecimal(v) || v.startsWith('-') || v.startsWith('+')) throw errors.param(name);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!/^\d{1,16}$/.test(v)) throw errors.param(name);
    return Number(v);
  }

  bool(name: string): boolean {
    const v = this.values[name];
    if (v === undefined || v === '' || v === false || v === 'false') return false;
    if (v === true || v === 'true') return true;
    throw errors.param(name);
  }
}

/** The JSON body of a POST: an object or an array of objects; malformed JSON is 50000. */
export function jsonBody(rawBody: string): Json | Json[] {
  if (rawBody.trim() === '') throw errors.bodyEmpty();
  let v: unknown;
  try {
    v = JSON.parse(rawBody);
  } catch {
    throw errors.param('body (not JSON)');
  }
  const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObj(v)) return v;
  if (Array.isArray(v) && v.every(isObj)) return v;
  throw errors.param('body');
}
