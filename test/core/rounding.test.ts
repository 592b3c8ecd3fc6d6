import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, DecimalError, lt, sub } from '../../src/core/decimal.js';
import {
  isOnStep,
  roundPrice,
  roundQty,
  roundToStep,
  type StepMode,
  stepDecimals,
  stepsIn,
} from '../../src/core/rounding.js';
import { decimalString, stepString } from './arbitraries.js';

describe('tick/step rounding', () => {
  it('rounds to decimal and non-decimal ticks', () => {
    expect(roundToStep('101.37', '0.10', 'floor')).toBe('101.3');
    expect(roundToStep('101.37', '0.10', 'ceil')).toBe('101.4');
    expect(roundToStep('101.35', '0.10', 'nearest')).toBe('101.4');
    expect(roundToStep('101.34', '0.10', 'nearest')).toBe('101.3');
    expect(roundToStep('0.0125', '0.001', 'down')).toBe('0.012');
    expect(roundToStep('1.13', '0.25', 'nearest')).toBe('1.25');
    expect(roundToStep('1.12', '0.25', 'nearest')).toBe('1');
    expect(roundToStep('1.125', '0.25', 'nearest')).toBe('1.25'); // tie goes away from zero
    expect(roundToStep('12', '5', 'floor')).toBe('10');
    expect(roundToStep('-0.0125', '0.001', 'down')).toBe('-0.012');
    expect(roundToStep('-0.0125', '0.001', 'floor')).toBe('-0.013');
    expect(roundToStep('-0.0125', '0.001', 'up')).toBe('-0.013');
    expect(roundToStep('3.000', '0.5', 'ceil')).toBe('3');
  });

  it('rejects a zero, negative or malformed step by name', () => {
    expect(() => roundToStep('1', '0', 'floor')).toThrow(/must be positive/);
    expect(() => roundToStep('1', '-0.1', 'floor')).toThrow(DecimalError);
    expect(() => isOnStep('1', '1e-3')).toThrow(DecimalError);
  });

  it('isOnStep', () => {
    expect(isOnStep('101.30', '0.10')).toBe(true);
    expect(isOnStep('101.35', '0.10')).toBe(false);
    expect(isOnStep('1.75', '0.25')).toBe(true);
    expect(isOnStep('0', '0.001')).toBe(true);
    expect(isOnStep('-0.003', '0.001')).toBe(true);
  });

  it('stepsIn and stepDecimals', () => {
    expect(stepsIn('1.234', '0.01', 'down')).toBe(123n);
    expect(stepsIn('1.235', '0.01', 'nearest')).toBe(124n);
    expect(stepDecimals('0.10')).toBe(1);
    expect(stepDecimals('0.001')).toBe(3);
    expect(stepDecimals('0.25')).toBe(2);
    // A whole step has no decimals, however many zeros it ends in.
    expect(stepDecimals('10')).toBe(0);
    expect(stepDecimals('100')).toBe(0);
    expect(stepDecimals('5')).toBe(0);
  });

  it('roundPrice never crosses more than asked; roundQty never exceeds the ask', () => {
    expect(roundPrice('100.07', '0.05', 'buy')).toBe('100.05');
    expect(roundPrice('100.07', '0.05', 'sell')).toBe('100.1');
    expect(roundPrice('100.07', '0.05', 'buy', false)).toBe('100.1');
    expect(roundPrice('100.07', '0.05', 'sell', false)).toBe('100.05');
    expect(roundQty('0.0129', '0.001')).toBe('0.012');
  });

  it('lands on the step, within one step, on the side the mode says', () => {
    const modes: StepMode[] = ['floor', 'ceil', 'down', 'up', 'nearest'];
    fc.assert(
      fc.property(decimalString(10, 16), stepString(), fc.constantFrom(...modes), (v, step, mode) => {
        const r = roundToStep(v, step, mode);
        expect(isOnStep(r, step)).toBe(true);
        const dist = sub(r, v).replace(/^-/, '');
        expect(lt(dist, step)).toBe(true);
        if (mode === 'floor') expect(cmp(r, v)).toBeLessThanOrEqual(0);
        if (mode === 'ceil') expect(cmp(r, v)).toBeGreaterThanOrEqual(0);
        if (mode === 'down') expect(cmp(r.replace(/^-/, ''), v.replace(/^-/, ''))).toBeLessThanOrEqual(0);
        if (mode === 'nearest') expect(cmp(add(dist, dist), step)).toBeLessThanOrEqual(0);
        if (isOnStep(v, step)) expect(cmp(r, v)).toBe(0);
      }),
    );
  });
});
