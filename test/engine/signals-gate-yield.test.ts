/**
 * The walk-forward gate does not hold the event loop for a whole round (docs/signals.md §Runner):
 * between two strategies' gates the loop runs — a callback scheduled during the first gate has run
 * before the second starts. The real engine on the Binance USD-M local venue; the gate is a probe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brief, GateResult, Kline, KlineSource, Timeframe } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { SignalRunner } from '../../src/engine/signals/runner.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';

const SYMBOL = 'BTCUSDT';

class OneBar implements KlineSource {
  readonly bars: Kline[] = [];
  readonly #listeners = new Set<(symbol: string, tf: Timeframe, bar: Kline) => void>();
  watch(): void {}
  series(symbol: string, tf: Timeframe): readonly Kline[] {
    return symbol === SYMBOL && tf === '1m' ? this.bars : [];
  }
  onBar(listener: (symbol: string, tf: Timeframe, bar: Kline) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  close(price: number): void {
    const bar = { openTime: 0, open: price, high: price, low: price, close: price, volume: 1, closed: true };
    this.bars.push(bar);
    for (const l of this.#listeners) l(SYMBOL, '1m', bar);
  }
}

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
      return { strategy: spec.name, symbol: SYMBOL, rows: [], aggregate: { trades: 0, meanPct: 0, lowPct: 0, highPct: 0 }, passes: {}, at: 0 };
    };
    const runner = new SignalRunner({
      account: 'demo',
      sink: log,
      brief: (symbol) => ({ update: () => undefined, brief: (at: number): Brief => ({ symbol, at, frames: {}, agreement: 0 }) }),
      synth: { name: 'rules', synthesize: () => Promise.resolve({ ok: true, signals: [] }) },
      gate,
      strategies: [
        { name: 'breakout', kind: 'breakout', params: {} },
        { name: 'trend-follow', kind: 'trend-follow', params: {} },
      ],
      policy: { tiers: ['0.010'], promoteAfter: 5 },
      timeframes: ['1m'],
      gateEveryMs: 0,
    });
    engine = testEngine(sim, log, { sink: runner });
    await engine.start();
    await until(() => engine.instrument !== undefined, 'the instrument');
    const klines = new OneBar();
    runner.attach(engine, klines);
    klines.close(50000);
    await until(() => ranBetween !== undefined, 'both gates');
    expect(ranBetween).toBe(true);
    runner.stop();
  });
});
