import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, mul, sub } from '../../src/core/decimal.js';
import {
  breakEvenPrice,
  initialMargin,
  isLiquidatedAt,
  liquidationDistance,
  liquidationPrice,
  maintenanceMargin,
  marginRatio,
  pnlOnMargin,
  untilFunding,
} from '../../src/core/risk.js';

describe('liquidationDistance', () => {
  it('is the move against the position, in % of the mark, on either side', () => {
    expect(liquidationDistance('0.5', '65000', '61750')).toBe('5');
    expect(liquidationDistance('-0.5', '65000', '68250')).toBe('5');
    // Past it: negative.
    expect(liquidationDistance('1', '60000', '61200')).toBe('-2');
  });
  it('says nothing without a position, a mark or a liquidation price', () => {
    expect(liquidationDistance('0', '65000', '60000')).toBeUndefined();
    expect(liquidationDistance('1', '0', '60000')).toBeUndefined();
    expect(liquidationDistance('1', '65000', undefined)).toBeUndefined();
    expect(liquidationDistance('1', '65000', '0')).toBeUndefined();
  });
  it('keeps four places, a half rounded away from zero', () => {
    expect(liquidationDistance('1', '3', '1')).toBe('66.6667');
    expect(liquidationDistance('-1', '3', '1')).toBe('-66.6667');
    expect(liquidationDistance('1', '2', '1.999999')).toBe('0.0001');
    expect(liquidationDistance('-1', '2', '1.999999')).toBe('-0.0001');
  });
});

describe('pnlOnMargin and marginRatio', () => {
  it('uPnL over the margin behind it', () => {
    expect(pnlOnMargin('32.5', '650')).toBe('5');
    expect(pnlOnMargin('-65', '650')).toBe('-10');
    expect(pnlOnMargin('1', '0')).toBeUndefined();
    expect(pnlOnMargin('1', undefined)).toBeUndefined();
    expect(pnlOnMargin('1', '-5')).toBeUndefined();
    // Four places, a half away from zero.
    expect(pnlOnMargin('2', '3')).toBe('66.6667');
    expect(pnlOnMargin('-2', '3')).toBe('-66.6667');
  });
  it('maintenance over equity, 100 % once equity is gone', () => {
    expect(marginRatio('260', '10400')).toBe('2.5');
    expect(marginRatio('0', '10400')).toBe('0');
    expect(marginRatio('260', '0')).toBe('100');
    expect(marginRatio('260', '-5')).toBe('100');
    expect(marginRatio(undefined, '10')).toBeUndefined();
    expect(marginRatio('2', '3')).toBe('66.6667');
  });
  it('no margin held is no risk, even with no equity', () => {
    expect(marginRatio('0', '0')).toBe('0');
    expect(marginRatio('0.000', '-5')).toBe('0');
  });
});

describe('breakEvenPrice', () => {
  it('pays the fee twice: above entry for a long, below for a short', () => {
    expect(breakEvenPrice('1', '100', '0.0004')).toBe('100.08003201');
    expect(breakEvenPrice('-1', '100', '0.0004')).toBe('99.92003199');
    expect(breakEvenPrice('0', '100', '0.0004')).toBeUndefined();
  });
  it('says nothing without an entry price, or for a fee that eats the whole close', () => {
    expect(breakEvenPrice('1', '0', '0.0004')).toBeUndefined();
    expect(breakEvenPrice('-1', '-100', '0.0004')).toBeUndefined();
    expect(breakEvenPrice('1', '100', '1')).toBeUndefined();
    expect(breakEvenPrice('-1', '100', '1.5')).toBeUndefined();
    // Just under it there is a price, however far.
    expect(breakEvenPrice('1', '100', '0.5')).toBe('300');
  });
});

describe('untilFunding', () => {
  it('counts down to the next funding and stops at 0', () => {
    expect(untilFunding(10_000, 4_000)).toBe(6_000);
    expect(untilFunding(10_000, 12_000)).toBe(0);
    expect(untilFunding(undefined, 1)).toBeUndefined();
    expect(untilFunding(0, 1)).toBeUndefined();
    // A venue paying every hour on the hour says no time: the next hour is it.
    expect(untilFunding(undefined, 3_600_000 * 5 + 600_000, 3_600_000)).toBe(3_000_000);
  });
  it('a venue time that is no time falls back to the period, and a period that is none says nothing', () => {
    expect(untilFunding(Number.POSITIVE_INFINITY, 1)).toBeUndefined();
    expect(untilFunding(Number.NaN, 1)).toBeUndefined();
    expect(untilFunding(Number.POSITIVE_INFINITY, 1_000, 3_000)).toBe(2_000);
    expect(untilFunding(-5, 1_000, 3_000)).toBe(2_000);
    expect(untilFunding(undefined, 1_000, 0)).toBeUndefined();
    expect(untilFunding(undefined, 1_000, -3_000)).toBeUndefined();
    expect(untilFunding(undefined, 1_000, Number.NaN)).toBeUndefined();
  });
});

describe('liquidationPrice', () => {
  it('isolated long at 100x and short at 50x, worked by hand', () => {
    // (1 × 65000 − 650) / (1 × 0.996), rounded up.
    expect(liquidationPrice({ qty: '1', entryPrice: '65000', collateral: '650', maintRate: '0.004' })).toBe('64608.43373494');
    // (2 × 100 + 20) / (2 × 1.01), rounded down.
    expect(liquidationPrice({ qty: '-2', entryPrice: '100', collateral: '20', maintRate: '0.01' })).toBe('108.91089108');
  });
  it('a long its collateral fully covers cannot be liquidated', () => {
    expect(liquidationPrice({ qty: '1', entryPrice: '100', collateral: '100', maintRate: '0.004' })).toBeUndefined();
    expect(liquidationPrice({ qty: '0', entryPrice: '100', collateral: '1', maintRate: '0.004' })).toBeUndefined();
  });
  it('a long whose maintenance rate is 100 % or more has no price to reach', () => {
    expect(liquidationPrice({ qty: '1', entryPrice: '100', collateral: '10', maintRate: '1' })).toBeUndefined();
    expect(liquidationPrice({ qty: '1', entryPrice: '100', collateral: '10', maintRate: '1.5' })).toBeUndefined();
  });
  it('a short whose collateral is owed elsewhere (cross, others losing) is liquidated at any price: 0', () => {
    expect(liquidationPrice({ qty: '-2', entryPrice: '100', collateral: '-300', maintRate: '0.01' })).toBe('0');
    expect(liquidationPrice({ qty: '-2', entryPrice: '100', collateral: '-200', maintRate: '0.01' })).toBe('0');
  });
  it('at the liquidation price, collateral + PnL is the maintenance margin (property)', () => {
    const dec = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => String(n));
    fc.assert(
      fc.property(dec(1, 1000), dec(1000, 100000), dec(1, 5000), fc.boolean(), (size, entry, collateral, long) => {
        const qty = long ? size : `-${size}`;
        const liq = liquidationPrice({ qty, entryPrice: entry, collateral, maintRate: '0.005' });
        if (liq === undefined) return;
        const equity = add(collateral, mul(qty, sub(liq, entry)));
        const maint = maintenanceMargin(qty, liq, '0.005');
        // Rounding of P to 8 places moves each side by at most size × 1e-8 × 2.
        const slack = mul(size, '0.00000002');
        expect(cmp(sub(equity, maint), slack) <= 0 && cmp(sub(maint, equity), slack) <= 0).toBe(true);
        expect(isLiquidatedAt(qty, liq, liq)).toBe(true);
      }),
    );
  });
  it('isLiquidatedAt: long at or below, short at or above', () => {
    expect(isLiquidatedAt('1', '99', '100')).toBe(true);
    expect(isLiquidatedAt('1', '101', '100')).toBe(false);
    expect(isLiquidatedAt('-1', '101', '100')).toBe(true);
    expect(isLiquidatedAt('-1', '99', '100')).toBe(false);
    expect(isLiquidatedAt('1', '99', undefined)).toBe(false);
    expect(isLiquidatedAt('0', '100', '100')).toBe(false);
    expect(isLiquidatedAt('0', '101', '100')).toBe(false);
  });
  it('initialMargin is notional over leverage and refuses a leverage of 0', () => {
    expect(initialMargin('-0.5', '65000', '20')).toBe('1625');
    expect(() => initialMargin('1', '1', '0')).toThrow(new RangeError("leverage must be above 0, got '0'"));
    expect(() => initialMargin('1', '1', '-2')).toThrow(RangeError);
    // Eight places, rounded up: the margin asked is never short.
    expect(initialMargin('1', '1', '3')).toBe('0.33333334');
  });
});
