// The HMAC built from two one-shot hashes (src/venues/shared/hmac-pads.ts) against node's
// createHmac: keys shorter than, equal to and longer than the 64-byte block, any Unicode text,
// messages long enough to grow the scratch buffer and short ones after them with the same key.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { hmacSha256Text } from '../../../src/venues/shared/hmac-pads.js';
import { SigningError } from '../../../src/venues/shared/signing-error.js';

const reference = (key: string, data: string, encoding: 'hex' | 'base64') =>
  createHmac('sha256', Buffer.from(key, 'utf8')).update(data, 'utf8').digest(encoding);

describe('hmacSha256Text', () => {
  it('equals createHmac for any key and any sequence of messages signed with it', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
        fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 700 }), fc.constantFrom('hex' as const, 'base64' as const)), {
          minLength: 1,
          maxLength: 6,
        }),
        (key, messages) => {
          const secret = new Secret(key);
          for (const [data, encoding] of messages) expect(hmacSha256Text('test', secret, data, encoding)).toBe(reference(key, data, encoding));
        },
      ),
    );
  });

  it('matches at the block edges: keys of 63, 64 and 65 bytes, a message longer than the buffer it starts with', () => {
    for (const length of [63, 64, 65, 200]) {
      const key = 'k'.repeat(length);
      const secret = new Secret(key);
      for (const data of ['', 'a', 'é'.repeat(300), 'x'.repeat(5000), 'short again']) {
        expect(hmacSha256Text('test', secret, data, 'hex')).toBe(reference(key, data, 'hex'));
      }
    }
  });

  it('a known vector (RFC 4231 test case 2)', () => {
    expect(hmacSha256Text('test', new Secret('Jefe'), 'what do ya want for nothing?', 'hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('refuses an empty secret, naming it', () => {
    expect(() => hmacSha256Text('okx', new Secret('', 'okx secret'), 'x', 'hex')).toThrow(SigningError);
    expect(() => hmacSha256Text('okx', new Secret('', 'okx secret'), 'x', 'hex')).toThrow(/okx secret is empty/);
  });
});
