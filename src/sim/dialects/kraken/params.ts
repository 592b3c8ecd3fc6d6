// Request parameters as Kraken reads them: public GETs from the query string, private POSTs from a
// form-encoded body (the classic reference) or a JSON object body (the newer reference pages, sent with
// `Content-Type: application/json`). Either way the signature covers the body exactly as received.
// '' counts as absent; a missing or malformed parameter is `EGeneral:Invalid arguments:NAME`.
import { ParamReader } from '../shared/param-reader.js';
import { errors } from './errors.js';

export class Params extends ParamReader {
  constructor(readonly values: Record<string, unknown>) {
    super();
  }

  static query(raw: string): Params {
    return new Params(Object.fromEntries(new URLSearchParams(raw)));
  }

  /** A POST body: JSON when the client says so (or it starts with `{`), else form-encoded. */
  static body(raw: string, contentType: string | undefined): Params {
    const json =
      (contentType ?? '').toLowerCase().includes('application/json') || raw.trimStart().startsWith('{');
    if (!json) return Params.query(raw);
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw errors.invalidArguments();
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw errors.invalidArguments();
    return new Params(v as Record<string, unknown>);
  }

  get(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') throw errors.invalidArguments(name);
    return v;
  }

  /** The venue's booleans: `true`/`false` (form) or a JSON boolean; absent is false. */
  bool(name: string): boolean {
    const v = this.get(name);
    if (v === undefined || v === 'false' || v === '0') return false;
    if (v === 'true' || v === '1') return true;
    throw errors.invalidArguments(name);
  }

  /** A comma-separated list (`txid`, `oflags`, `pair`). */
  list(name: string): string[] {
    return (this.get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  protected missing(name: string): Error {
    return errors.invalidArguments(name);
  }

  protected malformed(name: string): Error {
    return errors.invalidArguments(name);
  }
}
