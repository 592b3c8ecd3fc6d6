// The venue's price and size rules: 5 significant figures (whole numbers always allowed), at most
// 6 − szDecimals decimals, sizes to szDecimals; the grid coarsens with the price's magnitude.
import { describe, expect, it } from 'vitest';
import { InvalidIntentError } from '../../../src/venues/shared/errors.js';
import { checkPrice, priceProblem, roundToGrid, sizeProblem, stepOf, tickAt } from '../../../src/venues/hyperliquid/prices.js';

describe('hyperliquid price and size rules', () => {
  it('accepts what the venue accepts', () => {
    expect(priceProblem('65000', 5)).toBeUndefined();
    expect(priceProblem('123456', 5)).toBeUndefined(); // whole: any number of figures
    expect(priceProblem('3200.5', 3)).toBeUndefined();
    expect(priceProblem('0.60001', 1)).toBeUndefined();
    expect(priceProblem('1.2345', 2)).toBeUndefined();
    expect(sizeProblem('0.001', 3)).toBeUndefined();
  });

  it('names what the venue refuses', () => {
    expect(priceProblem('65000.5', 3)).toMatch(/significant figures/);
    expect(priceProblem('3200.05', 3)).toMatch(/significant figures/);
    expect(priceProblem('0.600011', 1)).toMatch(/more than 5 decimals/);
    expect(priceProblem('1.23', 5)).toMatch(/more than 1 decimals/);
    expect(priceProblem('-1', 3)).toMatch(/not a positive decimal/);
    expect(priceProblem('1e5', 3)).toMatch(/not a positive decimal/);
    expect(sizeProblem('0.0025', 3)).toMatch(/more than 3 decimals/);
    expect(sizeProblem('0', 3)).toMatch(/not a positive/);
    expect(() => checkPrice('65000.5', 3, 'order x')).toThrow(InvalidIntentError);
  });

  it('knows the grid at a price', () => {
    expect(tickAt('65000', 3)).toBe('1');
    expect(tickAt('123456', 3)).toBe('1');
    expect(tickAt('9000', 3)).toBe('0.1');
    expect(tickAt('150', 0)).toBe('0.01');
    expect(tickAt('0.6', 1)).toBe('0.00001');
    expect(tickAt('0.0123', 0)).toBe('0.000001');
    expect(stepOf(0)).toBe('1');
    expect(stepOf(5)).toBe('0.00001');
  });

  it('rounds onto the grid, across a power of ten too', () => {
    expect(roundToGrid('65000.7', 3, true)).toBe('65001');
    expect(roundToGrid('65000.7', 3, false)).toBe('65000');
    expect(roundToGrid('9999.95', 3, true)).toBe('10000');
    expect(roundToGrid('0.6000049', 1, false)).toBe('0.6');
    for (const p of ['65000.7', '9999.95', '0.6000049', '3.14159']) {
      for (const up of [true, false]) expect(priceProblem(roundToGrid(p, 1, up), 1)).toBeUndefined();
    }
  });
});
