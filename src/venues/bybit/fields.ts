/**
 * Bybit v5 habits on top of the generic field readers (../shared/fields.ts): numbers travel as
 * strings, an absent value is often the empty string, and every REST reply is an envelope
 * `{"retCode":0,"retMsg":"OK","result":{…},"retExtInfo":{},"time":…}` whose lists sit in
 * `result.list` with a `nextPageCursor` beside them.
 */
import { asArray, asObj, FieldError, type Obj, optDec, optStr } from '../shared/fields.js';

/** The `result` object of a successful envelope (the error table has already seen the code). */
export function envelopeResult(body: unknown): Obj {
  const reply = asObj(body, 'reply');
  const code = reply['retCode'];
  if (code !== 0 && code !== '0') throw new FieldError(`retCode ${JSON.stringify(code)} is not a success`);
  return asObj(reply['result'], 'result');
}

/** `result.list`. */
export function resultList(body: unknown): unknown[] {
  return asArray(envelopeResult(body)['list'], 'result.list');
}

/** `result.nextPageCursor`: undefined when the last page was read. */
export function nextCursor(body: unknown): string | undefined {
  const cursor = optStr(envelopeResult(body), 'nextPageCursor');
  return cursor === undefined || cursor === '' ? undefined : cursor;
}

/** The envelope's `time` (venue ms), or 0 when it is missing. */
export function envelopeTime(body: unknown): number {
  const time = asObj(body, 'reply')['time'];
  return typeof time === 'number' && Number.isSafeInteger(time) ? time : 0;
}

/** A decimal that Bybit may send as '' when it has none. */
export function optAmount(o: Obj, key: string): string | undefined {
  return o[key] === '' ? undefined : optDec(o, key);
}
