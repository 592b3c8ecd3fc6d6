import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { signBybitRest, signBybitWsAuth } from '../../../src/venues/bybit/sign.js';
import { signKraken } from '../../../src/venues/kraken/sign.js';
import { okxTimestamp, signOkxRest, signOkxWsLogin } from '../../../src/venues/okx/sign.js';
import { SigningError } from '../../../src/venues/shared/signing-error.js';

const hmac = (alg: string, key: string | Buffer, data: string, enc: 'hex' | 'base64') =>
  createHmac(alg, key).update(data).digest(enc);

describe('okx', () => {
  const secret = new Secret('22582BD0CFF14C41EDBF1AB98506286D', 'okx secret');

  it('formats venue ms as ISO-8601 with milliseconds', () => {
    expect(okxTimestamp(1607418537715)).toBe('2020-12-08T09:08:57.715Z');
    expect(() => okxTimestamp(1.5)).toThrow(SigningError);
  });

  it('the per-second cached formatting equals Date#toISOString for any ms, in any order (and across seconds)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 253_402_300_799_999 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 2_000 }), (times, step) => {
        for (const t of times) {
          for (const ms of [t, t + step, t + 1, t]) expect(okxTimestamp(ms)).toBe(new Date(ms).toISOString());
        }
      }),
    );
    expect(okxTimestamp(253_402_300_800_000)).toBe(new Date(253_402_300_800_000).toISOString());
  });

  it('signs timestamp + METHOD + requestPath + body, base64', () => {
    const body =
      '{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}';
    const input = {
      timestamp: '2020-12-08T09:08:57.715Z',
      method: 'POST',
      requestPath: '/api/v5/trade/order',
      body,
    };
    expect(signOkxRest(secret, input)).toBe(
      hmac(
        'sha256',
        '22582BD0CFF14C41EDBF1AB98506286D',
        `${input.timestamp}POST/api/v5/trade/order${body}`,
        'base64',
      ),
    );
  });

  it('refuses a lower-case method, a relative path and a GET body', () => {
    const base = { timestamp: 't', requestPath: '/api/v5/x', body: '' };
    expect(() => signOkxRest(secret, { ...base, method: 'get' })).toThrow(/upper-case/);
    expect(() => signOkxRest(secret, { ...base, method: 'GET', requestPath: 'api' })).toThrow(
      /start with \//,
    );
    expect(() => signOkxRest(secret, { ...base, method: 'GET', body: '{}' })).toThrow(/query/);
  });

  it('signs the WebSocket login over seconds + GET/users/self/verify', () => {
    expect(signOkxWsLogin(secret, '1538054050')).toBe(
      hmac('sha256', '22582BD0CFF14C41EDBF1AB98506286D', '1538054050GET/users/self/verify', 'base64'),
    );
    expect(() => signOkxWsLogin(secret, '2020-12-08T09:08:57.715Z')).toThrow(/Unix seconds/);
  });
});

describe('bybit', () => {
  const secret = new Secret('bybit-test-secret', 'bybit secret');

  it('signs timestamp + apiKey + recvWindow + payload, lower-case hex', () => {
    const payload =
      '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.001","price":"25000"}';
    const sig = signBybitRest(secret, {
      timestamp: 1658384314791,
      apiKey: 'XXXX',
      recvWindow: '5000',
      payload,
    });
    expect(sig).toBe(hmac('sha256', 'bybit-test-secret', `1658384314791XXXX5000${payload}`, 'hex'));
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs WebSocket auth over GET/realtime + expires', () => {
    expect(signBybitWsAuth(secret, 1662350400000)).toBe(
      hmac('sha256', 'bybit-test-secret', 'GET/realtime1662350400000', 'hex'),
    );
  });

  it('refuses non-integer timing fields', () => {
    expect(() =>
      signBybitRest(secret, { timestamp: '1.5', apiKey: 'k', recvWindow: 5000, payload: '' }),
    ).toThrow(/timestamp must be a whole number/);
    expect(() => signBybitWsAuth(secret, 1.5)).toThrow(SigningError);
  });
});

describe('kraken', () => {
  const privateKey =
    'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';

  it('hashes nonce + postData, then HMAC-SHA512 over uriPath ‖ hash with the decoded key', () => {
    const input = {
      uriPath: '/0/private/Balance',
      nonce: '1700000000000',
      postData: '{"nonce":"1700000000000"}',
    };
    const inner = createHash('sha256')
      .update(input.nonce + input.postData)
      .digest();
    const expected = createHmac('sha512', Buffer.from(privateKey, 'base64'))
      .update(Buffer.concat([Buffer.from(input.uriPath), inner]))
      .digest('base64');
    expect(signKraken(new Secret(privateKey), input)).toBe(expected);
  });

  it('names a key that is not base64 and a bad nonce', () => {
    const input = { uriPath: '/0/private/Balance', nonce: '1', postData: 'nonce=1' };
    expect(() => signKraken(new Secret('not base64!', 'kraken key'), input)).toThrow(
      /kraken key is not valid base64/,
    );
    expect(() => signKraken(new Secret(privateKey), { ...input, nonce: '-1' })).toThrow(/nonce/);
  });
});
