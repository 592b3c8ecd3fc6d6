import { describe, expect, it } from 'vitest';
import { checkTicket, defaultPresets, openTicket, stepPrice } from '../../views/ticket.js';
import { BTC } from '../store/fixtures.js';

describe('ticket model', () => {
  it('presets start at the minimum quantity, or at what the minimum order value needs', () => {
    expect(defaultPresets(BTC, '64210.2')).toEqual(['0.001', '0.002', '0.005', '0.01', '0.02']);
    const strict = { ...BTC, minNotional: '100' };
    // 100 / 65071.6 = 0.00153… → 0.002 on the 0.001 step.
    expect(defaultPresets(strict, '65071.6')).toEqual(['0.002', '0.004', '0.01', '0.02', '0.04']);
    // No instrument yet: no preset (the ticket says it is loading) rather than one the venue refuses.
    expect(defaultPresets(undefined)).toEqual([]);
    expect(defaultPresets(strict)).toEqual([]);
  });

  it('the smallest preset passes the minimum order value check', () => {
    const strict = { ...BTC, minNotional: '100' };
    const ctx = { instrument: strict, bid: '65071.5', ask: '65071.6', available: '100000', leverage: '1' };
    const t = openTicket('buy', ctx, defaultPresets(strict, ctx.ask));
    expect(checkTicket(t, ctx)).toBeNull();
  });

  it('prices move by whole ticks and never below one tick', () => {
    const ctx = { instrument: BTC, bid: '0.3', ask: '0.4', leverage: '1' };
    const t = openTicket('buy', ctx, ['0.001']);
    expect(t.price).toBe('0.3');
    expect(stepPrice(t, -1, BTC).price).toBe('0.2');
    expect(stepPrice(t, -10, BTC).price).toBe('0.1');
    expect(stepPrice(t, 10, BTC).price).toBe('1.3');
  });
});

describe('number cells', async () => {
  const { numberCell } = await import('../../views/format.js');
  it('keep the venue text when it fits, drop trailing zeros when not, cut last', () => {
    expect(numberCell('64210.1', 9)).toBe('  64210.1');
    expect(numberCell('65035.80000000', 10)).toBe('   65035.8');
    expect(numberCell('-0.00120000', 7)).toBe('-0.0012');
    expect(numberCell('123456789.123', 6)).toBe('12345…');
  });
  it('fitNumber never cuts a digit: fewer decimals, then a visible unit, else nothing', async () => {
    const { fitNumber } = await import('../../views/quantity.js');
    expect(fitNumber('99999.94806680', 8)).toBe('99999.95');
    expect(fitNumber('65035.80000000', 7)).toBe('65035.8');
    expect(fitNumber('100000.5', 6)).toBe('100001');
    expect(fitNumber('123456789.123', 6)).toBe('123.5M');
    expect(fitNumber('-1234567', 5)).toBe('-1.2M');
    expect(fitNumber('123456789', 2)).toBeNull();
  });
});
