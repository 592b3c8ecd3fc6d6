/**
 * A revive and a promote accepted on the runner, on the real engine and the Binance USD-M local
 * venue (docs/signals.md §Gatekeeper): a retired strategy whose gate passes again is proposed a
 * revive, and once it is accepted the strategy is active and its next apply is proposed; a promote
 * accepted raises the strategy's tier, and its next apply is the next tier's size. A tier whose size
 * the account's guard would refuse is never proposed (the gatekeeper judges it at the mid).
 *
 * The bars, the gate and the synthesizer are fixed (switched by the test); the runner, the
 * gatekeeper, the engine and the venue are real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Signal } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { type Lifecycle, SignalRunner, type SignalRunnerOptions } from '../../src/engine/signals/runner.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';
import { FixedKlines, briefOf, failing, fixedSynth, passing, startLive } from './signals-fixtures.js';

const SYMBOL = 'BTCUSDT';

const buy = (strategy: string): Signal => ({
  symbol: SYMBOL,
  side: 'buy',
  confidence: 0.8,
  horizon: '1m',
  entry: '50000.0',
  stop: '45000.0',
  target: '60000.0',
  rationale: 'test',
  source: 'rules',
  strategy,
});

let sim: SimHandle;
let moves = 0;

interface Run {
  engine: Engine;
  runner: SignalRunner;
  log: EventLog;
  klines: FixedKlines;
  audits: AuditEntry[];
  /** Each strategy's gate, switched by the test. */
  passes: Map<string, boolean>;
  signals: Signal[];
  saved: ReadonlyMap<string, Lifecycle>[];
}

async function start(over: Partial<SignalRunnerOptions>, restored: ReadonlyMap<string, Lifecycle> = new Map()): Promise<Run> {
  const log = new EventLog();
  const audits: AuditEntry[] = [];
  const passes = new Map<string, boolean>();
  const signals: Signal[] = [];
  const saved: ReadonlyMap<string, Lifecycle>[] = [];
  const runner = new SignalRunner({
    account: 'demo',
    sink: log,
    brief: briefOf,
    synth: fixedSynth(() => signals),
    gate: (spec) => ((passes.get(spec.name) ?? true) ? passing : failing)(spec.name),
    strategies: [{ name: 'breakout', kind: 'breakout', params: {} }],
    policy: { tiers: ['0.010', '0.020'], promoteAfter: 3 },
    timeframes: ['1m'],
    gateEveryMs: 0,
    audit: { audit: (e) => audits.push(e) },
    lifecycle: { load: () => restored, save: (s) => saved.push(s) },
    ...over,
  });
  const engine = testEngine(sim, log, { sink: runner, streams: true });
  await startLive(engine);
  const klines = new FixedKlines();
  runner.attach(engine, klines);
  // The gatekeeper judges a promote at the mid: a ticker after attach gives the runner one.
  const tickers = log.of('ticker').length;
  await sim.control.setPrice(SYMBOL, `${50000 + (++moves % 2)}`);
  await until(() => log.of('ticker').length > tickers, 'a ticker the runner saw');
  return { engine, runner, log, klines, audits, passes, signals, saved };
}

async function stop(r: Run | undefined): Promise<void> {
  r?.runner.stop();
  await r?.engine.stop();
}

const proposalsOf = (r: Run) => r.log.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
const firstOf = (r: Run, action: string, strategy: string) => proposalsOf(r).find((p) => p.action === action && p.strategy === strategy);

describe('a revive and a promote accepted on the runner', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    await sim.control.setPrice(SYMBOL, '50000');
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('a retired strategy whose gate passes again is revived: active at tier 1, its next apply proposed, the decision audited', async () => {
    let r: Run | undefined;
    try {
      // Retired at tier 2 with fills: the revive starts it over at tier 1.
      r = await start({}, new Map([['breakout', { status: 'active', tier: 2, fills: 1 }]]));
      const run = r;
      run.passes.set('breakout', false);
      run.klines.close(50000);
      await until(() => firstOf(run, 'retire', 'breakout') !== undefined, 'a retire of breakout');
      expect(await run.runner.accept(firstOf(run, 'retire', 'breakout')!.id)).toMatchObject({ ok: true });
      expect(run.runner.strategies.map((s) => `${s.name} ${s.status} ${s.tier}`)).toEqual(['breakout retired 2']);

      // Its gate passes again and a signal is there: a retired strategy is only proposed a revive.
      run.passes.set('breakout', true);
      run.signals.push(buy('breakout'));
      run.klines.close(50000);
      await until(() => firstOf(run, 'revive', 'breakout') !== undefined, 'a revive of breakout');
      const revive = firstOf(run, 'revive', 'breakout')!;
      expect(revive.orders).toEqual([]);
      expect(firstOf(run, 'apply', 'breakout')).toBeUndefined();
      const r1 = await run.runner.accept(revive.id);
      expect(r1, r1.ok ? '' : r1.error).toMatchObject({ ok: true });
      expect(run.runner.strategies.map((s) => `${s.name} ${s.status} ${s.tier} ${s.fills}`)).toEqual(['breakout active 1 0']);
      expect(run.audits).toContainEqual({ kind: 'decision', proposalId: revive.id, decision: 'accepted', clientOrderIds: [] });
      expect(run.saved.at(-1)?.get('breakout')).toEqual({ status: 'active', tier: 1, fills: 0 });

      // The next bar: its apply, at tier 1's size.
      run.klines.close(50000);
      await until(() => firstOf(run, 'apply', 'breakout') !== undefined, 'the apply of the revived breakout');
      expect(firstOf(run, 'apply', 'breakout')!.orders.map((o) => `${o.side} ${o.qty} ${o.type}`)).toEqual(['buy 0.01 limit', 'sell 0.01 stop', 'sell 0.01 take-profit']);
    } finally {
      await stop(r);
    }
  });

  it("an accepted promote raises the tier and the next apply is the next tier's size; a tier over the guard is never proposed", async () => {
    let r: Run | undefined;
    try {
      // 0.02 BTC at 50000 is 1000 USDT, within the 1500 per order; 0.04 (2000) is not.
      r = await start(
        {
          strategies: [
            { name: 'breakout', kind: 'breakout', params: {} },
            { name: 'trend-follow', kind: 'trend-follow', params: {} },
          ],
          policy: { tiers: ['0.010', '0.020', '0.040'], promoteAfter: 3, guard: { maxOrderNotional: '1500' } },
        },
        new Map([
          ['breakout', { status: 'active', tier: 1, fills: 3 }],
          ['trend-follow', { status: 'active', tier: 2, fills: 3 }],
        ]),
      );
      const run = r;
      run.klines.close(50000);
      await until(() => firstOf(run, 'promote', 'breakout') !== undefined, 'a promote of breakout');
      // The same cycle judged trend-follow: its next tier (0.04, 2000 USDT) is over the guard.
      expect(proposalsOf(run).map((p) => `${p.action} ${p.strategy}`)).toEqual(['promote breakout']);
      const promote = firstOf(run, 'promote', 'breakout')!;
      expect(promote.orders).toEqual([]);
      const r1 = await run.runner.accept(promote.id);
      expect(r1, r1.ok ? '' : r1.error).toMatchObject({ ok: true });
      expect(run.runner.strategies.map((s) => `${s.name} ${s.tier} ${s.fills}`)).toEqual(['breakout 2 0', 'trend-follow 2 3']);
      expect(run.audits).toContainEqual({ kind: 'decision', proposalId: promote.id, decision: 'accepted', clientOrderIds: [] });
      expect(run.saved.at(-1)?.get('breakout')).toEqual({ status: 'active', tier: 2, fills: 0 });

      run.signals.push(buy('breakout'));
      run.klines.close(50000);
      await until(() => firstOf(run, 'apply', 'breakout') !== undefined, 'the apply of the promoted breakout');
      expect(firstOf(run, 'apply', 'breakout')!.orders.map((o) => `${o.side} ${o.qty} ${o.type}`)).toEqual(['buy 0.02 limit', 'sell 0.02 stop', 'sell 0.02 take-profit']);
      expect(proposalsOf(run).some((p) => p.action === 'promote' && p.strategy === 'trend-follow')).toBe(false);
    } finally {
      await stop(r);
    }
  });
});
