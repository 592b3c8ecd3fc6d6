// The typed readers every dialect's request parameters share. Where the values come from (query
// string, form body, JSON body) and which error a venue answers for a missing or malformed one
// stay with the dialect.
import * as D from '../../../core/decimal.js';

export abstract class ParamReader {
  /** The value of `name`, or undefined when absent or empty. */
  abstract get(name: string): string | undefined;
  /** The venue's error for a mandatory parameter that is absent. */
  protected abstract missing(name: string): Error;
  /** The venue's error for a parameter that does not parse. */
  protected abstract malformed(name: string): Error;

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  require(name: string): string {
    const v = this.get(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  /** A non-negative integer parameter, or undefined when absent. */
  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!/^\d{1,16}$/.test(v)) throw this.malformed(name);
    return Number(v);
  }

  /** A positive-or-zero decimal string without a sign. */
  decimal(name: string, required: boolean): string | undefined {
    const v = required ? this.require(name) : this.get(name);
    if (v === undefined) return undefined;
    if (!D.isDecimal(v) || v.startsWith('-') || v.startsWith('+')) throw this.malformed(name);
    return v;
  }
}
