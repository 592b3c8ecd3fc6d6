import { inspect } from 'node:util';
import fc from 'fast-check';
import { Headers as UndiciHeaders } from 'undici';
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
  it('changes nothing in a line it already scrubbed (two loggers in a row)', () => {
    const lines = [
      'GET /fapi/v1/order?symbol=X&signature=abc123&timestamp=1',
      '{"secret":"abc","apiKey":"k"}',
      'X-MBX-APIKEY: abcdef',
      'OK-ACCESS-SIGN: abc',
      'Authorization: Bearer abcdefghijkl',
      "{'secret': 'x', signature: { r: '0x1', s: '0x2', v: 27 }}",
      'signature%3Dabc%26x',
      '\\"secret\\":\\"abc\\"',
    ];
    for (const line of lines) {
      const once = scrubSensitivePatterns(line);
      expect(once, line).not.toBe(line);
      expect(scrubSensitivePatterns(once), line).toBe(once);
    }
  });

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

  it("censors the headers of the engine's own HTTP client (undici's Headers, not the global class)", () => {
    const headers = new UndiciHeaders({ 'OK-ACCESS-SIGN': 'q'.repeat(20), accept: 'json' });
    const text = JSON.stringify(redactValue({ request: { headers } }));
    expect(text).not.toContain('qqqq');
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

describe('secret forms a log line can carry', () => {
  const HL_KEY = '0xe908f86dbb4d55ac876378565aafeabc187f6690f046459397b17d9b9a19688e';
  const PLUS = "Ab+cd/ef gh!*(x)~y'z=1";

  const scrubbed = (secret: string, text: string): string => {
    const s = new SecretScrubber();
    s.register(new Secret(secret, 'api-secret'));
    return s.scrub(text);
  };

  it('finds form encoding (+ for space, %2B), lower-case escapes and RFC 3986 escapes', () => {
    const form = new URLSearchParams([['s', PLUS]]).toString().slice(2);
    expect(form).toContain('+gh');
    expect(form).toContain('%2B');
    const lower = encodeURIComponent(PLUS).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    const rfc = encodeURIComponent(PLUS).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    for (const text of [form, lower, rfc]) {
      expect(scrubbed(PLUS, `body a=1&s=${text}&b=2`)).toBe(`body a=1&s=${REDACTED}&b=2`);
    }
  });

  it('finds a Hyperliquid key without 0x, in upper case, and the base64 of its bytes', () => {
    const bare = HL_KEY.slice(2);
    const bytes = Buffer.from(bare, 'hex');
    for (const text of [
      bare,
      bare.toUpperCase(),
      `0X${bare.toUpperCase()}`,
      bytes.toString('base64'),
      bytes.toString('base64url'),
    ]) {
      const out = scrubbed(HL_KEY, `wallet ${text} loaded`);
      expect(out).toBe(`wallet ${text.startsWith('0X') ? '0X' : ''}${REDACTED} loaded`);
    }
  });

  it('finds util.inspect forms of secret-bearing fields', () => {
    const printed = inspect({
      headers: { 'ok-access-sign': 'c2lnbmF0dXJlLWJ5dGVzLWhlcmU=', accept: 'json' },
      signature: { r: '0x12ab34', s: '0x56cd78', v: 27 },
      apiKey: ['abc123def'],
      passphrase: 1234567,
    });
    const out = scrubSensitivePatterns(printed);
    for (const leaked of ['c2lnbmF0dXJl', '0x12ab34', '0x56cd78', 'abc123def', '1234567']) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain("accept: 'json'");
  });

  it('finds signature%3D inside a URL that was percent-encoded into another', () => {
    const inner =
      'https://127.0.0.1/fapi/v1/order?symbol=BTCUSDT&timestamp=1&signature=c8db56825ae71d6d&recvWindow=5000';
    for (const text of [
      encodeURIComponent(inner),
      encodeURIComponent(encodeURIComponent(inner)),
      encodeURIComponent(inner).toLowerCase(),
    ]) {
      const out = scrubSensitivePatterns(`redirect to ${text} failed`);
      expect(out).not.toContain('c8db56825ae71d6d');
      expect(out.toLowerCase()).toContain('recvwindow');
    }
  });

  // For any secret and any way a program might print it, the scrubbed line never holds that form.
  it('never lets a registered secret through in any encoding (property)', () => {
    const encodings: Array<[string, (raw: string) => string]> = [
      ['raw', (r) => r],
      ['JSON-escaped', (r) => JSON.stringify(r).slice(1, -1)],
      ['util.inspect', (r) => inspect(r).slice(1, -1)],
      ['base64', (r) => Buffer.from(r).toString('base64')],
      ['base64 unpadded', (r) => Buffer.from(r).toString('base64').replace(/=+$/, '')],
      ['base64url', (r) => Buffer.from(r).toString('base64url')],
      ['hex', (r) => Buffer.from(r).toString('hex')],
      ['HEX', (r) => Buffer.from(r).toString('hex').toUpperCase()],
      ['percent', (r) => encodeURIComponent(r)],
      ['percent lower-case', (r) => encodeURIComponent(r).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
      [
        'RFC 3986',
        (r) =>
          encodeURIComponent(r).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
      ],
      ['form', (r) => new URLSearchParams([['', r]]).toString().slice(1)],
      [
        'form lower-case',
        (r) =>
          new URLSearchParams([['', r]])
            .toString()
            .slice(1)
            .replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
      ],
      ['hex key bare', (r) => r.replace(/^0x/i, '')],
      ['hex key upper', (r) => r.toUpperCase()],
      ['hex key bytes base64', (r) => Buffer.from(r.replace(/^0x/i, ''), 'hex').toString('base64')],
    ];
    const hexKey = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9a-f]{64}$/))
      .map(([prefixed, hex]) => (prefixed ? `0x${hex}` : hex));
    const printable = fc.string({ unit: 'grapheme-ascii', minLength: 6, maxLength: 40 });
    const anyText = fc.string({ unit: 'binary', minLength: 6, maxLength: 24 });
    const secret = fc.oneof(hexKey, printable, anyText);
    fc.assert(
      fc.property(secret, fc.constantFrom(...encodings), (raw, [name, encode]) => {
        const form = encode(raw);
        // Hex-key forms only mean something for hex keys; other secrets skip them.
        if (name.startsWith('hex key') && !/^(0x)?[0-9a-f]{64}$/i.test(raw)) return;
        const out = scrubbed(raw, `sent <${form}> ok`);
        expect(out, `${name} form leaked`).not.toContain(form);
      }),
    );
  });
});

describe('redactValue under sensitive keys in any case', () => {
  it('censors arrays, objects, numbers, booleans and bigints, whatever the case of the key', () => {
    const value = {
      apiKey: ['k1234567', 'k7654321'],
      APIKEY: 'upper-case-key',
      privateKey: { d: 'd-component-99', x: 'x-component-98' },
      'OK-ACCESS-PASSPHRASE': 1234567,
      'ok-access-passphrase': 7654321,
      Ok_Unrelated: 42,
      ApiSecret: true,
      Secret: 99887766n,
      Signature: { r: '0xaa', s: '0xbb', v: 27 },
      nested: [{ Password: ['hunter22'] }],
    };
    const out = redactValue(value) as Record<string, unknown>;
    for (const key of [
      'apiKey',
      'APIKEY',
      'privateKey',
      'OK-ACCESS-PASSPHRASE',
      'ok-access-passphrase',
      'ApiSecret',
      'Secret',
      'Signature',
    ]) {
      expect(out[key], key).toBe(REDACTED);
    }
    expect(out['Ok_Unrelated']).toBe(42);
    expect(out['nested']).toEqual([{ Password: REDACTED }]);
    const map = redactValue(
      new Map<string, unknown>([
        ['X-Mbx-ApiKey', 123456789],
        ['Token', ['t']],
      ]),
    );
    expect(map).toEqual({ 'X-Mbx-ApiKey': REDACTED, Token: REDACTED });
    const err = redactValue(Object.assign(new Error('x'), { PrivateKey: [1, 2, 3] })) as Record<
      string,
      unknown
    >;
    expect(err['PrivateKey']).toBe(REDACTED);
  });

  it('censors the same in text: JSON and inspect forms of any value type', () => {
    const json = JSON.stringify({ apiKey: ['k1234567'], PASSPHRASE: 1234567, privateKey: { d: 'dddddd' } });
    const out = scrubSensitivePatterns(json);
    expect(() => JSON.parse(out)).not.toThrow();
    expect(JSON.parse(out)).toEqual({ apiKey: REDACTED, PASSPHRASE: REDACTED, privateKey: REDACTED });
    const embedded = JSON.stringify({ msg: JSON.stringify({ Passphrase: 1234567, Sign: ['abcdef'] }) });
    const out2 = scrubSensitivePatterns(embedded);
    expect(() => JSON.parse(out2)).not.toThrow();
    expect(out2).not.toContain('1234567');
    expect(out2).not.toContain('abcdef');
  });
});

describe('scrubbing exactly', () => {
  it('a scrubber with nothing registered changes nothing, not even the word null', () => {
    expect(new SecretScrubber().scrub('price null, size undefined')).toBe('price null, size undefined');
  });

  it('replaces every occurrence of a secret, not only the first', () => {
    const s = new SecretScrubber();
    s.register('k-0123456789abcdef');
    expect(s.scrub('a k-0123456789abcdef b k-0123456789abcdef')).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it('replaces the longer of two secrets whole when one begins the other, whatever the order they came in', () => {
    const s = new SecretScrubber();
    s.register('abcdefgh12');
    s.register('abcdefgh1234');
    s.register('abcdefgh123456');
    expect(s.scrub('x abcdefgh123456 y abcdefgh1234 z abcdefgh12.')).toBe(
      `x ${REDACTED} y ${REDACTED} z ${REDACTED}.`,
    );
  });

  it('keeps the quoting of the key and quotes the mark where the value was', () => {
    expect(scrubSensitivePatterns("{ signature: { r: '0x1', s: '0x2', v: 27 } }")).toBe(
      `{ signature: '${REDACTED}' }`,
    );
    expect(scrubSensitivePatterns(`{ 'ok-access-sign': 'c2lnbmF0dXJl' }`)).toBe(
      `{ 'ok-access-sign': '${REDACTED}' }`,
    );
    expect(scrubSensitivePatterns('{"apiKey":["k1"]}')).toBe(`{"apiKey":"${REDACTED}"}`);
  });

  it('writes JSON embedded in a JSON string back as escaped JSON', () => {
    const embedded = JSON.stringify(JSON.stringify({ Passphrase: 'p-123456', a: 1 }));
    const out = scrubSensitivePatterns(embedded);
    expect(out).toBe(JSON.stringify(JSON.stringify({ Passphrase: REDACTED, a: 1 })));
  });

  it('keeps the encoded name and cuts the value of signature%3D up to the next encoded &', () => {
    expect(scrubSensitivePatterns('next=%2Fx%3Fsignature%3Dabcdef0123%26recvWindow%3D5000')).toBe(
      `next=%2Fx%3Fsignature%3D${REDACTED}%26recvWindow%3D5000`,
    );
  });

  it('keeps the word Bearer or Basic and marks the token', () => {
    expect(scrubSensitivePatterns('sent with Bearer eyJhbGciOiJFUzI1NiJ9.eyJ4In0.c2ln rest')).toBe(
      `sent with Bearer ${REDACTED} rest`,
    );
    expect(scrubSensitivePatterns('proxy said Basic dXNlcjpzZWNyZXQ= twice')).toBe(
      `proxy said Basic ${REDACTED} twice`,
    );
  });
});
