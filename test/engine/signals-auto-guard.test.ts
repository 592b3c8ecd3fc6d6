/**
 * Automatic mode never answers the account's guard: an apply whose entry would sweep the book
 * (`sweepConfirmPct`) makes the guard ask, and the runner leaves the proposal open with the
 * question on its row and a warn line — nothing sent, no decision audited — for the trader's `y`.
 * The real engine (market stream on, so the guard has a best ask) against the Binance USD-M local venue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Signal } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { SignalRunner } from '../../src/engine/signals/runner.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';
import { FixedKlines, briefOf, fixedSynth, passing, startLive } from './signals-fixtures.js';

const SYMBOL = 'BTCUSDT';

let sim: SimHandle;
let engine: Engine;
let runner: SignalRunner;
const log = new EventLog();
const audits: AuditEntry[] = [];
let signal: Signal | undefined;

describe('automatic mode and a guard question', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    await sim.control.setPrice(SYMBOL, '50000');
    runner = new SignalRunner({
      account: 'guarded',
      sink: log,
      brief: briefOf,
      synth: fixedSynth(() => signal),
      gate: (spec) => passing(spec.name),
      strategies: [{ name: 'trend-follow', kind: 'trend-follow', params: {} }],
      policy: { tiers: ['0.010', '0.020'], promoteAfter: 5 },
      timeframes: ['1m'],
      gateEveryMs: 0,
      auto: { allowed: true, startsOn: true },
      audit: { audit: (e) => audits.push(e) },
    });
    engine = testEngine(sim, log, { sink: runner, streams: true, guard: { sweepConfirmPct: '1' } });
    await startLive(engine);
    // The guard judges a sweep against the best ask: wait for the book's first quote.
    await sim.control.setPrice(SYMBOL, '50001');
    await until(() => log.of('ticker').length > 0, 'a quote from the market stream');
  });
  afterAll(async () => {
    runner?.stop();
    await engine?.stop();
    await sim?.close();
  });

  it('an entry 3 % through the ask: the question stays on the open proposal, nothing is sent or audited as decided', async () => {
    const klines = new FixedKlines();
    runner.attach(engine, klines);
    signal = { symbol: SYMBOL, side: 'buy', confidence: 0.8, horizon: '1m', entry: '51500.0', stop: '48000.0', target: '60000.0', rationale: 'test', source: 'rules' };
    klines.close(50000);
    const mine = () => log.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await until(() => mine().some((p) => (p.outcome ?? '').startsWith('the guard asks:')), 'the question on the row');
    const p = mine().filter((x) => (x.outcome ?? '').startsWith('the guard asks:')).at(-1)!;
    expect(p.status).toBe('open');
    expect(p.outcome).toMatch(/sweep the book/);
    expect(audits.some((e) => e.kind === 'decision')).toBe(false);
    expect(engine.account.openOrders()).toEqual([]);
    expect(log.of('log').some((e) => e.text.includes(`${p.id} waits for the trader: the guard asks`))).toBe(true);
    // The trader's y with the question answered sends it.
    expect(await runner.accept(p.id, { confirmed: true })).toMatchObject({ ok: true });
    await until(() => audits.some((e) => e.kind === 'decision' && e.proposalId === p.id && e.decision === 'accepted'), 'the accepted decision');
  });
});
