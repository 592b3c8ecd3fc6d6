import { createHmac, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { BYBIT_DEADMAN, bybit } from '../../../src/venues/bybit/adapter.js';
import { checkBybitReply } from '../../../src/venues/bybit/errors.js';
import { bybitRateFeedback, IP_BAN_PROBE_MS, POOL } from '../../../src/venues/bybit/limits.js';
import {
  parseBalances,
  parseFillsPage,
  parseInstruments,
  parseOrder,
  parsePositions,
  parseServerTime,
} from '../../../src/venues/bybit/parse.js';
import { InvalidIntentError } from '../../../src/venues/bybit/requests.js';
import { bybitUrls } from '../../../src/venues/bybit/urls.js';
import { venueAdapter } from '../../../src/venues/index.js';
import { SigningError } from '../../../src/venues/shared/signing-error.js';
import { type Credentials, type HttpReply, type SignContext, VenueParseError } from '../../../src/venues/venue.js';

const credentials: Credentials = {
  venue: 'bybit',
  env: 'sim',
  apiKey: new Secret('key-abc', 'api key'),
  apiSecret: new Secret('s3cret', 'api secret'),
};
const T = 1_700_000_000_123;
const ctx: SignContext = { credentials, venueNow: () => T + 0.7, nextNonce: () => 1, recvWindowMs: 5000 };
const hex = (text: string) => createHmac('sha256', 's3cret').update(text).digest('hex');
const reply = (body: unknown, status = 200, headers: Record<string, string> = {}): HttpReply => ({ status, headers, body });
const env = (result: unknown, time = T) => ({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time });

const ORDER = {
  orderId: 'fd4300ae-7847-404e-b947-b46980a4d140',
  orderLinkId: 'qd-000005',
  symbol: 'BTCUSDT',
  price: '60000.0',
  qty: '0.010',
  side: 'Buy',
  positionIdx: 0,
  orderStatus: 'PartiallyFilled',
  cancelType: 'UNKNOWN',
  rejectReason: 'EC_NoError',
  avgPrice: '59999.5',
  leavesQty: '0.004',
  cumExecQty: '0.006',
  timeInForce: 'PostOnly',
  orderType: 'Limit',
  reduceOnly: false,
  createdTime: '1684738540559',
  updatedTime: '1684738540561',
};

describe('bybit request builders', () => {
  it('signs the exact JSON body it sends: timestamp + key + recvWindow + body, X-BAPI-* headers', () => {
    const plan = bybit.placeOrder({
      symbol: 'BTCUSDT',
      side: 'buy',
      type: 'limit',
      qty: '0.010',
      price: '60000.5',
      timeInForce: 'ioc',
      reduceOnly: true,
      postOnly: false,
      clientOrderId: 'qd-A1_b2',
    });
    expect([plan.lane, plan.mutating, plan.signed]).toEqual(['critical', true, true]);
    expect(plan.costs).toEqual({ [POOL.ip]: 1, [POOL.create]: 1 });
    const w = plan.build(ctx);
    expect([w.method, w.path, w.query]).toEqual(['POST', '/v5/order/create', '']);
    expect(JSON.parse(w.body)).toEqual({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.010',
      price: '60000.5',
      timeInForce: 'IOC',
      reduceOnly: true,
      positionIdx: 0,
      orderLinkId: 'qd-A1_b2',
    });
    expect(w.headers['X-BAPI-API-KEY']).toBe('key-abc');
    expect(w.headers['X-BAPI-TIMESTAMP']).toBe(String(T));
    expect(w.headers['X-BAPI-RECV-WINDOW']).toBe('5000');
    expect(w.headers['X-BAPI-SIGN']).toBe(hex(`${T}key-abc5000${w.body}`));
    expect(w.headers['Content-Type']).toBe('application/json');
  });

  it('signs a GET over its exact query string; market orders carry no price and no time in force', () => {
    const q = bybit.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'qd-1' }).build(ctx);
    expect([q.method, q.path, q.query, q.body, q.lane]).toEqual(['GET', '/v5/order/realtime', 'category=linear&symbol=BTCUSDT&orderLinkId=qd-1', '', 'critical']);
    expect(q.headers['X-BAPI-SIGN']).toBe(hex(`${T}key-abc5000${q.query}`));
    expect(q.headers['Content-Type']).toBeUndefined();
    const m = JSON.parse(
      bybit.placeOrder({ symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '1', reduceOnly: false, postOnly: false, clientOrderId: 'qd-2' }).build(ctx).body,
    );
    expect(m).toEqual({ category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '1', positionIdx: 0, orderLinkId: 'qd-2' });
    const post = JSON.parse(
      bybit.placeOrder({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '1', price: '1', reduceOnly: false, postOnly: true, clientOrderId: 'qd-3' }).build(ctx).body,
    );
    expect(post.timeInForce).toBe('PostOnly');
    // orderId wins over orderLinkId, as on the venue.
    expect(bybit.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'c', venueOrderId: 'v' }).build(ctx).body).toBe(
      '{"category":"linear","symbol":"BTCUSDT","orderId":"v"}',
    );
  });

  it('refuses tickets the venue cannot express, before any byte is built', () => {
    const base = { symbol: 'BTCUSDT', side: 'buy' as const, qty: '1', reduceOnly: false, postOnly: false };
    expect(() => bybit.placeOrder({ ...base, type: 'limit', clientOrderId: 'qd-1' })).toThrow(InvalidIntentError);
    expect(() => bybit.placeOrder({ ...base, type: 'market', postOnly: true, clientOrderId: 'qd-1' })).toThrow(/post-only/);
    expect(() => bybit.placeOrder({ ...base, type: 'market', clientOrderId: 'x'.repeat(37) })).toThrow(/1-36 letters/);
    expect(() => bybit.placeOrder({ ...base, type: 'market', clientOrderId: 'qd.1' })).toThrow(/orderLinkId/);
    expect(() => bybit.queryOrder({ symbol: 'BTCUSDT' })).toThrow(/neither a venue nor a client order id/);
    const noSecret = { ...ctx, credentials: { venue: 'bybit', env: 'sim' as const, apiKey: new Secret('k') } };
    expect(() => bybit.balances().build(noSecret)).toThrow(SigningError);
  });

  it('signs with an RSA key as base64 RSA-SHA256 over the same prehash', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = { ...ctx, credentials: { venue: 'bybit', env: 'sim' as const, apiKey: new Secret('key-abc'), privateKey: new Secret(pem) } };
    const w = bybit.positions!().build(rsa);
    const signature = Buffer.from(w.headers['X-BAPI-SIGN']!, 'base64');
    expect(verify('sha256', Buffer.from(`${T}key-abc5000${w.query}`), publicKey, signature)).toBe(true);
  });

  it('lists executions from the watermark by cursor; snapshots on the background lane; the DCP window clamped to 3–300 s', () => {
    const f = bybit.fillsPage!({ symbol: 'BTCUSDT', startTime: T, limit: 500, cursor: 'page_args%3Dx' }).build(ctx);
    expect(f.query).toBe(`category=linear&symbol=BTCUSDT&startTime=${T}&limit=100&cursor=page_args%253Dx`);
    expect(f.lane).toBe('background');
    expect(bybit.openOrders().build(ctx).query).toBe('category=linear&settleCoin=USDT&openOnly=0&orderFilter=Order&limit=50');
    expect(bybit.positions!().build(ctx).query).toBe('category=linear&settleCoin=USDT&limit=200');
    expect(bybit.balances().build(ctx).query).toBe('accountType=UNIFIED');
    expect(bybit.instruments().build(ctx).headers['X-BAPI-SIGN']).toBeUndefined();
    expect(JSON.parse(bybit.cancelAll('BTCUSDT').build(ctx).body)).toEqual({ category: 'linear', symbol: 'BTCUSDT', orderFilter: 'Order' });
    expect(JSON.parse(bybit.cancelAll().build(ctx).body)).toEqual({ category: 'linear', settleCoin: 'USDT', orderFilter: 'Order' });
    expect(JSON.parse(BYBIT_DEADMAN.arm(10_000).build(ctx).body)).toEqual({ product: 'DERIVATIVES', timeWindow: 10 });
    expect(JSON.parse(BYBIT_DEADMAN.arm(1_000).build(ctx).body).timeWindow).toBe(3);
    expect(JSON.parse(BYBIT_DEADMAN.arm(3_600_000).build(ctx).body).timeWindow).toBe(300);
    expect(BYBIT_DEADMAN.trigger).toBe('disconnect');
    expect(venueAdapter('bybit')).toBe(bybit);
  });

  it('an order query answering an empty list means the venue never saw the order', () => {
    const plan = bybit.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'qd-9' });
    expect(plan.check?.(reply(env({ list: [], nextPageCursor: '', category: 'linear' })))).toMatchObject({ meaning: 'order_not_found', failure: 'rejected' });
    expect(plan.check?.(reply(env({ list: [ORDER] })))).toBeUndefined();
  });
});

describe('bybit urls', () => {
  it('testnet and demo have their own hosts; demo reads public data from mainnet; sim appends the paths', () => {
    expect(bybitUrls('testnet')).toEqual({
      rest: 'https://api-testnet.bybit.com',
      wsPublic: 'wss://stream-testnet.bybit.com/v5/public/linear',
      wsPrivate: 'wss://stream-testnet.bybit.com/v5/private',
    });
    expect(bybitUrls('demo')).toEqual({
      rest: 'https://api-demo.bybit.com',
      wsPublic: 'wss://stream.bybit.com/v5/public/linear',
      wsPrivate: 'wss://stream-demo.bybit.com/v5/private',
    });
    expect(bybitUrls('live').rest).toBe('https://api.bybit.com');
    expect(bybitUrls('sim', { rest: 'http://127.0.0.1:9/', wsPublic: 'ws://127.0.0.1:9', wsPrivate: 'ws://127.0.0.1:9/' })).toEqual({
      rest: 'http://127.0.0.1:9',
      wsPublic: 'ws://127.0.0.1:9/v5/public/linear',
      wsPrivate: 'ws://127.0.0.1:9/v5/private',
    });
    expect(() => bybitUrls('sim')).toThrow(/start the local venue/);
  });
});

describe('bybit replies', () => {
  it('reads an order, its fills and its post-only time in force; hedge mode is refused by name', () => {
    expect(parseOrder(env({ list: [ORDER] }))).toEqual({
      venueOrderId: ORDER.orderId,
      clientOrderId: 'qd-000005',
      symbol: 'BTCUSDT',
      side: 'buy',
      type: 'limit',
      timeInForce: 'gtx',
      price: '60000.0',
      qty: '0.010',
      filledQty: '0.006',
      avgPrice: '59999.5',
      state: 'partially_filled',
      reduceOnly: false,
      postOnly: true,
      createdAt: 1684738540559,
      updatedAt: 1684738540561,
    });
    const canceled = parseOrder(env({ list: [{ ...ORDER, orderStatus: 'Cancelled', cancelType: 'CancelByDCP' }] }));
    expect([canceled.state, canceled.reason]).toEqual(['canceled', 'canceled by the disconnect dead-man switch (DCP)']);
    const market = parseOrder(env({ list: [{ ...ORDER, orderType: 'Market', avgPrice: '', timeInForce: 'IOC' }] }));
    expect([market.type, market.price, market.avgPrice]).toEqual(['market', undefined, '0']);
    expect(() => parseOrder(env({ list: [{ ...ORDER, positionIdx: 1 }] }))).toThrow(/hedge mode/);
    expect(() => parseOrder(env({ list: [{ ...ORDER, orderStatus: 'Weird' }] }))).toThrow(VenueParseError);
  });

  it('reads positions signed by side, skips flat ones; balances net of what orders and positions hold', () => {
    const list = [
      { positionIdx: 0, symbol: 'BTCUSDT', side: 'Sell', size: '0.5', avgPrice: '60000', markPrice: '59000', unrealisedPnl: '500', liqPrice: '', leverage: '10', updatedTime: '1697673600012' },
      { positionIdx: 0, symbol: 'ETHUSDT', side: '', size: '0', avgPrice: '0', markPrice: '3000', unrealisedPnl: '0', leverage: '5', updatedTime: '1' },
    ];
    expect(parsePositions(env({ list, nextPageCursor: '' }))).toEqual([
      { symbol: 'BTCUSDT', qty: '-0.5', entryPrice: '60000', markPrice: '59000', unrealizedPnl: '500', leverage: '10', updatedAt: 1697673600012 },
    ]);
    const wallet = env({ list: [{ accountType: 'UNIFIED', coin: [{ coin: 'USDT', walletBalance: '1000', equity: '1010', totalOrderIM: '50', totalPositionIM: '100.5', locked: '0' }] }] });
    expect(parseBalances(wallet)).toEqual([{ asset: 'USDT', wallet: '1000', available: '849.5', equity: '1010', updatedAt: T }]);
  });

  it('reads executions oldest first with the next cursor; funding is not a fill; fees keep their sign', () => {
    const exec = (id: string, time: string, extra = {}) => ({
      symbol: 'BTCUSDT', orderId: 'o1', orderLinkId: 'qd-1', side: 'Buy', execId: id, execPrice: '60000', execQty: '0.001',
      execType: 'Trade', execFee: '-0.01', feeCurrency: 'USDT', execTime: time, isMaker: true, ...extra,
    });
    const page = parseFillsPage(env({ list: [exec('b', '20'), exec('f', '15', { execType: 'Funding' }), exec('a', '10')], nextPageCursor: 'next' }));
    expect(page.cursor).toBe('next');
    expect(page.fills.map((f) => [f.tradeId, f.time, f.fee, f.maker, f.clientOrderId])).toEqual([
      ['a', 10, '-0.01', true, 'qd-1'],
      ['b', 20, '-0.01', true, 'qd-1'],
    ]);
    expect(parseFillsPage(env({ list: [], nextPageCursor: '' })).cursor).toBeUndefined();
  });

  it('reads instruments (tick, qty step, min notional) and the time in ms from nanoseconds', () => {
    const instruments = parseInstruments(
      env({
        category: 'linear',
        list: [
          { symbol: 'BTCUSDT', contractType: 'LinearPerpetual', status: 'Trading', priceScale: '2', baseCoin: 'BTC', quoteCoin: 'USDT', settleCoin: 'USDT', priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: '0.10' }, lotSizeFilter: { maxOrderQty: '1190.000', minOrderQty: '0.001', qtyStep: '0.001', minNotionalValue: '5' } },
          { symbol: 'BIOUSDT', contractType: 'LinearPerpetual', status: 'PreLaunch', baseCoin: 'BIO', quoteCoin: 'USDT', priceFilter: { tickSize: '0.0001' }, lotSizeFilter: { qtyStep: '1', minOrderQty: '1' } },
        ],
        nextPageCursor: '',
      }),
    );
    expect(instruments).toEqual([
      { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', kind: 'perp', tickSize: '0.10', stepSize: '0.001', minQty: '0.001', maxQty: '1190.000', minNotional: '5', pricePrecision: 2, qtyPrecision: 3 },
    ]);
    expect(parseServerTime(env({ timeSecond: '1688639403', timeNano: '1688639403423213947' }))).toBe(1688639403423);
    expect(parseServerTime(env({ timeSecond: '1688639403' }))).toBe(1688639403000);
  });
});

describe('bybit error classes', () => {
  const info = (body: unknown, status = 200) => checkBybitReply(reply(body, status));
  const err = (retCode: number, retMsg = 'x') => ({ retCode, retMsg, result: {}, retExtInfo: {}, time: T });

  it('retCode 0 is a success; each documented code has its class', () => {
    expect(info(env({}))).toBeUndefined();
    const cls = (code: number) => {
      const i = info(err(code))!;
      return `${i.meaning}/${i.failure}`;
    };
    expect(cls(10002)).toBe('timestamp/clock');
    expect(cls(10003)).toBe('auth/auth');
    expect(cls(10004)).toBe('signature/auth');
    expect(cls(10005)).toBe('permission/auth');
    expect(cls(10010)).toBe('permission/auth');
    expect(cls(10006)).toBe('rate_limited/backoff');
    expect(cls(10000)).toBe('unknown_status/ambiguous');
    expect(cls(10016)).toBe('unknown_status/ambiguous');
    expect(cls(110072)).toBe('duplicate_client_id/ambiguous');
    expect(cls(110001)).toBe('order_not_found/rejected');
    expect(cls(110007)).toBe('insufficient_balance/rejected');
    expect(cls(110017)).toBe('reduce_only_rejected/rejected');
    expect(cls(110094)).toBe('bad_request/rejected');
    expect(cls(110999)).toBe('other/rejected');
    expect(info(err(10004, 'Error sign, please check your signature generation algorithm.'))).toEqual({
      status: 200,
      code: '10004',
      message: 'Error sign, please check your signature generation algorithm.',
      meaning: 'signature',
      failure: 'auth',
    });
  });

  it('gateway statuses without an envelope: 403 is the IP ban, 5xx ambiguous, 401 auth; a hostile code is unreadable, not a throw', () => {
    expect(info('<html>403 Forbidden</html>', 403)).toMatchObject({ meaning: 'banned', failure: 'backoff', message: expect.stringMatching(/access too frequent/) });
    expect(info(undefined, 502)).toMatchObject({ meaning: 'unknown_status', failure: 'ambiguous' });
    expect(info(undefined, 401)).toMatchObject({ failure: 'auth' });
    expect(info({ retCode: { toString: null }, retMsg: 'x' })).toMatchObject({ code: 'unreadable', failure: 'rejected' });
  });
});

describe('bybit rate feedback', () => {
  const create = { name: 'placeOrder', costs: { [POOL.ip]: 1, [POOL.create]: 1 } };

  it("the endpoint's own count: X-Bapi-Limit minus X-Bapi-Limit-Status, for the pool of the request", () => {
    const fb = bybitRateFeedback(reply(env({}), 200, { 'x-bapi-limit': '10', 'x-bapi-limit-status': '3' }), T, create);
    expect(fb).toEqual({ used: { [POOL.create]: 7 }, rateLimited: false });
  });

  it('10006 fills that endpoint and pauses background until its reset; 403 holds everything until the next probe; 429 backs off', () => {
    const limited = bybitRateFeedback(
      reply({ retCode: 10006, retMsg: 'Too many visits!' }, 200, { 'x-bapi-limit': '10', 'x-bapi-limit-status': '0', 'x-bapi-limit-reset-timestamp': String(T + 400) }),
      T,
      create,
    );
    expect(limited).toEqual({ used: { [POOL.create]: 10 }, rateLimited: true, retryAfterMs: 400 });
    expect(bybitRateFeedback(reply(undefined, 403), T, create).bannedUntil).toBe(T + IP_BAN_PROBE_MS);
    expect(bybitRateFeedback(reply(undefined, 403, { 'retry-after': '30' }), T).bannedUntil).toBe(T + 30_000);
    expect(bybitRateFeedback(reply(undefined, 429), T).rateLimited).toBe(true);
  });
});
