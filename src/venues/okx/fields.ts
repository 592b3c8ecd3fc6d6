/**
 * OKX v5 habits on top of the generic field readers (../shared/fields.ts): every number travels
 * as a string, an absent value is the empty string, booleans are "true"/"false", and every REST reply is an envelope
 * `{"code":"0","msg":"","data":[…]}` whose items may carry their own `sCode`/`sMsg`.
 */
import { asArray, asObj, FieldError, type Obj } from '../shared/fields.js';

/** The `data` array of a successful envelope (the error table has already seen the code). */
export function envelopeData(body: unknown): unknown[] {
  const reply = asObj(body, 'reply');
  const code = reply['code'];
  if (code !== '0' && code !== 0 && code !== '2') throw new FieldError(`envelope code ${JSON.stringify(code)} is not a success`);
  return asArray(reply['data'], 'data');
}

/** The first item of `data`, as an object. */
export function firstItem(body: unknown): Obj {
  const data = envelopeData(body);
  if (data.length === 0) throw new FieldError('data is empty');
  return asObj(data[0], 'data[0]');
}

/** "true"/"false" (OKX), or a real boolean; absent or '' → `fallback`. */
export function textBool(o: Obj, key: string, fallback = false): boolean {
  const v = o[key];
  if (v === undefined || v === '') return fallback;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new FieldError(`${key} is not "true"/"false"`);
}

