// The Coinbase sockets against the local venue over real loopback, and the key test: the private
// (user) socket drops while orders fill. Coinbase's user channel reports orders only — fills and
// holdings are read by REST (src/engine/fills-catch-up.ts when a report shows more filled) — and
// the orders filled while the socket was down are no longer open, so the reconnect's snapshot names
// none of them: only the resync after the reconnect can bring their fills. After it, the engine's
// fills equal the venue's, each once, and its balances equal the venue's accounts, with no pass
// forced by the test.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { tradeUuid } from '../../src/sim/dialects/coinbase/ids.js';
import type { SimHandle } from '../../src/sim/index.js';
import { coinbase } from '../../src/venues/coinbase/adapter.js';
import { until as untilHolds } from '../support/until.js';
import { coinbaseEngine, startCoinbaseSim, SYMBOL } from './coinbase-helpers.js';
import { EventLog, until } from './rest-helpers.js';
import { bothLive, fillWhileUserStreamDown, SIM_STREAM_OPTIONS, statesOf } from './stream-helpers.js';

let sim: SimHandle;
let engine: Engine | undefined;
let log: EventLog;

beforeAll(async () => {
  sim = await startCoinbaseSim({ limits: { privatePerSecond: 10_000, publicPerSecond: 10_000 } });
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await sim.control.clearFaults();
});
afterAll(async () => {
  await sim.close();
});

async function startEngine(): Promise<Engine> {
  log = new EventLog();
  engine = coinbaseEngine(sim, log, { ...SIM_STREAM_OPTIONS });
  await engine.start();
  await until(() => bothLive(log), 5_000, 'sockets live');
  return engine;
}

describe('Coinbase sockets against the local venue', () => {
  it('THE key test: the private socket drops while orders fill; fills and balances equal the venue’s after reconnect', async () => {
    const e = await startEngine();
    const { ids, venueFills } = await fillWhileUserStreamDown(sim, e, log, { symbol: SYMBOL, qty: '0.01', prices: ['49990.00', '49980.00', '49970.00'] }, 1, SYMBOL);
    await until(() => statesOf(log, 'user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    const wanted = new Set(venueFills.map((f) => tradeUuid(f.tradeId)));
    await until(() => [...wanted].every((t) => log.of('fill').some((f) => f.fill.tradeId === t)), 5_000, 'missed fills recovered');
    const local = log.of('fill').map((f) => f.fill.tradeId).filter((t) => wanted.has(t));
    expect(new Set(local).size).toBe(local.length);
    expect(new Set(local)).toEqual(wanted);
    for (const id of ids) await until(() => e.account.order(id)?.state === 'filled', 5_000, `${id} filled`);
    // Nothing trades after the fills, so the venue's holdings stand still: the engine's must reach them.
    const venue = await e.rest.run(coinbase.balances());
    const same = () =>
      ['USD', 'BTC'].every((asset) => e.account.allBalances().find((b) => b.asset === asset)?.wallet === venue.find((b) => b.asset === asset)?.wallet);
    await untilHolds(same, 'balances equal to the venue’s');
    for (const asset of ['USD', 'BTC']) {
      expect(e.account.allBalances().find((b) => b.asset === asset)?.wallet, asset).toBe(venue.find((b) => b.asset === asset)?.wallet);
    }
  });
});
