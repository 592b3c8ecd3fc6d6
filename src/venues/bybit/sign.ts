import type { Secret } from '../../core/secret.js';
import { hmacSha256 } from '../shared/hmac.js';
import { SigningError } from '../shared/signing-error.js';

const VENUE = 'bybit';
const DIGITS = /^\d+$/;

export interface BybitRestSigningInput {
  /** `X-BAPI-TIMESTAMP`, venue-clock ms. */
  timestamp: string | number;
  apiKey: string;
  /** `X-BAPI-RECV-WINDOW`, ms. */
  recvWindow: string | number;
  /** The exact query string (GET) or JSON body (POST) sent. */
  payload: string;
}

function digits(name: string, value: string | number): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !DIGITS.test(text))
    throw new SigningError(VENUE, `${name} must be a whole number`);
  return text;
}

/** `X-BAPI-SIGN` = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload)). */
export function signBybitRest(secret: Secret, input: BybitRestSigningInput): string {
  const prehash =
    digits('timestamp', input.timestamp) +
    input.apiKey +
    digits('recvWindow', input.recvWindow) +
    input.payload;
  return hmacSha256(VENUE, secret, prehash, 'hex');
}

/** WebSocket `auth` signature for an expiry (ms) in the future. */
export function signBybitWsAuth(secret: Secret, expires: string | number): string {
  return hmacSha256(VENUE, secret, 'GET/realtime' + digits('expires', expires), 'hex');
}
