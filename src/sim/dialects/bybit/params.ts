// Request parameters as Bybit reads them: GET from the query string, POST from a JSON object body.
// Values are strings on the wire except where the venue types them otherwise (timeWindow and
// positionIdx integers, reduceOnly a boolean), so numbers and booleans read as their text; '' and
// null count as absent. A POST whose body is not a JSON object is 10001.
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

  static body(rawBody: string): Params {
    if (rawBody.trim() === '') return new Params({});
    let v: unknown;
    try {
      v = JSON.parse(rawBody);
    } catch {
      throw errors.param('params error: body is not JSON');
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw errors.param('params error: body must be a JSON object');
    return new Params(v as Json);
  }

  get(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') throw errors.invalid(name);
    return v;
  }

  protected missing(name: string): Error {
    return errors.required(name);
  }

  protected malformed(name: string): Error {
    return errors.invalid(name);
  }

  bool(name: string): boolean {
    const v = this.get(name);
    if (v === undefined || v === 'false') return false;
    if (v === 'true') return true;
    throw errors.invalid(name);
  }

  /** `category`, which every linear endpoint requires and this venue lists only `linear` of. */
  category(): string {
    const c = this.require('category');
    if (!['linear', 'spot', 'inverse', 'option'].includes(c)) throw errors.param('Illegal category');
    return c;
  }
}
