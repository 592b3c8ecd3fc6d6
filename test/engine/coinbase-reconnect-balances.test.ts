// A reconnect of Coinbase's user socket restores the balances once. Two parts could each do it:
// the resync after the reconnect (engine/resync.ts: open orders, balances, fills) and the fetch an
// order report showing more filled starts (engine/fills-catch-up.ts). The resync owns it: the
// reports the socket held while it ran are replayed against the state it left, so none of them
// asks again. Counted where the requests land: the local venue's own tally by path.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { coinbase } from '../../src/venues/coinbase/adapter.js';
import { until as untilHolds } from '../support/until.js';
import { coinbaseEngine, startCoinbaseSim, SYMBOL } from './coinbase-helpers.js';
import { EventLog, until } from './rest-helpers.js';
import { bothLive, SIM_STREAM_OPTIONS, statesOf } from './stream-helpers.js';

const BALANCES = 'GET /api/v3/brokerage/accounts';

let sim: SimHandle;
let engine: Engine | undefined;

beforeAll(async () => {
  sim = await startCoinbaseSim({ limits: { privatePerSecond: 10_000, publicPerSecond: 10_000 } });
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});
afterAll(async () => {
  await sim.close();
});

const balancesAsked = async (): Promise<number> => (await sim.control.stats()).requests[BALANCES] ?? 0;

/**
 * Every request the engine has sent since it was made has reached the venue (none still on its
 * way): `venueFrom` is the venue's count before the engine started, the sim being shared.
 */
async function arrived(e: Engine, venueFrom: number): Promise<void> {
  await untilHolds(async () => e.rest.counters.sent === (await sim.control.stats()).httpRequests - venueFrom, 'the engine’s requests to arrive');
}

/** A Coinbase engine with its sockets, both live; `venueFrom` as `arrived` takes it. */
async function started(): Promise<{ e: Engine; log: EventLog; venueFrom: number }> {
  const log = new EventLog();
  const venueFrom = (await sim.control.stats()).httpRequests;
  const e = coinbaseEngine(sim, log, { ...SIM_STREAM_OPTIONS });
  engine = e;
  await e.start();
  await until(() => bothLive(log), 5_000, 'sockets live');
  return { e, log, venueFrom };
}

describe('Coinbase: balances after a reconnect', () => {
  it('a plain reconnect: the resync asks the balances, once', async () => {
    const { e, log, venueFrom } = await started();
    await arrived(e, venueFrom);
    const before = await balancesAsked();
    const passes = log.of('reconcile').length;
    expect(await sim.control.dropSockets('user')).toBe(1);
    await until(() => statesOf(log, 'user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    await e.rest.run(coinbase.openOrders(SYMBOL));
    await arrived(e, venueFrom);
    expect(log.of('reconcile').slice(passes).map((r) => r.trigger)).toEqual(['reconnect']);
    expect((await balancesAsked()) - before).toBe(1);
  });

  it('an order fills while the resync after a reconnect is on its way: the snapshot the socket held is older, and asks nothing', async () => {
    const { e, log, venueFrom } = await started();
    await sim.control.setPrice(SYMBOL, '50000');
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.01', price: '49990.00', reduceOnly: false, postOnly: false });
    const id = r.ok ? (r.clientOrderId ?? '') : '';
    await until(() => e.account.order(id)?.state === 'new', 5_000, 'order open');
    await arrived(e, venueFrom);
    const before = await balancesAsked();
    const fired = (await sim.control.stats()).faultsFired['hold'] ?? 0;
    // The resync's three reads (open orders, balances, fills) wait at the venue; the socket's
    // snapshot (the order open) is held by the engine meanwhile.
    await sim.control.setFaults({ hold: { scope: 'any', times: 3 } });
    expect(await sim.control.dropSockets('user')).toBe(1);
    await untilHolds(async () => ((await sim.control.stats()).faultsFired['hold'] ?? 0) - fired === 3, 'the resync’s reads held');
    // The order fills before the venue answers them: the resync's picture has it filled.
    await sim.control.setPrice(SYMBOL, '49900');
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    await until(() => statesOf(log, 'user').filter((s) => s === 'live').length === 2, 5_000, 'user live again');
    expect(e.account.order(id)?.state).toBe('filled');
    await e.rest.run(coinbase.openOrders(SYMBOL));
    await arrived(e, venueFrom);
    expect((await balancesAsked()) - before).toBe(1);
  });
});
