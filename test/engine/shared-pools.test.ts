// Three engines in one process, as a desk runs them: two accounts on one Binance local venue and
// one on a Bybit local venue, all handed the process's one SharedPools. The Binance sessions spend
// one count of the IP's request weight (the venue counts it per IP, the local venue too), each
// keeps its own order pools, and the critical reserve holds on the shared count.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SharedPools } from '../../src/core/shared-pools.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { BINANCE_USDM_POOLS } from '../../src/venues/binance/limits.js';
import type { RatePool } from '../../src/venues/venue.js';
import { bybitEngine, startBybitSim } from './bybit-helpers.js';
import { EventLog, simCredentials, startTestSim, testEngine, ticketFor, until } from './rest-helpers.js';

const WEIGHT = 'weight-1m';
/** One weight window for the whole test, so nothing rolls over while it runs (the sim's too). */
const WINDOW_MS = 3_600_000;
const LIMIT = 1000; // reserve 200: background stops at 800
const POOLS: RatePool[] = BINANCE_USDM_POOLS.map((p) => (p.id === WEIGHT ? { ...p, limit: LIMIT, windowMs: WINDOW_MS } : p));

let binance: SimHandle;
let bybit: SimHandle;
let engines: Engine[] = [];
let logs: EventLog[] = [];

beforeEach(async () => {
  binance = await startTestSim({
    accounts: [{ name: 'alpha' }, { name: 'beta' }],
    limits: { requestWeightPerWindow: LIMIT, weightWindowMs: WINDOW_MS },
  });
  bybit = await startBybitSim();
  const shared = new SharedPools();
  logs = [new EventLog(), new EventLog(), new EventLog()];
  engines = [
    testEngine(binance, logs[0]!, { credentials: simCredentials(binance, 0), pools: POOLS, sharedPools: shared, accountLabel: 'alpha' }),
    testEngine(binance, logs[1]!, { credentials: simCredentials(binance, 1), pools: POOLS, sharedPools: shared, accountLabel: 'beta' }),
    bybitEngine(bybit, logs[2]!, { sharedPools: shared, accountLabel: 'gamma' }),
  ];
  await Promise.all(engines.map((e) => e.start()));
});

afterEach(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  await Promise.all([binance.close(), bybit.close()]);
});

const poolOf = (e: Engine, id: string) => e.lanes.snapshot().pools.find((p) => p.id === id)!;

/** What the local venue counts for the IP (the reading itself weighs 1, left out). */
async function venueWeight(sim: SimHandle): Promise<number> {
  const r = await fetch(`${sim.restUrl}/fapi/v1/time`);
  await r.text();
  return Number(r.headers.get('x-mbx-used-weight-1m')) - 1;
}

/**
 * Polls on `e`'s background lane, one at a time, until one waits: the last ones weigh 1, so the
 * lane stops with the count at its share exactly (many polls at once only meet the clock's window
 * on two loaded cores). The one left waiting is refused at stop.
 */
async function saturate(e: Engine): Promise<void> {
  while (e.lanes.waiting().background === 0) {
    const room = LIMIT - 200 - poolOf(e, WEIGHT).used;
    let answered = false;
    e.rest
      .run(room >= 80 ? e.adapter.openOrders() : e.adapter.openOrders('BTCUSDT'))
      .catch(() => undefined)
      .finally(() => {
        answered = true;
      });
    await until(() => answered || e.lanes.waiting().background > 0, 5_000, 'a poll to be answered or wait');
  }
}

describe('per-IP pools shared by the sessions of one process', () => {
  it("every Binance account debits the IP's one weight count, as the venue counts it; the Bybit session's requests do not", async () => {
    const [alpha, beta, gamma] = engines as [Engine, Engine, Engine];
    expect(poolOf(alpha, WEIGHT).shared).toBe(2);
    expect(poolOf(gamma, 'ip-5s').shared).toBe(1);
    expect(poolOf(alpha, 'orders-10s').shared).toBeUndefined();
    // Beta's reads are in alpha's count at once: alpha sends nothing and hears no header.
    const before = poolOf(alpha, WEIGHT).used;
    const alphaSent = alpha.lanes.counters.granted.background + alpha.lanes.counters.granted.critical;
    await beta.rest.run(beta.adapter.openOrders()); // 40
    await beta.rest.run(beta.adapter.positions!()); // 5
    expect(alpha.lanes.counters.granted.background + alpha.lanes.counters.granted.critical).toBe(alphaSent);
    expect(poolOf(alpha, WEIGHT).used).toBe(before + 45);
    // Bybit's requests spend Bybit's IP pool, never Binance's.
    const gammaIp = poolOf(gamma, 'ip-5s').used;
    await gamma.rest.run(gamma.adapter.positions!());
    await gamma.rest.run(gamma.adapter.openOrders());
    expect(poolOf(gamma, 'ip-5s').used).toBeGreaterThan(gammaIp);
    expect(poolOf(alpha, WEIGHT).used).toBe(before + 45);
    // The shared count is the whole IP's, as the venue keeps it: both accounts' start-up and reads.
    expect(poolOf(beta, WEIGHT).used).toBe(poolOf(alpha, WEIGHT).used);
    expect(poolOf(alpha, WEIGHT).used).toBe(await venueWeight(binance));
    // Each account's orders stay its own.
    const buy = ticketFor('BTCUSDT', '0.001');
    const placed = await alpha.place(buy({}));
    expect(placed.ok).toBe(true);
    await until(() => poolOf(alpha, 'orders-10s').used === 1, 5_000, "alpha's order counted");
    expect(poolOf(beta, 'orders-10s').used).toBe(0);
    // The rate pane hears how many share the pool.
    await until(() => logs[1]!.of('budget').some((e) => e.pools.some((p) => p.name === WEIGHT && p.shared === 2)), 5_000, 'a budget event marking the shared pool');
  });

  it("one account's polling fills the IP's background share: every account's polling waits, and the other account's orders and queries still go", async () => {
    const [alpha, beta, gamma] = engines as [Engine, Engine, Engine];
    // Alpha polls (open orders of every symbol, 40 each, then of its symbol, 1 each) until its
    // background lane waits: the IP's count then stands exactly at the background share (800).
    await saturate(alpha);
    expect(poolOf(beta, WEIGHT).used).toBe(LIMIT - 200);
    // Beta's polling (the same read) waits on the IP's count, not on anything beta spent.
    const betaGranted = beta.lanes.counters.granted.background;
    const betaPoll = beta.rest.run(beta.adapter.openOrders());
    betaPoll.catch(() => undefined);
    await until(() => beta.lanes.waiting().background === 1 || beta.lanes.counters.granted.background > betaGranted, 10_000, "beta's poll to be decided");
    expect(beta.lanes.counters.granted.background).toBe(betaGranted);
    // Beta's critical lane moves on the reserve, never waiting: an order, and a status query (weight 1).
    const buy = ticketFor('BTCUSDT', '0.001');
    const placed = await beta.place(buy({}));
    expect(placed.ok, placed.ok ? '' : placed.error).toBe(true);
    const critical = beta.lanes.counters.granted.critical;
    const query = beta.rest.run(beta.adapter.queryOrder({ symbol: 'BTCUSDT', clientOrderId: 'never-sent' }));
    query.catch(() => undefined);
    await until(() => beta.lanes.counters.granted.critical > critical || beta.lanes.counters.waited.critical > 0, 10_000, "beta's query to be decided");
    expect(beta.lanes.counters.waited.critical).toBe(0);
    await expect(query).rejects.toThrow(/-2013/); // answered by the venue: never sent, as asked
    // The other venue's session is untouched; the Binance IP was never refused.
    await gamma.rest.run(gamma.adapter.positions!());
    expect(alpha.lanes.waiting().background).toBeGreaterThan(0);
    expect(beta.lanes.waiting().background).toBe(1);
    const stats = await binance.control.stats();
    expect(stats.status429).toBe(0);
    expect(stats.status418).toBe(0);
  });
});
