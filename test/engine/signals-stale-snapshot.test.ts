/**
 * A position snapshot read before an entry's fill, answered after it (docs/signals.md §Runner):
 * the runner must not take it for the position going flat and end what the strategy holds. The
 * real engine on the Binance USD-M local venue; the venue reads the positions and holds its reply
 * (`holdAfter` on the positions path) while the strategy's entry fills with its socket dropped (the
 * fill comes in the order's reply, the position push is lost), then lets it go: the engine's
 * mirror takes the flat snapshot (nothing newer to keep), the runner must not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signals/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { SignalRunner } from '../../src/engine/signals/runner.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { EventLog, positionQtyOf, startTestSim, testEngine } from './rest-helpers.js';
import { FixedKlines, briefOf, fixedSynth, passing, startLive } from './signals-fixtures.js';

const SYMBOL = 'BTCUSDT';
const POSITIONS = 'GET /fapi/v3/positionRisk';

let sim: SimHandle;
let engine: Engine;
let runner: SignalRunner;
const log = new EventLog();
const klines = new FixedKlines();
const signal: Signal = { symbol: SYMBOL, side: 'buy', confidence: 0.8, horizon: '1m', entry: '50500.0', stop: '45000.0', target: '60000.0', rationale: 'test', source: 'rules' };

describe('a stale position snapshot and what a strategy holds', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    await sim.control.setPrice(SYMBOL, '50000');
    runner = new SignalRunner({
      account: 'demo',
      sink: log,
      brief: briefOf,
      synth: fixedSynth(() => signal),
      gate: (spec) => passing(spec.name),
      strategies: [{ name: 'breakout', kind: 'breakout', params: {} }],
      policy: { tiers: ['0.010'], promoteAfter: 5 },
      timeframes: ['1m'],
      gateEveryMs: 0,
    });
    engine = testEngine(sim, log, { sink: runner, streams: true });
    await startLive(engine);
    runner.attach(engine, klines);
  });
  afterAll(async () => {
    runner?.stop();
    await engine?.stop();
    await sim?.close();
  });

  it('a snapshot asked before the fill and answered after it leaves the strategy holding its fill', async () => {
    klines.close(50000);
    const proposals = () => log.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await until(() => proposals().some((p) => p.action === 'apply'), 'an apply proposal');
    const p = proposals().find((x) => x.action === 'apply')!;
    // The venue reads the positions (flat) and holds its answer.
    await sim.control.setFaults({ holdAfter: { times: 1, scope: POSITIONS } });
    const pass = engine.resyncer.pass('periodic');
    await until(async () => ((await sim.control.stats()).faultsFired['holdAfter'] ?? 0) === 1, 'the positions read, its reply held');
    // The socket drops as the entry is sent: the fill reaches the runner in the order's reply, the
    // venue's position push is lost with the socket.
    await sim.control.patchFaults({ now: { dropSockets: true } });
    const r = await runner.accept(p.id);
    expect(r, r.ok ? '' : r.error).toMatchObject({ ok: true });
    await until(() => Number(runner.strategies[0]?.holds ?? 0) === 0.01, 'the strategy holds its fill');
    await until(async () => Number(await positionQtyOf(engine, SYMBOL)) === 0.01, 'the long at the venue');
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    await pass;
    expect(Number(runner.strategies[0]?.holds)).toBe(0.01);
    // A snapshot asked after the fill holds the long; the strategy still holds its fill.
    await engine.resyncer.pass('periodic');
    expect(engine.account.allPositions().find((x) => x.symbol === SYMBOL)?.qty).toBe('0.010');
    expect(Number(runner.strategies[0]?.holds)).toBe(0.01);
    // Flat for real: what it held ends.
    await engine.flatten();
    await until(() => Number(runner.strategies[0]?.holds ?? 0) === 0, 'the strategy holds nothing once flat');
  });
});
