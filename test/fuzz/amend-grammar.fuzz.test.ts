// Fuzzing `:amend PRICE [QTY]` and the tick keys: whatever is typed either becomes one amend of the
// selected order that the order's checks pass — a positive price on the tick, a positive quantity on
// the step above what filled, a change at all — or a named refusal with nothing asked of the engine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AmendChange, amendTarget } from '../../src/core/amend-target.js';
import { eq, gt, isDecimal } from '../../src/core/decimal.js';
import { isOnStep } from '../../src/core/rounding.js';
import type { Instrument, Order } from '../../src/core/types.js';
import { parseAmendArgs } from '../../views/amend.js';
import { initialUi } from '../../views/controller.js';
import { contextOf, done, press, withOrders } from '../views/controller/keys.js';

const RUNS = { numRuns: 1_000 };

const BTC: Pick<Instrument, 'tickSize' | 'stepSize'> = { tickSize: '0.10', stepSize: '0.001' };
const RESTING: Pick<Order, 'clientOrderId' | 'type' | 'filledQty'> = { clientOrderId: 'qd-1', type: 'limit', filledQty: '0.004' };
const BASE = { price: '64200.0', qty: '0.010' };

const word = fc.oneof(
  fc.constantFrom('64000', '64000.1', '64000.15', '0', '-1', '0.001', '0.004', '0.0105', '1e3', '.5', '', 'abc', '64200.0', '0.010', '１'),
  fc.stringMatching(/^-?[0-9]{0,7}(\.[0-9]{0,4})?$/),
  fc.string({ maxLength: 12 }),
);

describe(':amend grammar', () => {
  it('words → a change of positive decimals, or a named error with the usage', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 4 }), (args) => {
        const parsed = parseAmendArgs(args);
        if ('error' in parsed) {
          expect(parsed.error).toMatch(/ — :amend PRICE \[QTY\]/);
          return;
        }
        expect(isDecimal(parsed.change.price) && gt(parsed.change.price, '0')).toBe(true);
        if (parsed.change.qty !== undefined) expect(isDecimal(parsed.change.qty) && gt(parsed.change.qty, '0')).toBe(true);
        expect(args.length === 1 || args.length === 2).toBe(true);
      }),
      RUNS,
    );
  });

  const change: fc.Arbitrary<AmendChange> = fc.oneof(
    fc.record({ price: word, qty: fc.option(word, { nil: undefined }) }).map((c) => (c.qty === undefined ? { price: c.price } : c)),
    fc.record({ ticks: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.constantFrom(0.5, Number.NaN, 2 ** 60)) }),
    fc.record({ qty: word }),
  );

  it('a change of a stop → a trigger on the tick (a close-position stop keeps no size of its own), or a named refusal', () => {
    const stop = { clientOrderId: 'qd-s', type: 'market' as const, filledQty: '0', trigger: { kind: 'stop' as const, price: '47000.0', by: 'mark' as const } };
    fc.assert(
      fc.property(change, fc.boolean(), (c, whole) => {
        const order = whole ? { ...stop, closePosition: true } : stop;
        const base = { price: '47000.0', qty: whole ? '0' : '0.010' };
        const t = amendTarget(order, base, c, BTC);
        if ('error' in t) {
          expect(t.error.length).toBeGreaterThan(0);
          if (whole && c.qty !== undefined) expect(t.error).toMatch(/closes the whole position/);
          return;
        }
        expect(gt(t.price, '0') && isOnStep(t.price, BTC.tickSize)).toBe(true);
        if (whole) expect(t.qty).toBe('0');
        else expect(gt(t.qty, '0') && isOnStep(t.qty, BTC.stepSize)).toBe(true);
        expect(eq(t.price, base.price) && eq(t.qty, base.qty)).toBe(false);
      }),
      RUNS,
    );
  });

  it('a change → a valid amend of the order, or a named refusal', () => {
    fc.assert(
      fc.property(change, (c) => {
        const t = amendTarget(RESTING, BASE, c, BTC);
        if ('error' in t) {
          expect(t.error.length).toBeGreaterThan(0);
          return;
        }
        expect(gt(t.price, '0') && isOnStep(t.price, BTC.tickSize)).toBe(true);
        expect(gt(t.qty, RESTING.filledQty) && isOnStep(t.qty, BTC.stepSize)).toBe(true);
        expect(eq(t.price, BASE.price) && eq(t.qty, BASE.qty)).toBe(false);
      }),
      RUNS,
    );
  });

  it('typed on the command line: one amend of the selected order, or a warning and nothing asked', () => {
    const ctx = contextOf(withOrders());
    fc.assert(
      fc.property(fc.array(word.filter((w) => !/\s/.test(w) && w !== ''), { maxLength: 4 }), (args) => {
        const out = press(ctx, { ...initialUi, mode: 'command', command: ['amend', ...args].join(' ') }, 'enter');
        const calls = done(out);
        if (calls.length === 0) {
          expect(out.ui.message?.level).toBe('warn');
          return;
        }
        expect(calls).toHaveLength(1);
        const call = calls[0] as { calls: Array<{ name: string; args: unknown[] }> };
        expect(call.calls[0]?.name).toBe('amend');
        expect(call.calls[0]?.args[0]).toBe('qd-new');
      }),
      { numRuns: 300 },
    );
  });
});
