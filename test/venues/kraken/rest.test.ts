import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import type { OrderIntent } from '../../../src/core/types.js';
import { kraken } from '../../../src/venues/kraken/adapter.js';
import { KRAKEN_DEADMAN } from '../../../src/venues/kraken/deadman.js';
import { checkKrakenReply } from '../../../src/venues/kraken/errors.js';
import { krakenPools, krakenRateFeedback, POOL } from '../../../src/venues/kraken/limits.js';
import { InvalidIntentError } from '../../../src/venues/kraken/requests.js';
import { krakenUrls } from '../../../src/venues/kraken/urls.js';
import { ClientOrderIdGenerator, validateClientOrderId } from '../../../src/core/client-order-id.js';
import type { Credentials, HttpReply, RequestPlan, SignContext } from '../../../src/venues/venue.js';
import * as F from './fixtures.js';

// The official signing example's private key (docs.kraken.com, "Spot REST Authentication").
const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const credentials: Credentials = { venue: 'kraken', env: 'live', apiKey: new Secret('pub-key', 'api key'), apiSecret: new Secret(SECRET, 'api secret') };
const T = 1_688_669_448_000;
let nonce = 1616492376594;
const ctx: SignContext = { credentials, venueNow: () => T, nextNonce: () => nonce++, recvWindowMs: 0 };
const reply = (body: unknown, status = 200): HttpReply => ({ status, headers: {}, body });
const run = <T>(plan: RequestPlan<T>, body: unknown): T => {
  const r = reply(body);
  const err = kraken.checkReply(r) ?? plan.check?.(r);
  if (err !== undefined) throw Object.assign(new Error(err.message), err);
  return plan.parse(r);
};

/** API-Sign recomputed here from the documented formula, apart from src/. */
function expectedSign(path: string, body: string): string {
  const n = new URLSearchParams(body).get('nonce') ?? '';
  const inner = createHash('sha256').update(n + body).digest();
  return createHmac('sha512', Buffer.from(SECRET, 'base64')).update(path).update(inner).digest('base64');
}

const limit: OrderIntent = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '1.25',
  price: '27500.0',
  reduceOnly: false,
  postOnly: false,
  clientOrderId: 'qdAbc123XyZ0000A',
};

describe('kraken request plans', () => {
  it('AddOrder: a form body led by a fresh nonce, API-Sign over path + SHA-256(nonce + the very body sent)', () => {
    const plan = kraken.placeOrder(limit);
    expect(plan).toMatchObject({ lane: 'critical', mutating: true, signed: true, costs: { [POOL.trading]: 1 } });
    const a = plan.build(ctx);
    const b = plan.build(ctx);
    expect(a.method).toBe('POST');
    expect(a.path).toBe('/0/private/AddOrder');
    expect(a.body).toMatch(/^nonce=\d+&ordertype=limit&type=buy&volume=1\.25&pair=XBTUSD&price=27500\.0&cl_ord_id=qdAbc123XyZ0000A$/);
    expect(a.headers).toMatchObject({ 'Content-Type': 'application/x-www-form-urlencoded', 'API-Key': 'pub-key' });
    expect(a.headers['API-Sign']).toBe(expectedSign(a.path, a.body));
    // Built again (a clock or nonce retry): a higher nonce, signed anew.
    expect(Number(new URLSearchParams(b.body).get('nonce'))).toBeGreaterThan(Number(new URLSearchParams(a.body).get('nonce')));
    expect(b.headers['API-Sign']).toBe(expectedSign(b.path, b.body));
    expect(b.headers['API-Sign']).not.toBe(a.headers['API-Sign']);
  });

  it('post-only, IOC and FOK limits, and a market order, as Kraken spells them', () => {
    const body = (i: Partial<OrderIntent>) => new URLSearchParams(kraken.placeOrder({ ...limit, ...i }).build(ctx).body);
    expect(body({ postOnly: true }).get('oflags')).toBe('post');
    expect(body({ postOnly: true }).get('timeinforce')).toBeNull();
    expect(body({ timeInForce: 'ioc' }).get('timeinforce')).toBe('IOC');
    expect(body({ timeInForce: 'fok' }).get('timeinforce')).toBe('FOK');
    const market = body({ type: 'market', price: undefined as unknown as string });
    expect(market.get('ordertype')).toBe('market');
    expect(market.get('price')).toBeNull();
    expect(body({ symbol: 'DOGE/USD' }).get('pair')).toBe('XDGUSD');
  });

  it('refuses what spot cannot mean or Kraken cannot take, before anything is sent', () => {
    expect(() => kraken.placeOrder({ ...limit, reduceOnly: true })).toThrow(/reduce-only means nothing on spot/);
    expect(() => kraken.placeOrder({ ...limit, trigger: { kind: 'stop', price: '1', by: 'last' } })).toThrow(InvalidIntentError);
    expect(() => kraken.placeOrder({ ...limit, clientOrderId: 'x'.repeat(19) })).toThrow(/cl_ord_id/);
    expect(() => kraken.placeOrder({ ...limit, price: undefined as unknown as string })).toThrow(/no price/);
    expect(() => kraken.placeOrder({ ...limit, symbol: 'BTCUSD' })).toThrow(/BASE\/QUOTE/);
  });

  it("the engine's client ids fit Kraken's free-text rule (18 characters) for a whole session", () => {
    const ids = new ClientOrderIdGenerator(kraken.clientId, { randomBytes: new Uint8Array(8).fill(200), startedAt: T, tag: kraken.clientId.tag });
    for (let i = 0; i < 5_000; i++) {
      const id = ids.next();
      expect(validateClientOrderId(id, kraken.clientId)).toEqual({ ok: true });
      expect(id.length).toBeLessThanOrEqual(18);
    }
  });

  it('cancel by txid or by cl_ord_id; cancel-all is the account; public calls are unsigned GETs', () => {
    expect(kraken.cancelOrder({ symbol: 'BTC/USD', venueOrderId: 'OU22CG-KLAF2-FWUDD7', clientOrderId: 'x' }).build(ctx).body).toMatch(/&txid=OU22CG-KLAF2-FWUDD7$/);
    expect(kraken.cancelOrder({ symbol: 'BTC/USD', clientOrderId: 'qdA' }).build(ctx).body).toMatch(/&cl_ord_id=qdA$/);
    expect(kraken.cancelAll().build(ctx).body).toMatch(/^nonce=\d+$/);
    expect(kraken.capabilities.cancelAllScope).toBe('account');
    const time = kraken.serverTime().build(ctx);
    expect(time).toMatchObject({ method: 'GET', path: '/0/public/Time', body: '', headers: {} });
  });

  it('dead-man: CancelAllOrdersAfter in whole seconds, 0 disarms', () => {
    expect(KRAKEN_DEADMAN.arm(60_000).build(ctx).body).toMatch(/&timeout=60$/);
    expect(KRAKEN_DEADMAN.trigger === 'timer' && KRAKEN_DEADMAN.disarm().build(ctx).body).toMatch(/&timeout=0$/);
    expect(KRAKEN_DEADMAN.arm(1).build(ctx).body).toMatch(/&timeout=10$/);
    expect(run(KRAKEN_DEADMAN.arm(60_000), F.CANCEL_AFTER)).toBeUndefined();
  });

  it('urls: live and the local venue only (Kraken spot has no testnet)', () => {
    expect(krakenUrls('live')).toEqual({ rest: 'https://api.kraken.com', wsPublic: 'wss://ws.kraken.com/v2', wsPrivate: 'wss://ws-auth.kraken.com/v2' });
    expect(() => krakenUrls('testnet')).toThrow(/no testnet/);
    expect(krakenUrls('sim', { rest: 'http://127.0.0.1:9/', wsPublic: 'ws://127.0.0.1:9', wsPrivate: 'ws://127.0.0.1:9' }).wsPrivate).toBe('ws://127.0.0.1:9/v2');
  });
});

describe('kraken replies (documented examples)', () => {
  it('Time: whole seconds', () => {
    expect(run(kraken.serverTime(), F.TIME)).toBe(1688669448000);
  });

  it('AssetPairs → spot instruments in the v2 spelling: tick, step, minimum and cost minimum', () => {
    const list = run(kraken.instruments(), F.ASSET_PAIRS);
    expect(list.map((i) => i.symbol)).toEqual(['BTC/USD', 'ETH/BTC']);
    expect(list[0]).toEqual({
      symbol: 'BTC/USD',
      base: 'BTC',
      quote: 'USD',
      kind: 'spot',
      tickSize: '0.1',
      stepSize: '0.00000001',
      minQty: '0.0001',
      minNotional: '0.5',
      pricePrecision: 1,
      qtyPrecision: 8,
    });
    expect(list[1]?.tickSize).toBe('0.00001');
  });

  it('OpenOrders → orders: partly filled with its average, post-only read from oflags, pair spelled back', () => {
    const orders = run(kraken.openOrders(), F.OPEN_ORDERS);
    expect(orders[0]).toMatchObject({
      venueOrderId: 'OQCLML-BW3P3-BUCMWZ',
      clientOrderId: 'qdAbc123XyZ0000A',
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      price: '30010.0',
      qty: '1.25000000',
      filledQty: '0.37500000',
      avgPrice: '30010.0',
      state: 'partially_filled',
      postOnly: false,
      createdAt: 1688666559897,
    });
    expect(orders[1]).toMatchObject({ symbol: 'ETH/BTC', state: 'new', postOnly: true, timeInForce: 'gtx', avgPrice: '0', clientOrderId: '' });
    expect(run(kraken.openOrders('ETH/BTC'), F.OPEN_ORDERS).map((o) => o.venueOrderId)).toEqual(['OB5VMB-B4U2U-DK2WRW']);
  });

  it('queryOrder: by txid (QueryOrders), by cl_ord_id (open orders, then closed ones as the second look)', () => {
    const filled = run(kraken.queryOrder({ symbol: 'BTC/USD', venueOrderId: 'OBCMZD-JIEE7-77TH3F' }), F.QUERY_ORDERS);
    expect(filled).toMatchObject({ state: 'filled', type: 'market', filledQty: '0.25000000', avgPrice: '30000.0', updatedAt: 1688665499192 });
    expect(kraken.queryOrder({ symbol: 'BTC/USD', venueOrderId: 'O1' }).build(ctx).body).toMatch(/&txid=O1&trades=false$/);
    const byClient = kraken.queryOrder({ symbol: 'BTC/USD', clientOrderId: 'qdAbc123XyZ0000B' });
    expect(byClient.build(ctx).path).toBe('/0/private/OpenOrders');
    // Not among the open orders: "not found" there, never a parse error.
    expect(() => run(byClient, F.OPEN_ORDERS)).toThrow(expect.objectContaining({ meaning: 'order_not_found', failure: 'rejected' }));
    const second = kraken.queryOrderElsewhere?.({ symbol: 'BTC/USD', clientOrderId: 'qdAbc123XyZ0000B' });
    expect(second?.build(ctx).path).toBe('/0/private/ClosedOrders');
    expect(second && run(second, F.CLOSED_ORDERS)).toMatchObject({ state: 'canceled', reason: 'User requested', venueOrderId: 'O37652-RJWRT-IMO74O' });
  });

  it('AddOrder ack → the order live under its txid; cancel ack → pending_cancel', () => {
    expect(run(kraken.placeOrder(limit), F.ADD_ORDER)).toMatchObject({ venueOrderId: 'OU22CG-KLAF2-FWUDD7', clientOrderId: limit.clientOrderId, state: 'new', timeInForce: 'gtc' });
    expect(run(kraken.cancelOrder({ symbol: 'BTC/USD', venueOrderId: 'OU22CG-KLAF2-FWUDD7' }), F.CANCEL_ORDER)).toMatchObject({ state: 'pending_cancel' });
    expect(run(kraken.cancelAll(), F.CANCEL_ALL)).toBeUndefined();
  });

  it('BalanceEx → wallet, available = balance − hold_trade, assets in the v2 spelling', () => {
    const list = run(kraken.balances(), F.BALANCE_EX);
    expect(list.map(({ asset, wallet, available }) => ({ asset, wallet, available }))).toEqual([
      { asset: 'USD', wallet: '25435.21', available: '17185.45' },
      { asset: 'BTC', wallet: '1.2435', available: '0.4012' },
      { asset: 'BTC.F', wallet: '0.5', available: '0.5' },
    ]);
  });

  it('positions: spot has none, and the adapter offers nothing to ask', () => {
    expect(kraken.positions).toBeUndefined();
  });

  it('TradesHistory since a watermark: the symbol\'s fills oldest first, fee in the quote, the next offset as cursor', () => {
    const plan = kraken.fillsPage?.({ symbol: 'BTC/USD', startTime: 1688667769639 });
    expect(plan?.costs).toEqual({ [POOL.api]: 2 });
    expect(plan?.build(ctx).body).toMatch(/&type=all&trades=false&start=1688667768$/);
    const page = plan && run(plan, F.TRADES_HISTORY);
    expect(page?.fills.map((f) => f.tradeId)).toEqual(['TCWJEG-FL4SZ-3FKGH6', 'THVRQM-33VKH-UCI7BS']);
    expect(page?.fills[0]).toEqual({
      tradeId: 'TCWJEG-FL4SZ-3FKGH6',
      venueOrderId: 'OQCLML-BW3P3-BUCMWZ',
      symbol: 'BTC/USD',
      side: 'buy',
      price: '30010.00000',
      qty: '0.01000000',
      fee: '0.78026',
      feeAsset: 'USD',
      time: 1688667769640,
      maker: false,
    });
    // Three trades read of 123: the next page starts at offset 3 (the other pair's trade counts too).
    expect(page?.cursor).toBe('3');
    expect(kraken.fillsPage?.({ symbol: 'BTC/USD', startTime: 0, cursor: '3' }).build(ctx).body).toMatch(/&ofs=3$/);
  });
});

describe('kraken errors and rate feedback', () => {
  const words = (...error: string[]) => reply({ error });
  it('EAPI:Invalid nonce is a clock-class failure with a named recovery', () => {
    const info = checkKrakenReply(words('EAPI:Invalid nonce'));
    expect(info).toMatchObject({ code: 'EAPI:Invalid nonce', meaning: 'timestamp', failure: 'clock' });
    expect(info?.message).toMatch(/nonce-behind/);
  });
  it.each([
    ['EAPI:Rate limit exceeded', 'rate_limited', 'backoff'],
    ['EOrder:Rate limit exceeded', 'rate_limited', 'backoff'],
    ['EOrder:Insufficient funds', 'insufficient_balance', 'rejected'],
    ['EGeneral:Invalid arguments:volume', 'bad_request', 'rejected'],
    ['EService:Unavailable', 'unavailable', 'backoff'],
    ['EService:Busy', 'unavailable', 'backoff'],
    ['EService:Deadline elapsed', 'unknown_status', 'ambiguous'],
    ['EGeneral:Internal error', 'unknown_status', 'ambiguous'],
    ['EOrder:Unknown order', 'order_not_found', 'rejected'],
    ['EAPI:Invalid key', 'auth', 'auth'],
    ['EAPI:Invalid signature', 'signature', 'auth'],
    ['EGeneral:Permission denied', 'permission', 'auth'],
    ['EOrder:Post only order', 'would_take', 'rejected'],
    ['EOrder:Some new word', 'other', 'rejected'],
  ])('%s → %s / %s', (word, meaning, failure) => {
    expect(checkKrakenReply(words(word))).toMatchObject({ meaning, failure });
  });
  it('success is an empty error list; a gateway 5xx without an envelope may have executed', () => {
    expect(checkKrakenReply(reply(F.TIME))).toBeUndefined();
    expect(checkKrakenReply(reply(undefined, 502))).toMatchObject({ meaning: 'unknown_status', failure: 'ambiguous' });
    expect(checkKrakenReply(reply(undefined, 503))).toMatchObject({ failure: 'backoff' });
  });
  it('the counter refusals fill their pool and wait; Throttled says until when', () => {
    expect(krakenRateFeedback(words('EAPI:Rate limit exceeded'), T)).toEqual({ used: { [POOL.api]: 15 }, rateLimited: true, retryAfterMs: 3_000 });
    expect(krakenRateFeedback(words('EOrder:Rate limit exceeded'), T).used).toEqual({ [POOL.trading]: 60 });
    expect(krakenRateFeedback(words(`EService: Throttled: ${T / 1000 + 12}`), T)).toMatchObject({ rateLimited: true, retryAfterMs: 12_000 });
    expect(krakenRateFeedback(reply(F.TIME), T)).toEqual({ used: {}, rateLimited: false });
  });
  it('pools per verification tier: the max over max ÷ decay seconds', () => {
    expect(krakenPools('starter').map((p) => [p.id, p.limit, p.windowMs])).toEqual([
      [POOL.api, 15, 45_455],
      [POOL.trading, 60, 60_000],
      [POOL.ohlc, 1, 1_000],
    ]);
    expect(krakenPools('pro').map((p) => [p.limit, p.windowMs])).toEqual([
      [20, 20_000],
      [180, 48_000],
      [1, 1_000],
    ]);
  });
});
