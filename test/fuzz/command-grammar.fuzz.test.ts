// Fuzzing what a trader types after `:` for the fast-market commands — `:stop`, `:tp` (each with
// `all` for the venue's close-position order), `:bracket`, `:lev`, `:margin`, `:close` — against a
// long of 0.010 BTCUSDT marked at 64250.0 (tick 0.10): each line becomes exactly the engine call its
// words name, with values the venue can take (a trigger on the tick and on the side that protects
// the long, a whole leverage of 1 or more, a margin mode, a percent in (0, 100] asked about first),
// or a warning and nothing asked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gt, isDecimal, lt } from '../../src/core/decimal.js';
import { isOnStep } from '../../src/core/rounding.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { initialUi } from '../../views/controller.js';
import { liveSession, position, T0 } from '../store/fixtures.js';
import { contextOf, done, press } from '../views/controller/keys.js';

const MARK = '64250.0';
const TICK = '0.10';
const long: EngineEvent[] = [...liveSession(), { type: 'positions', at: T0, snapshot: true, positions: [position({ qty: '0.010', markPrice: MARK })] }];
const ctx = contextOf(long);

const value = fc.oneof(
  // Triggers on either side of the mark, on and off the tick (a bracket needs two good ones in
  // order), and the words `:margin` takes: drawn often enough that every command also acts.
  { arbitrary: fc.constantFrom('61500', '66000', '64000.1', '64500.3', '64000.15', 'cross', 'isolated', '50%', 'all'), weight: 5 },
  fc.constantFrom('61500', '66000', '64250.0', '64250.05', '0', '-1', '1', '20', '125', '0x10', '1e3', '50%', '100%', '101%', '0%', 'cross', 'isolated', 'ISOLATED', 'x', '１', 'ALL', 'all ', 'whole'),
  fc.stringMatching(/^-?[0-9]{0,6}(\.[0-9]{0,3})?%?x?$/),
  fc.string({ maxLength: 10 }),
);
const words = fc.oneof(
  fc.array(value.filter((w) => w !== '' && !/\s/.test(w)), { maxLength: 3 }),
  // One well-formed word, the shape on which each command acts (`:margin cross`, `:lev 20`,
  // `:close 50%`, `:stop 61500`): without it `:margin` acted in ~1 % of its draws, and a run could
  // draw none.
  fc.constantFrom('cross', 'isolated', '20', '50%', '61500', '66000').map((w) => [w]),
  // A trigger, then `all`: the close-position stop or take-profit (and a bracket or close refuses it).
  fc.tuple(fc.constantFrom('61500', '66000', '64000.15', 'x'), fc.constantFrom('all', 'All', '100%')).map((pair) => [...pair]),
  // A price under the mark, then one above: the shape a bracket wants (and a stop or tp refuses).
  fc.tuple(fc.constantFrom('61500', '64000.1', '64000.15'), fc.constantFrom('66000', '64500.3', '64250.0')).map((pair) => [...pair]),
);
const verb = fc.constantFrom('stop', 'tp', 'bracket', 'lev', 'leverage', 'margin', 'close');

/** The line typed, then Enter: the UI after it and the engine calls its effects made. */
function typed(words: readonly string[]) {
  const out = press(ctx, { ...initialUi, mode: 'command', command: words.join(' ') }, 'enter');
  const calls = done(out).flatMap((d) => ('calls' in d ? d.calls : []));
  return { out, calls };
}

const protects = (kind: unknown, price: unknown) =>
  typeof price === 'string' &&
  isDecimal(price) &&
  isOnStep(price, TICK) &&
  (kind === 'stop' ? lt(price, MARK) : kind === 'take_profit' && gt(price, MARK));

describe('the fast-market command lines', () => {
  it('each line → the one call its words name with values the venue takes, or a warning and nothing asked', () => {
    fc.assert(
      fc.property(verb, words, (name, args) => {
        const { out, calls } = typed([name, ...args]);
        if (name === 'close') {
          // A close always asks first; nothing reaches the engine before the yes.
          expect(calls).toEqual([]);
          if (out.ui.mode === 'confirm') {
            const percent = Number(args[0]?.replace(/%$/, ''));
            expect(args).toHaveLength(1);
            expect(percent > 0 && percent <= 100).toBe(true);
          } else expect(out.ui.message?.level).toBe('warn');
          return;
        }
        if (name === 'margin' && args.length === 0) {
          expect(calls).toEqual([]); // says the mode, asks nothing
          return;
        }
        if (calls.length === 0) {
          // `:lev` alone reads the leverage again; everything else with no call is a warning.
          expect(out.ui.message?.level).toBe('warn');
          return;
        }
        expect(calls).toHaveLength(1);
        const call = calls[0]!;
        switch (name) {
          case 'stop':
          case 'tp':
            expect(call.name).toBe('protect');
            expect(call.args[0]).toBe(name === 'stop' ? 'stop' : 'take_profit');
            expect(protects(call.args[0], call.args[1])).toBe(true);
            // `all` after the price, and only then, asks for the venue's close-position order.
            if (args.length === 2) {
              expect(args[1]).toBe('all');
              expect(call.args).toEqual([call.args[0], args[0], { closePosition: true }]);
            } else expect(call.args).toEqual([call.args[0], args[0]]);
            break;
          case 'bracket':
            expect(call.name).toBe('bracket');
            expect(protects('stop', call.args[0]) && protects('take_profit', call.args[1])).toBe(true);
            break;
          case 'lev':
          case 'leverage':
            if (args.length === 0) expect(call.name).toBe('readLeverage');
            else {
              expect(call.name).toBe('setLeverage');
              expect(Number.isInteger(call.args[0]) && (call.args[0] as number) >= 1).toBe(true);
            }
            break;
          case 'margin':
            expect(call.name).toBe('setMarginMode');
            expect(['cross', 'isolated']).toContain(call.args[0]);
            break;
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('reaches both outcomes for every command (the generator is not all refusals)', () => {
    const reached = new Map<string, Set<string>>();
    fc.assert(
      fc.property(verb, words, (name, args) => {
        const { out, calls } = typed([name, ...args]);
        const outcome = calls.length > 0 || out.ui.mode === 'confirm' ? 'acts' : 'refuses';
        reached.set(name, (reached.get(name) ?? new Set()).add(outcome));
        if (calls[0]?.args[2] !== undefined) reached.set(`${name} all`, new Set(['acts']));
      }),
      { numRuns: 2_000 },
    );
    for (const name of ['stop', 'tp', 'bracket', 'lev', 'margin', 'close']) expect([...(reached.get(name) ?? [])].sort(), name).toEqual(['acts', 'refuses']);
    // The close-position form is reached too, for both verbs.
    for (const name of ['stop', 'tp']) expect(reached.has(`${name} all`), `${name} all`).toBe(true);
  });
});
