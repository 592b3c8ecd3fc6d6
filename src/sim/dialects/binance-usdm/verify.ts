// Binance request-signature verification, written from the venue's docs and nothing else: this file must
// never import src/venues (a bug in our signer must not be mirrored by the peer that checks it).
//
// REST: the signed payload is the query string followed by the body, exactly as received (already
// percent-encoded), without the `signature` parameter. HMAC-SHA256 → hex, compared case-insensitively;
// Ed25519 → base64; RSA (PKCS#1 v1.5, SHA-256) → base64. Base64 signatures arrive percent-encoded.
import { createHmac, type KeyObject, timingSafeEqual, verify } from 'node:crypto';

/** Splits off the `signature` parameter; returns the payload that was signed and the signature. */
export function signedPayload(
  rawQuery: string,
  rawBody: string,
): { payload: string; signature: string | undefined } {
  let signature: string | undefined;
  const strip = (s: string): string => {
    if (s === '') return s;
    const kept: string[] = [];
    for (const part of s.split('&')) {
      if (part.startsWith('signature=')) signature = part.slice('signature='.length);
      else kept.push(part);
    }
    return kept.join('&');
  };
  const query = strip(rawQuery);
  const body = strip(rawBody);
  return { payload: query + body, signature };
}

/** True when `signatureHex` is HMAC-SHA256(secret, payload) in hex (either case). */
export function verifyHmac(secret: string, payload: string, signatureHex: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signatureHex)) return false;
  const expected = createHmac('sha256', secret).update(payload, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(signatureHex, 'hex'));
}

function decodeB64Param(signature: string): Buffer | undefined {
  let text: string;
  try {
    text = decodeURIComponent(signature);
  } catch {
    return undefined;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** True when `signature` (base64, possibly percent-encoded) is an Ed25519 signature of payload. */
export function verifyEd25519(publicKey: KeyObject, payload: string, signature: string): boolean {
  const sig = decodeB64Param(signature);
  if (sig?.length !== 64) return false;
  return verify(null, Buffer.from(payload, 'utf8'), publicKey, sig);
}

/** True when `signature` (base64, possibly percent-encoded) is an RSASSA-PKCS1-v1_5/SHA-256 signature. */
export function verifyRsa(publicKey: KeyObject, payload: string, signature: string): boolean {
  const sig = decodeB64Param(signature);
  if (!sig) return false;
  try {
    return verify('sha256', Buffer.from(payload, 'utf8'), publicKey, sig);
  } catch {
    return false;
  }
}
