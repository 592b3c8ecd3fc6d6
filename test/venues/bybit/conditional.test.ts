import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import type { OrderIntent } from '../../../src/core/types.js';
import { bybit } from '../../../src/venues/bybit/adapter.js';
import { orderFrom } from '../../../src/venues/bybit/parse.js';
import type { Credentials, SignContext } from '../../../src/venues/venue.js';

const credentials: Credentials = { venue: 'bybit', env: 'sim', apiKey: new Secret('k', 'api key'), apiSecret: new Secret('s', 'api secret') };
const ctx: SignContext = { credentials, venueNow: () => 1_700_000_000_000, nextNonce: () => 1, recvWindowMs: 5000 };
const stop: OrderIntent = {
  symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '0.010', reduceOnly: true, postOnly: false, clientOrderId: 'qd-s1', trigger: { kind: 'stop', price: '48000', by: 'mark' },
};

describe('bybit protective orders (conditional orders on /v5/order/create)', () => {
  it('a long\'s stop falls to its trigger (direction 2), its take-profit rises (1); mark or last; reduce-only', () => {
    const body = JSON.parse(bybit.placeOrder(stop).build(ctx).body);
    expect(body).toEqual({
      category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.010',
      triggerPrice: '48000', triggerDirection: 2, triggerBy: 'MarkPrice', reduceOnly: true, positionIdx: 0, orderLinkId: 'qd-s1',
    });
    const tp = JSON.parse(bybit.placeOrder({ ...stop, trigger: { kind: 'take_profit', price: '52000', by: 'last' } }).build(ctx).body);
    expect(tp).toMatchObject({ triggerDirection: 1, triggerBy: 'LastPrice' });
    const shortStop = JSON.parse(bybit.placeOrder({ ...stop, side: 'buy' }).build(ctx).body);
    expect(shortStop.triggerDirection).toBe(1);
    const whole = JSON.parse(bybit.placeOrder({ ...stop, closePosition: true }).build(ctx).body);
    expect(whole).toMatchObject({ qty: '0', closeOnTrigger: true, reduceOnly: true });
  });

  it('a cancel-all and the open list ask for active orders only; the protective part asks for StopOrder', () => {
    expect(JSON.parse(bybit.cancelAll('BTCUSDT').build(ctx).body)).toEqual({ category: 'linear', symbol: 'BTCUSDT', orderFilter: 'Order' });
    expect(JSON.parse(bybit.protective!.cancelAll!('BTCUSDT').build(ctx).body)).toEqual({ category: 'linear', symbol: 'BTCUSDT', orderFilter: 'StopOrder' });
    expect(bybit.protective!.open('BTCUSDT').build(ctx).query).toContain('orderFilter=StopOrder');
  });

  it('reads the trigger back from an order row: kind from side and direction', () => {
    const row = {
      orderId: '9', orderLinkId: 'qd-s1', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.010', cumExecQty: '0', avgPrice: '',
      orderStatus: 'Untriggered', reduceOnly: true, timeInForce: 'IOC', positionIdx: 0, updatedTime: '1700000000000', createdTime: '1700000000000',
      stopOrderType: 'Stop', triggerPrice: '48000', triggerDirection: 2, triggerBy: 'MarkPrice', closeOnTrigger: false,
    };
    expect(orderFrom(row)).toMatchObject({ state: 'new', trigger: { kind: 'stop', price: '48000', by: 'mark' } });
    expect(orderFrom({ ...row, triggerDirection: 1 }).trigger?.kind).toBe('take_profit');
    expect(orderFrom({ ...row, orderStatus: 'Deactivated' }).state).toBe('canceled');
    expect(orderFrom({ ...row, stopOrderType: '', triggerPrice: '0' }).trigger).toBeUndefined();
  });
});
