// The slippage cap's IOC limit price: a buy at most N % above the reference, a sell at least N %
// below, always on the tick and never outside the cap, whatever the reference, cap and tick.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, div, gt, isDecimal, lte, mul, sub } from '../../src/core/decimal.js';
import { isOnStep } from '../../src/core/rounding.js';
import { cappedPrice, DEFAULT_SLIPPAGE_PCT } from '../../src/core/slippage.js';

describe('cappedPrice', () => {
  it('a buy at most N % above, a sell at least N % below, on the tick and inside the cap', () => {
    expect(cappedPrice('buy', '60000.05', '2', '0.10')).toBe('61200');
    expect(cappedPrice('sell', '60000.05', '2', '0.10')).toBe('58800.1');
    expect(cappedPrice('buy', '100', '0.5', '1')).toBe('100');
    expect(cappedPrice('sell', '100', '0.5', '1')).toBe('100');
  });

  it('a cap that lands on the tick is the price itself, on either side', () => {
    expect(cappedPrice('buy', '100', '2', '0.5')).toBe('102');
    expect(cappedPrice('sell', '100', '2', '0.5')).toBe('98');
  });

  it('a cap with more decimals than the share keeps is rounded, not refused', () => {
    // 1.00000000001 % is 0.0100000000001: thirteen places, kept to twelve.
    expect(cappedPrice('buy', '100', '1.00000000001', '0.01')).toBe('101');
    expect(cappedPrice('sell', '100', '1.00000000001', '0.01')).toBe('99');
  });

  it('the default cap is 2 %', () => {
    expect(DEFAULT_SLIPPAGE_PCT).toBe('2');
  });

  it('never outside the cap, on the tick, and less than a tick inside it (property)', () => {
    const digits = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
    const dec = (n: number, places: number) => div(String(n), String(10 ** places), places, 'down');
    fc.assert(
      fc.property(
        digits(1, 10_000_000),
        digits(0, 4),
        digits(1, 2_000),
        digits(0, 3),
        fc.constantFrom('0.01', '0.1', '0.5', '1', '0.0001'),
        fc.constantFrom('buy' as const, 'sell' as const),
        (refN, refPlaces, pctN, pctPlaces, tick, side) => {
          const reference = dec(refN, refPlaces);
          const pct = dec(pctN, pctPlaces);
          const bound = mul(reference, side === 'buy' ? add('1', div(pct, '100', 12, 'half_even')) : sub('1', div(pct, '100', 12, 'half_even')));
          const price = cappedPrice(side, reference, pct, tick);
          expect(isDecimal(price)).toBe(true);
          expect(isOnStep(price, tick)).toBe(true);
          if (side === 'buy') {
            expect(lte(price, bound)).toBe(true);
            expect(gt(add(price, tick), bound)).toBe(true);
          } else {
            expect(lte(bound, price)).toBe(true);
            expect(gt(bound, sub(price, tick))).toBe(true);
          }
        },
      ),
    );
  });
});
