/**
 * The walk-forward gate does not hold the event loop for a whole round (docs/signals.md §Runner):
 * between two strategies' gates the loop runs — a callback scheduled during the first gate has run
 * before the second starts. The real engine on the Binance USD-M local venue; the gate is a probe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { SignalRunner } from '../../src/engine/signals/runner.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';
import { FixedKlines, quietOptions, untried } from './signals-fixtures.js';

const SYMBOL = 'BTCUSDT';

let sim: SimHandle;
let engine: Engine;

describe("the gate's cost on the loop", () => {
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('the loop runs between two strategies of one gate round', async () => {
    const log = new EventLog();
    let ranBetween: boolean | undefined;
    let scheduledRan = false;
    const gate = (spec: { name: string }): GateResult => {
      if (spec.name === 'breakout') setImmediate(() => (scheduledRan = true));
      else ranBetween = scheduledRan;
      return untried(spec.name, SYMBOL);
    };
    const runner = new SignalRunner(quietOptions(log, gate));
    engine = testEngine(sim, log, { sink: runner });
    await engine.start();
    await until(() => engine.instrument !== undefined, 'the instrument');
    const klines = new FixedKlines(SYMBOL);
    runner.attach(engine, klines);
    klines.close(50000);
    await until(() => ranBetween !== undefined, 'both gates');
    expect(ranBetween).toBe(true);
    runner.stop();
  });
});
