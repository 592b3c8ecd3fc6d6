// The Kraken spot dialect's REST face: its verifier held to the official vector, the envelope, the
// public methods and every refusal of the authentication pipeline in the venue's words, against a
// client written from the venue's docs (kraken-client.ts).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { krakenSign, verifyKraken } from '../../src/sim/dialects/kraken/verify.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { apiSign, KrakenTestClient } from './kraken-client.js';

let sim: SimHandle;
let kr: KrakenTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'kraken', tickMs: 0, seed: 19, limits: { apiMax: 10_000 } });
  kr = new KrakenTestClient(sim);
});
afterAll(() => sim.close());

type VectorRecord = Record<string, unknown> & { kind: string };
const vectors = ['official.json', 'extra.json']
  .flatMap((f) => JSON.parse(readFileSync(new URL(`../vectors/${f}`, import.meta.url), 'utf8')) as VectorRecord[])
  .filter((r) => r.kind === 'kraken.rest');

describe('kraken dialect: the verifier', () => {
  it('reproduces the official vector bit for bit, and nothing near it passes', () => {
    expect(vectors.length).toBeGreaterThan(0);
    for (const v of vectors) {
      const [secret, path, nonce, body, expected] = [v['secret'], v['uriPath'], v['nonce'], v['postData'], v['expected']].map(String) as [string, string, string, string, string];
      expect(krakenSign(secret, path, nonce, body)).toBe(expected);
      expect(verifyKraken(secret, path, nonce, body, expected)).toBe(true);
      expect(verifyKraken(secret, path, nonce, `${body}&x=1`, expected)).toBe(false);
      expect(verifyKraken(secret, '/0/private/CancelOrder', nonce, body, expected)).toBe(false);
      expect(verifyKraken(secret, path, `${nonce}1`, body, expected)).toBe(false);
      expect(verifyKraken(secret, path, nonce, body, expected.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBe(false);
      expect(verifyKraken(secret, path, nonce, body, '')).toBe(false);
      // The test client (written from the docs, not from the verifier) agrees on the vector too.
      expect(apiSign(secret, path, nonce, body)).toBe(expected);
    }
  });
});

describe('kraken dialect: public methods', () => {
  it('serves Time, AssetPairs under every spelling of the pair, Ticker and Depth, keyed by the pair key', async () => {
    const t = await kr.pub('Time');
    expect(t.json.error).toEqual([]);
    expect(Math.abs(t.json.result.unixtime * 1000 - (await sim.control.serverTime()))).toBeLessThan(2000);
    expect(t.json.result.rfc1123).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    for (const name of ['XBTUSD', 'XXBTZUSD', 'XBT/USD', 'BTC/USD', 'btc/usd']) {
      const r = await kr.pub('AssetPairs', { pair: name });
      expect(Object.keys(r.json.result)).toEqual(['XXBTZUSD']);
    }
    const pairs = (await kr.pub('AssetPairs')).json.result;
    expect(Object.keys(pairs)).toEqual(['XXBTZUSD', 'XETHZUSD', 'SOLUSD', 'XXRPZUSD']);
    expect(pairs.XXBTZUSD).toMatchObject({ altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', pair_decimals: 1, lot_decimals: 8, ordermin: '0.00005', costmin: '0.5', tick_size: '0.1', status: 'online' });
    expect((await kr.pub('AssetPairs', { pair: 'NOPEUSD' })).json).toEqual({ error: ['EQuery:Unknown asset pair'] });
    const tk = (await kr.pub('Ticker', { pair: 'XBTUSD' })).json.result.XXBTZUSD;
    expect(Number(tk.a[0])).toBeGreaterThan(Number(tk.b[0]));
    expect(tk.c).toHaveLength(2);
    const depth = (await kr.pub('Depth', { pair: 'BTC/USD', count: '5' })).json.result.XXBTZUSD;
    expect(depth.asks).toHaveLength(5);
    expect(depth.bids).toHaveLength(5);
    expect(Number(depth.asks[0][0])).toBeGreaterThan(Number(depth.bids[0][0]));
    expect(Number(depth.asks[1][0])).toBeGreaterThan(Number(depth.asks[0][0]));
    const unknown = await kr.pub('Nothing');
    expect({ status: unknown.status, json: unknown.json }).toEqual({ status: 404, json: { error: ['EGeneral:Unknown method'] } });
  });
});

describe('kraken dialect: authentication', () => {
  it('accepts a signed form and a signed JSON body; refuses a bad key, a bad signature, a missing nonce in the venue words', async () => {
    expect((await kr.priv('Balance')).json.error).toEqual([]);
    expect((await kr.priv('Balance', {}, { json: true })).json.error).toEqual([]);
    expect((await kr.priv('Balance', {}, { key: { ...kr.key, apiKey: 'nobody' } })).json).toEqual({ error: ['EAPI:Invalid key'] });
    expect((await kr.priv('Balance', {}, { sign: apiSign(Buffer.from('wrong').toString('base64'), '/0/private/Balance', '1', 'nonce=1') })).json).toEqual({ error: ['EAPI:Invalid signature'] });
    expect((await kr.priv('Balance', {}, { nonce: null })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await kr.priv('Balance', {}, { nonce: 'abc' })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
    const none = await fetch(`${sim.restUrl}/0/private/Balance`, { method: 'POST', body: 'nonce=1' });
    expect(await none.json()).toEqual({ error: ['EAPI:Invalid key'] });
  });

  it('holds each key to a nonce above the highest it used: equal and lower are EAPI:Invalid nonce, and a refused one is not spent', async () => {
    const n = BigInt(kr.nextNonce()) + 1000n;
    expect((await kr.priv('Balance', {}, { nonce: String(n) })).json.error).toEqual([]);
    expect((await kr.priv('Balance', {}, { nonce: String(n) })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await kr.priv('Balance', {}, { nonce: String(n - 1n) })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
    // A wrong signature with a higher nonce does not move the key's nonce.
    expect((await kr.priv('Balance', {}, { nonce: String(n + 5n), sign: 'x' })).json).toEqual({ error: ['EAPI:Invalid signature'] });
    expect((await kr.priv('Balance', {}, { nonce: String(n + 1n) })).json.error).toEqual([]);
    const info = (await kr.priv('GetApiKeyInfo', {}, { nonce: String(n + 2n) })).json.result;
    // The nonce it reports is the highest spent: this request's own.
    expect(info).toMatchObject({ apiKey: kr.key.apiKey, nonce: String(n + 2n), nonceWindow: 0, ipAllowlist: [], validUntil: '0' });
    expect(info.permissions).toContain('modify-trades');
    expect(info.permissions).not.toContain('withdraw-funds');
    // Past 2^64 - 1 a nonce is no unsigned 64-bit integer.
    expect((await kr.priv('Balance', {}, { nonce: '18446744073709551616' })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
  });

  it('a key with a nonce window takes a nonce below the highest once, within the window; a key without the right is refused', async () => {
    const s = await startSim({
      dialect: 'kraken',
      tickMs: 0,
      accounts: [{ keys: [{ type: 'hmac', permissions: { nonceWindow: 10 } }, { type: 'hmac', permissions: { permissions: ['query-funds'] } }] }],
    });
    try {
      const c = new KrakenTestClient(s);
      const readOnly = s.accounts[0]!.keys[1]!;
      expect((await c.priv('Balance', {}, { nonce: '1000' })).json.error).toEqual([]);
      expect((await c.priv('Balance', {}, { nonce: '995' })).json.error).toEqual([]);
      expect((await c.priv('Balance', {}, { nonce: '995' })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
      expect((await c.priv('Balance', {}, { nonce: '990' })).json).toEqual({ error: ['EAPI:Invalid nonce'] });
      expect((await c.priv('GetApiKeyInfo', {}, { nonce: '1001' })).json.result.nonceWindow).toBe(10);
      expect((await c.priv('Balance', {}, { key: readOnly, nonce: '5' })).json.error).toEqual([]);
      expect((await c.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000', volume: '0.01' }, { key: readOnly, nonce: '6' })).json).toEqual({
        error: ['EGeneral:Permission denied'],
      });
      expect((await c.priv('OpenOrders', {}, { key: readOnly, nonce: '7' })).json).toEqual({ error: ['EGeneral:Permission denied'] });
    } finally {
      await s.close();
    }
  });

  it('a keys file field of another venue is refused, naming the place', async () => {
    await expect(
      startSim({ dialect: 'kraken', accounts: [{ keys: [{ type: 'hmac', permissions: { readOnly: 1 } }] }] }),
    ).rejects.toThrow('account #1 key #1: permission #1 is not a Kraken key field (permissions, nonceWindow)');
  });
});
