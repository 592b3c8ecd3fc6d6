import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gte, lte, min } from '../../src/core/decimal.js';
import { isOnStep } from '../../src/core/rounding.js';
import { defaultSpotAmount, planSpotFlatten } from '../../src/core/spot-flatten.js';

const instrument = {
  symbol: 'BTC/USD',
  base: 'BTC',
  quote: 'USD',
  stepSize: '0.0001',
  minQty: '0.0002',
  minNotional: '5',
};

describe('spot flatten', () => {
  it('defaults to the smaller of what the session bought and what is free, and says which', () => {
    expect(planSpotFlatten({ sessionQty: '0.5', freeQty: '1.2', instrument })).toEqual({
      kind: 'sell',
      amount: 'session',
      chosen: false,
      whole: '0.5',
      qty: '0.5',
      other: { amount: 'all', qty: '1.2' },
      locked: '0',
    });
    const all = planSpotFlatten({ sessionQty: '0.5', freeQty: '0.3', lockedQty: '0.2', instrument });
    expect(all).toMatchObject({ kind: 'sell', amount: 'all', chosen: false, qty: '0.3', locked: '0.2' });
    expect(defaultSpotAmount('1', '1')).toBe('session');
  });

  it('sells what the trader chose, never more than is free', () => {
    expect(planSpotFlatten({ sessionQty: '0.5', freeQty: '1.2', amount: 'all', instrument })).toMatchObject({
      kind: 'sell',
      amount: 'all',
      chosen: true,
      qty: '1.2',
      other: { amount: 'session', qty: '0.5' },
    });
    expect(
      planSpotFlatten({ sessionQty: '0.5', freeQty: '0.3', amount: 'session', instrument }),
    ).toMatchObject({ qty: '0.3', amount: 'session' });
  });

  it('rounds down to the step and takes a share when asked', () => {
    expect(planSpotFlatten({ sessionQty: '0.123456', freeQty: '1', instrument })).toMatchObject({
      qty: '0.1234',
    });
    expect(planSpotFlatten({ sessionQty: '1', freeQty: '1', percent: '25', instrument })).toMatchObject({
      qty: '0.25',
    });
  });

  it('says when there is nothing to sell', () => {
    expect(planSpotFlatten({ sessionQty: '0', freeQty: '1', amount: 'session', instrument })).toEqual({
      kind: 'nothing',
      amount: 'session',
      reason: 'the session holds no BTC it bought (1 BTC free from before)',
    });
    expect(
      planSpotFlatten({ sessionQty: '0', freeQty: '0', lockedQty: '2', amount: 'all', instrument }),
    ).toEqual({ kind: 'nothing', amount: 'all', reason: 'no BTC free to sell (2 locked by resting orders)' });
  });

  it('an amount under the minimum quantity or order value says so and sends nothing', () => {
    expect(planSpotFlatten({ sessionQty: '0.00015', freeQty: '1', instrument })).toMatchObject({
      kind: 'below-minimum',
      reason: "0.00015 BTC is under BTC/USD's minimum of 0.0002 (step 0.0001)",
    });
    expect(planSpotFlatten({ sessionQty: '0.001', freeQty: '1', mark: '4000', instrument })).toMatchObject({
      kind: 'below-minimum',
      qty: '0.001',
      reason: "0.001 BTC at 4000 is under BTC/USD's minimum order value of 5 USD",
    });
    expect(planSpotFlatten({ sessionQty: '0.002', freeQty: '1', mark: '4000', instrument })).toMatchObject({
      kind: 'sell',
      qty: '0.002',
    });
  });

  it('never sells more than the amount chosen, nor than is free, and always on the step', () => {
    const qty = fc.integer({ min: 0, max: 10_000_000 }).map((q) => (q / 1_000_000).toFixed(6));
    fc.assert(
      fc.property(
        qty,
        qty,
        fc.constantFrom(undefined, 'session' as const, 'all' as const),
        (session, free, amount) => {
          const plan = planSpotFlatten({
            sessionQty: session,
            freeQty: free,
            instrument,
            ...(amount === undefined ? {} : { amount }),
          });
          if (plan.kind !== 'sell') return;
          expect(lte(plan.qty, free)).toBe(true);
          expect(lte(plan.qty, plan.amount === 'session' ? min(session, free) : free)).toBe(true);
          expect(gte(plan.qty, instrument.minQty) && isOnStep(plan.qty, instrument.stepSize)).toBe(true);
          if (amount === undefined) expect(lte(plan.qty, min(session, free))).toBe(true);
        },
      ),
    );
  });
});
