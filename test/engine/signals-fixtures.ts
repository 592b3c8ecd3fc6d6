/**
 * The signal tests' fixed parts (the contract's KlineSource allows a fixed series, as a backtest
 * has): a series the test closes bars on by hand, a brief of nothing, a gate that passes or fails,
 * a synthesizer that answers what the test holds. The runner, the gatekeeper, the engine and the
 * venue stay real in every test that uses them.
 */
import type { Brief, GateResult, Kline, KlineSource, Signal, Synthesizer, Timeframe } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { EventSink } from '../../src/engine/events.js';
import type { SignalRunnerOptions } from '../../src/engine/signals/runner.js';
import { until } from '../support/until.js';

/** A fixed series of one symbol's 1m bars, closed by hand; it records the symbols it was asked to watch. */
export class FixedKlines implements KlineSource {
  readonly bars: Kline[] = [];
  readonly watched: string[] = [];
  readonly #listeners = new Set<(symbol: string, tf: Timeframe, bar: Kline) => void>();
  constructor(readonly symbol = 'BTCUSDT') {}
  watch(symbol: string): void {
    this.watched.push(symbol);
  }
  series(symbol: string, tf: Timeframe): readonly Kline[] {
    return symbol === this.symbol && tf === '1m' ? this.bars : [];
  }
  onBar(listener: (symbol: string, tf: Timeframe, bar: Kline) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  close(price: number): void {
    const bar = { openTime: this.bars.length * 60_000, open: price, high: price, low: price, close: price, volume: 1, closed: true };
    this.bars.push(bar);
    for (const l of this.#listeners) l(this.symbol, '1m', bar);
  }
}

/** A brief of no frames with the given agreement. */
export const briefOf = (symbol: string, agreement = 1) => ({
  update: () => undefined,
  brief: (at: number): Brief => ({ symbol, at, frames: {}, agreement }),
});

/** A gate that passes on 1m (thirty trades, a positive mean and bounds). */
export const passing = (strategy: string, symbol = 'BTCUSDT'): GateResult => ({
  strategy,
  symbol,
  rows: [],
  aggregate: { trades: 30, meanPct: 0.2, lowPct: 0.05, highPct: 0.35 },
  passes: { '1m': true },
  at: 0,
});

/** A gate that fails on 1m (thirty trades, a negative mean and bounds). */
export const failing = (strategy: string, symbol = 'BTCUSDT'): GateResult => ({
  strategy,
  symbol,
  rows: [],
  aggregate: { trades: 30, meanPct: -0.2, lowPct: -0.35, highPct: -0.05 },
  passes: { '1m': false },
  at: 0,
});

/** A gate of no trades that judges no timeframe. */
export const untried = (strategy: string, symbol = 'BTCUSDT'): GateResult => ({
  strategy,
  symbol,
  rows: [],
  aggregate: { trades: 0, meanPct: 0, lowPct: 0, highPct: 0 },
  passes: {},
  at: 0,
});

/** A synthesizer that answers the signals the test holds at the time of the call. */
export function fixedSynth(signals: () => Signal | readonly Signal[] | undefined, name: 'rules' | 'llm' = 'rules'): Synthesizer {
  const list = (): Signal[] => {
    const s = signals();
    return s === undefined ? [] : Array.isArray(s) ? [...s] : [s as Signal];
  };
  return { name, synthesize: () => Promise.resolve({ ok: true, signals: list() }) };
}

/**
 * A runner's options that propose nothing of themselves: two strategies (breakout, trend-follow)
 * judged by `gate`, a brief of no agreement, a synthesizer with no signals, one tier, 1m bars.
 */
export function quietOptions(sink: EventSink, gate: SignalRunnerOptions['gate'], over: Partial<SignalRunnerOptions> = {}): SignalRunnerOptions {
  return {
    account: 'demo',
    sink,
    brief: (symbol) => briefOf(symbol, 0),
    synth: fixedSynth(() => undefined),
    gate,
    strategies: [
      { name: 'breakout', kind: 'breakout', params: {} },
      { name: 'trend-follow', kind: 'trend-follow', params: {} },
    ],
    policy: { tiers: ['0.010'], promoteAfter: 5 },
    timeframes: ['1m'],
    gateEveryMs: 0,
    ...over,
  };
}

/** Start the engine and wait for its streams live and its instrument read: a runner attached after sees both. */
export async function startLive(engine: Engine): Promise<void> {
  await engine.start();
  await until(() => engine.streams.every((s) => s.state === 'live') && engine.instrument !== undefined, 'live streams');
}
