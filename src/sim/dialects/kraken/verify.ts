// Kraken API-Sign verification, written from the venue's docs and nothing else: this file must never
// import src/venues (a bug in our signer must not be mirrored by the peer that checks it).
//
// API-Sign = base64( HMAC-SHA512( base64-decoded secret, uriPath ‖ SHA-256(nonce ‖ postData) ) ),
// uriPath starting at `/0/private/`, nonce the body's `nonce` as sent, postData the raw body, the
// SHA-256 digest taken as its 32 raw bytes (docs: guides/spot-rest-auth).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The signature the venue expects for a request, in base64. */
export function krakenSign(secretBase64: string, uriPath: string, nonce: string, postData: string): string {
  const inner = createHash('sha256')
    .update(nonce + postData, 'utf8')
    .digest();
  return createHmac('sha512', Buffer.from(secretBase64, 'base64'))
    .update(Buffer.concat([Buffer.from(uriPath, 'utf8'), inner]))
    .digest('base64');
}

/** Whether `signature` (base64, as sent in API-Sign) is the key's signature of this request. */
export function verifyKraken(
  secretBase64: string,
  uriPath: string,
  nonce: string,
  postData: string,
  signature: string,
): boolean {
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  const expected = Buffer.from(krakenSign(secretBase64, uriPath, nonce, postData), 'base64');
  return timingSafeEqual(expected, Buffer.from(signature, 'base64'));
}
