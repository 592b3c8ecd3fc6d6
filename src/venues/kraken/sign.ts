import { createHash, createHmac } from 'node:crypto';
import type { Secret } from '../../core/secret.js';
import { hmacKeyFromBase64 } from '../shared/hmac.js';
import { SigningError } from '../shared/signing-error.js';

const VENUE = 'kraken';

export interface KrakenSigningInput {
  /** e.g. `/0/private/AddOrder`. */
  uriPath: string;
  /** The same nonce the body carries; per key, always increasing. */
  nonce: string;
  /** The exact body sent (form-encoded or JSON), which contains the nonce. */
  postData: string;
}

/** `API-Sign` = base64(HMAC-SHA512(base64decode(secret), uriPath ‖ SHA256(nonce ‖ postData))). */
export function signKraken(secret: Secret, input: KrakenSigningInput): string {
  if (!/^\d+$/.test(input.nonce)) throw new SigningError(VENUE, 'nonce must be an unsigned integer');
  if (!input.uriPath.startsWith('/')) throw new SigningError(VENUE, 'uriPath must start with /');
  const inner = createHash('sha256')
    .update(input.nonce + input.postData, 'utf8')
    .digest();
  return createHmac('sha512', hmacKeyFromBase64(VENUE, secret))
    .update(input.uriPath, 'utf8')
    .update(inner)
    .digest('base64');
}
