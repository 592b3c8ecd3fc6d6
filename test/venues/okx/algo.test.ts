import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import type { OrderIntent } from '../../../src/core/types.js';
import { okx } from '../../../src/venues/okx/adapter.js';
import { algoFrom } from '../../../src/venues/okx/algo.js';
import { type Credentials, type SignContext, VenueParseError } from '../../../src/venues/venue.js';

const credentials: Credentials = { venue: 'okx', env: 'sim', apiKey: new Secret('k', 'api key'), apiSecret: new Secret('s', 'api secret'), passphrase: new Secret('p', 'passphrase') };
const ctx: SignContext = { credentials, venueNow: () => 1_700_000_000_000, nextNonce: () => 1, recvWindowMs: 0 };
const stop: OrderIntent = {
  symbol: 'BTC-USDT-SWAP', side: 'sell', type: 'market', qty: '3', reduceOnly: true, postOnly: false, clientOrderId: 'qd1s', trigger: { kind: 'stop', price: '48000', by: 'mark' },
};

describe('okx protective orders (algo TP/SL)', () => {
  it('a stop is a one-leg conditional algo order at market, reduce-only, under algoClOrdId', () => {
    const wire = okx.placeOrder(stop).build(ctx);
    expect([wire.method, wire.path]).toEqual(['POST', '/api/v5/trade/order-algo']);
    expect(JSON.parse(wire.body)).toEqual({
      instId: 'BTC-USDT-SWAP', tdMode: 'cross', side: 'sell', ordType: 'conditional', sz: '3',
      slTriggerPx: '48000', slOrdPx: '-1', slTriggerPxType: 'mark', reduceOnly: 'true', algoClOrdId: 'qd1s',
    });
    const tp = JSON.parse(okx.placeOrder({ ...stop, closePosition: true, trigger: { kind: 'take_profit', price: '52000', by: 'last' } }).build(ctx).body);
    expect(tp).toMatchObject({ closeFraction: '1', tpTriggerPx: '52000', tpOrdPx: '-1', tpTriggerPxType: 'last', reduceOnly: 'true' });
    expect(tp.sz).toBeUndefined();
    const ack = okx.placeOrder(stop).parse({ status: 200, headers: {}, body: { code: '0', msg: '', data: [{ algoId: '77', algoClOrdId: 'qd1s', sCode: '0', sMsg: '' }] } });
    expect(ack).toMatchObject({ venueOrderId: '77', clientOrderId: 'qd1s', state: 'new', trigger: stop.trigger });
  });

  it('queries by algoClOrdId, cancels by algoId (cancel-algos takes nothing else), lists the TP/SL kinds', () => {
    const q = okx.queryOrder({ symbol: 'BTC-USDT-SWAP', clientOrderId: 'qd1s', protective: true }).build(ctx);
    expect([q.path, q.query]).toEqual(['/api/v5/trade/order-algo', 'algoClOrdId=qd1s']);
    const c = okx.cancelOrder({ symbol: 'BTC-USDT-SWAP', clientOrderId: 'qd1s', venueOrderId: '77', protective: true }).build(ctx);
    expect([c.path, JSON.parse(c.body)]).toEqual(['/api/v5/trade/cancel-algos', [{ algoId: '77', instId: 'BTC-USDT-SWAP' }]]);
    expect(() => okx.cancelOrder({ symbol: 'BTC-USDT-SWAP', clientOrderId: 'qd1s', protective: true })).toThrow(/needs its algoId/);
    const open = okx.protective!.open('BTC-USDT-SWAP').build(ctx);
    expect([open.path, open.query]).toEqual(['/api/v5/trade/orders-algo-pending', 'ordType=conditional%2Coco&instType=SWAP&instId=BTC-USDT-SWAP']);
  });

  it('reads an algo row: the leg, its trigger and price type, the state; an effective one is triggered', () => {
    const row = {
      instType: 'SWAP', instId: 'BTC-USDT-SWAP', algoId: '77', algoClOrdId: 'qd1s', sz: '3', closeFraction: '', ordType: 'conditional', side: 'sell',
      state: 'live', slTriggerPx: '48000', slTriggerPxType: 'mark', slOrdPx: '-1', tpTriggerPx: '', tpTriggerPxType: '', reduceOnly: 'true',
      failCode: '', cTime: '1700000000000', uTime: '1700000000001',
    };
    expect(algoFrom(row)).toMatchObject({ venueOrderId: '77', clientOrderId: 'qd1s', qty: '3', state: 'new', reduceOnly: true, trigger: { kind: 'stop', price: '48000', by: 'mark' } });
    expect(algoFrom({ ...row, state: 'effective' }).state).toBe('triggered');
    expect(algoFrom({ ...row, state: 'order_failed', failCode: '51169' })).toMatchObject({ state: 'rejected', reason: 'algo order failed (51169)' });
    // A take-profit-only row is read by its tp leg.
    const [tp] = okx.protective!.open().parse({ status: 200, headers: {}, body: { code: '0', msg: '', data: [{ ...row, slTriggerPx: '', tpTriggerPx: '52000', tpTriggerPxType: 'last' }] } });
    expect(tp!.trigger).toEqual({ kind: 'take_profit', price: '52000', by: 'last' });
  });

  it('a row with no TP/SL leg is a named parse error', () => {
    const plan = okx.protective!.open();
    const row = { instId: 'BTC-USDT-SWAP', algoId: '1', side: 'sell', state: 'live', slTriggerPx: '', tpTriggerPx: '', uTime: '1', cTime: '1' };
    expect(() => plan.parse({ status: 200, headers: {}, body: { code: '0', msg: '', data: [row] } })).toThrow(VenueParseError);
  });
});
