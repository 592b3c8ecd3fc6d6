// What an amend asks of a resting limit order, made exact before anything is sent: a typed price,
// or the current price moved whole ticks; a new total quantity; each refusal names what is wrong.
import { describe, expect, it } from 'vitest';
import { amendTarget } from '../../src/core/amend-target.js';

const BTC = { tickSize: '0.10', stepSize: '0.001' };
const resting = { clientOrderId: 'qd-1', type: 'limit' as const, filledQty: '0' };
const base = { price: '64200.0', qty: '0.010' };

describe('amendTarget: what is sent', () => {
  it('a typed price, the quantity kept; both normalized', () => {
    expect(amendTarget(resting, base, { price: '64100.50' }, BTC)).toEqual({ price: '64100.5', qty: '0.01' });
  });

  it('a new quantity, the price kept', () => {
    expect(amendTarget(resting, base, { qty: '0.020' }, BTC)).toEqual({ price: '64200', qty: '0.02' });
  });

  it('ticks move the price from where it is (or will be), up or down, by the instrument tick', () => {
    expect(amendTarget(resting, base, { ticks: 1 }, BTC)).toEqual({ price: '64200.1', qty: '0.01' });
    expect(amendTarget(resting, base, { ticks: -3 }, BTC)).toEqual({ price: '64199.7', qty: '0.01' });
    expect(amendTarget(resting, base, { ticks: 2, qty: '0.011' }, BTC)).toEqual({ price: '64200.2', qty: '0.011' });
  });

  it('without a known instrument a typed price and quantity are sent as typed, off any tick', () => {
    expect(amendTarget(resting, base, { price: '64100.05', qty: '0.0105' }, undefined)).toEqual({ price: '64100.05', qty: '0.0105' });
  });

  it('the quantity is the new total: above what filled is fine', () => {
    expect(amendTarget({ ...resting, filledQty: '0.004' }, base, { qty: '0.005' }, BTC)).toEqual({ price: '64200', qty: '0.005' });
  });

  it('a change of only one of the two is a change', () => {
    expect(amendTarget(resting, base, { price: '64200', qty: '0.011' }, BTC)).toEqual({ price: '64200', qty: '0.011' });
    expect(amendTarget(resting, base, { price: '64200.1', qty: '0.01' }, BTC)).toEqual({ price: '64200.1', qty: '0.01' });
  });
});

describe('amendTarget: refusals, each naming what is wrong', () => {
  const refused = (...args: Parameters<typeof amendTarget>) => {
    const out = amendTarget(...args);
    return 'error' in out ? out.error : `not refused: ${JSON.stringify(out)}`;
  };

  it('a market order', () => {
    expect(refused({ ...resting, type: 'market' }, base, { price: '64000' }, BTC)).toBe('qd-1 is a market order: only a resting limit order or a stop/take-profit can be amended');
  });

  it('a price and ticks together', () => {
    expect(refused(resting, base, { price: '64000', ticks: 1 }, BTC)).toBe('a price or a number of ticks, not both');
  });

  it('ticks that are not a whole, non-zero, safe number', () => {
    expect(refused(resting, base, { ticks: 0 }, BTC)).toBe('0 is not a whole, non-zero number of ticks');
    expect(refused(resting, base, { ticks: 0.5 }, BTC)).toBe('0.5 is not a whole, non-zero number of ticks');
    expect(refused(resting, base, { ticks: 2 ** 60 }, BTC)).toBe(`${2 ** 60} is not a whole, non-zero number of ticks`);
  });

  it('ticks before the tick size is known', () => {
    expect(refused(resting, base, { ticks: 1 }, undefined)).toBe('the tick size is not known yet: type the price (:amend PRICE)');
  });

  it('a price that is not a positive number, typed or reached by ticks', () => {
    expect(refused(resting, base, { price: 'abc' }, BTC)).toBe('price "abc" is not a positive number');
    expect(refused(resting, base, { price: '0' }, BTC)).toBe('price "0" is not a positive number');
    expect(refused(resting, { price: '0.2', qty: '1' }, { ticks: -2 }, BTC)).toBe('price "0" is not a positive number');
    expect(refused(resting, { price: '0.2', qty: '1' }, { ticks: -3 }, BTC)).toBe('price "-0.1" is not a positive number');
  });

  it('a quantity that is not a positive number, or not above what filled', () => {
    expect(refused(resting, base, { qty: 'x' }, BTC)).toBe('quantity "x" is not a positive number');
    expect(refused(resting, base, { qty: '-0.001' }, BTC)).toBe('quantity "-0.001" is not a positive number');
    expect(refused(resting, base, { qty: '0' }, BTC)).toBe('quantity "0" is not a positive number');
    const part = { ...resting, filledQty: '0.0040' };
    expect(refused(part, base, { qty: '0.004' }, BTC)).toBe('quantity 0.004 is not above the 0.004 already filled');
    expect(refused(part, base, { qty: '0.003' }, BTC)).toBe('quantity 0.003 is not above the 0.004 already filled');
  });

  it('a price off the tick, a quantity off the step', () => {
    expect(refused(resting, base, { price: '64100.05' }, BTC)).toBe('price 64100.05 is not on the 0.10 tick');
    expect(refused(resting, base, { qty: '0.0105' }, BTC)).toBe('quantity 0.0105 is not a multiple of 0.001');
  });

  it('no change at all, however it is written', () => {
    expect(refused(resting, base, { price: '64200' }, BTC)).toBe('qd-1 already rests at 64200 for 0.01: nothing to change');
    expect(refused(resting, base, { price: '64200.00', qty: '0.01' }, BTC)).toBe('qd-1 already rests at 64200 for 0.01: nothing to change');
    expect(refused(resting, base, { qty: '0.0100' }, BTC)).toBe('qd-1 already rests at 64200 for 0.01: nothing to change');
  });
});
