import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, gte, lte, mul, sub, sum } from '../../src/core/decimal.js';
import { applySpotFill, averageCost, emptyLedger, foldSpotFills, quoteFlow, spotPnl } from '../../src/core/spot-ledger.js';
import type { Fill } from '../../src/core/types.js';

const BTCUSD = { symbol: 'BTC/USD', base: 'BTC', quote: 'USD' };
let n = 0;
const fill = (side: 'buy' | 'sell', qty: string, price: string, fee = '0', feeAsset = 'USD'): Fill => ({
  tradeId: `t${++n}`,
  venueOrderId: 'o1',
  symbol: 'BTC/USD',
  side,
  price,
  qty,
  fee,
  feeAsset,
  time: n,
  maker: false,
});

describe('the spot ledger: average cost', () => {
  it('averages buys and realizes a sell against the average', () => {
    const l = foldSpotFills(emptyLedger(BTCUSD), [fill('buy', '1', '100'), fill('buy', '1', '200'), fill('sell', '0.5', '300')]);
    expect(l.qty).toBe('1.5');
    expect(averageCost(l)).toBe('150');
    expect(l.realized).toBe('75'); // 0.5 × (300 − 150)
    expect(spotPnl(l, '160')).toEqual({ realized: '75', unrealized: '15', total: '90' });
    expect(spotPnl(l, undefined)).toEqual({ realized: '75' });
  });

  it('a fee in quote raises the cost of a buy and lowers the proceeds of a sell', () => {
    const l = foldSpotFills(emptyLedger(BTCUSD), [fill('buy', '2', '100', '2', 'USD'), fill('sell', '2', '110', '1.1', 'usd')]);
    expect(l.qty).toBe('0');
    expect(l.cost).toBe('0');
    expect(l.realized).toBe('16.9'); // 220 − 1.1 − 202
    expect(l.fees).toEqual({ USD: '2', usd: '1.1' });
    expect(averageCost(l)).toBeUndefined();
  });

  it('a fee in base reduces the holding: a buy delivers less, a sell takes more', () => {
    let l = applySpotFill(emptyLedger(BTCUSD), fill('buy', '1', '100', '0.01', 'BTC'));
    expect(l.qty).toBe('0.99');
    expect(l.cost).toBe('100');
    expect(averageCost(l, 8)).toBe('101.01010101');
    l = applySpotFill(l, fill('sell', '0.49', '100', '0.005', 'BTC'));
    expect(l.qty).toBe('0.495'); // 0.99 − 0.49 − 0.005
    expect(l.cost).toBe('50'); // half the holding left, half the cost
    expect(l.realized).toBe('-1'); // 49 − 50: the fee's base left at cost
  });

  it('a fee in a third asset stays out of the PnL and is kept apart, never dropped', () => {
    const l = foldSpotFills(emptyLedger(BTCUSD), [fill('buy', '1', '100', '0.3', 'BNB'), fill('sell', '1', '100', '0.2', 'BNB')]);
    expect(l.realized).toBe('0');
    expect(l.otherFees).toEqual({ BNB: '0.5' });
    expect(l.fees).toEqual({ BNB: '0.5' });
  });

  it('a rebate (negative fee) lowers the cost', () => {
    const l = applySpotFill(emptyLedger(BTCUSD), fill('buy', '1', '100', '-0.1', 'USD'));
    expect(l.cost).toBe('99.9');
  });

  it('selling more than the session bought counts the rest as older holdings, out of the realized PnL', () => {
    const l = foldSpotFills(emptyLedger(BTCUSD), [fill('buy', '1', '100'), fill('sell', '3', '120', '3.6', 'USD')]);
    expect(l.qty).toBe('0');
    expect(l.priorSold).toBe('2');
    // proceeds 360 − 3.6 = 356.4, a third of them the session's own: 118.8 − 100
    expect(l.realized).toBe('18.8');
    expect(l.priorProceeds).toBe('237.6');
  });

  it('ignores a fill of another symbol', () => {
    const l = emptyLedger(BTCUSD);
    expect(applySpotFill(l, { ...fill('buy', '1', '1'), symbol: 'ETH/USD' })).toBe(l);
  });
});

/**
 * Fills of one symbol: sizes and prices on a few decimals, fees in base, quote, a third asset or
 * none. A fee is a rate of what the fill moved, as a venue charges it (−0.05 % rebate to 0.5 %):
 * of the quantity when paid in base, of the notional otherwise. A flat fee drawn apart from the
 * size once charged 0.0011 BTC on a 0.001 BTC buy, a fill no venue sends.
 */
const fills = fc
  .array(
    fc.record({
      side: fc.constantFrom<'buy' | 'sell'>('buy', 'buy', 'sell'),
      qty: fc.integer({ min: 1, max: 5_000 }).map((q) => (q / 1000).toFixed(3)),
      price: fc.integer({ min: 1, max: 9_000_000 }).map((p) => (p / 100).toFixed(2)),
      feeRate: fc.integer({ min: -5, max: 50 }).map((bp) => (bp / 10_000).toFixed(4)),
      feeAsset: fc.constantFrom('USD', 'BTC', 'KFEE', 'USD'),
    }),
    { maxLength: 40 },
  )
  .map((drawn) =>
    drawn.map(({ feeRate, ...d }) => ({
      ...d,
      fee: mul(d.feeAsset === 'BTC' ? d.qty : mul(d.qty, d.price), feeRate),
    })),
  );
const mark = fc.integer({ min: 1, max: 9_000_000 }).map((p) => (p / 100).toFixed(2));

describe('the spot ledger: properties', () => {
  it('realized + older proceeds + unrealized is exactly the quote the fills moved plus the holding at the mark', () => {
    fc.assert(
      fc.property(fills, mark, (drawn, m) => {
        const fs = drawn.map((d) => fill(d.side, d.qty, d.price, d.fee, d.feeAsset));
        const l = foldSpotFills(emptyLedger(BTCUSD), fs);
        const pnl = spotPnl(l, m);
        const lhs = sum([pnl.realized, l.priorProceeds, pnl.unrealized!]);
        expect(cmp(lhs, add(quoteFlow(l, fs), mul(l.qty, m)))).toBe(0);
        expect(cmp(pnl.total!, add(pnl.realized, pnl.unrealized!))).toBe(0);
      }),
    );
  });

  it('never holds less than nothing, and a third-asset fee total equals what was paid in it', () => {
    fc.assert(
      fc.property(fills, (drawn) => {
        const fs = drawn.map((d) => fill(d.side, d.qty, d.price, d.fee, d.feeAsset));
        const l = foldSpotFills(emptyLedger(BTCUSD), fs);
        expect(gte(l.qty, '0')).toBe(true);
        expect(l.otherFees['KFEE'] ?? '0').toBe(sum(fs.filter((f) => f.feeAsset === 'KFEE').map((f) => f.fee)));
        expect(l.fills).toBe(fs.length);
      }),
    );
  });

  it('without fees, the average cost of buys alone lies between their lowest and highest price', () => {
    fc.assert(
      fc.property(fills, (drawn) => {
        const buys = drawn.filter((d) => d.side === 'buy').map((d) => fill('buy', d.qty, d.price));
        const avg = averageCost(foldSpotFills(emptyLedger(BTCUSD), buys));
        if (buys.length === 0) {
          expect(avg).toBeUndefined();
          return;
        }
        const prices = buys.map((b) => b.price).sort((a, b) => cmp(a, b));
        expect(gte(avg!, prices[0]!) && lte(avg!, prices.at(-1)!)).toBe(true);
      }),
    );
  });

  it('selling all the session bought realizes its proceeds less all its cost, and leaves no cost behind', () => {
    fc.assert(
      fc.property(fills, mark, (drawn, price) => {
        const fs = drawn.map((d) => fill(d.side, d.qty, d.price, d.fee, d.feeAsset === 'BTC' ? 'USD' : d.feeAsset));
        const l = foldSpotFills(emptyLedger(BTCUSD), fs);
        if (!gte(l.qty, '0') || l.qty === '0') return;
        const back = applySpotFill(l, fill('sell', l.qty, price));
        expect(back.qty).toBe('0');
        expect(back.cost).toBe('0');
        expect(back.realized).toBe(add(l.realized, sub(mul(l.qty, price), l.cost)));
      }),
    );
  });
});
