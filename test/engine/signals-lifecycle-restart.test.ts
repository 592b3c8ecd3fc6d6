/**
 * A strategy's lifecycle outlives a restart (docs/signals.md §Runner "Across a restart"): on the
 * Binance USD-M local venue, the gate passes nowhere, the retire of one strategy is accepted; the
 * engine and the runner stop and start again on the same state folder, and the strategy is still
 * retired (the other still active), before any bar; the stack the entry builds reads the same file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesModel } from '../../src/core/signals/rules-model.js';
import { createSignalStack } from '../../src/cli/signals-stack.js';
import { lifecycleFile, lifecyclePath } from '../../src/cli/strategy-lifecycle-file.js';
import type { Engine } from '../../src/engine/engine.js';
import { SignalRunner } from '../../src/engine/signals/runner.js';
import { compositeSynthesizer } from '../../src/engine/signals/synthesizer.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';
import { FixedKlines, briefOf, failing, fixedSynth, quietOptions } from './signals-fixtures.js';

const SYMBOL = 'BTCUSDT';
const KEY = { account: 'demo', venue: 'binance-usdm', env: 'sim' };

const stateDir = mkdtempSync(join(tmpdir(), 'qd-lifecycle-'));
let sim: SimHandle;

function start(log: EventLog): { engine: Engine; runner: SignalRunner } {
  const runner = new SignalRunner(quietOptions(log, (spec) => failing(spec.name), { account: KEY.account, lifecycle: lifecycleFile(stateDir, KEY) }));
  return { engine: testEngine(sim, log, { sink: runner, streams: true }), runner };
}

describe("a strategy's lifecycle across a restart", () => {
  beforeAll(async () => {
    sim = await startTestSim();
    await sim.control.setPrice(SYMBOL, '50000');
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('a retired strategy is still retired after the engine restarts on the same state folder', async () => {
    const log = new EventLog();
    const first = start(log);
    await first.engine.start();
    await until(() => first.engine.streams.every((s) => s.state === 'live') && first.engine.instrument !== undefined, 'live streams');
    const klines = new FixedKlines();
    first.runner.attach(first.engine, klines);
    klines.close(50000);
    const proposals = () => log.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await until(() => proposals().some((p) => p.action === 'retire' && p.strategy === 'breakout'), 'a retire of breakout');
    const retire = proposals().find((p) => p.action === 'retire' && p.strategy === 'breakout')!;
    expect(await first.runner.accept(retire.id)).toMatchObject({ ok: true });
    expect(first.runner.strategies.map((s) => `${s.name} ${s.status}`)).toEqual(['breakout retired', 'trend-follow active']);
    first.runner.stop();
    await first.engine.stop();
    expect(JSON.parse(readFileSync(lifecyclePath(stateDir, KEY), 'utf8'))).toMatchObject({ v: 1, ...KEY, strategies: { breakout: { status: 'retired', tier: 1, fills: 0 } } });

    // The restart: a new engine and runner on the same state folder.
    const log2 = new EventLog();
    const second = start(log2);
    expect(second.runner.strategies.map((s) => `${s.name} ${s.status}`)).toEqual(['breakout retired', 'trend-follow active']);
    await second.engine.start();
    await until(() => second.engine.streams.every((s) => s.state === 'live') && second.engine.instrument !== undefined, 'live streams again');
    const klines2 = new FixedKlines();
    second.runner.attach(second.engine, klines2);
    klines2.close(50000);
    const again = () => log2.of('signals').flatMap((e) => (e.part === 'proposal' ? [e.proposal] : []));
    await until(() => again().some((p) => p.action === 'retire'), 'the next retire');
    // Only the active one is proposed for retirement; the retired one is not asked again.
    expect(again().map((p) => `${p.action} ${p.strategy}`)).toEqual(['retire trend-follow']);
    second.runner.stop();
    await second.engine.stop();

    // The entry's stack reads the same file (the state folder it is given).
    const stack = createSignalStack({ ...KEY, env: 'sim', sink: new EventLog(), synth: compositeSynthesizer(rulesModel()), takerFee: 0.0005, stateDir });
    expect(stack.runner.strategies.find((s) => s.name === 'breakout')?.status).toBe('retired');
    stack.stop();
  });

  it('an unreadable file is said in the log and every strategy starts active', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qd-lifecycle-bad-'));
    const file = lifecycleFile(dir, KEY);
    file.save(new Map([['breakout', { status: 'retired', tier: 2, fills: 1 }]]));
    expect([...file.load()]).toEqual([['breakout', { status: 'retired', tier: 2, fills: 1 }]]);
    const path = lifecyclePath(dir, KEY);
    writeFileSync(path, '{"v":1,"strat');
    const log = new EventLog();
    const runner = new SignalRunner({
      account: KEY.account,
      sink: log,
      brief: () => briefOf(SYMBOL, 0),
      synth: fixedSynth(() => undefined),
      gate: (spec) => failing(spec.name),
      strategies: [{ name: 'breakout', kind: 'breakout', params: {} }],
      policy: { tiers: ['0.010'], promoteAfter: 5 },
      lifecycle: file,
    });
    expect(runner.strategies.map((s) => s.status)).toEqual(['active']);
    expect(log.of('log').map((e) => e.text).join('\n')).toMatch(/lifecycle was not restored/);
  });
});
