import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import {
  type CoinbaseKey,
  coinbaseJwtUri,
  coinbaseKeyAlgorithm,
  coinbaseRestJwt,
  coinbaseWsJwt,
} from '../../../src/venues/coinbase/sign.js';
import { privateKeyFromPem } from '../../../src/venues/shared/private-key.js';

// Test keys published in the official SDK's tests (coinbase/coinbase-advanced-py tests/constants.py).
const KEY_NAME = 'organizations/test-organization/apiKeys/test-api-key';
const EC_PEM =
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKwf3Uox30cRWzRBOPoPOH5p0Gpb0Dt8zUKXUEM5fMkGoAoGCCqGSM49\nAwEHoUQDQgAEbAtpLlSZYVOwYICz+uEyxcS29vRIujiES/gQ1DC7FV4zK4JuYE9v\nqDyGZQYjdXHLM7I6f/QnnOITL+dXYWBHRA==\n-----END EC PRIVATE KEY-----\n';
const ED_64 = 'k0BUni0p0vZG1BdpVjS6ogBJ7kxm630AJ2dN+tuputDOKsRAwgyrpEQLeBtS1znTmzPX6Xr2eOWpzx6nW8knkA==';
const ED_PKCS8 =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJNAVJ4tKdL2RtQXaVY0uqIASe5MZut9ACdnTfrbqbrQ\n-----END PRIVATE KEY-----\n';
const ED_SEED = 'k0BUni0p0vZG1BdpVjS6ogBJ7kxm630AJ2dN+tuputA=';

const key = (secret: string): CoinbaseKey => ({
  keyName: KEY_NAME,
  privateKey: new Secret(secret, 'cdp key'),
});
const request = {
  method: 'GET',
  host: 'api.coinbase.com',
  path: '/api/v3/brokerage/accounts',
  now: 1700000000,
  nonce: '0'.repeat(64),
};

function decode(jwt: string) {
  const [h, c, s] = jwt.split('.');
  return {
    header: Buffer.from(h!, 'base64url').toString(),
    claims: Buffer.from(c!, 'base64url').toString(),
    sig: Buffer.from(s!, 'base64url'),
    input: `${h}.${c}`,
  };
}

describe('coinbase CDP JWT', () => {
  it('builds the header and claims in the SDK order, uri without scheme or query', () => {
    const { header, claims } = decode(
      coinbaseRestJwt(key(ED_64), { ...request, path: '/api/v3/brokerage/orders?limit=5' }),
    );
    expect(header).toBe(`{"alg":"EdDSA","kid":"${KEY_NAME}","nonce":"${'0'.repeat(64)}","typ":"JWT"}`);
    expect(claims).toBe(
      `{"sub":"${KEY_NAME}","iss":"cdp","nbf":1700000000,"exp":1700000120,"uri":"GET api.coinbase.com/api/v3/brokerage/orders"}`,
    );
    expect(decode(coinbaseWsJwt(key(ED_64), { now: 1700000000, nonce: 'ab' })).claims).not.toContain('uri');
  });

  it('gives the same EdDSA token for the 64-byte, seed-only and PKCS#8 forms of one key', () => {
    const tokens = [ED_64, ED_SEED, ED_PKCS8].map((s) => coinbaseRestJwt(key(s), request));
    expect(new Set(tokens).size).toBe(1);
    const { sig, input } = decode(tokens[0]!);
    const publicKey = createPublicKey(privateKeyFromPem('test', new Secret(ED_PKCS8)));
    expect(verify(null, Buffer.from(input), publicKey, sig)).toBe(true);
  });

  it('signs ES256 as raw r‖s that verifies under the key', () => {
    const k = key(EC_PEM);
    expect(coinbaseKeyAlgorithm(k)).toBe('ES256');
    const jwt = coinbaseRestJwt(k, request);
    const { header, sig, input } = decode(jwt);
    expect(JSON.parse(header).alg).toBe('ES256');
    expect(sig).toHaveLength(64);
    const publicKey = createPublicKey(privateKeyFromPem('test', new Secret(EC_PEM)));
    expect(verify('sha256', Buffer.from(input), { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(
      true,
    );
  });

  it('names malformed keys and inputs', () => {
    const damaged = Buffer.from(ED_64, 'base64');
    damaged[40] = damaged[40]! ^ 1;
    expect(() => coinbaseRestJwt(key(damaged.toString('base64')), request)).toThrow(/public half/);
    expect(() => coinbaseRestJwt(key(Buffer.alloc(33).toString('base64')), request)).toThrow(
      /32 or 64 bytes, got 33/,
    );
    expect(() => coinbaseRestJwt(key(ED_64), { ...request, nonce: 'xyz' })).toThrow(/nonce/);
    expect(() => coinbaseJwtUri('GET', 'https://api.coinbase.com', '/x')).toThrow(/scheme/);
    expect(() => coinbaseJwtUri('get', 'api.coinbase.com', '/x')).toThrow(/upper-case/);
    expect(() => coinbaseJwtUri('GET', 'api.coinbase.com/api', '/x')).toThrow(/path/);
    // A port stays where the URL names one (the local venue's), and the query never enters the claim.
    expect(coinbaseJwtUri('GET', '127.0.0.1:40123', '/api/v3/brokerage/accounts?limit=250')).toBe('GET 127.0.0.1:40123/api/v3/brokerage/accounts');
  });
});
