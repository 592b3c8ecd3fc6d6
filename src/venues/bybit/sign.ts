/**
 * Bybit v5 signing (docs/venues.md §3.1): the prehash is `timestamp + apiKey + recvWindow +
 * payload`, where the payload is the exact query string of a GET or the exact JSON body of a POST.
 * An HMAC key signs lowercase hex; an RSA key (the venue also takes those) signs base64 of
 * RSA-SHA256. The private WebSocket's `auth` signs `"GET/realtime" + expires` the same way.
 */
import { sign as rsaSign } from 'node:crypto';
import type { Secret } from '../../core/secret.js';
import { hmacSha256 } from '../shared/hmac.js';
import { privateKeyFromPem } from '../shared/private-key.js';
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

/** The key a request is signed with: an HMAC secret, or an RSA private key registered with the venue. */
export type BybitSigningKey = { apiSecret: Secret } | { privateKey: Secret };

function digits(name: string, value: string | number): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !DIGITS.test(text)) throw new SigningError(VENUE, `${name} must be a whole number`);
  return text;
}

function prehashOf(input: BybitRestSigningInput): string {
  return digits('timestamp', input.timestamp) + input.apiKey + digits('recvWindow', input.recvWindow) + input.payload;
}

/** `X-BAPI-SIGN` = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload)). */
export function signBybitRest(secret: Secret, input: BybitRestSigningInput): string {
  return hmacSha256(VENUE, secret, prehashOf(input), 'hex');
}

function rsaBase64(privateKey: Secret, text: string): string {
  const key = privateKeyFromPem(VENUE, privateKey);
  if (key.asymmetricKeyType !== 'rsa') throw new SigningError(VENUE, `${privateKey.label} is not an RSA key (Bybit takes HMAC or RSA)`);
  return rsaSign('sha256', Buffer.from(text, 'utf8'), key).toString('base64');
}

/** `X-BAPI-SIGN` for either kind of key. */
export function signBybitRequest(key: BybitSigningKey, input: BybitRestSigningInput): string {
  return 'apiSecret' in key ? signBybitRest(key.apiSecret, input) : rsaBase64(key.privateKey, prehashOf(input));
}

/** WebSocket `auth` signature for an expiry (ms) in the future. */
export function signBybitWsAuth(secret: Secret, expires: string | number): string {
  return hmacSha256(VENUE, secret, 'GET/realtime' + digits('expires', expires), 'hex');
}

/** WebSocket `auth` signature for either kind of key. */
export function signBybitWsAuthWith(key: BybitSigningKey, expires: string | number): string {
  return 'apiSecret' in key ? signBybitWsAuth(key.apiSecret, expires) : rsaBase64(key.privateKey, 'GET/realtime' + digits('expires', expires));
}
