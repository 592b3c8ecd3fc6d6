// Bybit v5 request-signature verification, written from the venue's docs and nothing else: this file
// must never import src/venues (a bug in our signer must not be mirrored by the peer that checks it).
//
// REST (HMAC keys): X-BAPI-SIGN = lowercase hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow +
// payload), the payload being the query string exactly as received for GET and the raw body for POST;
// recvWindow is the X-BAPI-RECV-WINDOW header as sent ('' when the client sent none).
// Private WebSocket auth: signature = hex HMAC-SHA256(secret, 'GET/realtime' + expires).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The lowercase hex HMAC-SHA256 the venue expects for a prehash string. */
export function bybitSign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('hex');
}

function sameHex(expected: string, given: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

/** The REST prehash: timestamp + apiKey + recvWindow + (query string for GET | raw body otherwise). */
export function restPrehash(timestamp: string, apiKey: string, recvWindow: string, payload: string): string {
  return timestamp + apiKey + recvWindow + payload;
}

export function verifyRest(secret: string, prehash: string, signature: string): boolean {
  return sameHex(bybitSign(secret, prehash), signature);
}

/** The private socket's auth: `expires` as the client wrote it (ms, an integer). */
export function verifyWsAuth(secret: string, expires: string, signature: string): boolean {
  return sameHex(bybitSign(secret, `GET/realtime${expires}`), signature);
}
