import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { binanceUsdm } from '../../../src/venues/binance/adapter.js';
import { parseAlgoOrders } from '../../../src/venues/binance/algo.js';
import { parseBinanceFrame } from '../../../src/venues/binance/stream.js';
import { type Credentials, type SignContext, VenueParseError } from '../../../src/venues/venue.js';
import type { OrderIntent } from '../../../src/core/types.js';

const credentials: Credentials = { venue: 'binance-usdm', env: 'sim', apiKey: new Secret('k', 'api key'), apiSecret: new Secret('s', 'api secret') };
const ctx: SignContext = { credentials, venueNow: () => 1_700_000_000_000, nextNonce: () => 1, recvWindowMs: 5000 };
const unsigned = (query: string) => query.split('&recvWindow=')[0];

const stop: OrderIntent = {
  symbol: 'BTCUSDT',
  side: 'sell',
  type: 'market',
  qty: '0.010',
  reduceOnly: true,
  postOnly: false,
  clientOrderId: 'qd-s1',
  trigger: { kind: 'stop', price: '24000.0', by: 'mark' },
};

describe('binance usd-m conditional orders (algo service)', () => {
  it('places a stop-market at POST /fapi/v1/algoOrder, never at /fapi/v1/order (-4120 there)', () => {
    const wire = binanceUsdm.placeOrder(stop).build(ctx);
    expect(wire.method).toBe('POST');
    expect(wire.path).toBe('/fapi/v1/algoOrder');
    expect(unsigned(wire.query)).toBe(
      'algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&triggerPrice=24000.0&workingType=MARK_PRICE&quantity=0.010&reduceOnly=true&clientAlgoId=qd-s1',
    );
    const tp = binanceUsdm.placeOrder({ ...stop, trigger: { kind: 'take_profit', price: '26000', by: 'last' } }).build(ctx);
    expect(tp.query).toContain('type=TAKE_PROFIT_MARKET&triggerPrice=26000&workingType=CONTRACT_PRICE');
  });

  it('a close-position order sends neither a quantity nor reduceOnly (the venue refuses both with it)', () => {
    const wire = binanceUsdm.placeOrder({ ...stop, closePosition: true }).build(ctx);
    expect(unsigned(wire.query)).toBe(
      'algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&triggerPrice=24000.0&workingType=MARK_PRICE&closePosition=true&clientAlgoId=qd-s1',
    );
  });

  it('queries and cancels a protective ref at /fapi/v1/algoOrder by clientAlgoId, a plain one at /fapi/v1/order', () => {
    const ref = { symbol: 'BTCUSDT', clientOrderId: 'qd-s1', protective: true };
    const q = binanceUsdm.queryOrder(ref).build(ctx);
    expect([q.method, q.path, unsigned(q.query)]).toEqual(['GET', '/fapi/v1/algoOrder', 'clientAlgoId=qd-s1']);
    const c = binanceUsdm.cancelOrder({ ...ref, venueOrderId: '2148719' }).build(ctx);
    expect([c.method, c.path, unsigned(c.query)]).toEqual(['DELETE', '/fapi/v1/algoOrder', 'algoId=2148719']);
    expect(binanceUsdm.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'qd-1' }).build(ctx).path).toBe('/fapi/v1/order');
    const open = binanceUsdm.protective!.open('BTCUSDT').build(ctx);
    expect([open.path, unsigned(open.query)]).toEqual(['/fapi/v1/openAlgoOrders', 'symbol=BTCUSDT']);
    const all = binanceUsdm.protective!.cancelAll!('BTCUSDT').build(ctx);
    expect([all.method, all.path]).toEqual(['DELETE', '/fapi/v1/algoOpenOrders']);
  });

  it('reads the documented algo order reply into a protective order', () => {
    const reply = {
      algoId: 2146760,
      clientAlgoId: 'qd-s1',
      algoType: 'CONDITIONAL',
      orderType: 'STOP_MARKET',
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide: 'BOTH',
      timeInForce: 'GTE_GTC',
      quantity: '0.010',
      algoStatus: 'NEW',
      triggerPrice: '24000.00',
      price: '0.00',
      workingType: 'MARK_PRICE',
      closePosition: false,
      priceProtect: false,
      reduceOnly: true,
      createTime: 1750485492076,
      updateTime: 1750485492076,
      triggerTime: 0,
    };
    const order = binanceUsdm.placeOrder(stop).parse({ status: 200, headers: {}, body: reply });
    expect(order).toMatchObject({
      venueOrderId: '2146760',
      clientOrderId: 'qd-s1',
      side: 'sell',
      type: 'market',
      qty: '0.010',
      state: 'new',
      reduceOnly: true,
      trigger: { kind: 'stop', price: '24000.00', by: 'mark' },
    });
    const fired = parseAlgoOrders([{ ...reply, algoStatus: 'TRIGGERED', actualOrderId: '77' }]);
    expect(fired[0]!.state).toBe('triggered');
    expect(() => parseAlgoOrders([{ ...reply, orderType: 'TRAILING_STOP_MARKET' }])).toThrow(VenueParseError);
  });

  it('a cancel reply says canceled, or is a named error when its code is not 200', () => {
    const plan = binanceUsdm.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'qd-s1', protective: true });
    const ok = plan.parse({ status: 200, headers: {}, body: { algoId: 5, clientAlgoId: 'qd-s1', code: '200', msg: 'success' } });
    expect(ok).toMatchObject({ state: 'canceled', clientOrderId: 'qd-s1', venueOrderId: '5' });
    expect(() => plan.parse({ status: 200, headers: {}, body: { algoId: 5, clientAlgoId: 'qd-s1', code: '-2011', msg: 'x' } })).toThrow(VenueParseError);
  });

  it('ALGO_UPDATE becomes an order event with its trigger, state and failure reason', () => {
    const frame = {
      e: 'ALGO_UPDATE',
      T: 1750515742297,
      E: 1750515742303,
      o: {
        caid: 'qd-s1', aid: 2148719, at: 'CONDITIONAL', o: 'TAKE_PROFIT_MARKET', s: 'BTCUSDT', S: 'SELL', ps: 'BOTH', f: 'GTE_GTC',
        q: '0.010', X: 'REJECTED', ai: '', tp: '26000', p: '0', V: 'EXPIRE_MAKER', wt: 'CONTRACT_PRICE', pm: 'NONE', cp: false,
        pP: false, R: true, tt: 0, gtd: 0, rm: 'Reduce Only reject',
      },
    };
    const r = parseBinanceFrame(JSON.stringify(frame));
    if (!r.ok) throw r.error;
    expect(r.events).toEqual([
      {
        type: 'order',
        order: {
          venueOrderId: '2148719', clientOrderId: 'qd-s1', symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '0.010', filledQty: '0',
          avgPrice: '0', state: 'rejected', reduceOnly: true, postOnly: false, updatedAt: 1750515742303,
          trigger: { kind: 'take_profit', price: '26000', by: 'last' }, reason: 'Reduce Only reject',
        },
      },
    ]);
    const fired = parseBinanceFrame(JSON.stringify({ ...frame, o: { ...frame.o, X: 'TRIGGERED', ai: '77', rm: '' } }));
    expect(fired.ok && fired.events[0]!.type === 'order' && fired.events[0]!.order.state).toBe('triggered');
  });
});
