import { hash } from 'node:crypto';
import { revealSecret, type Secret } from '../../core/secret.js';
import { SigningError } from './signing-error.js';

// HMAC-SHA256 as RFC 2104 defines it, H((K ^ opad) || H((K ^ ipad) || m)), from two one-shot
// hashes (`crypto.hash`, Node 20.12+) over buffers that already hold the padded key. A request
// is signed many times a second and `createHmac` spends more than half of its time setting up
// the Hmac object (a stream, the key's handle, the context) before it hashes the ~150 bytes of a
// query: without that, building the query and signing it costs ~1.2x what a bare
// `createHmac(…).update(fixed string).digest()` costs (test/bench/sign.bench.ts). Held to
// `createHmac` on random keys and messages by test/venues/shared/hmac-pads.test.ts.

const BLOCK = 64;
const DIGEST = 32;

interface Pads {
  /** K ^ ipad, then room for the message (grown to the longest message signed so far). */
  inner: Buffer;
  /** K ^ opad, then the inner digest. */
  outer: Buffer;
}

// One pair per Secret, as hmac.ts keeps one KeyObject per Secret: the text leaves the Secret
// once; a dropped Secret takes its pads along (they are the key, XORed with a constant).
const padsBySecret = new WeakMap<Secret, Pads>();

function padsFor(venue: string, secret: Secret): Pads {
  let pads = padsBySecret.get(secret);
  if (pads === undefined) {
    if (secret.isEmpty()) throw new SigningError(venue, `${secret.label} is empty`);
    let key = Buffer.from(revealSecret(secret), 'utf8');
    // A key longer than the block is replaced by its hash (RFC 2104 §2).
    if (key.length > BLOCK) key = hash('sha256', key, 'buffer');
    const inner = Buffer.alloc(BLOCK + 512);
    const outer = Buffer.alloc(BLOCK + DIGEST);
    for (let i = 0; i < BLOCK; i++) {
      const k = i < key.length ? key[i]! : 0;
      inner[i] = k ^ 0x36;
      outer[i] = k ^ 0x5c;
    }
    key.fill(0);
    pads = { inner, outer };
    padsBySecret.set(secret, pads);
  }
  return pads;
}

/** HMAC-SHA256 of the UTF-8 bytes of `data`, keyed by the UTF-8 bytes of the secret's text. */
export function hmacSha256Text(venue: string, secret: Secret, data: string, encoding: 'hex' | 'base64'): string {
  const pads = padsFor(venue, secret);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (BLOCK + data.length * 3 > pads.inner.length) {
    const grown = Buffer.alloc(BLOCK + data.length * 3);
    pads.inner.copy(grown, 0, 0, BLOCK);
    pads.inner.fill(0);
    pads.inner = grown;
  }
  const inner = pads.inner;
  const length = inner.write(data, BLOCK, 'utf8');
  // The inner digest as a Latin-1 string (one byte a character; 'binary' is Node's name for
  // it) costs less than as a Buffer: no buffer object to make, and writing it back is one copy.
  pads.outer.write(hash('sha256', inner.subarray(0, BLOCK + length), 'binary'), BLOCK, 'latin1');
  return hash('sha256', pads.outer, encoding);
}
