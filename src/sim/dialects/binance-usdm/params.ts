// Request parameters as the venue reads them: GET from the query string only; other methods from the query
// string and a form-urlencoded body, the query string winning when a name is in both. Empty counts as absent.
import { ParamReader } from '../shared/param-reader.js';
import { errors } from './errors.js';

export class Params extends ParamReader {
  readonly #values = new Map<string, string>();

  constructor(rawQuery: string, rawBody: string, method: string) {
    super();
    if (method !== 'GET' && rawBody !== '') {
      for (const [k, v] of new URLSearchParams(rawBody)) this.#values.set(k, v);
    }
    for (const [k, v] of new URLSearchParams(rawQuery)) this.#values.set(k, v);
  }

  get(name: string): string | undefined {
    const v = this.#values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  // -1102 for an absent mandatory parameter and for a malformed one alike.
  protected missing(name: string): Error {
    return errors.mandatory(name);
  }

  protected malformed(name: string): Error {
    return errors.mandatory(name);
  }

  bool(name: string): boolean {
    const v = this.get(name);
    if (v === undefined) return false;
    if (v === 'true' || v === 'TRUE' || v === 'True') return true;
    if (v === 'false' || v === 'FALSE' || v === 'False') return false;
    throw errors.badParam(name);
  }
}
