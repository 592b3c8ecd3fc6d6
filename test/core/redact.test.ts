import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  SecretScrubber,
  maskKeyId,
  redactError,
  redactUrl,
  redactValue,
  scrubSensitivePatterns,
  secretForms,
} from '../../src/core/redact.js';
import { Secret } from '../../src/core/secret.js';

const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const b64 = Buffer.from(SECRET).toString('base64');
const hex = Buffer.from(SECRET).toString('hex');

describe('maskKeyId', () => {
  it('keeps the first and last four characters', () => {
    expect(maskKeyId('vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A')).toBe('vmPU…Eh8A');
  });
  it('stars out short ids entirely', () => {
    expect(maskKeyId('abcdefgh')).toBe('********');
    expect(maskKeyId('ab')).toBe('****');
  });
});

describe('secretForms', () => {
  it('covers raw, base64, base64url, hex in both cases, JSON-escaped and percent-encoded', () => {
    const forms = secretForms('a"b/c+d\\e?');
    expect(forms).toContain('a"b/c+d\\e?');
    expect(forms).toContain(Buffer.from('a"b/c+d\\e?').toString('base64'));
    expect(forms).toContain(Buffer.from('a"b/c+d\\e?').toString('hex'));
    expect(forms).toContain(Buffer.from('a"b/c+d\\e?').toString('hex').toUpperCase());
    expect(forms).toContain('a\\"b/c+d\\\\e?');
    expect(forms).toContain(encodeURIComponent('a"b/c+d\\e?'));
  });
});

describe('SecretScrubber', () => {
  const scrubber = new SecretScrubber();
  scrubber.register(new Secret(SECRET, 'api-secret'));

  it('replaces a registered secret in raw, base64 and hex forms', () => {
    const line = `a ${SECRET} b ${b64} c ${hex} d ${hex.toUpperCase()} e ${encodeURIComponent(SECRET)}`;
    const out = scrubber.scrub(line);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(b64);
    expect(out).not.toContain(hex);
    expect(out).not.toContain(hex.toUpperCase());
    expect(out.split(REDACTED).length - 1).toBe(5);
  });

  it('leaves text without secrets alone', () => {
    expect(scrubber.scrub('order filled 0.01 BTCUSDT @ 65000.5')).toBe('order filled 0.01 BTCUSDT @ 65000.5');
  });

  it('ignores values too short to scrub safely', () => {
    const s = new SecretScrubber();
    s.register('abc');
    expect(s.size).toBe(0);
    expect(s.scrub('abc')).toBe('abc');
  });
});

describe('scrubSensitivePatterns', () => {
  it('removes signature= from query strings and URLs wherever it is', () => {
    const url =
      'https://fapi.binance.com/fapi/v1/order?symbol=BTCUSDT&timestamp=1&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';
    expect(redactUrl(url)).toBe(
      `https://fapi.binance.com/fapi/v1/order?symbol=BTCUSDT&timestamp=1&signature=${REDACTED}`,
    );
    expect(scrubSensitivePatterns('failed: GET /x?signature=abcdef0123 (400)')).toBe(
      `failed: GET /x?signature=${REDACTED} (400)`,
    );
  });

  it('removes header values in text dumps and JSON, and auth tokens', () => {
    expect(scrubSensitivePatterns('X-MBX-APIKEY: abcdef123456')).toBe(`X-MBX-APIKEY: ${REDACTED}`);
    expect(scrubSensitivePatterns('{"OK-ACCESS-SIGN":"xyz+/=","a":1}')).toBe(
      `{"OK-ACCESS-SIGN":"${REDACTED}","a":1}`,
    );
    expect(scrubSensitivePatterns('Authorization: Basic dXNlcjpzZWNyZXRzZWNyZXQ=')).not.toContain(
      'dXNlcjpzZWNyZXRzZWNyZXQ=',
    );
    expect(scrubSensitivePatterns('bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig')).not.toContain('eyJ');
  });

  it('keeps the JSON of a log line valid', () => {
    const line = JSON.stringify({
      msg: 'sent {"signature":"abc\\"def","apiKey":"k"} ?signature=a"b',
      signature: { r: '0x1', s: '0x2', v: 27 },
    });
    const out = scrubSensitivePatterns(line);
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out).not.toContain('abc');
    expect(out).not.toContain('0x1');
  });
});

describe('redactValue', () => {
  it('censors sensitive keys at any depth, in Headers and Maps too', () => {
    const headers = new Headers({ 'X-MBX-APIKEY': 'k'.repeat(20), accept: 'json' });
    const out = redactValue({
      request: { headers, url: '/x?signature=deadbeef00' },
      nested: { deeper: { passphrase: 'pass-phrase-1' } },
      map: new Map([['secret', 's'.repeat(10)]]),
    }) as Record<string, Record<string, unknown>>;
    const text = JSON.stringify(out);
    expect(text).not.toContain('kkkk');
    expect(text).not.toContain('deadbeef00');
    expect(text).not.toContain('pass-phrase-1');
    expect(text).not.toContain('ssss');
    expect(text).toContain('"accept":"json"');
  });

  it('cuts cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    expect(redactValue(a)).toEqual({ name: 'a', self: '[circular]' });
  });
});

describe('redactError', () => {
  it('scrubs message and stack and drops request carriers, keeping the class and status', () => {
    class HttpError extends Error {}
    const err = new HttpError(
      `GET https://api.binance.com/sapi/x?timestamp=1&signature=0badc0ffee00 failed ${SECRET}`,
    );
    Object.assign(err, {
      requestOptions: { key: 'k', secret: SECRET },
      response: { status: 418, data: 'banned' },
      config: { headers: { 'OK-ACCESS-PASSPHRASE': 'p' } },
      code: -1003,
    });
    const scrubber = new SecretScrubber();
    scrubber.register(SECRET);
    const out = redactError(err, (t) => scrubber.scrub(t));
    expect(out).toBe(err);
    expect(out).toBeInstanceOf(HttpError);
    expect(out.message).not.toContain('0badc0ffee00');
    expect(out.message).not.toContain(SECRET);
    expect(out.stack).not.toContain(SECRET);
    const record = out as unknown as Record<string, unknown>;
    expect(record['requestOptions']).toBeUndefined();
    expect(record['config']).toBeUndefined();
    expect(record['status']).toBe(418);
    expect(record['code']).toBe(-1003);
  });

  it('follows causes and wraps non-errors', () => {
    const inner = new Error('signature=abcdef012345');
    const outer = new Error('outer', { cause: inner });
    redactError(outer);
    expect((outer.cause as Error).message).toBe(`signature=${REDACTED}`);
    expect(redactError({ apiKey: 'abcdef', x: 1 }).message).toBe(`{"apiKey":"${REDACTED}","x":1}`);
  });

  it('copies a frozen error rather than failing', () => {
    const frozen = Object.freeze(new Error('token=abcdef012345'));
    const out = redactError(frozen);
    expect(out).not.toBe(frozen);
    expect(out.message).toBe(`token=${REDACTED}`);
  });
});

describe('redactValue on errors', () => {
  it('copies instead of changing the error (logging must not alter what the caller holds)', () => {
    const err = Object.assign(new Error('GET /x?signature=abcdef012345'), {
      response: { status: 503, body: 'x' },
      requestOptions: { secret: 'sssssssss' },
      code: 'E1',
    });
    const out = redactValue({ err }) as { err: Record<string, unknown> };
    expect(out.err).toMatchObject({
      type: 'Error',
      message: `GET /x?signature=${REDACTED}`,
      status: 503,
      code: 'E1',
    });
    expect(out.err['requestOptions']).toBeUndefined();
    expect(err.message).toBe('GET /x?signature=abcdef012345');
    expect(err.response.status).toBe(503);
  });
});
