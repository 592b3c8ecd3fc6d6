// OKX request-signature verification, written from the venue's docs and nothing else: this file must
// never import src/venues (a bug in our signer must not be mirrored by the peer that checks it).
//
// REST: OK-ACCESS-SIGN = base64(HMAC-SHA256(secretKey, timestamp + METHOD + requestPath + body)),
// where requestPath includes the query string exactly as received and body is the raw body ('' for
// GET). WebSocket login: sign = base64(HMAC-SHA256(secretKey, timestamp + 'GET' + '/users/self/verify'))
// with the timestamp in Unix seconds.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The base64 HMAC-SHA256 the venue expects for a prehash string. */
export function okxSign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('base64');
}

function sameBase64(expected: string, given: string): boolean {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'base64'), Buffer.from(given, 'base64'));
}

/** The REST prehash: timestamp + METHOD + requestPath (with '?query' when there is one) + body. */
export function restPrehash(
  timestamp: string,
  method: string,
  path: string,
  rawQuery: string,
  rawBody: string,
): string {
  return timestamp + method.toUpperCase() + path + (rawQuery === '' ? '' : `?${rawQuery}`) + rawBody;
}

export function verifyRest(secret: string, prehash: string, signature: string): boolean {
  return sameBase64(okxSign(secret, prehash), signature);
}

export function verifyLogin(secret: string, timestampSeconds: string, signature: string): boolean {
  return sameBase64(okxSign(secret, `${timestampSeconds}GET/users/self/verify`), signature);
}

/** `2020-12-08T09:08:57.715Z` → ms; undefined unless exactly ISO-8601 UTC with milliseconds. */
export function parseIsoMs(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString() === text ? ms : undefined;
}
