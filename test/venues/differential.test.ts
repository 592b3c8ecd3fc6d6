// Differential test: ccxt (an independent implementation) and our build+sign must produce the
// same bytes for many generated requests. ccxt never touches the network here: only its
// synchronous sign()/signing helpers are called, with credentials set directly and its clock
// stubbed. Where ccxt's canonical form legitimately differs, the test says so and compares
// what is comparable (the signature over the same bytes).
import ccxt from 'ccxt';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { type BinanceKey, signBinanceRest } from '../../src/venues/binance/sign.js';
import { signBybitRest } from '../../src/venues/bybit/sign.js';
import { l1ActionHash } from '../../src/venues/hyperliquid/action-hash.js';
import { floatToWire } from '../../src/venues/hyperliquid/float-to-wire.js';
import { signL1Action, signUserAction } from '../../src/venues/hyperliquid/sign.js';
import { okxTimestamp, signOkxRest } from '../../src/venues/okx/sign.js';
import { encodeQuery } from '../../src/venues/shared/encoding.js';
import { seedFor } from '../support/seed.js';

const T = 1_700_000_000_123;
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const HL_KEY = '0x0123456789012345678901234567890123456789012345678901234567890123';
const RUNS = 150;

type Exchange = InstanceType<typeof ccxt.Exchange>;
type Signed = { url: string; method: string; body?: string; headers: Record<string, string> };

function offline<E extends Exchange>(exchange: E): E {
  exchange.nonce = () => T;
  exchange.milliseconds = () => T;
  // Belt and braces: a test that reached for the network would fail loudly.
  exchange.fetch = () => {
    throw new Error('ccxt tried the network');
  };
  return exchange;
}

// Values that have broken signatures in the wild: non-ASCII symbols, '@', commas, spaces,
// JavaScript's unescaped sub-delims, tiny and huge decimals.
const awkward = fc.constantFrom(
  '１２３４５６',
  'MØTH',
  '币安人生',
  'a@b',
  'x,y',
  'sp ace',
  "!'()*",
  '~._-',
  '🚀',
  '%41',
  '+&=',
);
const text = fc.oneof(
  awkward,
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
);
const decimal = fc.oneof(
  fc.constantFrom('0.00000001', '1e-8', '123456789012345678901234567890.123456789', '0', '-0.5', '100000000'),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.nat({ max: 18 })).map(([n, scale]) => {
    const digits = n.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }),
);
const order = fc.record({
  symbol: text,
  clientId: text,
  quantity: decimal,
  price: decimal,
  side: fc.constantFrom('BUY', 'SELL'),
});
/** The n-th sample of this file, drawn from the run's seed (test/support/seed.ts). */
const sample = <V>(arb: fc.Arbitrary<V>, n: number) => fc.sample(arb, { seed: seedFor(n), numRuns: RUNS });

let binance: Exchange;
let okx: Exchange;
let bybit: Exchange;
let hyperliquid: Exchange;

beforeAll(() => {
  binance = offline(new ccxt.binanceusdm({ apiKey: API_KEY, secret: SECRET }));
  okx = offline(new ccxt.okx({ apiKey: API_KEY, secret: SECRET, password: 'passphrase' }));
  bybit = offline(new ccxt.bybit({ apiKey: API_KEY, secret: SECRET }));
  hyperliquid = offline(
    new ccxt.hyperliquid({ privateKey: HL_KEY, walletAddress: '0x14791697260E4c9A71f18484C9f997B308e59325' }),
  );
});

describe('binanceusdm: ccxt sign() vs signBinanceRest', () => {
  const key: BinanceKey = { type: 'hmac', secret: new Secret(SECRET) };

  it('produces the identical form body, signature included', () => {
    for (const o of sample(order, 1)) {
      const params = {
        symbol: o.symbol,
        side: o.side,
        type: 'LIMIT',
        quantity: o.quantity,
        price: o.price,
        newClientOrderId: o.clientId,
      };
      const theirs = binance.sign('order', 'fapiPrivate', 'POST', { ...params }) as Signed;
      // ccxt's order: timestamp first, then the caller's params, then its default recvWindow.
      const ours = signBinanceRest(key, [
        ['timestamp', T],
        ...Object.entries(params),
        ['recvWindow', '10000'],
      ]);
      expect(ours.signedQuery).toBe(theirs.body);
    }
  });

  it('produces the identical query string for GET/DELETE', () => {
    for (const o of sample(order, 2)) {
      const params = { symbol: o.symbol, origClientOrderId: o.clientId };
      const theirs = binance.sign('order', 'fapiPrivate', 'DELETE', { ...params }) as Signed;
      const ours = signBinanceRest(key, [
        ['timestamp', T],
        ...Object.entries(params),
        ['recvWindow', '10000'],
      ]);
      expect(theirs.url).toBe(`https://fapi.binance.com/fapi/v1/order?${ours.signedQuery}`);
    }
  });
});

describe('okx: ccxt sign() vs signOkxRest', () => {
  const secret = new Secret(SECRET);

  it('signs the identical JSON body to the identical OK-ACCESS-SIGN', () => {
    for (const o of sample(order, 3)) {
      const params = {
        instId: o.symbol,
        tdMode: 'cash',
        side: o.side.toLowerCase(),
        ordType: 'limit',
        px: o.price,
        sz: o.quantity,
        clOrdId: o.clientId,
      };
      const theirs = okx.sign('trade/order', 'private', 'POST', { ...params }) as Signed;
      const body = JSON.stringify(params);
      expect(theirs.body).toBe(body);
      expect(theirs.headers['OK-ACCESS-TIMESTAMP']).toBe(okxTimestamp(T));
      const sign = signOkxRest(secret, {
        timestamp: okxTimestamp(T),
        method: 'POST',
        requestPath: '/api/v5/trade/order',
        body,
      });
      expect(sign).toBe(theirs.headers['OK-ACCESS-SIGN']);
    }
  });

  it('signs the identical GET request path (query percent-encoded the same way)', () => {
    for (const o of sample(order, 4)) {
      const params = { instId: o.symbol, clOrdId: o.clientId };
      const theirs = okx.sign('trade/order', 'private', 'GET', { ...params }) as Signed;
      const requestPath = `/api/v5/trade/order?${encodeQuery('okx', Object.entries(params))}`;
      expect(theirs.url).toBe(`https://www.okx.com${requestPath}`);
      const sign = signOkxRest(secret, { timestamp: okxTimestamp(T), method: 'GET', requestPath, body: '' });
      expect(sign).toBe(theirs.headers['OK-ACCESS-SIGN']);
    }
  });
});

describe('bybit v5: ccxt sign() vs signBybitRest', () => {
  const secret = new Secret(SECRET);
  const bybitInput = (payload: string) => ({ timestamp: T, apiKey: API_KEY, recvWindow: 5000, payload });

  it('signs the identical JSON body to the identical X-BAPI-SIGN', () => {
    for (const o of sample(order, 5)) {
      const params = {
        category: 'linear',
        symbol: o.symbol,
        side: 'Buy',
        orderType: 'Limit',
        qty: o.quantity,
        price: o.price,
        orderLinkId: o.clientId,
      };
      const theirs = bybit.sign('v5/order/create', 'private', 'POST', { ...params }) as Signed;
      expect(theirs.body).toBe(JSON.stringify(params));
      expect(signBybitRest(secret, bybitInput(JSON.stringify(params)))).toBe(theirs.headers['X-BAPI-SIGN']);
    }
  });

  it('GET: same bytes when values are URL-safe; ccxt sends reserved characters raw, we encode them', () => {
    let differing = 0;
    for (const o of sample(order, 6)) {
      const params = { category: 'linear', symbol: o.symbol, orderLinkId: o.clientId };
      const theirs = bybit.sign('v5/order/realtime', 'private', 'GET', { ...params }) as Signed;
      const theirQuery = theirs.url.slice(theirs.url.indexOf('?') + 1);
      const ourQuery = encodeQuery('bybit', Object.entries(params));
      // Same signature function: over ccxt's own bytes we give ccxt's signature.
      expect(signBybitRest(secret, bybitInput(theirQuery))).toBe(theirs.headers['X-BAPI-SIGN']);
      if (ourQuery !== theirQuery) {
        // ccxt's rawencode leaves '@', ',', spaces and non-ASCII unencoded; an HTTP client then
        // encodes them on the wire, so ccxt's signed bytes differ from its sent bytes. Ours are
        // the RFC 3986 form, signed as sent. Same parameters either way:
        differing++;
        expect(Object.fromEntries(new URLSearchParams(ourQuery.replaceAll('+', '%2B')))).toEqual(params);
        expect(Object.values(params).some((v) => !/^[A-Za-z0-9\-._~]*$/.test(v))).toBe(true);
      }
    }
    expect(differing).toBeGreaterThan(0);
  });
});

describe('hyperliquid: ccxt actionHash/signL1Action vs ours', () => {
  const key = new Secret(HL_KEY);
  const wireOrder = fc.record({
    a: fc.nat({ max: 200 }),
    b: fc.boolean(),
    p: fc.oneof(
      fc.constantFrom('0.00000001', '123456789.12345678', '1670.1', '-0'),
      fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x.toFixed(4)),
    ),
    s: fc.oneof(
      fc.constantFrom('0.0147', '100', '1000.00000000'),
      fc.nat({ max: 10 ** 9 }).map((n) => (n / 1000).toFixed(3)),
    ),
    r: fc.boolean(),
    t: fc.oneof(
      fc.constantFrom({ limit: { tif: 'Gtc' } }, { limit: { tif: 'Ioc' } }, { limit: { tif: 'Alo' } }),
      fc.record({
        trigger: fc.record({
          isMarket: fc.boolean(),
          triggerPx: fc.constantFrom('103', '0.5'),
          tpsl: fc.constantFrom('tp', 'sl'),
        }),
      }),
    ),
    c: fc.option(
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => `0x${Buffer.from(b).toString('hex')}`),
      { nil: undefined },
    ),
  });
  const action = fc.record({
    orders: fc.array(wireOrder, { minLength: 1, maxLength: 3 }),
    vault: fc.option(fc.constantFrom('0x1719884eb866cb12b2287399b15f7db5e7d775ea'), { nil: null }),
    expiresAfter: fc.option(fc.constant(T + 60_000), { nil: null }),
    isMainnet: fc.boolean(),
  });

  // Wire key order a, b, p, s, r, t[, c], prices and sizes through floatToWire, as the SDK does.
  function wire(o: Record<string, unknown>): Record<string, unknown> {
    const w: Record<string, unknown> = {
      a: o.a,
      b: o.b,
      p: floatToWire(String(o.p)),
      s: floatToWire(String(o.s)),
      r: o.r,
      t: o.t,
    };
    if (o.c !== undefined) w.c = o.c;
    return w;
  }

  it('hashes and signs L1 order actions identically (r, s compared as integers)', () => {
    for (const [i, a] of fc.sample(action, { seed: seedFor(7), numRuns: 40 }).entries()) {
      const act = { type: 'order', orders: a.orders.map(wire), grouping: 'na' };
      const nonce = T + i;
      const ccxtVault = a.vault === null ? undefined : a.vault.slice(2);
      const ccxtExpires = a.expiresAfter === null ? undefined : a.expiresAfter;
      const theirHash = Buffer.from(hyperliquid.actionHash(act, ccxtVault, nonce, ccxtExpires)).toString(
        'hex',
      );
      const ours = { action: act, nonce, vaultAddress: a.vault, expiresAfter: a.expiresAfter };
      expect(Buffer.from(l1ActionHash(ours)).toString('hex')).toBe(theirHash);
      hyperliquid.options.sandboxMode = !a.isMainnet;
      const theirs = hyperliquid.signL1Action(act, nonce, ccxtVault, ccxtExpires) as {
        r: string;
        s: string;
        v: number;
      };
      const sig = signL1Action(key, { ...ours, isMainnet: a.isMainnet });
      expect([BigInt(sig.r), BigInt(sig.s), sig.v]).toEqual([BigInt(theirs.r), BigInt(theirs.s), theirs.v]);
    }
    hyperliquid.options.sandboxMode = false;
  });

  it('signs usdSend identically', () => {
    const sends = fc.sample(
      fc.record({ amount: decimal.filter((d) => /^\d/.test(d)), time: fc.nat({ max: 10 ** 6 }) }),
      { seed: seedFor(8), numRuns: 10 },
    );
    for (const send of sends) {
      const message = {
        hyperliquidChain: 'Mainnet',
        signatureChainId: '0x66eee',
        destination: '0x5e9ee1089755c3435139848e47e6635505d5a13a',
        amount: send.amount,
        time: T + send.time,
      };
      const theirs = hyperliquid.buildUsdSendSig(message) as { r: string; s: string; v: number };
      const sig = signUserAction(key, {
        primaryType: 'HyperliquidTransaction:UsdSend',
        message,
        isMainnet: true,
      });
      expect([BigInt(sig.r), BigInt(sig.s), sig.v]).toEqual([BigInt(theirs.r), BigInt(theirs.s), theirs.v]);
    }
  });
});
