/**
 * Open interest reaches the brief on the real engine and the Binance USD-M local venue: the engine
 * reads the venue's figure, the signal runner keeps its readings, and the next brief carries the
 * newest figure and its change from the first reading with the span between them — the values of
 * the 'open-interest' events, not any other. The brief builder and the runner are the real ones; the
 * bars are a fixed series closed by hand (a KlineSource as a backtest has).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BriefBuilder } from '../../src/core/signals/brief.js';
import type { Brief } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { OpenInterestEvent } from '../../src/engine/events.js';
import { SignalRunner } from '../../src/engine/signals/runner.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { EventLog, startTestSim, testEngine, ticketFor } from './rest-helpers.js';
import { FixedKlines, fixedSynth, untried } from './signals-fixtures.js';

const SYMBOL = 'BTCUSDT';

let sim: SimHandle;
let engine: Engine;
let runner: SignalRunner;
const log = new EventLog();
const bars = new FixedKlines(SYMBOL);
const readings = () => log.of('open-interest') as OpenInterestEvent[];
const briefs = (): Brief[] => log.of('signals').flatMap((e) => (e.part === 'brief' ? [e.brief] : []));

describe('open interest in the brief, on the real engine and local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    runner = new SignalRunner({
      account: 'demo',
      sink: log,
      brief: (symbol) => new BriefBuilder(symbol, {}, ['1m']),
      synth: fixedSynth(() => undefined),
      gate: (spec) => untried(spec.name, SYMBOL),
      strategies: [],
      policy: { tiers: ['0.010'], promoteAfter: 5 },
      timeframes: ['1m'],
      gateEveryMs: 0,
    });
    engine = testEngine(sim, log, { sink: runner, openInterestEveryMs: 60_000, riskEveryMs: 0 });
    await engine.start();
    runner.attach(engine, bars);
  });
  afterAll(async () => {
    runner?.stop();
    await engine?.stop();
    await sim?.close();
  });

  it("the brief after a reading carries its figure; after a second, the change from the first over the span between them", async () => {
    await until(() => readings().length > 0, 'the first reading');
    bars.close(65_000);
    await until(() => briefs().some((b) => b.openInterest !== undefined), 'a brief with open interest');
    const first = readings()[0]!;
    const b1 = briefs().find((b) => b.openInterest !== undefined)!;
    expect(b1.openInterest).toBe(Number(first.openInterest.amount));
    expect(b1.openInterestChange, 'one reading: no change').toBeUndefined();

    // A position of the account moves the sim's figure; the second reading comes a little later.
    const placed = await engine.place(ticketFor(SYMBOL, '0.050')({ side: 'buy' }));
    expect(placed.ok, JSON.stringify(placed)).toBe(true);
    await engine.resyncer.pass('manual');
    await until(() => Date.now() > first.at, 'time to pass');
    await engine.openInterest.read();
    const second = readings().at(-1)!;
    expect(second.at).toBeGreaterThan(first.at);
    const seen = briefs().length;
    bars.close(65_010);
    await until(() => briefs().length > seen, 'the next brief');
    const b2 = briefs().at(-1)!;
    expect(b2.openInterest).toBe(Number(second.openInterest.amount));
    expect(b2.openInterestChange).toEqual({ fraction: Number(second.openInterest.amount) / Number(first.openInterest.amount) - 1, overMs: second.at - first.at });
    expect(b2.openInterestChange!.fraction).not.toBe(0);
  });
});
