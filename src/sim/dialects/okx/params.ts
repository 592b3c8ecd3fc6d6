// Request parameters as OKX reads them: GET from the query string, POST from a JSON body (an object,
// or an array for batch endpoints). Every value is a string; '' counts as absent.
import { ParamReader } from '../shared/param-reader.js';
import { errors } from './errors.js';

export type Json = Record<string, unknown>;

export class Params extends ParamReader {
  constructor(readonly values: Json) {
    super();
  }

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

  protected missing(name: string): Error {
    return errors.required(name);
  }

  protected malformed(name: string): Error {
    return errors.param(name);
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
