import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { venueAdapter } from '../../../src/venues/index.js';
import { okx, OKX_DEADMAN } from '../../../src/venues/okx/adapter.js';
import { checkOkxReply } from '../../../src/venues/okx/errors.js';
import { okxRateFeedback } from '../../../src/venues/okx/limits.js';
import {
  parseBalances,
  parseFills,
  parseInstruments,
  parseOrder,
  parsePositions,
  parseServerTime,
} from '../../../src/venues/okx/parse.js';
import { cancelBatchPlan, InvalidIntentError } from '../../../src/venues/okx/requests.js';
import { okxUrls } from '../../../src/venues/okx/urls.js';
import { SigningError } from '../../../src/venues/shared/signing-error.js';
import { type Credentials, type HttpReply, type SignContext, VenueParseError } from '../../../src/venues/venue.js';

const credentials: Credentials = {
  venue: 'okx',
  env: 'sim',
  apiKey: new Secret('key-abc', 'api key'),
  apiSecret: new Secret('s3cret', 'api secret'),
  passphrase: new Secret('pass phrase', 'passphrase'),
};
const T = 1_700_000_000_123;
const ctx: SignContext = { credentials, venueNow: () => T + 0.7, nextNonce: () => 1, recvWindowMs: 5000 };
const b64 = (text: string) => createHmac('sha256', 's3cret').update(text).digest('base64');
const reply = (body: unknown, status = 200): HttpReply => ({ status, headers: {}, body });
const env = (data: unknown[]) => ({ code: '0', msg: '', data });

describe('okx request builders', () => {
  it('signs the exact JSON body it sends, with passphrase, ISO timestamp and expTime', () => {
    const plan = okx.placeOrder({
      symbol: 'BTC-USDT-SWAP',
      side: 'buy',
      type: 'limit',
      qty: '1.5',
      price: '65000.1',
      reduceOnly: false,
      postOnly: true,
      clientOrderId: 'qd1abc',
    });
    expect(plan.lane).toBe('critical');
    expect(plan.mutating).toBe(true);
    const wire = plan.build(ctx);
    expect(wire.method).toBe('POST');
    expect(wire.path).toBe('/api/v5/trade/order');
    expect(wire.query).toBe('');
    expect(wire.body).toBe(
      '{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"buy","ordType":"post_only","sz":"1.5","px":"65000.1","clOrdId":"qd1abc"}',
    );
    const ts = '2023-11-14T22:13:20.123Z';
    expect(wire.headers['OK-ACCESS-TIMESTAMP']).toBe(ts);
    expect(wire.headers['OK-ACCESS-KEY']).toBe('key-abc');
    expect(wire.headers['OK-ACCESS-PASSPHRASE']).toBe('pass phrase');
    expect(wire.headers['Content-Type']).toBe('application/json');
    expect(wire.headers['expTime']).toBe(String(T + 5000));
    expect(wire.headers['OK-ACCESS-SIGN']).toBe(b64(`${ts}POST/api/v5/trade/order${wire.body}`));
    expect(wire.headers['x-simulated-trading']).toBeUndefined();
  });

  it('signs GET requests over path + query and marks demo credentials', () => {
    const demo = { ...ctx, credentials: { ...credentials, env: 'demo' as const } };
    const wire = okx.queryOrder({ symbol: 'ETH-USDT-SWAP', clientOrderId: 'qd9' }).build(demo);
    expect(wire.query).toBe('instId=ETH-USDT-SWAP&clOrdId=qd9');
    expect(wire.body).toBe('');
    expect(wire.headers['Content-Type']).toBeUndefined();
    expect(wire.headers['OK-ACCESS-SIGN']).toBe(b64(`2023-11-14T22:13:20.123ZGET/api/v5/trade/order?${wire.query}`));
    expect(wire.headers['x-simulated-trading']).toBe('1');
    expect(okx.queryOrder({ symbol: 'X', clientOrderId: 'a', venueOrderId: '7' }).build(ctx).query).toBe('instId=X&ordId=7');
  });

  it('maps time in force into ordType and refuses what OKX cannot express', () => {
    const base = { symbol: 'BTC-USDT-SWAP', side: 'sell' as const, qty: '1', reduceOnly: true, clientOrderId: 'qd2' };
    const body = (i: Parameters<typeof okx.placeOrder>[0]) => JSON.parse(okx.placeOrder(i).build(ctx).body);
    expect(body({ ...base, type: 'market', postOnly: false })).toMatchObject({ ordType: 'market', reduceOnly: 'true' });
    expect(body({ ...base, type: 'limit', price: '1', timeInForce: 'ioc', postOnly: false }).ordType).toBe('ioc');
    expect(body({ ...base, type: 'limit', price: '1', timeInForce: 'fok', postOnly: false }).ordType).toBe('fok');
    expect(() => okx.placeOrder({ ...base, type: 'limit', postOnly: false })).toThrow(InvalidIntentError);
    expect(() => okx.placeOrder({ ...base, type: 'market', postOnly: true })).toThrow(InvalidIntentError);
    expect(() => okx.placeOrder({ ...base, type: 'market', postOnly: false, clientOrderId: 'qd-2' })).toThrow(/clOrdId/);
    expect(() => okx.cancelAll('BTC-USDT-SWAP')).toThrow(InvalidIntentError);
    expect(() => cancelBatchPlan([])).toThrow(InvalidIntentError);
  });

  it('public requests carry no key; a missing passphrase is a named signing error', () => {
    const wire = okx.serverTime().build(ctx);
    expect(wire.path).toBe('/api/v5/public/time');
    expect(wire.headers).toEqual({});
    const noPass = { ...ctx, credentials: { ...credentials, passphrase: undefined } } as unknown as SignContext;
    expect(() => okx.balances().build(noPass)).toThrow(SigningError);
  });

  it('fills are asked from the watermark time, bounded for paging back', () => {
    const wire = okx.fills({ symbol: 'BTC-USDT-SWAP', fromTradeId: '5', startTime: 1000, limit: 500 }).build(ctx);
    expect(wire.query).toBe('instType=SWAP&instId=BTC-USDT-SWAP&begin=999&limit=100');
  });

  it('dead-man: account-wide cancel-all-after in whole seconds, clamped, 0 disarms', () => {
    expect(JSON.parse(OKX_DEADMAN.arm(60_000).build(ctx).body)).toEqual({ timeOut: '60' });
    expect(JSON.parse(OKX_DEADMAN.arm(1_000).build(ctx).body)).toEqual({ timeOut: '10' });
    expect(JSON.parse(OKX_DEADMAN.disarm().build(ctx).body)).toEqual({ timeOut: '0' });
    expect(OKX_DEADMAN.scope).toBe('account');
  });

  it('batch cancel names the refused items', () => {
    const plan = cancelBatchPlan([
      { symbol: 'BTC-USDT-SWAP', clientOrderId: 'a1' },
      { symbol: 'BTC-USDT-SWAP', venueOrderId: '22' },
    ]);
    expect(JSON.parse(plan.build(ctx).body)).toEqual([
      { instId: 'BTC-USDT-SWAP', clOrdId: 'a1' },
      { instId: 'BTC-USDT-SWAP', ordId: '22' },
    ]);
    const r = plan.parse(reply({ code: '2', msg: '', data: [{ ordId: '1', clOrdId: 'a1', sCode: '0', sMsg: '' }, { ordId: '22', clOrdId: '', sCode: '51400', sMsg: 'gone' }] }));
    expect(r.failed).toEqual([{ ref: { symbol: 'BTC-USDT-SWAP', venueOrderId: '22' }, code: '51400', message: 'gone' }]);
    // A code that is neither text nor a number (the fuzzer's prototype-less object) is a malformed
    // reply, not a TypeError and not the text '[object Object]'.
    for (const sCode of [Object.create(null), {}, ['51400']]) {
      expect(() => plan.parse(reply({ code: '2', msg: '', data: [{ ordId: '22', sCode }] }))).toThrow(VenueParseError);
    }
  });

  it('is in the registry with its URLs per environment', () => {
    expect(venueAdapter('okx')).toBe(okx);
    expect(okxUrls('live').wsPrivate).toBe('wss://ws.okx.com:8443/ws/v5/private');
    expect(okxUrls('demo').rest).toBe(okxUrls('live').rest);
    expect(okxUrls('sim', { rest: 'http://127.0.0.1:9/', wsPublic: 'ws://127.0.0.1:9', wsPrivate: 'ws://127.0.0.1:9' })).toEqual({
      rest: 'http://127.0.0.1:9',
      wsPublic: 'ws://127.0.0.1:9/ws/v5/public',
      wsPrivate: 'ws://127.0.0.1:9/ws/v5/private',
      wsBusiness: 'ws://127.0.0.1:9/ws/v5/business',
    });
    expect(() => okxUrls('testnet')).toThrow(/demo trading instead/);
  });
});

describe('okx reply parsers', () => {
  it('reads orders, with ordType folded back into type, time in force and post-only', () => {
    const order = parseOrder(
      env([
        {
          instId: 'BTC-USDT-SWAP', ordId: '123', clOrdId: 'qd1', px: '65000.1', sz: '2', ordType: 'post_only', side: 'buy',
          accFillSz: '0.5', avgPx: '65000.1', state: 'partially_filled', reduceOnly: 'false', cTime: '100', uTime: '200',
          cancelSource: '', cancelSourceReason: '',
        },
      ]),
    );
    expect(order).toMatchObject({
      venueOrderId: '123', clientOrderId: 'qd1', type: 'limit', timeInForce: 'gtx', postOnly: true, price: '65000.1',
      filledQty: '0.5', state: 'partially_filled', createdAt: 100, updatedAt: 200,
    });
    const market = parseOrder(env([{ instId: 'X', ordId: '1', clOrdId: '', px: '', sz: '1', ordType: 'market', side: 'sell', accFillSz: '1', avgPx: '10', state: 'filled', reduceOnly: 'true', cTime: '1', uTime: '2' }]));
    expect(market).toMatchObject({ type: 'market', reduceOnly: true, state: 'filled' });
    expect(market.price).toBeUndefined();
    const canceled = parseOrder(env([{ instId: 'X', ordId: '1', clOrdId: 'c', px: '5', sz: '1', ordType: 'post_only', side: 'sell', accFillSz: '0', avgPx: '', state: 'canceled', reduceOnly: 'false', cTime: '1', uTime: '2', cancelSource: '31', cancelSourceReason: '' }]));
    expect(canceled.reason).toBe('post-only order would have traded');
    expect(() => parseOrder(env([{ ordId: '1', state: 'weird' }]))).toThrow(VenueParseError);
    expect(() => parseOrder({ code: '0', data: [] })).toThrow(/data is empty/);
  });

  it('reads net positions, skips flat ones, refuses hedge mode by name', () => {
    const positions = parsePositions(
      env([
        { instId: 'BTC-USDT-SWAP', pos: '-3', posSide: 'net', avgPx: '64000', markPx: '65000', upl: '-30', liqPx: '', lever: '10', uTime: '5' },
        { instId: 'ETH-USDT-SWAP', pos: '0', posSide: 'net', avgPx: '', markPx: '3000', upl: '0', liqPx: '', lever: '10', uTime: '5' },
      ]),
    );
    expect(positions).toEqual([
      { symbol: 'BTC-USDT-SWAP', qty: '-3', entryPrice: '64000', markPrice: '65000', unrealizedPnl: '-30', leverage: '10', updatedAt: 5 },
    ]);
    expect(() => parsePositions(env([{ instId: 'X', pos: '1', posSide: 'long', avgPx: '1', uTime: '1' }]))).toThrow(/hedge/);
  });

  it('reads balances, fills (fee sign flipped, oldest first), instruments and time', () => {
    expect(parseBalances(env([{ details: [{ ccy: 'USDT', cashBal: '100', availBal: '90', eq: '101', uTime: '7' }] }]))).toEqual([
      { asset: 'USDT', wallet: '100', available: '90', equity: '101', updatedAt: 7 },
    ]);
    const fills = parseFills(
      env([
        { instId: 'X', tradeId: '12', ordId: '1', clOrdId: 'c', billId: 'b2', side: 'buy', fillPx: '10', fillSz: '1', fee: '-0.02', feeCcy: 'USDT', ts: '20', fillTime: '20', execType: 'T' },
        { instId: 'X', tradeId: '11', ordId: '1', clOrdId: '', billId: 'b1', side: 'buy', fillPx: '10', fillSz: '1', fee: '0.01', feeCcy: 'USDT', ts: '10', fillTime: '10', execType: 'M' },
      ]),
    );
    expect(fills.map((f) => [f.tradeId, f.fee, f.maker, f.clientOrderId])).toEqual([
      ['11', '-0.01', true, undefined],
      ['12', '0.02', false, 'c'],
    ]);
    const [inst] = parseInstruments(
      env([{ instType: 'SWAP', instId: 'BTC-USDT-SWAP', ctVal: '0.01', ctValCcy: 'BTC', settleCcy: 'USDT', tickSz: '0.1', lotSz: '0.1', minSz: '0.1', maxLmtSz: '100000', state: 'live' }]),
    );
    expect(inst).toMatchObject({ symbol: 'BTC-USDT-SWAP', base: 'BTC', quote: 'USDT', kind: 'perp', contractSize: '0.01', pricePrecision: 1, qtyPrecision: 1 });
    expect(parseServerTime(env([{ ts: '1700000000000' }]))).toBe(1_700_000_000_000);
  });
});

describe('okx error table and rate feedback', () => {
  it('a code that is no number or string (an object without a prototype) is unreadable, never a throw', () => {
    const hostile = (body: unknown): HttpReply => ({ status: 200, headers: {}, body });
    const code = Object.create(null) as object;
    expect(okxRateFeedback(hostile({ code }))).toEqual({ used: {}, rateLimited: false });
    expect(okxRateFeedback(hostile({ code: '0', data: [{ sCode: Object.create(null) }] }))).toEqual({ used: {}, rateLimited: false });
    expect(checkOkxReply(hostile({ code }))).toMatchObject({ code: 'unreadable', failure: 'rejected' });
  });

  it('takes the failed item code over the envelope code', () => {
    const info = checkOkxReply(reply({ code: '1', msg: 'All operations failed', data: [{ ordId: '', clOrdId: 'x', sCode: '51016', sMsg: 'Duplicated clOrdId' }] }));
    expect(info).toMatchObject({ code: '51016', message: 'Duplicated clOrdId', meaning: 'duplicate_client_id', failure: 'ambiguous' });
    expect(checkOkxReply(reply(env([{ ordId: '1', sCode: '0' }])))).toBeUndefined();
    expect(checkOkxReply(reply({ code: '2', msg: '', data: [] }))).toBeUndefined();
  });

  it('a code that is neither string nor number is an unreadable failure, never a throw (fuzz seed 109949794)', () => {
    const hostile = checkOkxReply(reply({ code: [Object.create(null)] }));
    expect(hostile?.code).toBe('unreadable');
    expect(checkOkxReply(reply({ code: '1', data: [{ sCode: { toString: null } }] }))?.code).toBe('unreadable');
    expect(checkOkxReply(reply({ code: 0, data: [] }))).toBeUndefined();
  });

  it('classes auth, clock, rate, not-found and 5xx replies', () => {
    const of = (code: string, status = 200) => checkOkxReply(reply({ code, msg: 'm', data: [] }, status));
    expect(of('50102', 401)).toMatchObject({ meaning: 'timestamp', failure: 'clock' });
    expect(of('50036')).toMatchObject({ meaning: 'timestamp', failure: 'clock' });
    expect(of('50113', 401)).toMatchObject({ meaning: 'signature', failure: 'auth' });
    expect(of('50111', 401)).toMatchObject({ meaning: 'auth', failure: 'auth' });
    expect(of('50101', 401)).toMatchObject({ meaning: 'auth', failure: 'auth' });
    expect(of('50011', 429)).toMatchObject({ meaning: 'rate_limited', failure: 'backoff' });
    expect(of('51603')).toMatchObject({ meaning: 'order_not_found', failure: 'rejected' });
    expect(of('50004')).toMatchObject({ failure: 'ambiguous' });
    expect(checkOkxReply(reply({ msg: 'gateway' }, 502))).toMatchObject({ failure: 'ambiguous' });
  });

  it('reports rate refusals from the status or the code, and Retry-After when present', () => {
    expect(okxRateFeedback(reply({ code: '50011', data: [] }, 429)).rateLimited).toBe(true);
    expect(okxRateFeedback(reply({ code: '1', data: [{ sCode: '50061' }] })).rateLimited).toBe(true);
    expect(okxRateFeedback({ status: 200, headers: { 'retry-after': '2' }, body: env([]) })).toEqual({ used: {}, rateLimited: false, retryAfterMs: 2000 });
  });
});
