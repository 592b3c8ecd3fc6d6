// The IP's pause across the sessions of one process: a Binance 429 is the IP's (during its
// Retry-After the venue refuses every request from the IP and counts each toward a 418), so one
// account's 429 holds the other Binance account's lanes too; the Bybit session goes on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SharedPools } from '../../src/core/shared-pools.js';
import type { Engine } from '../../src/engine/engine.js';
import { VenueRequestError } from '../../src/engine/rest.js';
import type { SimHandle } from '../../src/sim/index.js';
import { BINANCE_USDM_POOLS } from '../../src/venues/binance/limits.js';
import type { RatePool } from '../../src/venues/venue.js';
import { bybitEngine, startBybitSim } from './bybit-helpers.js';
import { EventLog, simCredentials, startTestSim, testEngine } from './rest-helpers.js';

/** Short weight windows: the storm's Retry-After runs to the end of the venue's window. */
const WINDOW_MS = 2_000;
const POOLS: RatePool[] = BINANCE_USDM_POOLS.map((p) => (p.id === 'weight-1m' ? { ...p, windowMs: WINDOW_MS } : p));

let binance: SimHandle;
let bybit: SimHandle;
let engines: Engine[] = [];

beforeEach(async () => {
  binance = await startTestSim({
    accounts: [{ name: 'alpha' }, { name: 'beta' }],
    limits: { weightWindowMs: WINDOW_MS, violationsBeforeBan: 2 },
  });
  bybit = await startBybitSim();
  const shared = new SharedPools();
  engines = [
    testEngine(binance, new EventLog(), { credentials: simCredentials(binance, 0), pools: POOLS, sharedPools: shared }),
    testEngine(binance, new EventLog(), { credentials: simCredentials(binance, 1), pools: POOLS, sharedPools: shared }),
    bybitEngine(bybit, new EventLog(), { sharedPools: shared }),
  ];
  await Promise.all(engines.map((e) => e.start()));
});

afterEach(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  await Promise.all([binance.close(), bybit.close()]);
});

describe("the IP's pause holds every session sharing the IP", () => {
  it("one Binance account's 429 holds the other's lanes until its Retry-After ends, critical first; nothing is sent meanwhile; the Bybit session goes on", async () => {
    const [alpha, beta, gamma] = engines as [Engine, Engine, Engine];
    await binance.control.setFaults({ rateLimitStorm: { times: 1, scope: 'GET /fapi/v3/balance' } });
    const refused = await alpha.rest.run(alpha.adapter.balances()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VenueRequestError);
    expect((refused as VenueRequestError).meaning).toBe('rate_limited');
    // Beta heard nothing from the venue, and holds.
    expect(beta.lanes.snapshot().state).toBe('limited');
    expect(beta.lanes.snapshot().until).toBe(alpha.lanes.snapshot().until);
    const order: string[] = [];
    const poll = beta.rest.run(beta.adapter.positions!()).then(() => order.push('background'));
    const query = beta.rest
      .run(beta.adapter.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'never-sent' }))
      .catch(() => undefined)
      .then(() => order.push('critical'));
    // (A request enters its lane as it is made: the pause, a second at least, has not ended yet.)
    expect(beta.lanes.waiting()).toEqual({ critical: 1, background: 1 });
    // Another venue's session is not held.
    const waited = gamma.lanes.counters.waited.background;
    await gamma.rest.run(gamma.adapter.positions!());
    expect(gamma.lanes.counters.waited.background).toBe(waited);
    expect(gamma.lanes.snapshot().state).toBe('normal');
    // When the pause ends beta's requests go, critical first; the venue refused only alpha's one.
    await Promise.all([poll, query]);
    expect(order).toEqual(['critical', 'background']);
    const stats = await binance.control.stats();
    expect(stats.status429).toBe(1);
    expect(stats.status418).toBe(0);
  });
});
