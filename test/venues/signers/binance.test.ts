import { createHmac, generateKeyPairSync, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import {
  type BinanceKey,
  binanceWsPayload,
  buildBinanceQuery,
  signBinancePayload,
  signBinanceRest,
  signBinanceRestWithBody,
  signBinanceWs,
} from '../../../src/venues/binance/sign.js';
import { SigningError } from '../../../src/venues/shared/signing-error.js';

const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const hmacKey: BinanceKey = { type: 'hmac', secret: new Secret(DOC_SECRET, 'binance api-secret') };
const rawHmac = (data: string) => createHmac('sha256', DOC_SECRET).update(data).digest('hex');

function edKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return {
    key: { type: 'ed25519', privateKey: new Secret(pem, 'binance ed25519') } as BinanceKey,
    publicKey,
  };
}

describe('binance REST query', () => {
  it('percent-encodes everything outside RFC 3986 unreserved, keeping order', () => {
    expect(
      buildBinanceQuery([
        ['symbol', '１２３'],
        ['note', 'a@b,c d'],
        ['keep', 'A-z_0.9~'],
        ['js', "!'()*"],
        ['n', 5000],
        ['flag', true],
      ]),
    ).toBe(
      'symbol=%EF%BC%91%EF%BC%92%EF%BC%93&note=a%40b%2Cc%20d&keep=A-z_0.9~&js=%21%27%28%29%2A&n=5000&flag=true',
    );
  });

  it('refuses floats and lone surrogates with a SigningError', () => {
    expect(() => buildBinanceQuery([['price', 0.1]])).toThrow(SigningError);
    expect(() => buildBinanceQuery([['symbol', '\ud800']])).toThrow(/surrogate/);
  });

  it('round-trips any text through percent-encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const query = buildBinanceQuery([['v', text]]);
        expect(query).toMatch(/^v=[A-Za-z0-9\-._~%]*$/);
        expect(decodeURIComponent(query.slice(2))).toBe(text);
      }),
    );
  });
});

describe('binance HMAC signing', () => {
  it('signs the exact query it returns and appends the signature last', () => {
    const params = [
      ['symbol', 'BTCUSDT'],
      ['quantity', '0.001'],
      ['timestamp', 1499827319559],
    ] as const;
    const signed = signBinanceRest(hmacKey, params);
    expect(signed.query).toBe('symbol=BTCUSDT&quantity=0.001&timestamp=1499827319559');
    expect(signed.signature).toBe(rawHmac(signed.query));
    expect(signed.signedQuery).toBe(`${signed.query}&signature=${signed.signature}`);
    expect(signBinanceRest(hmacKey, []).signedQuery).toBe(`signature=${rawHmac('')}`);
  });

  it('signs query‖body without a separator when parameters are split', () => {
    const signed = signBinanceRestWithBody(hmacKey, [['symbol', 'LTCBTC']], [['quantity', '1']]);
    expect(signed.signature).toBe(rawHmac('symbol=LTCBTCquantity=1'));
    expect(signed.signedBody).toBe(`quantity=1&signature=${signed.signature}`);
  });

  it('does not mix up keys of different Secrets', () => {
    const other: BinanceKey = { type: 'hmac', secret: new Secret('another-secret') };
    expect(signBinancePayload(other, 'x')).toBe(
      createHmac('sha256', 'another-secret').update('x').digest('hex'),
    );
    expect(signBinancePayload(hmacKey, 'x')).toBe(rawHmac('x'));
  });

  it('names an empty secret', () => {
    expect(() => signBinancePayload({ type: 'hmac', secret: new Secret('', 'empty') }, 'x')).toThrow(
      /empty is empty/,
    );
  });
});

describe('binance WebSocket API signing', () => {
  it('sorts by name, leaves values raw and skips signature', () => {
    expect(
      binanceWsPayload({ symbol: '１２', apiKey: 'k', timestamp: 1, signature: 'zz', note: 'a@b' }),
    ).toBe('apiKey=k&note=a@b&symbol=１２&timestamp=1');
  });

  it('refuses params that already carry a signature', () => {
    expect(() => signBinanceWs(hmacKey, { signature: 'x' })).toThrow(SigningError);
    const { payload, signature } = signBinanceWs(hmacKey, { b: '2', a: '1' });
    expect(payload).toBe('a=1&b=2');
    expect(signature).toBe(rawHmac('a=1&b=2'));
  });
});

describe('binance Ed25519 and RSA signing', () => {
  it('Ed25519 signatures verify and are URL-encoded only in the query', () => {
    const { key, publicKey } = edKey();
    for (let i = 0; i < 20; i++) {
      const signed = signBinanceRest(key, [
        ['symbol', 'BTCUSDT'],
        ['timestamp', 1700000000000 + i],
      ]);
      const raw = Buffer.from(signed.signature, 'base64');
      expect(raw).toHaveLength(64);
      expect(verify(null, Buffer.from(signed.query), publicKey, raw)).toBe(true);
      expect(signed.signedQuery).toBe(`${signed.query}&signature=${encodeURIComponent(signed.signature)}`);
      expect(signed.signedQuery.split('signature=')[1]).toMatch(/^[A-Za-z0-9%\-._~]+$/);
    }
    const ws = signBinanceWs(key, { apiKey: 'k', timestamp: 1 });
    expect(
      verify(null, Buffer.from('apiKey=k&timestamp=1'), publicKey, Buffer.from(ws.signature, 'base64')),
    ).toBe(true);
  });

  it('RSA signatures are PKCS#1 v1.5 SHA-256 and verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key: BinanceKey = {
      type: 'rsa',
      privateKey: new Secret(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    };
    const sig = signBinancePayload(key, 'symbol=BTCUSDT&timestamp=1');
    expect(
      verify('sha256', Buffer.from('symbol=BTCUSDT&timestamp=1'), publicKey, Buffer.from(sig, 'base64')),
    ).toBe(true);
  });

  it('names a key of the wrong type or format', () => {
    const { key } = edKey();
    const asRsa = { type: 'rsa', privateKey: (key as { privateKey: Secret }).privateKey } as BinanceKey;
    expect(() => signBinancePayload(asRsa, 'x')).toThrow(/ed25519 key, expected rsa/);
    expect(() =>
      signBinancePayload({ type: 'ed25519', privateKey: new Secret('not a pem', 'k') }, 'x'),
    ).toThrow(/k is not a PEM private key/);
    const broken = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
    expect(() => signBinancePayload({ type: 'ed25519', privateKey: new Secret(broken, 'k2') }, 'x')).toThrow(
      /k2 could not be parsed/,
    );
  });

  it('accepts a PEM whose newlines arrived as literal \\n', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const escaped = (privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).replace(/\n/g, '\\n');
    expect(escaped).not.toContain('\n');
    const sig = signBinancePayload({ type: 'ed25519', privateKey: new Secret(escaped) }, 'payload');
    expect(verify(null, Buffer.from('payload'), publicKey, Buffer.from(sig, 'base64'))).toBe(true);
  });
});
