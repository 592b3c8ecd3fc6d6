// The slippage cap turns a market order into an IOC limit at send time; a protective order fires
// later, at a price not known now, so it is left the venue's conditional market order.
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../src/core/types.js';
import { cappedIntent } from '../../src/engine/market-cap.js';
import { BTC } from '../store/fixtures.js';

const cap = { pct: '2', reference: () => '50000', instrument: () => BTC };
const market: OrderIntent = { symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '0.010', reduceOnly: true, postOnly: false, clientOrderId: 'qd-1' };

describe('the slippage cap and protective orders', () => {
  it('caps a market order, and leaves a protective one as it is', () => {
    expect(cappedIntent(market, cap)).toMatchObject({ type: 'limit', timeInForce: 'ioc' });
    const stop = { ...market, trigger: { kind: 'stop' as const, price: '48000', by: 'mark' as const } };
    expect(cappedIntent(stop, cap)).toBe(stop);
  });
});
