import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp } from '../../../src/core/decimal.js';
import { isOnStep } from '../../../src/core/rounding.js';
import { DEFAULT_RULES, rulesModel, rulesSignals } from '../../../src/core/signals/rules-model.js';
import {
  type Alert,
  type Brief,
  type FrameBrief,
  type SynthInput,
  TIMEFRAMES,
  type Timeframe,
  type Trend,
} from '../../../src/core/signals/types.js';
import { stepString } from '../arbitraries.js';

const AT = 1_700_000_000_000;

function frame(timeframe: Timeframe, over: Partial<FrameBrief> = {}): FrameBrief {
  return {
    timeframe,
    bars: 100,
    last: 50_000,
    emaSlope: 0.001,
    trend: 'up',
    realizedVol: 0.004,
    atr: 200,
    rangePosition: 0.4,
    volumeRatio: 1,
    ...over,
  };
}

/** Five timeframes, `ups` of them up and the rest down, the 1h one as `h1`. */
function brief(over: Partial<Brief> = {}, h1: Partial<FrameBrief> = {}): Brief {
  return {
    symbol: 'BTCUSDT',
    at: AT,
    frames: {
      '1m': frame('1m', { atr: 20 }),
      '5m': frame('5m', { atr: 45 }),
      '1h': frame('1h', h1),
      '4h': frame('4h', { atr: 500 }),
      '1d': frame('1d', { atr: 1500 }),
    },
    agreement: 1,
    ...over,
  };
}

function input(over: Partial<SynthInput> = {}): SynthInput {
  return { brief: brief(), alerts: [], positions: [], tick: '0.10', ...over };
}

function alert(severity: Alert['severity'], agoMs: number, symbol: string | undefined = 'BTCUSDT'): Alert {
  return {
    id: `a-${severity}-${agoMs}`,
    rule: 'atr-move',
    severity,
    ...(symbol === undefined ? {} : { symbol }),
    at: AT - agoMs,
    text: 'moved',
  };
}

describe('the rules model on hand-made briefs', () => {
  it('goes long with the timeframes agreeing up: entry at the last price, stop and target in ATRs of the horizon', () => {
    const [s, ...rest] = rulesSignals(input());
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      symbol: 'BTCUSDT',
      side: 'buy',
      horizon: '1h',
      entry: '50000',
      stop: '49700', // 1.5 × 200 below
      target: '50600', // 3 × 200 above
      source: 'rules',
    });
    // agreement 1, room 0.6: 0.2 + 0.6 × (0.5 + 0.3)
    expect(s?.confidence).toBe(0.68);
    expect(s?.rationale).toMatch(/^long: 5\/5 timeframes up/);
    expect(s?.rationale).not.toMatch(/\n/);
  });

  it('goes short with them agreeing down, the bracket mirrored', () => {
    const down = brief({ agreement: -0.6 }, { trend: 'down', rangePosition: 0.7 });
    const [s] = rulesSignals(input({ brief: down }));
    expect(s).toMatchObject({ side: 'sell', entry: '50000', stop: '50300', target: '49400' });
  });

  it('rounds onto the tick away from the entry (a long entry down, its stop down, its target up)', () => {
    const odd = brief({}, { last: 50_000.37, atr: 10.01 });
    const [s] = rulesSignals(input({ brief: odd, tick: '0.25' }));
    // entry floor(50000.37) = 50000.25; stop 50000.25 − 15.015 = 49985.235 → 49985; target + 30.03 = 50030.28 → 50030.5
    expect(s).toMatchObject({ entry: '50000.25', stop: '49985', target: '50030.5' });
  });

  it('keeps stop and target a tick from the entry when the ATR is below a tick', () => {
    const [s] = rulesSignals(input({ brief: brief({}, { atr: 0.01 }), tick: '1' }));
    expect(s).toMatchObject({ entry: '50000', stop: '49999', target: '50001' });
  });

  it('stays out when the timeframes disagree, or the horizon points the other way', () => {
    expect(rulesSignals(input({ brief: brief({ agreement: 0.2 }) }))).toEqual([]);
    expect(rulesSignals(input({ brief: brief({}, { trend: 'down' }) }))).toEqual([]);
    expect(rulesSignals(input({ brief: brief({ agreement: Number.NaN }) }))).toEqual([]);
  });

  it('stays out at the far end of the range: no long at its top, no short at its bottom', () => {
    expect(rulesSignals(input({ brief: brief({}, { rangePosition: 0.95 }) }))).toEqual([]);
    expect(rulesSignals(input({ brief: brief({ agreement: -1 }, { trend: 'down', rangePosition: 0.05 }) }))).toEqual([]);
    // and the room left is what the confidence rewards
    const low = rulesSignals(input({ brief: brief({}, { rangePosition: 0.2 }) }))[0]?.confidence ?? 0;
    const high = rulesSignals(input({ brief: brief({}, { rangePosition: 0.8 }) }))[0]?.confidence ?? 0;
    expect(low).toBeGreaterThan(high);
  });

  it('picks the horizon from the first timeframe present, and stays out with none', () => {
    const only4h: Brief = { ...brief(), frames: { '4h': frame('4h', { atr: 500 }) } };
    expect(rulesSignals(input({ brief: only4h }))[0]).toMatchObject({ horizon: '4h', stop: '49250', target: '51500' });
    expect(rulesSignals(input({ brief: { ...brief(), frames: {} } }))).toEqual([]);
  });

  it('stays out while a critical alert is fresh, on the symbol or the whole account', () => {
    expect(rulesSignals(input({ alerts: [alert('critical', 60_000)] }))).toEqual([]);
    expect(rulesSignals(input({ alerts: [alert('critical', 60_000, undefined)] }))).toEqual([]);
    // another symbol's, or an old one, does not count
    expect(rulesSignals(input({ alerts: [alert('critical', 60_000, 'ETHUSDT')] }))).toHaveLength(1);
    expect(rulesSignals(input({ alerts: [alert('critical', DEFAULT_RULES.alertFreshMs)] }))).toHaveLength(1);
  });

  it('halves the confidence under a fresh warning, and says so', () => {
    const [s] = rulesSignals(input({ alerts: [alert('warn', 1000)] }));
    expect(s?.confidence).toBe(0.34);
    expect(s?.rationale).toMatch(/warning/);
    expect(rulesSignals(input({ alerts: [alert('info', 1000)] }))[0]?.confidence).toBe(0.68);
  });

  it('never signals against an open position; one on its side adds at half the confidence', () => {
    const short = [{ symbol: 'BTCUSDT', qty: '-0.5', entryPrice: '51000' }];
    expect(rulesSignals(input({ positions: short }))).toEqual([]);
    const long = [{ symbol: 'BTCUSDT', qty: '0.5', entryPrice: '49000' }];
    const [s] = rulesSignals(input({ positions: long }));
    expect(s).toMatchObject({ side: 'buy', confidence: 0.34 });
    expect(s?.rationale).toMatch(/adds to the long/);
    // another symbol's position, or a flat one, changes nothing
    const other = [{ symbol: 'ETHUSDT', qty: '-3', entryPrice: '3000' }, { symbol: 'BTCUSDT', qty: '0', entryPrice: '0' }];
    expect(rulesSignals(input({ positions: other }))[0]?.confidence).toBe(0.68);
  });

  it('stays out when the ATR would put the stop at or below zero', () => {
    expect(rulesSignals(input({ brief: brief({}, { last: 100, atr: 80 }) }))).toEqual([]);
    expect(rulesSignals(input({ brief: brief({}, { atr: 0 }) }))).toEqual([]);
  });

  it('is a Synthesizer that never refuses', async () => {
    await expect(rulesModel().synthesize(input())).resolves.toMatchObject({ ok: true, signals: [{ side: 'buy' }] });
  });
});

// ------------------------------------------------------------------------------------------------

const trend = fc.constantFrom<Trend>('flat', 'up', 'down');
const positiveNumber = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

// Biased toward briefs the model acts on (trends that mostly agree, an ATR a fraction of the price,
// alerts mostly old), so that most runs check a signal rather than an abstention.
const arbFrame = (timeframe: Timeframe) =>
  fc
    .record({
      timeframe: fc.constant(timeframe),
      bars: fc.integer({ min: 1, max: 500 }),
      // in ticks (the tick is drawn apart): a price many ticks above zero, off the tick by a fraction
      last: fc.oneof(fc.integer({ min: 10, max: 10_000_000 }).map((n) => n + 0.37), positiveNumber(10, 1e7)),
      emaSlope: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      trend,
      realizedVol: positiveNumber(0, 0.2),
      // fc.double and fc.integer crowd at small values; plain spreads of values come from lists
      atrShare: fc.oneof(fc.constantFrom(0.0001, 0.001, 0.003, 0.01, 0.02, 0.05), positiveNumber(0, 1)),
      rangePosition: fc.oneof(fc.constantFrom(0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9), fc.double({ min: -0.2, max: 1.2, noNaN: true })),
      volumeRatio: positiveNumber(0, 10),
    })
    .map(({ atrShare, ...f }) => ({ ...f, atr: f.last * atrShare }));

const arbInput: fc.Arbitrary<SynthInput> = fc
  .record({
    frames: fc.subarray([...TIMEFRAMES], { minLength: 1 }).chain((tfs) => fc.tuple(...tfs.map(arbFrame))),
    agreement: fc.oneof(fc.constantFrom(-1, -0.8, -0.6, 0.6, 0.8, 1), fc.double({ min: -1, max: 1, noNaN: true })),
    tick: stepString(),
    alerts: fc.array(
      fc.record({
        severity: fc.constantFrom<Alert['severity']>('info', 'warn', 'critical'),
        ago: fc.oneof(fc.constantFrom(300_000, 900_000, 3_600_000), fc.integer({ min: -60_000, max: 3_600_000 })),
        mine: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    qty: fc.constantFrom('0', '1', '-1', '0.001'),
  })
  .map(({ frames, agreement, tick, alerts, qty }) => ({
    brief: {
      symbol: 'BTCUSDT',
      at: AT,
      frames: Object.fromEntries(
        frames.map((f) => [f.timeframe, { ...f, last: f.last * Number(tick), atr: f.atr * Number(tick) }]),
      ),
      agreement,
    },
    alerts: alerts.map((a, i) => ({
      id: `a${i}`,
      rule: 'spread' as const,
      severity: a.severity,
      symbol: a.mine ? 'BTCUSDT' : 'ETHUSDT',
      at: AT - a.ago,
      text: 'x',
    })),
    positions: [{ symbol: 'BTCUSDT', qty, entryPrice: '100' }],
    tick,
  }));

describe('the rules model, property-tested on the run seed', () => {
  it('puts the stop on the losing side and the target on the winning side, every price on the tick and above zero', () => {
    fc.assert(
      fc.property(arbInput, (inp) => {
        for (const s of rulesSignals(inp)) {
          const long = s.side === 'buy';
          expect(cmp(s.stop, s.entry)).toBe(long ? -1 : 1);
          expect(cmp(s.target, s.entry)).toBe(long ? 1 : -1);
          for (const p of [s.entry, s.stop, s.target]) {
            expect(isOnStep(p, inp.tick)).toBe(true);
            expect(cmp(p, '0')).toBe(1);
          }
          expect(s.confidence).toBeGreaterThanOrEqual(0);
          expect(s.confidence).toBeLessThanOrEqual(1);
          expect(s.symbol).toBe(inp.brief.symbol);
          expect(Object.keys(inp.brief.frames)).toContain(s.horizon);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same output for the same input, and never one against a held position', () => {
    fc.assert(
      fc.property(arbInput, (inp) => {
        const once = rulesSignals(inp);
        expect(rulesSignals(structuredClone(inp))).toEqual(once);
        const held = inp.positions[0]?.qty ?? '0';
        for (const s of once) if (cmp(held, '0') !== 0) expect(s.side).toBe(cmp(held, '0') > 0 ? 'buy' : 'sell');
      }),
      { numRuns: 200 },
    );
  });
});
