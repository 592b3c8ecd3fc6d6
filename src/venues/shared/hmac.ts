import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { revealSecret, type Secret } from '../../core/secret.js';
import { decodeBase64Strict } from './encoding.js';
import { SigningError } from './signing-error.js';

// One KeyObject per Secret and per way of reading it: the raw text leaves the Secret once, and
// later signatures skip re-importing the key. WeakMaps let a dropped Secret take its key along.
const textKeys = new WeakMap<Secret, KeyObject>();
const base64Keys = new WeakMap<Secret, KeyObject>();

/** The HMAC key made of the secret's UTF-8 bytes (Binance, OKX, Bybit). */
export function hmacKeyFromText(venue: string, secret: Secret): KeyObject {
  let key = textKeys.get(secret);
  if (key === undefined) {
    if (secret.isEmpty()) throw new SigningError(venue, `${secret.label} is empty`);
    key = createSecretKey(Buffer.from(revealSecret(secret), 'utf8'));
    textKeys.set(secret, key);
  }
  return key;
}

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

/** HMAC-SHA256 of the UTF-8 bytes of `data`, keyed by the secret's text. */
export function hmacSha256(venue: string, secret: Secret, data: string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', hmacKeyFromText(venue, secret)).update(data, 'utf8').digest(encoding);
}
