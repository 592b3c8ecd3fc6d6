// The Coinbase Advanced Trade adapter's REST side against replies the local venue produced
// (fixtures.ts): request bytes and the JWT each one carries (checked here with node:crypto alone,
// apart from src/), the parsers, the error table in Coinbase's words and the rate feedback.
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import type { OrderIntent } from '../../../src/core/types.js';
import { coinbase } from '../../../src/venues/coinbase/adapter.js';
import { checkCoinbaseReply, coinbaseTextReply } from '../../../src/venues/coinbase/errors.js';
import { coinbaseRateFeedback, POOL } from '../../../src/venues/coinbase/limits.js';
import { InvalidIntentError } from '../../../src/venues/coinbase/requests.js';
import { coinbaseUrls } from '../../../src/venues/coinbase/urls.js';
import type { Credentials, HttpReply, RequestPlan, SignContext } from '../../../src/venues/venue.js';
import * as F from './fixtures.js';

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PEM = pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const KEY_NAME = 'organizations/org-1/apiKeys/key-1';
const credentials: Credentials = { venue: 'coinbase', env: 'live', apiKey: new Secret(KEY_NAME, 'api key'), privateKey: new Secret(PEM, 'private key') };
const T = 1_796_646_964_817;
const ctx: SignContext = { credentials, venueNow: () => T, nextNonce: () => 1, recvWindowMs: 0 };
const reply = (body: unknown, status = 200, headers: Record<string, string> = {}): HttpReply => ({ status, headers, body });
const run = <T>(plan: RequestPlan<T>, body: unknown, status = 200): T => {
  const r = reply(body, status);
  const err = coinbase.checkReply(r) ?? plan.check?.(r);
  if (err !== undefined) throw Object.assign(new Error(err.message), err);
  return plan.parse(r);
};

/** A token's header and claims, its signature verified with the public key (ES256, JOSE r ‖ s). */
function token(authorization: string | undefined): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const jwt = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  const [h, c, s] = jwt.split('.') as [string, string, string];
  const ok = verify('sha256', Buffer.from(`${h}.${c}`), { key: pair.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  expect(ok).toBe(true);
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), claims: JSON.parse(Buffer.from(c, 'base64url').toString()) };
}

const limit: OrderIntent = { symbol: 'BTC-USD', side: 'buy', type: 'limit', qty: '0.002', price: '58441.19', reduceOnly: false, postOnly: false, clientOrderId: 'qdr2kc610Vd7TZDY1' };

describe('coinbase request plans', () => {
  it('create order: a JSON body with client_order_id and one configuration, a JWT minted for this request', () => {
    const plan = coinbase.placeOrder(limit);
    expect(plan).toMatchObject({ lane: 'critical', mutating: true, signed: true, costs: { [POOL.private]: 1 } });
    const a = plan.build(ctx);
    expect([a.method, a.path, a.query]).toEqual(['POST', '/api/v3/brokerage/orders', '']);
    expect(JSON.parse(a.body)).toEqual({
      client_order_id: 'qdr2kc610Vd7TZDY1',
      product_id: 'BTC-USD',
      side: 'BUY',
      order_configuration: { limit_limit_gtc: { base_size: '0.002', limit_price: '58441.19', post_only: false } },
    });
    expect(a.headers['Content-Type']).toBe('application/json');
    const { header, claims } = token(a.headers.Authorization);
    expect(header).toMatchObject({ alg: 'ES256', kid: KEY_NAME, typ: 'JWT' });
    const nbf = Math.floor(T / 1000) - 1;
    expect(claims).toEqual({ sub: KEY_NAME, iss: 'cdp', nbf, exp: nbf + 120, uri: 'POST api.coinbase.com/api/v3/brokerage/orders' });
    // Built again (a retry): a token of its own, never the same nonce.
    const b = plan.build(ctx);
    expect(token(b.headers.Authorization).header.nonce).not.toBe(header.nonce);
  });

  it('the uri claim names the host the request goes to, its port kept, never the query', () => {
    const local = { ...ctx, credentials: { ...credentials, env: 'sim' as const }, restHost: '127.0.0.1:40123' };
    const w = coinbase.openOrders('BTC-USD').build(local);
    expect(w.query).toBe('order_status=OPEN&product_ids=BTC-USD&limit=1000');
    expect(token(w.headers.Authorization).claims.uri).toBe('GET 127.0.0.1:40123/api/v3/brokerage/orders/historical/batch');
    // The local venue without its host: nothing to name in the claim, so nothing is signed.
    expect(() => coinbase.openOrders().build({ ...local, restHost: undefined } as SignContext)).toThrow(/REST host/);
  });

  it('configurations: market by base size, post-only, IOC and FOK limits; what spot cannot express is refused', () => {
    const body = (i: Partial<OrderIntent>) => JSON.parse(coinbase.placeOrder({ ...limit, ...i }).build(ctx).body).order_configuration;
    expect(body({ type: 'market', price: undefined })).toEqual({ market_market_ioc: { base_size: '0.002' } });
    expect(body({ postOnly: true })).toEqual({ limit_limit_gtc: { base_size: '0.002', limit_price: '58441.19', post_only: true } });
    expect(body({ timeInForce: 'ioc' })).toEqual({ sor_limit_ioc: { base_size: '0.002', limit_price: '58441.19' } });
    expect(body({ timeInForce: 'fok' })).toEqual({ limit_limit_fok: { base_size: '0.002', limit_price: '58441.19' } });
    expect(() => coinbase.placeOrder({ ...limit, reduceOnly: true })).toThrow(InvalidIntentError);
    expect(() => coinbase.placeOrder({ ...limit, trigger: { price: '1', kind: 'stop', by: 'last' } as never })).toThrow(/protective/);
    expect(() => coinbase.placeOrder({ ...limit, clientOrderId: 'has space' })).toThrow(/client_order_id/);
  });

  it('public calls carry no token and draw the public pool', () => {
    for (const plan of [coinbase.serverTime(), coinbase.instruments()]) {
      const w = plan.build(ctx);
      expect(w.headers.Authorization).toBeUndefined();
      expect(plan.costs).toEqual({ [POOL.public]: 1 });
    }
    expect(coinbase.instruments().build(ctx).path).toBe('/api/v3/brokerage/market/products');
  });

  it('cancel goes by the venue id only, one batch_cancel; a batch takes 1-100', () => {
    const w = coinbase.cancelOrder({ symbol: 'BTC-USD', clientOrderId: 'x', venueOrderId: 'abc-1' }).build(ctx);
    expect([w.method, w.path, JSON.parse(w.body)]).toEqual(['POST', '/api/v3/brokerage/orders/batch_cancel', { order_ids: ['abc-1'] }]);
    expect(() => coinbase.cancelOrder({ symbol: 'BTC-USD', clientOrderId: 'x' })).toThrow(/order id/);
    const refs = Array.from({ length: 101 }, (_, i) => ({ symbol: 'BTC-USD', venueOrderId: `id-${i}` }));
    expect(() => coinbase.cancelBatch!.plan(refs)).toThrow(/1-100/);
    expect(() => coinbase.cancelAll('BTC-USD')).toThrow(/no cancel-all/);
  });

  it('fills since the watermark: start_sequence_timestamp as RFC 3339, the cursor followed', () => {
    const w = coinbase.fillsPage!({ symbol: 'BTC-USD', startTime: Date.UTC(2026, 11, 7, 11, 36, 4, 992), cursor: '250' }).build(ctx);
    expect(w.query).toBe('product_ids=BTC-USD&start_sequence_timestamp=2026-12-07T11%3A36%3A04.992Z&limit=250&cursor=250');
  });
});

describe('coinbase replies', () => {
  it('time, products (spot, online), accounts (free + hold)', () => {
    expect(run(coinbase.serverTime(), F.TIME)).toBe(Number(F.TIME.epochMillis));
    const products = run(coinbase.instruments(), F.PRODUCTS);
    expect(products.map((p) => p.symbol)).toEqual(['BTC-USD', 'XRP-USD']);
    expect(products[0]).toEqual({ symbol: 'BTC-USD', base: 'BTC', quote: 'USD', kind: 'spot', tickSize: '0.01', stepSize: '0.00000001', minQty: '0.00000001', maxQty: '3400', minNotional: '1', pricePrecision: 2, qtyPrecision: 8 });
    const halted = { products: F.PRODUCTS.products.map((p, i) => (i === 1 ? { ...p, cancel_only: true } : p)) };
    expect(run(coinbase.instruments(), halted).map((p) => p.symbol)).toEqual(['BTC-USD']);
    const balances = run(coinbase.balances(), F.ACCOUNTS);
    const usd = balances.find((b) => b.asset === 'USD')!;
    const raw = F.ACCOUNTS.accounts.find((a) => a.currency === 'USD')!;
    expect(usd.available).toBe(raw.available_balance.value);
    expect(Number(usd.wallet)).toBeCloseTo(Number(raw.available_balance.value) + Number(raw.hold.value), 8);
    expect(Number(raw.hold.value)).toBeGreaterThan(0);
  });

  it('orders: one by id, one by client id among the newest, the open list; a create ack; not found named', () => {
    const open = run(coinbase.queryOrder({ symbol: 'BTC-USD', venueOrderId: F.ORDER_OPEN.order.order_id }), F.ORDER_OPEN);
    expect(open).toMatchObject({ clientOrderId: 'qdr2kc610Vd7TZDY1', state: 'new', type: 'limit', qty: '0.002', price: '58441.19', timeInForce: 'gtc', filledQty: '0', avgPrice: '0', postOnly: false });
    const byClient = coinbase.queryOrder({ symbol: 'BTC-USD', clientOrderId: 'qdr2kc610Vd7TZDY0' });
    expect(byClient.build(ctx).query).toBe('product_ids=BTC-USD&limit=250');
    const market = run(byClient, F.ORDERS_BY_PRODUCT);
    expect(market).toMatchObject({ state: 'filled', type: 'market', qty: '0.001', filledQty: '0.001' });
    expect(Number(market.avgPrice)).toBeGreaterThan(0);
    expect(() => run(coinbase.queryOrder({ symbol: 'BTC-USD', clientOrderId: 'never' }), F.ORDERS_BY_PRODUCT)).toThrow(expect.objectContaining({ meaning: 'order_not_found' }));
    expect(() => run(coinbase.queryOrder({ symbol: 'BTC-USD', venueOrderId: 'x' }), F.NOT_FOUND, 404)).toThrow(expect.objectContaining({ meaning: 'order_not_found', failure: 'rejected' }));
    expect(run(coinbase.openOrders('BTC-USD'), F.OPEN_ORDERS).map((o) => o.state)).toEqual(['new']);
    expect(run(coinbase.placeOrder(limit), F.CREATE_OK)).toMatchObject({ state: 'new', venueOrderId: F.CREATE_OK.order_id, clientOrderId: limit.clientOrderId });
  });

  it('a cancel accepted is pending_cancel; UNKNOWN_CANCEL_ORDER is order_not_found', () => {
    const ref = { symbol: 'BTC-USD', clientOrderId: 'qdr2kc610Vd7TZDY1', venueOrderId: F.CANCEL_OK.results[0]!.order_id };
    expect(run(coinbase.cancelOrder(ref), F.CANCEL_OK)).toMatchObject({ state: 'pending_cancel', venueOrderId: ref.venueOrderId });
    expect(() => run(coinbase.cancelOrder(ref), F.CANCEL_UNKNOWN)).toThrow(expect.objectContaining({ meaning: 'order_not_found', code: 'UNKNOWN_CANCEL_ORDER' }));
    expect(run(coinbase.cancelBatch!.plan([ref]), F.CANCEL_UNKNOWN).failed).toEqual([{ ref, code: 'UNKNOWN_CANCEL_ORDER', message: 'UNKNOWN_CANCEL_ORDER' }]);
  });

  it('fills: the entry id, fees in the quote currency, taker', () => {
    const page = run(coinbase.fillsPage!({ symbol: 'BTC-USD' }), F.FILLS);
    const f = F.FILLS.fills[0]!;
    expect(page.fills[0]).toEqual({ tradeId: f.entry_id, venueOrderId: f.order_id, symbol: 'BTC-USD', side: 'buy', price: f.price, qty: f.size, fee: f.commission, feeAsset: 'USD', time: Date.parse(f.trade_time), maker: false });
    expect(page.cursor).toBeUndefined();
    expect(run(coinbase.fillsPage!({ symbol: 'BTC-USD' }), { ...F.FILLS, cursor: '250' }).cursor).toBe('250');
  });

  it('key_permissions through the plan: the demo key views and trades, no transfer', () => {
    expect(run(coinbase.keyPermissions!.plan({}), F.KEY_PERMISSIONS)).toMatchObject({ canRead: true, canTrade: true, canWithdraw: false, canTransfer: false });
  });
});

describe('coinbase errors and rate limits', () => {
  it('create refusals are definite: nothing was placed', () => {
    expect(checkCoinbaseReply(reply(F.CREATE_INSUFFICIENT))).toMatchObject({ code: 'INSUFFICIENT_FUND', meaning: 'insufficient_balance', failure: 'rejected' });
    expect(checkCoinbaseReply(reply(F.CREATE_POST_ONLY))).toMatchObject({ code: 'INVALID_LIMIT_PRICE_POST_ONLY', meaning: 'would_take', failure: 'rejected' });
    expect(checkCoinbaseReply(reply(F.CREATE_OK))).toBeUndefined();
  });

  it('HTTP errors by the venue\'s word: only 429 is "not processed"; 500, 503 and 504 may have placed the order', () => {
    const err = (status: number, error: string, message = 'x') => checkCoinbaseReply(reply({ error, error_details: message, message }, status));
    expect(err(429, 'RATE_LIMIT_EXCEEDED')).toMatchObject({ meaning: 'rate_limited', failure: 'backoff' });
    for (const [s, w] of [[500, 'INTERNAL'], [503, 'UNAVAILABLE'], [504, 'UNKNOWN']] as const) expect(err(s, w)).toMatchObject({ failure: 'ambiguous' });
    expect(err(403, 'PERMISSION_DENIED', 'Missing required scopes')).toMatchObject({ meaning: 'permission', failure: 'auth' });
    expect(err(400, 'INVALID_ARGUMENT', 'client_order_id is required')).toMatchObject({ meaning: 'bad_request', failure: 'rejected', message: 'client_order_id is required' });
    expect(err(404, 'NOT_FOUND', 'ProductID is invalid')).toMatchObject({ meaning: 'bad_request' });
    // A body that is no JSON of the venue's (a gateway page): judged by its status.
    expect(checkCoinbaseReply(reply(undefined, 502))).toMatchObject({ failure: 'ambiguous' });
  });

  it('the gateway\'s text 401 Unauthorized is a clock failure (resync, one new token); other text is left to the HTTP layer', () => {
    expect(coinbase.nonJsonReply?.(401, 'Unauthorized')).toMatchObject({ status: 401, code: 'Unauthorized', failure: 'clock' });
    expect(coinbaseTextReply(401, '<html>401</html>')).toBeUndefined();
    expect(coinbaseTextReply(502, 'Unauthorized')).toBeUndefined();
  });

  it('a 429 waits Retry-After, else a second; x-ratelimit-* counts land in the pool of the request', () => {
    expect(coinbaseRateFeedback(reply({}, 429))).toEqual({ used: {}, rateLimited: true, retryAfterMs: 1_000 });
    expect(coinbaseRateFeedback(reply({}, 429, { 'retry-after': '3' })).retryAfterMs).toBe(3_000);
    const counted = reply({}, 200, { 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '12' });
    expect(coinbaseRateFeedback(counted, { [POOL.private]: 1 }).used).toEqual({ [POOL.private]: 18 });
    expect(coinbaseRateFeedback(counted, { [POOL.public]: 1 }).used).toEqual({ [POOL.public]: 18 });
    expect(coinbase.pools.map((p) => [p.id, p.limit, p.windowMs])).toEqual([[POOL.private, 30, 1_000], [POOL.public, 10, 1_000]]);
  });

  it('environments: live and the local venue; the sandbox is refused by name', () => {
    expect(coinbaseUrls('live').rest).toBe('https://api.coinbase.com');
    expect(() => coinbaseUrls('testnet')).toThrow(/sandbox .* canned replies without authentication/);
    expect(coinbase.deadman).toBeUndefined();
  });
});
