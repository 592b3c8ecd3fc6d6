import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { binanceUsdm } from '../../../src/venues/binance/adapter.js';
import { checkBinanceReply } from '../../../src/venues/binance/errors.js';
import { binanceRateFeedback, poolsFromExchangeInfo } from '../../../src/venues/binance/limits.js';
import { parseBalances, parseInstruments, parseOrder, parsePositions } from '../../../src/venues/binance/parse.js';
import { InvalidIntentError } from '../../../src/venues/binance/requests.js';
import { venueAdapter } from '../../../src/venues/index.js';
import { type Credentials, type SignContext, VenueParseError } from '../../../src/venues/venue.js';

const credentials: Credentials = {
  venue: 'binance-usdm',
  env: 'sim',
  apiKey: new Secret('key-abc', 'api key'),
  apiSecret: new Secret('s3cret', 'api secret'),
};
const ctx: SignContext = { credentials, venueNow: () => 1_700_000_000_123.7, nextNonce: () => 1, recvWindowMs: 5000 };

describe('binance usd-m request builders', () => {
  it('signs exactly the query it sends, with recvWindow and a venue timestamp', () => {
    const plan = binanceUsdm.placeOrder({
      symbol: 'BTCUSDT',
      side: 'buy',
      type: 'limit',
      qty: '0.010',
      price: '25000.1',
      reduceOnly: false,
      postOnly: true,
      clientOrderId: 'qd-1',
    });
    expect(plan.lane).toBe('critical');
    expect(plan.mutating).toBe(true);
    const wire = plan.build(ctx);
    expect(wire.method).toBe('POST');
    expect(wire.path).toBe('/fapi/v1/order');
    expect(wire.body).toBe('');
    expect(wire.headers['X-MBX-APIKEY']).toBe('key-abc');
    const [payload, signature] = wire.query.split('&signature=');
    expect(payload).toBe(
      'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=0.010&price=25000.1&newClientOrderId=qd-1&newOrderRespType=RESULT&recvWindow=5000&timestamp=1700000000123',
    );
    expect(signature).toBe(createHmac('sha256', 's3cret').update(payload!).digest('hex'));
  });

  it('refuses intents the venue cannot express, by name', () => {
    const base = { symbol: 'BTCUSDT', side: 'sell' as const, qty: '1', reduceOnly: true, clientOrderId: 'qd-2' };
    expect(() => binanceUsdm.placeOrder({ ...base, type: 'limit', postOnly: false })).toThrow(InvalidIntentError);
    expect(() => binanceUsdm.placeOrder({ ...base, type: 'market', postOnly: true })).toThrow(InvalidIntentError);
    const market = binanceUsdm.placeOrder({ ...base, type: 'market', postOnly: false }).build(ctx);
    expect(market.query).toContain('type=MARKET&quantity=1&reduceOnly=true&newClientOrderId=qd-2');
  });

  it('public requests carry no key and no signature', () => {
    const wire = binanceUsdm.serverTime().build(ctx);
    expect(wire.query).toBe('');
    expect(wire.headers).toEqual({});
  });

  it('queries by client order id and looks adapters up by id', () => {
    const wire = venueAdapter('binance-usdm').queryOrder({ symbol: 'ETHUSDT', clientOrderId: 'qd-9' }).build(ctx);
    expect(wire.query.startsWith('symbol=ETHUSDT&origClientOrderId=qd-9&recvWindow=5000&timestamp=')).toBe(true);
    expect(() => venueAdapter('nope')).toThrow(/unknown venue 'nope'/);
  });
});

describe('binance usd-m replies', () => {
  it('parses an order into the domain shape', () => {
    const order = parseOrder({
      orderId: 42,
      symbol: 'BTCUSDT',
      status: 'PARTIALLY_FILLED',
      clientOrderId: 'qd-1',
      price: '25000.1',
      avgPrice: '25000.1',
      origQty: '0.010',
      executedQty: '0.004',
      timeInForce: 'GTX',
      type: 'LIMIT',
      reduceOnly: false,
      side: 'BUY',
      updateTime: 5,
    });
    expect(order).toMatchObject({ venueOrderId: '42', state: 'partially_filled', postOnly: true, price: '25000.1' });
    expect(() => parseOrder({ orderId: 1, status: 'NEW' })).toThrow(VenueParseError);
  });

  it('positions skip flat symbols and refuse hedge mode; balances add unrealized pnl exactly', () => {
    const row = { symbol: 'BTCUSDT', entryPrice: '1', markPrice: '1', unRealizedProfit: '0', liquidationPrice: '0' };
    expect(parsePositions([{ ...row, positionAmt: '0.000' }])).toEqual([]);
    expect(parsePositions([{ ...row, positionAmt: '-0.5' }])[0]?.qty).toBe('-0.5');
    expect(() => parsePositions([{ ...row, positionAmt: '1', positionSide: 'LONG' }])).toThrow(/hedge mode/);
    const [b] = parseBalances([{ asset: 'USDT', balance: '0.1', availableBalance: '0.1', crossUnPnl: '0.2' }]);
    expect(b?.equity).toBe('0.3');
  });

  it('instruments read tick and step from filters', () => {
    const [i] = parseInstruments({
      symbols: [
        {
          symbol: 'BTCUSDT',
          status: 'TRADING',
          baseAsset: 'BTC',
          quoteAsset: 'USDT',
          contractType: 'PERPETUAL',
          pricePrecision: 1,
          quantityPrecision: 3,
          filters: [
            { filterType: 'PRICE_FILTER', tickSize: '0.10' },
            { filterType: 'LOT_SIZE', stepSize: '0.001', minQty: '0.001', maxQty: '1000' },
            { filterType: 'MIN_NOTIONAL', notional: '100' },
          ],
        },
      ],
    });
    expect(i).toMatchObject({ tickSize: '0.10', stepSize: '0.001', minNotional: '100', kind: 'perp' });
  });

  it('a TradFi perpetual (contractType TRADIFI_PERPETUAL) is a perpetual; a quarterly contract is a future', () => {
    const symbol = (name: string, contractType: string) => ({
      symbol: name,
      status: 'TRADING',
      baseAsset: name.replace('USDT', ''),
      quoteAsset: 'USDT',
      contractType,
      pricePrecision: 2,
      quantityPrecision: 3,
      filters: [
        { filterType: 'PRICE_FILTER', tickSize: '0.01' },
        { filterType: 'LOT_SIZE', stepSize: '0.001', minQty: '0.001', maxQty: '1000' },
      ],
    });
    const list = parseInstruments({
      symbols: [symbol('XAUUSDT', 'TRADIFI_PERPETUAL'), symbol('BTCUSDT_261225', 'CURRENT_QUARTER')],
    });
    expect(list.map((i) => [i.symbol, i.kind])).toEqual([
      ['XAUUSDT', 'perp'],
      ['BTCUSDT_261225', 'future'],
    ]);
  });

  it('classifies errors the way the order manager needs them', () => {
    const r = (status: number, body: unknown) => checkBinanceReply({ status, headers: {}, body });
    expect(r(200, { code: 200, msg: 'The operation of cancel all open order is done.' })).toBeUndefined();
    expect(r(400, { code: -1021, msg: 'Timestamp outside recvWindow' })?.failure).toBe('clock');
    expect(r(503, { code: -1007, msg: 'Timeout waiting for response' })?.failure).toBe('ambiguous');
    expect(r(400, { code: -2013, msg: 'Order does not exist.' })?.meaning).toBe('order_not_found');
    expect(r(400, { code: -2010, msg: 'Duplicate order sent.' })?.meaning).toBe('duplicate_client_id');
    expect(r(400, { code: -4116, msg: 'ClientOrderId is duplicated.' })?.meaning).toBe('duplicate_client_id');
    expect(r(418, { code: -1003, msg: 'IP banned until 1700000099000.' })?.meaning).toBe('banned');
    expect(r(502, {})?.failure).toBe('ambiguous');
    expect(r(401, { code: -2015, msg: 'Invalid API-key' })?.failure).toBe('auth');
    // A TradFi perpetual traded before its agreement is signed: a definite refusal, in the venue's words.
    const tradfi = r(400, { code: -4411, msg: 'Please sign TradFi-Perps agreement contract fapi.' });
    expect(tradfi).toMatchObject({ failure: 'rejected', code: '-4411', message: 'Please sign TradFi-Perps agreement contract fapi.' });
  });

  it('reads used weight, Retry-After and ban ends', () => {
    const ok = binanceRateFeedback({ status: 200, headers: { 'x-mbx-used-weight-1m': '17' }, body: {} }, 0);
    expect(ok).toEqual({ used: { 'weight-1m': 17 }, rateLimited: false });
    const limited = binanceRateFeedback({ status: 429, headers: { 'retry-after': '3' }, body: { code: -1003 } }, 0);
    expect(limited).toMatchObject({ rateLimited: true, retryAfterMs: 3000 });
    const orders = binanceRateFeedback(
      { status: 429, headers: { 'x-mbx-order-count-10s': '301', 'retry-after': '4' }, body: { code: -1015, msg: 'Too many new orders' } },
      0,
    );
    expect(orders).toMatchObject({ rateLimited: false, used: { 'orders-10s': 301 } });
    const banned = binanceRateFeedback({ status: 418, headers: {}, body: { code: -1003, msg: 'IP banned until 1700000099000' } }, 5);
    expect(banned.bannedUntil).toBe(1700000099000);
    const pools = poolsFromExchangeInfo([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }]);
    expect(pools.find((p) => p.id === 'weight-1m')?.limit).toBe(6000);
  });
});
