import { createPrivateKey, type KeyObject } from 'node:crypto';
import { revealSecret, type Secret } from '../../core/secret.js';
import { SigningError } from './signing-error.js';

const pemKeys = new WeakMap<Secret, KeyObject>();

/**
 * Imports a PEM private key (PKCS#8, or SEC1 `EC PRIVATE KEY`, or PKCS#1 RSA) once per Secret.
 * Keys pasted through `.env` files often carry literal `\n`; those are turned back into newlines.
 */
export function privateKeyFromPem(venue: string, secret: Secret): KeyObject {
  let key = pemKeys.get(secret);
  if (key === undefined) {
    const pem = revealSecret(secret).replace(/\\n/g, '\n').trim();
    if (!pem.startsWith('-----BEGIN') || !pem.includes('PRIVATE KEY-----')) {
      throw new SigningError(venue, `${secret.label} is not a PEM private key`);
    }
    if (pem.includes('ENCRYPTED PRIVATE KEY')) {
      throw new SigningError(venue, `${secret.label} is an encrypted PEM; decrypt it into custody first`);
    }
    try {
      key = createPrivateKey({ key: pem, format: 'pem' });
    } catch {
      // The parser's message may quote key bytes; say only what went wrong.
      throw new SigningError(venue, `${secret.label} could not be parsed as a private key`);
    }
    pemKeys.set(secret, key);
  }
  return key;
}

/** Ensures an imported key is of the expected algorithm. */
export function expectKeyType(
  venue: string,
  secret: Secret,
  key: KeyObject,
  type: 'ed25519' | 'rsa' | 'ec',
): void {
  if (key.asymmetricKeyType !== type) {
    throw new SigningError(
      venue,
      `${secret.label} is a ${key.asymmetricKeyType ?? 'unknown'} key, expected ${type}`,
    );
  }
}

// PKCS#8 wrapper of a raw Ed25519 seed (RFC 8410): fixed 16-byte prefix, then the 32 seed bytes.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from its 32-byte seed. */
export function ed25519FromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}
