import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp } from '../../../src/core/decimal.js';
import { isOnStep } from '../../../src/core/rounding.js';
import { readLlmReply } from '../../../src/core/signals/llm-reply.js';
import { briefForLlm, termRedactor } from '../../../src/core/signals/llm-request.js';
import type { SynthInput } from '../../../src/core/signals/types.js';

const AT = 1_700_000_000_000;
const input: SynthInput = {
  brief: {
    symbol: 'ETHUSDT',
    at: AT,
    frames: {
      '5m': { timeframe: '5m', bars: 50, last: 3000, emaSlope: 0, trend: 'flat', realizedVol: 0.002, atr: 12, rangePosition: 0.5, volumeRatio: 1 },
    },
    agreement: 0,
  },
  alerts: [],
  positions: [],
  tick: '0.05',
};

const reply = (signals: unknown[]) =>
  JSON.stringify({ choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify({ signals }) } }] });

// Mostly within 5 % of the last (3000), some far: the checks of sides and range both get exercised.
const price = fc.oneof(
  fc.integer({ min: 290_000, max: 310_000 }),
  fc.integer({ min: 250_000, max: 350_000 }),
).map((n) => (n / 100).toFixed(2));

describe('readLlmReply, property-tested on the run seed', () => {
  it('accepts only signals with the stop on the losing side, the target on the winning side, prices on the tick, confidence in 0..1', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            symbol: fc.constantFrom('ETHUSDT', 'ETHUSDT', 'BTCUSDT'),
            side: fc.constantFrom('buy', 'sell'),
            confidence: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: -0.5, max: 1.5, noNaN: true })),
            horizon: fc.constantFrom('5m', '1h'),
            entry: price,
            stop: price,
            target: price,
            rationale: fc.string({ unit: fc.constantFrom('a', ' ', 'é', '\u001b', '\n', '\u009b', '\u0007'), maxLength: 300 }),
          }),
          { maxLength: 3 },
        ),
        (signals) => {
          const result = readLlmReply(reply(signals), input, { maxEntryDistance: 0.05, maxBracketDistance: 0.25, maxTokens: 100 });
          if (!result.ok) {
            expect(['out-of-range', 'malformed']).toContain(result.reason);
            return;
          }
          expect(result.signals).toHaveLength(signals.length);
          for (const s of result.signals) {
            const long = s.side === 'buy';
            expect(cmp(s.stop, s.entry)).toBe(long ? -1 : 1);
            expect(cmp(s.target, s.entry)).toBe(long ? 1 : -1);
            for (const p of [s.entry, s.stop, s.target]) expect(isOnStep(p, input.tick)).toBe(true);
            expect(s.confidence).toBeGreaterThanOrEqual(0);
            expect(s.confidence).toBeLessThanOrEqual(1);
            expect(s.symbol).toBe('ETHUSDT');
            expect(s.rationale).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
            expect(s.rationale.length).toBeLessThanOrEqual(240);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts an empty list (the model has nothing to say)', () => {
    expect(readLlmReply(reply([]), input, { maxEntryDistance: 0.05, maxBracketDistance: 0.25, maxTokens: 100 })).toEqual({ ok: true, signals: [] });
  });
});

describe('what the request carries', () => {
  it('redacts the given terms where they stand as words, not inside longer names', () => {
    const redact = termRedactor(['main', 'bn-a', '0xAbC123', 'x']);
    expect(redact('main lost its stream; bn-a and 0xabc123 too')).toBe('[account] lost its stream; [account] and [account] too');
    expect(redact('mainnet, bn-ab and domain stay')).toBe('mainnet, bn-ab and domain stay');
    expect(redact('x marks')).toBe('x marks'); // a one-letter term would eat every x
  });

  it('sends the alerts newest last, with their age against the brief, never their ids', () => {
    const view = briefForLlm({
      ...input,
      alerts: [{ id: 'watcher-7-secretish', rule: 'spread', severity: 'warn', symbol: 'ETHUSDT', at: AT - 30_000, text: 'spread 12 ticks' }],
    });
    expect(view['alerts']).toEqual([{ rule: 'spread', severity: 'warn', symbol: 'ETHUSDT', ageSeconds: 30, text: 'spread 12 ticks' }]);
    expect(JSON.stringify(view)).not.toContain('watcher-7');
  });
});
