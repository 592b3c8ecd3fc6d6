// The fat-finger guard: each rule refuses at its boundary and not a step before, names itself and
// its figures, and never traps a trader in a position.
import { describe, expect, it } from 'vitest';
import { type GuardLimits, type GuardMarket, type GuardOrder, guardOrder, reduces } from '../../src/core/order-guard.js';

const market = (over: Partial<GuardMarket> = {}): GuardMarket => ({
  bid: '100',
  ask: '101',
  reference: '100.5',
  position: '0',
  sentLastMinute: 0,
  quote: 'USDT',
  ...over,
});
const limit = (side: 'buy' | 'sell', qty: string, price: string, reduceOnly = false): GuardOrder => ({ side, type: 'limit', qty, price, reduceOnly });
const mkt = (side: 'buy' | 'sell', qty: string, reduceOnly = false): GuardOrder => ({ side, type: 'market', qty, reduceOnly });

describe('guardOrder', () => {
  it('passes everything with no limits set', () => {
    expect(guardOrder(limit('buy', '1000000', '500'), market(), {})).toEqual({ kind: 'pass' });
    expect(guardOrder(mkt('sell', '1000000'), market({ reference: undefined }), {})).toEqual({ kind: 'pass' });
  });

  it('refuses an order over the per-order notional, at the limit price, and passes one at it', () => {
    const limits: GuardLimits = { maxOrderNotional: '1000' };
    expect(guardOrder(limit('buy', '10', '100'), market(), limits)).toEqual({ kind: 'pass' });
    const v = guardOrder(limit('buy', '10.01', '100'), market(), limits);
    expect(v).toEqual({ kind: 'refuse', rule: 'order-notional', text: 'order size: 1001 USDT is over the 1000 USDT limit per order' });
  });

  it('an amount over its limit never reads as equal to it (rounded up to the cent)', () => {
    expect(guardOrder(mkt('buy', '0.02'), market({ reference: '50000.01' }), { maxOrderNotional: '1000' })).toMatchObject({
      text: 'order size: 1000.01 USDT is over the 1000 USDT limit per order',
    });
  });

  it('judges a market order at the reference price and refuses it when there is none', () => {
    const limits: GuardLimits = { maxOrderNotional: '1000' };
    expect(guardOrder(mkt('buy', '9.95'), market(), limits).kind).toBe('pass');
    expect(guardOrder(mkt('buy', '9.96'), market(), limits)).toMatchObject({ kind: 'refuse', rule: 'order-notional' });
    expect(guardOrder(mkt('buy', '1'), market({ reference: undefined }), limits)).toEqual({
      kind: 'refuse',
      rule: 'no-price',
      text: "no price to judge the order's size against the guard's limits yet: wait for a quote",
    });
    expect(guardOrder(mkt('buy', '1'), market({ reference: '0' }), limits)).toMatchObject({ kind: 'refuse', rule: 'no-price' });
  });

  it('counts contracts at their size', () => {
    const limits: GuardLimits = { maxOrderNotional: '1000' };
    // 100 contracts of 0.1 at 100 = 1000: at the limit; 101 contracts is over.
    expect(guardOrder(limit('buy', '100', '100'), market({ contractSize: '0.1' }), limits).kind).toBe('pass');
    expect(guardOrder(limit('buy', '101', '100'), market({ contractSize: '0.1' }), limits)).toMatchObject({ rule: 'order-notional' });
  });

  it('refuses an order that would leave too large a position, long or short', () => {
    const limits: GuardLimits = { maxPositionNotional: '1000' };
    expect(guardOrder(limit('buy', '4', '100'), market({ position: '6' }), limits).kind).toBe('pass');
    expect(guardOrder(limit('buy', '4.1', '100'), market({ position: '6' }), limits)).toEqual({
      kind: 'refuse',
      rule: 'position-notional',
      text: 'position size: this order would leave 1010 USDT of position, over the 1000 USDT limit',
    });
    // A sell through a long into a short: the short left is what counts.
    expect(guardOrder(limit('sell', '16', '100'), market({ position: '6' }), limits).kind).toBe('pass');
    expect(guardOrder(limit('sell', '16.5', '100'), market({ position: '6' }), limits)).toMatchObject({ rule: 'position-notional' });
  });

  it('never blocks an exit: reduce-only, or the opposite side no larger than the position', () => {
    const limits: GuardLimits = { maxOrderNotional: '10', maxPositionNotional: '10' };
    expect(guardOrder(mkt('sell', '50'), market({ position: '50' }), limits).kind).toBe('pass');
    expect(guardOrder(mkt('buy', '50'), market({ position: '-50' }), limits).kind).toBe('pass');
    expect(guardOrder(mkt('buy', '50', true), market({ position: '0' }), limits).kind).toBe('pass');
    // One more than the position flips it: judged as an open.
    expect(guardOrder(mkt('sell', '51'), market({ position: '50' }), limits)).toMatchObject({ kind: 'refuse' });
    // Same side adds to it.
    expect(guardOrder(mkt('buy', '1'), market({ position: '50' }), limits)).toMatchObject({ kind: 'refuse' });
  });

  it('refuses a limit more than the band through the best price, either side, reduce-only too', () => {
    const limits: GuardLimits = { priceBandPct: '5' };
    // ask 101: 5 % through is 106.05.
    expect(guardOrder(limit('buy', '1', '106.05'), market(), limits).kind).toBe('pass');
    expect(guardOrder(limit('buy', '1', '106.06'), market(), limits)).toEqual({
      kind: 'refuse',
      rule: 'price-band',
      text: 'price band: buy at 106.06 is 5.0099 % through the best ask 101, the band is 5 %',
    });
    // bid 100: 5 % through is 95.
    expect(guardOrder(limit('sell', '1', '95'), market(), limits).kind).toBe('pass');
    expect(guardOrder(limit('sell', '1', '94.99', true), market({ position: '1' }), limits)).toEqual({
      kind: 'refuse',
      rule: 'price-band',
      text: 'price band: sell at 94.99 is 5.01 % through the best bid 100, the band is 5 %',
    });
    // A best price of zero (a broken quote) judges nothing rather than dividing by it.
    expect(guardOrder(limit('sell', '1', '1'), market({ bid: '0' }), limits).kind).toBe('pass');
  });

  it('lets resting limits and market orders through the band, and judges nothing without a quote', () => {
    const limits: GuardLimits = { priceBandPct: '1', sweepConfirmPct: '0.5' };
    expect(guardOrder(limit('buy', '1', '50'), market(), limits).kind).toBe('pass');
    expect(guardOrder(limit('sell', '1', '500'), market(), limits).kind).toBe('pass');
    expect(guardOrder(mkt('buy', '1'), market(), limits).kind).toBe('pass');
    expect(guardOrder(limit('buy', '1', '500'), market({ ask: undefined }), limits).kind).toBe('pass');
  });

  it('asks before a marketable limit sweeps past the confirm threshold', () => {
    const limits: GuardLimits = { priceBandPct: '5', sweepConfirmPct: '1' };
    expect(guardOrder(limit('buy', '1', '102.01'), market(), limits).kind).toBe('pass');
    expect(guardOrder(limit('buy', '1', '102.02'), market(), limits)).toEqual({
      kind: 'confirm',
      rule: 'sweep',
      text: 'buy at 102.02 is 1.0099 % through the best ask 101: it would sweep the book. Send it?',
    });
    expect(guardOrder(limit('sell', '1', '98.9'), market(), limits)).toMatchObject({ kind: 'confirm' });
  });

  it('a size refusal comes before a sweep question (no point asking for what is refused)', () => {
    const limits: GuardLimits = { sweepConfirmPct: '1', maxOrderNotional: '100' };
    expect(guardOrder(limit('buy', '2', '103'), market(), limits)).toMatchObject({ kind: 'refuse', rule: 'order-notional' });
  });

  it('refuses the order past the per-minute count and passes the one before it', () => {
    const limits: GuardLimits = { maxOrdersPerMinute: 3 };
    expect(guardOrder(limit('buy', '1', '100'), market({ sentLastMinute: 2 }), limits).kind).toBe('pass');
    expect(guardOrder(limit('buy', '1', '100'), market({ sentLastMinute: 3 }), limits)).toEqual({
      kind: 'refuse',
      rule: 'order-rate',
      text: 'order rate: 3 orders in the last minute, the limit is 3',
    });
  });
});

describe('reduces', () => {
  it('is true only for an order that cannot open or flip the position', () => {
    expect(reduces({ side: 'sell', qty: '1', reduceOnly: false }, '1')).toBe(true);
    expect(reduces({ side: 'sell', qty: '1.1', reduceOnly: false }, '1')).toBe(false);
    expect(reduces({ side: 'buy', qty: '1', reduceOnly: false }, '1')).toBe(false);
    expect(reduces({ side: 'buy', qty: '1', reduceOnly: false }, '-1')).toBe(true);
    expect(reduces({ side: 'sell', qty: '1', reduceOnly: false }, '-1')).toBe(false);
    expect(reduces({ side: 'sell', qty: '1', reduceOnly: false }, '0')).toBe(false);
    expect(reduces({ side: 'buy', qty: '1', reduceOnly: true }, '0')).toBe(true);
  });
});
