// What an amend of a stop or take-profit asks: its TRIGGER moves (it has no other price), a
// close-position one keeps following the position, and the plain market order stays refused.
import { describe, expect, it } from 'vitest';
import { amendTarget, restingAt } from '../../src/core/amend-target.js';
import { movedTriggerProblem } from '../../src/core/protection.js';
import type { Order } from '../../src/core/types.js';

const BTC = { tickSize: '0.10', stepSize: '0.001' };
const stop: Pick<Order, 'clientOrderId' | 'type' | 'filledQty' | 'trigger' | 'closePosition' | 'price' | 'qty'> = {
  clientOrderId: 'qd-s',
  type: 'market',
  filledQty: '0',
  qty: '0.010',
  trigger: { kind: 'stop', price: '47000.0', by: 'mark' },
};

describe('amending a protective order', () => {
  it('rests at its trigger, and a limit order at its price', () => {
    expect(restingAt(stop)).toEqual({ price: '47000.0', qty: '0.010' });
    expect(restingAt({ price: '64000', qty: '1' })).toEqual({ price: '64000', qty: '1' });
    expect(restingAt({ qty: '1' })).toEqual({ price: '0', qty: '1' });
  });

  it('moves the trigger by a typed price or by ticks, and its size', () => {
    expect(amendTarget(stop, restingAt(stop), { price: '47500' }, BTC)).toEqual({ price: '47500', qty: '0.01' });
    expect(amendTarget(stop, restingAt(stop), { ticks: -2 }, BTC)).toEqual({ price: '46999.8', qty: '0.01' });
    expect(amendTarget(stop, restingAt(stop), { qty: '0.005' }, BTC)).toEqual({ price: '47000', qty: '0.005' });
    expect(amendTarget(stop, restingAt(stop), { price: '47000.05' }, BTC)).toEqual({ error: 'price 47000.05 is not on the 0.10 tick' });
  });

  it('a close-position stop moves only its trigger; a plain market order not at all', () => {
    const whole = { ...stop, closePosition: true, qty: '0' };
    expect(amendTarget(whole, restingAt(whole), { price: '47100' }, BTC)).toEqual({ price: '47100', qty: '0' });
    expect(amendTarget(whole, restingAt(whole), { price: '47100', qty: '0.002' }, BTC)).toMatchObject({ error: expect.stringMatching(/closes the whole position/) });
    const market = { clientOrderId: 'qd-m', type: 'market' as const, filledQty: '0' };
    expect(amendTarget(market, { price: '0', qty: '1' }, { price: '1' }, BTC)).toMatchObject({ error: expect.stringMatching(/is a market order/) });
  });

  it('a moved trigger the mark has crossed is named, by the side that closes the position', () => {
    expect(movedTriggerProblem('sell', '50000', 'stop', '49000')).toBeUndefined();
    expect(movedTriggerProblem('sell', '50000', 'stop', '50500')).toMatch(/long's stop sits below the mark 50000: 50500 would trigger at once/);
    expect(movedTriggerProblem('sell', '50000', 'take_profit', '49500')).toMatch(/long's take-profit sits above/);
    expect(movedTriggerProblem('buy', '50000', 'stop', '49500')).toMatch(/short's stop sits above/);
    expect(movedTriggerProblem('buy', '50000', 'take_profit', '49500')).toBeUndefined();
  });
});
