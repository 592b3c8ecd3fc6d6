import { createSecretKey, type KeyObject } from 'node:crypto';
import { revealSecret, type Secret } from '../../core/secret.js';
import { decodeBase64Strict } from './encoding.js';
import { hmacSha256Text } from './hmac-pads.js';

// One KeyObject per Secret: the raw text leaves the Secret once, and later signatures skip
// re-importing the key. A WeakMap lets a dropped Secret take its key along.
const base64Keys = new WeakMap<Secret, KeyObject>();

/** The HMAC key made of the base64-decoded secret (Kraken). */
export function hmacKeyFromBase64(venue: string, secret: Secret): KeyObject {
  let key = base64Keys.get(secret);
  if (key === undefined) {
    const bytes = decodeBase64Strict(venue, secret.label, revealSecret(secret));
    key = createSecretKey(bytes);
    base64Keys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA256 of the UTF-8 bytes of `data`, keyed by the secret's text (Binance, OKX, Bybit). */
export function hmacSha256(venue: string, secret: Secret, data: string, encoding: 'hex' | 'base64'): string {
  return hmacSha256Text(venue, secret, data, encoding);
}
