// Bybit v5 request-signature verification, written from the venue's docs and nothing else: this file
// must never import src/venues (a bug in our signer must not be mirrored by the peer that checks it).
//
// REST (HMAC keys): X-BAPI-SIGN = lowercase hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow +
// payload), the payload being the query string exactly as received for GET and the raw body for POST;
// recvWindow is the X-BAPI-RECV-WINDOW header as sent ('' when the client sent none).
// RSA keys sign the same prehash with RSA-SHA256 (PKCS#1 v1.5) and send it base64.
// Private WebSocket auth: signature = hex HMAC-SHA256(secret, 'GET/realtime' + expires) (RSA: base64).
import { createHmac, type KeyObject, timingSafeEqual, verify } from 'node:crypto';

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

/** The private socket's auth prehash: 'GET/realtime' + `expires` as the client wrote it (ms). */
export function wsAuthPrehash(expires: string): string {
  return `GET/realtime${expires}`;
}

/** An RSA key's signature (base64 RSA-SHA256) over a prehash. */
export function verifyRsa(publicKey: KeyObject, prehash: string, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return verify('sha256', Buffer.from(prehash, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
