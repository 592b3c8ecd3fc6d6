// The Coinbase Advanced Trade dialect's REST face: its JWT verifier (ES256 and EdDSA, every claim and
// header it checks), the public endpoints, and every refusal of the authentication pipeline in the
// venue's words, against a client written from the venue's docs (coinbase-client.ts).
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCoinbaseJwt } from '../../src/sim/dialects/coinbase/verify.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { CoinbaseTestClient, cdpJwt } from './coinbase-client.js';

let sim: SimHandle;
let cb: CoinbaseTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'coinbase', tickMs: 0, seed: 19 });
  cb = new CoinbaseTestClient(sim);
});
afterAll(() => sim.close());

describe('coinbase dialect: the JWT verifier', () => {
  const now = 1_700_000_000;
  const uri = 'GET api.coinbase.com/api/v3/brokerage/accounts';
  const name = 'organizations/o/apiKeys/k';

  it.each(['ec', 'ed25519'] as const)('%s: takes the docs\' token and refuses each rule broken', (type) => {
    const pair = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('ed25519');
    const want = { keyName: name, publicKey: pair.publicKey, uri, nowS: now };
    const jwt = (o: Parameters<typeof cdpJwt>[4] = {}, u: string | null = uri) => cdpJwt(name, pair.privateKey, u ?? undefined, now, o);
    expect(verifyCoinbaseJwt(jwt(), want)).toBeUndefined();
    // Any moment of its two minutes is good; the second it ends is not.
    expect(verifyCoinbaseJwt(jwt(), { ...want, nowS: now + 119 })).toBeUndefined();
    expect(verifyCoinbaseJwt(jwt(), { ...want, nowS: now + 120 })).toBe('expired');
    expect(verifyCoinbaseJwt(jwt(), { ...want, nowS: now - 1 })).toBe('not-yet-valid');
    expect(verifyCoinbaseJwt(jwt({ claims: { exp: now + 121 } }), want)).toBe('lifetime');
    expect(verifyCoinbaseJwt(jwt({ claims: { iss: 'coinbase' } }), want)).toBe('iss');
    expect(verifyCoinbaseJwt(jwt({ claims: { iss: undefined } }), want)).toBe('iss');
    // The first CDP samples' issuer, which ES256 clients still send (ccxt): taken (docs/venues.md §4.1).
    expect(verifyCoinbaseJwt(jwt({ claims: { iss: 'coinbase-cloud' } }), want)).toBeUndefined();
    expect(verifyCoinbaseJwt(jwt({ claims: { sub: 'organizations/o/apiKeys/other' } }), want)).toBe('sub');
    expect(verifyCoinbaseJwt(jwt({ header: { kid: 'organizations/o/apiKeys/other' } }), want)).toBe('kid');
    expect(verifyCoinbaseJwt(jwt({ header: { nonce: undefined } }), want)).toBe('nonce');
    expect(verifyCoinbaseJwt(jwt({ header: { alg: type === 'ec' ? 'EdDSA' : 'ES256' } }), want)).toBe('alg');
    expect(verifyCoinbaseJwt(jwt({ header: { alg: 'none' } }), want)).toBe('alg');
    expect(verifyCoinbaseJwt(jwt({}, `${uri}?limit=1`), want)).toBe('uri');
    expect(verifyCoinbaseJwt(jwt({}, 'POST api.coinbase.com/api/v3/brokerage/accounts'), want)).toBe('uri');
    expect(verifyCoinbaseJwt(jwt({}, null), want)).toBe('uri');
    // A token signed by another key, or with one byte of its claims changed, fails on the signature.
    const other = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('ed25519');
    expect(verifyCoinbaseJwt(cdpJwt(name, other.privateKey, uri, now), want)).toBe('signature');
    const [h, c, s] = jwt().split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp - 1 })).toString('base64url');
    expect(verifyCoinbaseJwt(`${h}.${forged}.${s}`, want)).toBe('signature');
    expect(verifyCoinbaseJwt(`${h}.${c}`, want)).toBe('form');
    expect(verifyCoinbaseJwt(`${h}.${c}.${s}=`, want)).toBe('form');
  });

  it('ES256 takes the JOSE r ‖ s form only: the same signature in DER is refused', async () => {
    const { createSign } = await import('node:crypto');
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const [h, c] = cdpJwt(name, pair.privateKey, uri, now).split('.') as [string, string];
    const der = createSign('sha256').update(`${h}.${c}`).sign(pair.privateKey).toString('base64url');
    expect(verifyCoinbaseJwt(`${h}.${c}.${der}`, { keyName: name, publicKey: pair.publicKey, uri, nowS: now })).toBe('signature');
  });
});

describe('coinbase dialect: public endpoints', () => {
  it('serves time, products (with and without a JWT), one product, the book and best bid/ask', async () => {
    const t = await cb.pub('/time');
    expect(t.status).toBe(200);
    expect(Math.abs(Number(t.json.epochMillis) - (await sim.control.serverTime()))).toBeLessThan(2000);
    expect(t.json.iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Number(t.json.epochSeconds)).toBe(Math.floor(Number(t.json.epochMillis) / 1000));
    const pub = await cb.pub('/market/products');
    const priv = await cb.get('/products');
    for (const r of [pub, priv]) {
      expect(r.status).toBe(200);
      expect(r.json.products.map((p: { product_id: string }) => p.product_id)).toEqual(['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD']);
      expect(r.json.num_products).toBe(4);
    }
    expect(pub.json.products[0]).toMatchObject({
      product_id: 'BTC-USD', base_increment: '0.00000001', quote_increment: '0.01', quote_min_size: '1',
      base_currency_id: 'BTC', quote_currency_id: 'USD', product_type: 'SPOT', status: 'online', trading_disabled: false,
    });
    expect((await cb.get('/products/BTC-USD')).json.product_id).toBe('BTC-USD');
    expect((await cb.pub('/market/products/ETH-USD')).json.product_id).toBe('ETH-USD');
    const missing = await cb.get('/products/BTC-EUR');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: 'NOT_FOUND' });
    // Without a JWT the authenticated spelling is 401; the /market one is public.
    expect((await cb.send('GET', '/products', undefined, {}, false)).status).toBe(401);
    const book = await cb.get('/product_book?product_id=BTC-USD&limit=5');
    expect(book.json.pricebook.bids).toHaveLength(5);
    expect(Number(book.json.pricebook.asks[0].price)).toBeGreaterThan(Number(book.json.pricebook.bids[0].price));
    expect(Number(book.json.spread_absolute)).toBeGreaterThan(0);
    const bba = await cb.get('/best_bid_ask?product_ids=BTC-USD&product_ids=ETH-USD');
    expect(bba.json.pricebooks.map((p: { product_id: string }) => p.product_id)).toEqual(['BTC-USD', 'ETH-USD']);
    expect(bba.json.pricebooks[0].bids).toHaveLength(1);
    const nowhere = await cb.pub('/nowhere');
    expect(nowhere.status).toBe(404);
  });
});

describe('coinbase dialect: authentication in the venue\'s words', () => {
  const unauthorized = (r: { status: number; text: string }) => {
    expect(r.status).toBe(401);
    expect(r.text.trim()).toBe('Unauthorized');
  };

  it('a good token is taken; each bad one is 401 Unauthorized', async () => {
    expect((await cb.get('/accounts')).status).toBe(200);
    unauthorized(await cb.get('/accounts', { authorization: null }));
    unauthorized(await cb.get('/accounts', { authorization: 'Bearer not.a.token' }));
    unauthorized(await cb.get('/accounts', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }));
    unauthorized(await cb.get('/accounts', { uri: `GET ${cb.host}/api/v3/brokerage/orders/historical/batch` }));
    unauthorized(await cb.get('/accounts', { uri: `POST ${cb.host}/api/v3/brokerage/accounts` }));
    unauthorized(await cb.get('/accounts', { uri: 'GET api.coinbase.com/api/v3/brokerage/accounts' }));
    unauthorized(await cb.get('/accounts', { skewS: -121 }));
    unauthorized(await cb.get('/accounts', { skewS: 30 }));
    unauthorized(await cb.get('/accounts', { jwt: { claims: { exp: Math.floor(Date.now() / 1000) + 600 } } }));
    unauthorized(await cb.get('/accounts', { jwt: { claims: { iss: 'coinbase-cloud-x' } } }));
    unauthorized(await cb.get('/accounts', { jwt: { header: { kid: 'organizations/x/apiKeys/y' } } }));
    unauthorized(await cb.get('/accounts', { jwt: { header: { nonce: '' } } }));
    // The query string is not part of `uri`: the token for the bare path is good with one.
    expect((await cb.get('/accounts?limit=5')).status).toBe(200);
  });

  it('a key without can_trade may read but not order: 403 PERMISSION_DENIED; a transfer key says so', async () => {
    const s = await startSim({
      dialect: 'coinbase',
      tickMs: 0,
      accounts: [{ keys: [{ type: 'ec', permissions: { can_trade: false } }, { type: 'ec', permissions: { can_transfer: true } }] }],
    });
    try {
      const [view, transfer] = s.accounts[0]!.keys as [NonNullable<(typeof s.accounts)[0]['ec']>, NonNullable<(typeof s.accounts)[0]['ec']>];
      const c = new CoinbaseTestClient(s, view);
      expect((await c.get('/key_permissions')).json).toMatchObject({ can_view: true, can_trade: false, can_transfer: false, portfolio_type: 'DEFAULT' });
      expect((await c.get('/accounts')).status).toBe(200);
      const r = await c.post('/orders', { client_order_id: 'x1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { market_market_ioc: { quote_size: '10' } } });
      expect(r.status).toBe(403);
      expect(r.json).toEqual({ error: 'PERMISSION_DENIED', error_details: 'Missing required scopes', message: 'Missing required scopes' });
      expect((await new CoinbaseTestClient(s, transfer).get('/key_permissions')).json.can_transfer).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('coinbase dialect: an Ed25519 key', () => {
  it('a keys file\'s ed25519 key signs EdDSA tokens the venue takes; an ES256 header on it is refused', async () => {
    const s = await startSim({ dialect: 'coinbase', tickMs: 0, accounts: [{ keys: [{ type: 'ed25519' }] }] });
    try {
      const key = s.accounts[0]!.ed25519!;
      expect(key.apiKey).toMatch(/^organizations\/[0-9a-f-]{36}\/apiKeys\/[0-9a-f-]{36}$/);
      const c = new CoinbaseTestClient(s, key);
      expect((await c.get('/key_permissions')).json).toMatchObject({ can_view: true, can_trade: true, can_transfer: false });
      const r = await c.get('/accounts', { jwt: { header: { alg: 'ES256' } } });
      expect(r.status).toBe(401);
    } finally {
      await s.close();
    }
  });
});

describe('coinbase dialect: rate limits', () => {
  it('over the private limit of a second is 429 RATE_LIMIT_EXCEEDED; the public one counts apart', async () => {
    const s = await startSim({ dialect: 'coinbase', tickMs: 0, limits: { privatePerSecond: 3, publicPerSecond: 1_000 } });
    try {
      const c = new CoinbaseTestClient(s);
      // Three a second pass: keep asking until a second's fourth is refused (a window may turn over in between).
      let refused: Awaited<ReturnType<typeof c.get>> | undefined;
      for (let i = 0; i < 50 && refused === undefined; i++) {
        const r = await c.get('/accounts');
        if (r.status !== 200) refused = r;
      }
      expect(refused?.status).toBe(429);
      expect(refused?.json).toMatchObject({ error: 'RATE_LIMIT_EXCEEDED' });
      expect((await c.pub('/time')).status).toBe(200);
      expect((await s.control.stats()).status429).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});
