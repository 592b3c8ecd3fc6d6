// Request parameters as the venue reads them: GET from the query string only; other methods from the query
// string and a form-urlencoded body, the query string winning when a name is in both. Empty counts as absent.
import * as D from '../../../core/decimal.js';
import { errors } from './errors.js';

export class Params {
  readonly #values = new Map<string, string>();

  constructor(rawQuery: string, rawBody: string, method: string) {
    if (method !== 'GET' && rawBody !== '') {
      for (const [k, v] of new URLSearchParams(rawBody)) this.#values.set(k, v);
    }
    for (const [k, v] of new URLSearchParams(rawQuery)) this.#values.set(k, v);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): string | undefined {
    const v = this.#values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  require(name: string): string {
    const v = this.get(name);
    if (v === undefined) throw errors.mandatory(name);
    return v;
  }

  /** A non-negative integer parameter, or undefined when absent; -1102 when malformed. */
  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!/^\d{1,16}$/.test(v)) throw errors.mandatory(name);
    return Number(v);
  }

  /** A positive-or-zero decimal string; -1102 when malformed. */
  decimal(name: string, required: boolean): string | undefined {
    const v = required ? this.require(name) : this.get(name);
    if (v === undefined) return undefined;
    if (!D.isDecimal(v) || v.startsWith('-') || v.startsWith('+')) throw errors.mandatory(name);
    return v;
  }

  bool(name: string): boolean {
    const v = this.get(name);
    if (v === undefined) return false;
    if (v === 'true' || v === 'TRUE' || v === 'True') return true;
    if (v === 'false' || v === 'FALSE' || v === 'False') return false;
    throw errors.badParam(name);
  }
}
