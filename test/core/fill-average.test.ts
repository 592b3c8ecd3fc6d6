// An order's average price from the venue's own fills (core/fill-average.ts): only when the fills
// seen add up to exactly what the order has filled; the owner of a fill that names only its venue
// id; a fill that lands before its order's first report; bounded memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp, div, isZero, mul, sum } from '../../src/core/decimal.js';
import { FillAverages } from '../../src/core/fill-average.js';
import { fill, order } from '../store/fixtures.js';

// A market buy carried as an IOC limit 2 % through the book, as Hyperliquid's reports show it.
const ioc = order({ clientOrderId: '0xabc', venueOrderId: '77', type: 'market', price: '66000', qty: '0.003', filledQty: '0.003', avgPrice: '66000', state: 'filled' });
const anonymous = (n: number, price: string, qty: string) => {
  const f = fill(n, { venueOrderId: '77', price, qty });
  delete f.clientOrderId;
  return f;
};

describe('FillAverages', () => {
  it("gives the order its fills' average once they add up to what it filled, and names the fills' owner", () => {
    const a = new FillAverages();
    a.link(ioc);
    expect(a.add(anonymous(1, '64700', '0.001'))).toBe('0xabc');
    // 0.001 of 0.003: the fills do not account for the order yet, its own figure stands.
    expect(a.priced(ioc)).toBe(ioc);
    a.add(anonymous(2, '64701', '0.002'));
    expect(a.priced(ioc).avgPrice).toBe('64700.66666667');
    expect(a.priced({ ...ioc, filledQty: '0.002' })).toMatchObject({ filledQty: '0.002', avgPrice: '66000' });
  });

  it('keeps the order as it is when the fills say the same price, or it has no venue id yet', () => {
    const a = new FillAverages();
    const reported = { ...ioc, avgPrice: '64700.0' };
    a.add(anonymous(1, '64700', '0.003'));
    expect(a.priced(reported)).toBe(reported);
    const unsent = { ...ioc };
    delete unsent.venueOrderId;
    expect(a.priced(unsent)).toBe(unsent);
    expect(a.priced(order({ venueOrderId: '78' }))).toMatchObject({ avgPrice: '0' });
    // Fills that add up to nothing give no average (and divide by nothing).
    const none = order({ venueOrderId: '79', filledQty: '0', avgPrice: '0' });
    a.add(fill(3, { venueOrderId: '79', qty: '0' }));
    expect(a.priced(none)).toBe(none);
  });

  it('a fill before the order is linked counts once it is; a fill naming its order keeps that name', () => {
    const a = new FillAverages();
    expect(a.add(anonymous(1, '64650', '0.003'))).toBeUndefined();
    expect(a.priced(ioc).avgPrice).toBe('64650');
    expect(a.add(fill(2, { venueOrderId: '90', clientOrderId: 'qd-9' }))).toBe('qd-9');
    // Same venue id on another symbol: another order.
    a.link(ioc);
    expect(a.add({ ...anonymous(3, '3000', '0.1'), symbol: 'ETHUSDT' })).toBeUndefined();
  });

  it('forgets an order on request, and the oldest past its cap', () => {
    const a = new FillAverages(2);
    a.link(ioc);
    a.add(anonymous(1, '64650', '0.003'));
    a.forget(ioc);
    expect(a.priced(ioc)).toBe(ioc);
    expect(a.add(anonymous(2, '64650', '0.001'))).toBeUndefined();
    for (const id of ['1', '2', '3']) a.add(fill(10 + Number(id), { venueOrderId: id, qty: '0.010' }));
    // Three orders' fills in a map of two: the first is gone, the last two remain.
    expect(a.priced(order({ venueOrderId: '1', filledQty: '0.010' })).avgPrice).toBe('0');
    expect(a.priced(order({ venueOrderId: '3', filledQty: '0.010' })).avgPrice).toBe('64210.1');
    // At the cap itself nothing is dropped: the second newest stays.
    expect(a.priced(order({ venueOrderId: '2', filledQty: '0.010' })).avgPrice).toBe('64210.1');
  });

  it('past its cap forgets the order filled longest ago, over many rounds of adds, refills and forgets', () => {
    // A model of the rule: a Map where a fill moves its order to the young end.
    const cap = 5;
    const a = new FillAverages(cap);
    const model = new Map<string, number>();
    let n = 0;
    for (let round = 0; round < 400; round++) {
      const id = String((round * 7) % 13);
      if (round % 11 === 0) {
        a.forget(order({ venueOrderId: id }));
        model.delete(id);
        continue;
      }
      a.add(fill(++n, { venueOrderId: id, qty: '0.010' }));
      model.set(id, (model.get(id) ?? 0) + 1);
      const count = model.get(id) as number;
      model.delete(id);
      model.set(id, count);
      while (model.size > cap) model.delete(model.keys().next().value as string);
      for (let k = 0; k < 13; k++) {
        const held = model.get(String(k));
        const filled = held === undefined ? '0.010' : (held / 100).toFixed(2);
        const priced = a.priced(order({ venueOrderId: String(k), filledQty: filled, avgPrice: '0' }));
        expect(priced.avgPrice, `round ${round} order ${k}`).toBe(held === undefined ? '0' : '64210.1');
      }
    }
  });

  it('prices an order as notional / quantity rounded half-even to 8 more places, kept when equal', () => {
    // The definition, written with decimal.ts's div and cmp, against random fills and a reported
    // average that is sometimes the exact one (at or past the places the average is given to),
    // sometimes that one rounded, sometimes another figure.
    // Mantissas up to 2^53 as well: sums and products past it leave plain numbers for bigints.
    const decimal = (places: number) =>
      fc.tuple(fc.oneof(fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), fc.constant(places)).map(([m, s]) => (s === 0 ? String(m) : (m / 10 ** s).toFixed(s)));
    fc.assert(
      fc.property(
        // Quantities of 2^k make averages that end, past the places the average is given to.
        fc.array(
          fc
            .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }))
            .chain(([pp, qp]) => fc.tuple(decimal(pp), fc.oneof(decimal(qp), fc.integer({ min: 0, max: 16 }).map((k) => String(2 ** k))))),
          { minLength: 1, maxLength: 4 },
        ),
        fc.oneof(fc.constant('exact'), fc.constant('exact+zeros'), fc.constant('rounded'), decimal(3)),
        (fills, reported) => {
          const qty = sum(fills.map(([, q]) => q));
          fc.pre(!isZero(qty));
          const notional = sum(fills.map(([p, q]) => mul(p, q)));
          const places = Math.max(...fills.map(([p]) => (p.includes('.') ? p.split('.')[1]!.length : 0)));
          const exact = div(notional, qty, 40, 'half_even');
          const avgPrice =
            reported === 'exact' ? exact : reported === 'exact+zeros' ? `${exact}${exact.includes('.') ? '' : '.'}000` : reported === 'rounded' ? div(notional, qty, 2, 'half_even') : reported;
          const a = new FillAverages();
          for (const [i, [price, q]] of fills.entries()) a.add(fill(i + 1, { venueOrderId: '7', price, qty: q }));
          const o = order({ venueOrderId: '7', qty, filledQty: qty, avgPrice });
          const expected = div(notional, qty, places + 8, 'half_even');
          const priced = a.priced(o);
          if (cmp(expected, avgPrice) === 0) expect(priced).toBe(o);
          else expect(priced).toEqual({ ...o, avgPrice: expected });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a reported average exact to more places than the average is given to is rounded, not kept', () => {
    // 2047 / 1024 = 1.9990234375: ten places, where whole-number prices give the average eight.
    const a = new FillAverages();
    a.add(fill(1, { venueOrderId: '7', price: '1', qty: '1' }));
    a.add(fill(2, { venueOrderId: '7', price: '2', qty: '1023' }));
    const o = order({ venueOrderId: '7', qty: '1024', filledQty: '1024', avgPrice: '1.9990234375' });
    expect(a.priced(o).avgPrice).toBe('1.99902344');
  });

  it('gives the average 8 more decimals than the finest fill price, whichever fill had it', () => {
    const a = new FillAverages();
    const tiny = order({ clientOrderId: 'qd-t', venueOrderId: '5', qty: '3', filledQty: '3', avgPrice: '0' });
    a.add(fill(1, { venueOrderId: '5', price: '0.0001234', qty: '1' }));
    a.add(fill(2, { venueOrderId: '5', price: '0.00012347', qty: '2' }));
    // (0.0001234 + 2 × 0.00012347) / 3 = 0.00012344666…: 16 places, the second fill's 8 and 8 more.
    expect(a.priced(tiny).avgPrice).toBe('0.0001234466666667');
  });
});
