// The Bybit v5 dialect's REST face: its verifier, the envelope, public endpoints, and every refusal
// of the authentication pipeline by its code, against a client written from the venue's docs.
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { bybitSign, restPrehash, verifyRest, wsAuthPrehash } from '../../src/sim/dialects/bybit/verify.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { BybitTestClient, hexHmac } from './bybit-client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let by: BybitTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 18 });
  by = new BybitTestClient(sim);
});
afterAll(() => sim.close());

describe('bybit dialect: the verifier', () => {
  it('signs timestamp + apiKey + recvWindow + payload as lowercase hex, and nothing near it passes', () => {
    // The docs' GET example: the prehash of a GET is the query string as sent.
    const prehash = restPrehash('1658385579423', 'XXXXXXXXXX', '5000', 'category=option&symbol=BTC-29JUL22-25000-C');
    expect(prehash).toBe('1658385579423XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C');
    const sig = hexHmac('secret', prehash);
    expect(bybitSign('secret', prehash)).toBe(sig);
    expect(verifyRest('secret', prehash, sig)).toBe(true);
    expect(verifyRest('secret', prehash, sig.toUpperCase())).toBe(false);
    expect(verifyRest('secret', `${prehash} `, sig)).toBe(false);
    expect(verifyRest('secreT', prehash, sig)).toBe(false);
    expect(verifyRest('s', wsAuthPrehash('1662350400000'), hexHmac('s', 'GET/realtime1662350400000'))).toBe(true);
    expect(verifyRest('s', wsAuthPrehash('1662350400001'), hexHmac('s', 'GET/realtime1662350400000'))).toBe(false);
  });
});

describe('bybit dialect: the verifier against independent signers', () => {
  it('accepts what ccxt\'s bybit signs for a GET and a POST, and not a byte more', () => {
    const ex = new ccxt.bybit({ apiKey: 'vectorKey', secret: 'vectorSecret' });
    ex.nonce = () => 1658385579423;
    const get = ex.sign('v5/order/realtime', 'private', 'GET', { category: 'linear', symbol: 'BTCUSDT' }) as { url: string; headers: Record<string, string> };
    const query = get.url.slice(get.url.indexOf('?') + 1);
    const getPrehash = restPrehash('1658385579423', 'vectorKey', get.headers['X-BAPI-RECV-WINDOW']!, query);
    expect(verifyRest('vectorSecret', getPrehash, get.headers['X-BAPI-SIGN']!)).toBe(true);
    expect(verifyRest('vectorSecret', `${getPrehash}&x=1`, get.headers['X-BAPI-SIGN']!)).toBe(false);
    const post = ex.sign('v5/order/create', 'private', 'POST', { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.001' }) as { body: string; headers: Record<string, string> };
    const postPrehash = restPrehash('1658385579423', 'vectorKey', '5000', post.body);
    expect(verifyRest('vectorSecret', postPrehash, post.headers['X-BAPI-SIGN']!)).toBe(true);
    expect(verifyRest('vectorSecret', restPrehash('1658385579423', 'vectorKey', '5000', `${post.body} `), post.headers['X-BAPI-SIGN']!)).toBe(false);
    // Bybit publishes no secret with its example signatures; any bybit record the project's vector
    // files hold (derived ones) must pass here too.
    const records = ['official.json', 'extra.json'].flatMap(
      (f) => JSON.parse(readFileSync(new URL(`../vectors/${f}`, import.meta.url), 'utf8')) as Array<Record<string, unknown>>,
    );
    for (const v of records.filter((r) => r['kind'] === 'bybit.rest')) {
      const prehash = restPrehash(String(v['timestamp']), String(v['apiKey']), String(v['recvWindow']), String(v['payload']));
      expect(verifyRest(String(v['secret']), prehash, String(v['expected']))).toBe(true);
    }
    for (const v of records.filter((r) => r['kind'] === 'bybit.ws.auth'))
      expect(verifyRest(String(v['secret']), wsAuthPrehash(String(v['expires'])), String(v['expected']))).toBe(true);
  });
});

describe('bybit dialect: public endpoints and the envelope', () => {
  it('serves time, linear instruments with the venue filters, and tickers', async () => {
    const t = await by.get('/v5/market/time', {}, { signed: false });
    expect(t.json).toMatchObject({ retCode: 0, retMsg: 'OK', retExtInfo: {} });
    expect(Math.abs(Number(t.json.result.timeNano) / 1e6 - (await sim.control.serverTime()))).toBeLessThan(1000);
    expect(t.json.result.timeSecond).toBe(String(Math.floor(Number(t.json.result.timeNano) / 1e9)));
    const inst = await by.get('/v5/market/instruments-info', { category: 'linear' }, { signed: false });
    const btc = inst.json.result.list.find((i: { symbol: string }) => i.symbol === 'BTCUSDT');
    expect(btc).toMatchObject({
      contractType: 'LinearPerpetual',
      status: 'Trading',
      settleCoin: 'USDT',
      priceFilter: { tickSize: '0.10' },
      lotSizeFilter: { qtyStep: '0.001', minOrderQty: '0.001', minNotionalValue: '5' },
    });
    expect(inst.json.result.category).toBe('linear');
    expect((await by.get('/v5/market/instruments-info', { category: 'spot' }, { signed: false })).json.result.list).toEqual([]);
    expect((await by.get('/v5/market/instruments-info', { category: 'nope' }, { signed: false })).json.retCode).toBe(10001);
    const tk = await by.get('/v5/market/tickers', { category: 'linear', symbol: 'BTCUSDT' }, { signed: false });
    expect(tk.json.result.list).toHaveLength(1);
    expect(Number(tk.json.result.list[0].ask1Price)).toBeGreaterThan(Number(tk.json.result.list[0].bid1Price));
    expect((await by.get('/v5/market/tickers', { category: 'linear', symbol: 'NOPEUSDT' }, { signed: false })).json.retCode).toBe(10001);
    const nf = await by.get('/v5/nothing', {}, { signed: false });
    expect({ status: nf.status, code: nf.json.retCode }).toEqual({ status: 404, code: 10017 });
  });
});

describe('bybit dialect: authentication', () => {
  it('accepts a signed request and refuses a bad key (10003), a bad signature (10004) with the string it signed', async () => {
    const ok = await by.get('/v5/account/wallet-balance', { accountType: 'UNIFIED' });
    expect(ok.json.retCode).toBe(0);
    expect(ok.json.result.list[0]).toMatchObject({ accountType: 'UNIFIED', totalWalletBalance: '100000' });
    const bad = await by.get('/v5/account/wallet-balance', { accountType: 'UNIFIED' }, { sign: hexHmac('wrong', 'x') });
    expect(bad.json.retCode).toBe(10004);
    expect(bad.json.retMsg).toMatch(/^error sign! origin_string\[\d+[A-Za-z0-9]+5000accountType=UNIFIED\]$/);
    const unknown = await by.get('/v5/account/wallet-balance', { accountType: 'UNIFIED' }, { key: { ...by.key, apiKey: 'nobody' } });
    expect(unknown.json.retCode).toBe(10003);
    expect(unknown.json.retMsg).toBe('API key is invalid.');
    const none = await fetch(`${sim.restUrl}/v5/account/wallet-balance?accountType=UNIFIED`);
    expect((await none.json()).retCode).toBe(10003);
  });

  it('holds the timing rule: server - recvWindow <= timestamp < server + 1000 (10002)', async () => {
    // The clock stands still between the edges: a paused venue clock is not available, so the
    // margins are generous and the edges are tested on both sides with plenty of room.
    const now = await sim.control.serverTime();
    const cases: Array<[number, string | null, number]> = [
      [now - 4_000, '5000', 0],
      [now - 7_000, '5000', 10002],
      [now - 7_000, '10000', 0],
      [now - 7_000, null, 10002], // no header: the default window, 5000
      [now - 4_000, null, 0],
      [now + 500, '5000', 0],
      [now + 3_000, '5000', 10002],
      [now + 3_000, '60000', 10002], // a wide window does not widen the future side
    ];
    for (const [at, recvWindow, code] of cases) {
      const r = await by.get('/v5/account/wallet-balance', { accountType: 'UNIFIED' }, { at, recvWindow });
      expect({ at: at - now, recvWindow, code: r.json.retCode }).toEqual({ at: at - now, recvWindow, code });
      if (code === 10002) expect(r.json.retMsg).toMatch(/^invalid request, please check your server timestamp or recv_window param\. req_timestamp\[\d+\],server_timestamp\[\d+\],recv_window\[\d+\]$/);
    }
  });

  it('signs over the exact bytes: the same parameters reordered need their own signature, POST signs the raw body', async () => {
    const a = await by.get('/v5/position/list', { category: 'linear', symbol: 'BTCUSDT' });
    const b = await by.get('/v5/position/list', { symbol: 'BTCUSDT', category: 'linear' });
    expect([a.json.retCode, b.json.retCode]).toEqual([0, 0]);
    const ts = String(await sim.control.serverTime());
    const body = '{"category":"linear","symbol":"BTCUSDT"}';
    const spaced = '{"category": "linear", "symbol": "BTCUSDT"}';
    const post = async (sent: string, signed: string) =>
      (
        await fetch(`${sim.restUrl}/v5/order/cancel-all`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'X-BAPI-API-KEY': by.key.apiKey,
            'X-BAPI-TIMESTAMP': ts,
            'X-BAPI-RECV-WINDOW': '5000',
            'X-BAPI-SIGN': hexHmac(revealSecret(by.key.secret!), ts + by.key.apiKey + '5000' + signed),
          },
          body: sent,
        })
      ).json();
    expect((await post(spaced, spaced)).retCode).toBe(0);
    expect((await post(spaced, body)).retCode).toBe(10004);
  });

  it('reports the key for the preflight: read-write, trade groups, no withdraw, unbound, 90-day expiry', async () => {
    const r = await by.get('/v5/user/query-api');
    expect(r.json.result).toMatchObject({ apiKey: by.key.apiKey, readOnly: 0, ips: ['*'], uta: 1, secret: '' });
    expect(r.json.result.permissions.ContractTrade).toEqual(['Order', 'Position']);
    expect(r.json.result.permissions.Wallet).toEqual([]);
    expect(r.json.result.deadlineDay).toBeGreaterThan(88);
  });
});

describe('bybit dialect: an RSA key', () => {
  it('signs the same prehash with RSA-SHA256 in base64, over REST and the private socket', async () => {
    const rsaSim = await startSim({ dialect: 'bybit', tickMs: 0, accounts: [{ keys: [{ type: 'rsa' }] }] });
    try {
      const key = rsaSim.accounts[0]!.rsa!;
      const pem = revealSecret(key.secret!);
      const rsa = (text: string) => createSign('sha256').update(text).sign(pem, 'base64');
      const ts = String(await rsaSim.control.serverTime());
      const query = 'accountType=UNIFIED';
      const call = (sign: string) =>
        fetch(`${rsaSim.restUrl}/v5/account/wallet-balance?${query}`, {
          headers: { 'X-BAPI-API-KEY': key.apiKey, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': sign },
        }).then((r) => r.json());
      expect((await call(rsa(`${ts}${key.apiKey}5000${query}`))).retCode).toBe(0);
      expect((await call(rsa(`${ts}${key.apiKey}5000accountType=CONTRACT`))).retCode).toBe(10004);
      const ws = await Collector.open(`${rsaSim.wsUrl}/v5/private`);
      try {
        const expires = (await rsaSim.control.serverTime()) + 10_000;
        ws.ws.send(JSON.stringify({ op: 'auth', args: [key.apiKey, expires, rsa(`GET/realtime${expires}`)] }));
        expect(await ws.next((m) => m.op === 'auth')).toMatchObject({ success: true });
      } finally {
        ws.close();
      }
    } finally {
      await rsaSim.close();
    }
  });
});
