import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../../src/core/types.js';
import { orderFrom } from '../../../src/venues/hyperliquid/parse.js';
import { triggerWire } from '../../../src/venues/hyperliquid/trigger-wire.js';

const stop: OrderIntent = {
  symbol: 'BTC', side: 'sell', type: 'market', qty: '0.01', reduceOnly: true, postOnly: false, clientOrderId: `0x${'a'.repeat(32)}`, trigger: { kind: 'stop', price: '48000', by: 'mark' },
};

describe('hyperliquid trigger orders', () => {
  it('a stop is an sl trigger at market, its worst fill beyond the trigger by the slippage, keys in the SDK order', () => {
    const w = triggerWire(stop, 5, '0.03');
    expect(w).toEqual({ price: '46560', t: { trigger: { isMarket: true, triggerPx: '48000', tpsl: 'sl' } }, size: '0.01', grouping: 'na' });
    expect(Object.keys(w.t.trigger)).toEqual(['isMarket', 'triggerPx', 'tpsl']);
    const tp = triggerWire({ ...stop, side: 'buy', trigger: { kind: 'take_profit', price: '45000', by: 'mark' } }, 5, '0.03');
    expect(tp).toEqual({ price: '46350', t: { trigger: { isMarket: true, triggerPx: '45000', tpsl: 'tp' } }, size: '0.01', grouping: 'na' });
  });

  it('a whole-position stop is the same trigger at size 0, grouped positionTpsl', () => {
    expect(triggerWire({ ...stop, closePosition: true }, 5, '0.03')).toEqual({
      price: '46560',
      t: { trigger: { isMarket: true, triggerPx: '48000', tpsl: 'sl' } },
      size: '0',
      grouping: 'positionTpsl',
    });
  });

  it('refuses what the venue cannot express, by name', () => {
    expect(() => triggerWire({ ...stop, trigger: { ...stop.trigger!, by: 'last' } }, 5, '0.03')).toThrow(/mark price only/);
  });

  it('reads a frontendOpenOrders trigger row as a protective market order', () => {
    const row = {
      coin: 'BTC', side: 'A', limitPx: '46560', sz: '0.01', oid: 17, timestamp: 1, origSz: '0.01', cloid: stop.clientOrderId,
      orderType: 'Stop Market', tif: null, reduceOnly: true, isTrigger: true, triggerPx: '48000', triggerCondition: 'Price below 48000', isPositionTpsl: false,
    };
    expect(orderFrom(row, 'open', undefined)).toMatchObject({ type: 'market', state: 'new', reduceOnly: true, trigger: { kind: 'stop', price: '48000', by: 'mark' } });
    expect(orderFrom({ ...row, orderType: 'Take Profit Market' }, 'open', undefined).trigger?.kind).toBe('take_profit');
    expect(orderFrom({ ...row, isTrigger: false, orderType: 'Limit' }, 'open', undefined).trigger).toBeUndefined();
  });
});
