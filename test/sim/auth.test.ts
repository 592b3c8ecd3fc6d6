// Signature, key and timing checks, over real loopback sockets, with a client that signs per the docs.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { verifyHmac } from '../../src/sim/dialects/binance-usdm/verify.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { hmacHex, TestClient } from './client.js';

let sim: SimHandle;
let client: TestClient;

beforeAll(async () => {
  sim = await startSim({
    seed: 'auth',
    tickMs: 0,
    accounts: [
      { name: 'trader', keys: [{ type: 'hmac' }, { type: 'ed25519' }, { type: 'rsa' }] },
      { name: 'risky', keys: [{ type: 'hmac', permissions: { enableWithdrawals: true, ipRestrict: true } }] },
      { name: 'reader', keys: [{ type: 'hmac', permissions: { enableFutures: false } }] },
    ],
  });
  client = new TestClient(sim);
});
afterAll(() => sim.close());

describe('signed requests', () => {
  it('accepts a correct HMAC signature (query string) and rejects a wrong one with -1022', async () => {
    const ok = await client.signed('GET', '/fapi/v2/balance');
    expect(ok.status).toBe(200);
    expect(ok.json[0].asset).toBe('USDT');
    const bad = await client.signed('GET', '/fapi/v2/balance', {}, { signature: 'ab'.repeat(32) });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
  });

  it('accepts upper-case hex (HMAC signatures are case-insensitive)', async () => {
    const ts = Date.now();
    const payload = `timestamp=${ts}`;
    const sig = hmacHex(require_secret(), payload).toUpperCase();
    const r = await client.call(
      'GET',
      '/fapi/v2/balance',
      { timestamp: ts },
      { signed: true, signature: sig },
    );
    expect(r.status).toBe(200);
  });

  it('verifies the signature over query string + body when parameters are split between them', async () => {
    const key = client.key;
    const ts = Date.now();
    const query = 'symbol=BTCUSDT&side=BUY&type=LIMIT';
    const body = `timeInForce=GTC&quantity=0.002&price=62000.0&timestamp=${ts}`;
    const sig = hmacHex(require_secret(), query + body);
    const res = await fetch(`${sim.restUrl}/fapi/v1/order?${query}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': key.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${body}&signature=${sig}`,
    });
    const json = (await res.json()) as { status: string; price: string };
    expect(res.status).toBe(200);
    expect(json.status).toBe('NEW');
  });

  it('accepts Ed25519 and RSA keys', async () => {
    const account = sim.accounts[0]!;
    for (const key of [account.ed25519!, account.rsa!]) {
      const r = await client.signed('GET', '/fapi/v2/balance', {}, { key });
      expect(r.status, key.type).toBe(200);
      const bad = await client.signed(
        'GET',
        '/fapi/v2/balance',
        {},
        { key, signature: encodeURIComponent('AAAA'.repeat(22)) },
      );
      expect(bad.json.code, key.type).toBe(-1022);
    }
  });

  it('refuses an unknown key with -2015 and a missing key header with -2014', async () => {
    const unknown = await client.signed('GET', '/fapi/v2/balance', {}, { apiKey: 'x'.repeat(64) });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
    const missing = await client.signed('GET', '/fapi/v2/balance', {}, { apiKey: null });
    expect(missing.json.code).toBe(-2014);
  });

  it('answers -1102 for a missing timestamp, signature or mandatory parameter', async () => {
    const r1 = await fetch(`${sim.restUrl}/fapi/v2/balance?signature=${'ab'.repeat(32)}`, {
      headers: { 'X-MBX-APIKEY': client.key.apiKey },
    });
    expect(await r1.json()).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
    });
    const r2 = await client.call('GET', '/fapi/v2/balance', { timestamp: Date.now() });
    expect(r2.json.code).toBe(-1102);
    expect(r2.json.msg).toContain("'signature'");
    const r3 = await client.signed('POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.002',
      price: '60000',
    });
    expect(r3.json).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.",
    });
    const r4 = await client.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT' });
    expect(r4.json.code).toBe(-1102);
  });

  it('applies both timing rules: ahead by ≥ 1000 ms, or older than recvWindow', async () => {
    const ahead = await client.signed('GET', '/fapi/v2/balance', {}, { timestampOffsetMs: 1500 });
    expect(ahead.json).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    });
    const slightlyAhead = await client.signed('GET', '/fapi/v2/balance', {}, { timestampOffsetMs: 500 });
    expect(slightlyAhead.status).toBe(200);
    const old = await client.signed('GET', '/fapi/v2/balance', {}, { timestampOffsetMs: -6000 });
    expect(old.json).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    });
    const oldButWide = await client.signed(
      'GET',
      '/fapi/v2/balance',
      { recvWindow: 10000 },
      { timestampOffsetMs: -6000 },
    );
    expect(oldButWide.status).toBe(200);
    const tooWide = await client.signed('GET', '/fapi/v2/balance', { recvWindow: 60001 });
    expect(tooWide.json.code).toBe(-1131);
    const micros = await client.signed('GET', '/fapi/v2/balance', { timestamp: Date.now() * 1000 });
    expect(micros.status).toBe(200);
  });

  it('enforces key permissions and reports them at /sapi/v1/account/apiRestrictions', async () => {
    const reader = new TestClient(sim, sim.accounts[2]!.hmac!);
    const place = await reader.signed('POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.002',
    });
    expect(place.json.code).toBe(-2015);
    expect((await reader.signed('GET', '/fapi/v2/balance')).status).toBe(200);
    const risky = new TestClient(sim, sim.accounts[1]!.hmac!);
    const perms = await risky.signed('GET', '/sapi/v1/account/apiRestrictions');
    expect(perms.json).toMatchObject({
      enableWithdrawals: true,
      ipRestrict: true,
      enableFutures: true,
      enableReading: true,
    });
    const demo = await client.signed('GET', '/sapi/v1/account/apiRestrictions');
    expect(demo.json).toMatchObject({
      enableWithdrawals: false,
      enableInternalTransfer: false,
      permitsUniversalTransfer: false,
    });
  });
});

function require_secret(): string {
  return revealSecret(client.key.secret!);
}

describe('official vectors, replayed against the sim verifier', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('../vectors/official.json', import.meta.url), 'utf8'),
  ) as Array<{
    kind: string;
    secret: string;
    payload: string;
    expected: string;
  }>;
  const rest = vectors.filter((v) => v.kind === 'binance.rest.hmac');

  it('has REST HMAC vectors to replay', () => {
    expect(rest.length).toBeGreaterThanOrEqual(2);
  });

  for (const [i, v] of rest.entries()) {
    it(`vector #${i + 1}: accepts the documented signature, rejects any one flipped byte`, () => {
      expect(verifyHmac(v.secret, v.payload, v.expected)).toBe(true);
      const sig = Buffer.from(v.expected, 'hex');
      for (let b = 0; b < sig.length; b++) {
        const flipped = Buffer.from(sig);
        flipped[b] = flipped[b]! ^ 0x01;
        expect(verifyHmac(v.secret, v.payload, flipped.toString('hex')), `signature byte ${b}`).toBe(false);
      }
      for (let c = 0; c < v.payload.length; c++) {
        const flipped = `${v.payload.slice(0, c)}${String.fromCharCode(v.payload.charCodeAt(c) ^ 0x01)}${v.payload.slice(c + 1)}`;
        expect(verifyHmac(v.secret, flipped, v.expected), `payload character ${c}`).toBe(false);
      }
    });
  }
});
