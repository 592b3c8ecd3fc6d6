import type { Secret } from '../../core/secret.js';
import { privateKeyFromPem } from './private-key.js';

/**
 * The signing method of a venue that takes either an HMAC secret or a PEM private key
 * (Ed25519 or RSA): named from the key's type, never from its value. A PEM that does not parse
 * is only "private key" here; the signer names the problem when it is used.
 */
export function secretOrPemMethod(family: string, key: { apiSecret?: Secret; privateKey?: Secret }): string {
  if (key.apiSecret !== undefined) return 'HMAC-SHA256';
  if (key.privateKey === undefined) return 'unknown';
  try {
    const kind = privateKeyFromPem(family, key.privateKey).asymmetricKeyType;
    return kind === 'ed25519' ? 'Ed25519' : kind === 'rsa' ? 'RSA' : (kind ?? 'private key');
  } catch {
    return 'private key';
  }
}
