import type { Secret } from '../../core/secret.js';
import { hmacSha256 } from '../shared/hmac.js';
import { SigningError } from '../shared/signing-error.js';

const VENUE = 'okx';
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

// Requests come many per second: the date and time up to the second are formatted once per
// second and the milliseconds appended (Date#toISOString costs more than the HMAC's setup).
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `OK-ACCESS-TIMESTAMP`: ISO-8601 UTC with milliseconds, from venue-clock milliseconds. */
export function okxTimestamp(epochMs: number): string {
  if (!Number.isSafeInteger(epochMs) || epochMs < 0)
    throw new SigningError(VENUE, 'timestamp must be integer ms');
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    // Years past 9999 print with a sign and six digits: leave them to toISOString.
    if (iso.length !== 24) return new Date(epochMs).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 20);
  }
  const ms = epochMs - second * 1000;
  return `${cachedPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

export interface OkxRestSigningInput {
  /** ISO-8601 with ms, e.g. `2020-12-08T09:08:57.715Z` (see okxTimestamp). */
  timestamp: string;
  method: string;
  /** Path with its query string for GET, e.g. `/api/v5/account/balance?ccy=BTC`. */
  requestPath: string;
  /** The exact JSON body sent; empty for GET. */
  body: string;
}

/** `OK-ACCESS-SIGN` = base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body)). */
export function signOkxRest(secret: Secret, input: OkxRestSigningInput): string {
  if (!METHODS.has(input.method))
    throw new SigningError(VENUE, `method must be upper-case GET/POST/PUT/DELETE`);
  if (!input.requestPath.startsWith('/')) throw new SigningError(VENUE, 'requestPath must start with /');
  if (input.method === 'GET' && input.body !== '')
    throw new SigningError(VENUE, 'a GET carries its parameters in the query');
  return hmacSha256(VENUE, secret, input.timestamp + input.method + input.requestPath + input.body, 'base64');
}

/** WebSocket login `sign` for a Unix-seconds timestamp string. */
export function signOkxWsLogin(secret: Secret, timestampSeconds: string): string {
  if (!/^\d+$/.test(timestampSeconds))
    throw new SigningError(VENUE, 'ws login timestamp must be Unix seconds');
  return hmacSha256(VENUE, secret, timestampSeconds + 'GET/users/self/verify', 'base64');
}
