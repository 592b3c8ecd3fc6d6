import { describe, expect, it } from 'vitest';
import { closeSize, isValidPercent } from '../../src/core/close-size.js';

describe('closeSize', () => {
  it('sells a share of a long and buys a share of a short, rounded down to the step', () => {
    expect(closeSize('0.010', '50', '0.001')).toEqual({ side: 'sell', qty: '0.005' });
    expect(closeSize('-0.010', '25', '0.001')).toEqual({ side: 'buy', qty: '0.002' });
    expect(closeSize('0.007', '50', '0.001')).toEqual({ side: 'sell', qty: '0.003' });
    expect(closeSize('10', '33.3', '1')).toEqual({ side: 'sell', qty: '3' });
    expect(closeSize('3', '33.3', '1')).toBe('below-step');
  });

  it('100 % is the whole position, whatever the step', () => {
    expect(closeSize('0.0071', '100', '0.001')).toEqual({ side: 'sell', qty: '0.0071' });
    expect(closeSize('-2', '100')).toEqual({ side: 'buy', qty: '2' });
  });

  it('says when there is nothing to close or the share is below one step', () => {
    expect(closeSize('0', '50', '0.001')).toBe('flat');
    expect(closeSize('0.001', '50', '0.001')).toBe('below-step');
    expect(closeSize('0.001', '50')).toEqual({ side: 'sell', qty: '0.0005' });
  });

  it('refuses a percent outside (0, 100]', () => {
    for (const p of ['0', '-5', '100.01', 'half', '']) {
      expect(isValidPercent(p)).toBe(false);
      expect(() => closeSize('1', p)).toThrow(RangeError);
    }
    for (const p of ['0.5', '25', '100']) expect(isValidPercent(p)).toBe(true);
  });
});
