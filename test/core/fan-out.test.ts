import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, div, eq, gt, lte, mul } from '../../src/core/decimal.js';
import { type FanOutTarget, fanOutSize, type LeadTicket } from '../../src/core/fan-out.js';
import { isOnStep } from '../../src/core/rounding.js';
import type { Instrument } from '../../src/core/types.js';
import { stepString } from './arbitraries.js';

const linear: Instrument = {
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  kind: 'perp',
  tickSize: '0.10',
  stepSize: '0.001',
  minQty: '0.001',
  minNotional: '5',
  pricePrecision: 1,
  qtyPrecision: 3,
};
/** An OKX swap: contracts of 0.01 BTC, whole contracts. */
const okx: Instrument = {
  symbol: 'BTC-USDT-SWAP',
  base: 'BTC',
  quote: 'USDT',
  kind: 'perp',
  tickSize: '0.1',
  stepSize: '1',
  minQty: '1',
  minNotional: '0',
  pricePrecision: 1,
  qtyPrecision: 0,
  contractSize: '0.01',
};
const eth: Instrument = { ...linear, symbol: 'ETHUSDT', base: 'ETH' };

const buy = (qty: string, price?: string): LeadTicket =>
  price === undefined ? { side: 'buy', type: 'market', qty } : { side: 'buy', type: 'limit', qty, price };

describe('fanOutSize', () => {
  it('meets in the base asset: 0.05 BTC is 5 OKX contracts, and 3 contracts are 0.03 BTC', () => {
    expect(fanOutSize(buy('0.05', '60000'), linear, { instrument: okx })).toEqual({ kind: 'send', symbol: 'BTC-USDT-SWAP', qty: '5', price: '60000' });
    expect(fanOutSize(buy('3', '60000'), okx, { instrument: linear })).toEqual({ kind: 'send', symbol: 'BTCUSDT', qty: '0.03', price: '60000' });
    expect(fanOutSize(buy('0.05', '60000'), linear, { instrument: okx, sizing: { multiplier: '2.5' } })).toMatchObject({ qty: '12' });
  });

  it('sizes an equity share at the ticket price, or the account mid for a market ticket', () => {
    // 10 % of 30 000 USDT at 60 000 = 0.05 BTC.
    expect(fanOutSize(buy('1', '60000'), linear, { instrument: linear, sizing: { equityShare: '0.1' }, equity: '30000' })).toMatchObject({ qty: '0.05' });
    expect(fanOutSize(buy('1'), linear, { instrument: okx, sizing: { equityShare: '0.1' }, equity: '30000', mid: '60000' })).toEqual({
      kind: 'send',
      symbol: 'BTC-USDT-SWAP',
      qty: '5',
    });
  });

  it('puts a limit price on each account tick, on the passive side', () => {
    const half: Instrument = { ...linear, tickSize: '0.5' };
    expect(fanOutSize(buy('0.01', '60000.3'), linear, { instrument: half })).toMatchObject({ price: '60000' });
    expect(fanOutSize({ side: 'sell', type: 'limit', qty: '0.01', price: '60000.3' }, linear, { instrument: half })).toMatchObject({ price: '60000.5' });
  });

  it('skips with a reason a trader reads', () => {
    const reason = (t: LeadTicket, target: FanOutTarget) => {
      const r = fanOutSize(t, linear, target);
      return r.kind === 'skip' ? r.reason : `sent ${r.qty}`;
    };
    expect(reason(buy('0.004', '60000'), { instrument: okx })).toBe('its size rounds to zero (step 1)');
    expect(reason(buy('0.05', '60000'), { instrument: { ...okx, minQty: '10' } })).toBe('its size 5 is below the minimum 10');
    expect(reason(buy('0.001', '1000'), { instrument: linear })).toBe('its order value 1 is below the minimum 5 USDT');
    expect(reason(buy('1', '60000'), { instrument: eth })).toBe('it trades ETH, the ticket BTC');
    expect(reason(buy('1', '60000'), { instrument: linear, sizing: { equityShare: '0.1' } })).toBe('its equity is not known yet');
    expect(reason(buy('1'), { instrument: linear, sizing: { equityShare: '0.1' }, equity: '100' })).toBe('no price to size its equity share at yet');
    expect(reason(buy('1', '60000'), { instrument: linear, sizing: { equityShare: '1.5' }, equity: '100' })).toBe('its equity share 1.5 is not above 0 and at most 1');
    expect(reason(buy('1', '60000'), { instrument: undefined })).toBe('its instrument is not known yet');
    // Kraken's XBT never reaches here: its adapter names the asset BTC (test/venues/kraken/rest.test.ts).
    expect(reason(buy('1', '60000'), { instrument: { ...linear, base: 'btc' } })).toBe('sent 1');
    expect(reason(buy('1', '60000'), { instrument: { ...linear, base: 'XBT' } })).toBe('it trades XBT, the ticket BTC');
  });

  // Property: whatever the steps, contract sizes and multipliers, an account is never sent more
  // base than its sizing asks, always on its step, and less than one step below it.
  it('never sends more than the sizing asks, always on the step, within one step of it', () => {
    const inst = fc
      .record({ step: stepString(), contract: fc.constantFrom('1', '0.01', '0.001', '0.1', '10') })
      .map(({ step, contract }): Instrument => ({ ...linear, stepSize: step, minQty: '0', minNotional: '0', contractSize: contract }));
    fc.assert(
      fc.property(inst, inst, fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom('0.001', '0.5', '1', '1.37', '3', '25'), (lead, acct, steps, m) => {
        const qty = mul(String(steps), lead.stepSize);
        const r = fanOutSize(buy(qty, '50000'), lead, { instrument: acct, sizing: { multiplier: m } });
        const intended = mul(mul(qty, lead.contractSize ?? '1'), m);
        if (r.kind === 'skip') {
          expect(r.reason).toMatch(/rounds to zero/);
          expect(gt(mul(acct.stepSize, acct.contractSize ?? '1'), intended)).toBe(true);
          return;
        }
        const sent = mul(r.qty, acct.contractSize ?? '1');
        expect(lte(sent, intended)).toBe(true);
        expect(isOnStep(r.qty, acct.stepSize)).toBe(true);
        // Less than one step below the intended size in the account's units.
        const units = div(intended, acct.contractSize ?? '1', 30, 'down');
        expect(gt(add(r.qty, acct.stepSize), units)).toBe(true);
      }),
    );
  });

  it('multiplier 1 on the same instrument is the ticket own qty', () => {
    fc.assert(
      fc.property(stepString(), fc.constantFrom(undefined, '0.01', '1'), fc.integer({ min: 1, max: 1_000_000 }), (step, contract, steps) => {
        const i: Instrument = { ...linear, stepSize: step, minQty: step, minNotional: '0', ...(contract === undefined ? {} : { contractSize: contract }) };
        const qty = mul(String(steps), step);
        const r = fanOutSize(buy(qty, '123.4'), i, { instrument: i, sizing: { multiplier: '1' } });
        expect(r.kind).toBe('send');
        if (r.kind === 'send') expect(eq(r.qty, qty)).toBe(true);
      }),
    );
  });
});
