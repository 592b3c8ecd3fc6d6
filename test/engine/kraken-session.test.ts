// The Kraken spot adapter against the local venue's Kraken dialect over real loopback sockets (REST;
// the dialect serves no sockets yet): instruments, a resting order placed, found and cancelled by its
// cl_ord_id, a market order filled and its fill read back from TradesHistory, balances with holds,
// no positions; and the key's nonces across engine starts: a second start on the same nonce file is
// never refused, while a start that lost its file meets EAPI:Invalid nonce, recovers once, and stops.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cmp } from '../../src/core/decimal.js';
import type { Engine, EngineOptions } from '../../src/engine/engine.js';
import { findOrder } from '../../src/engine/query-order.js';
import { VenueRequestError } from '../../src/engine/rest.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import { krakenPlan } from '../../src/venues/kraken/requests.js';
import { krakenEngine, krakenPriceAt, nonceDir, startKrakenSim, SYMBOL } from './kraken-helpers.js';
import { EventLog } from './rest-helpers.js';

let sim: SimHandle;
const engines: Engine[] = [];
const dir = nonceDir();
// One file for the sim's one key, as the CLI keeps one per key: every engine here shares it.
const KEY_FILE = join(dir, 'key.json');

beforeAll(async () => {
  sim = await startKrakenSim();
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

afterAll(async () => {
  await sim.close();
});

async function started(file: string): Promise<Engine> {
  const e = krakenEngine(sim, new EventLog(), file);
  engines.push(e);
  await e.start();
  return e;
}

/**
 * The key's highest nonce as the venue holds it (GetApiKeyInfo), asked through the engine with its
 * own nonces: a client with nonces of its own (µs) would lift the key above every ms nonce.
 */
async function venueNonce(e: Engine): Promise<bigint> {
  const plan = krakenPlan({
    name: 'apiKeyInfo',
    path: '/0/private/GetApiKeyInfo',
    lane: 'background',
    costs: {},
    mutating: false,
    parse: (body) => BigInt((body as { result: { nonce: string } }).result.nonce),
  });
  return e.rest.run(plan);
}

describe('Kraken spot against the local venue', () => {
  it('instruments, a resting order by cl_ord_id, cancel, balances with holds, no positions', async () => {
    const e = await started(KEY_FILE);
    expect(e.instrument).toMatchObject({ symbol: SYMBOL, base: 'BTC', quote: 'USD', kind: 'spot', tickSize: '0.1' });
    const price = await krakenPriceAt(sim, 0.95);
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.01', price, reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId as string;
    expect(id).toMatch(/^q[A-Za-z0-9]{14,17}$/);
    const settled = await e.orders.get(id)?.settled;
    expect(settled).toMatchObject({ state: 'new', clientOrderId: id });
    const found = await e.rest.run(kraken.queryOrder({ symbol: SYMBOL, clientOrderId: id }));
    expect(found).toMatchObject({ state: 'new', price, qty: '0.01000000', symbol: SYMBOL });
    expect((await e.rest.run(kraken.openOrders(SYMBOL))).map((o) => o.clientOrderId)).toContain(id);
    const usd = (await e.rest.run(kraken.balances())).find((b) => b.asset === 'USD');
    expect(usd && cmp(usd.wallet, usd.available)).toBe(1);
    expect(kraken.positions).toBeUndefined(); // spot: nothing to ask
    const cancelled = await e.rest.run(kraken.cancelOrder({ symbol: SYMBOL, clientOrderId: id }));
    expect(cancelled.state).toBe('pending_cancel');
    // Closed now: not among the open orders, found among the closed ones by the same client id.
    await expect(e.rest.run(kraken.queryOrder({ symbol: SYMBOL, clientOrderId: id }))).rejects.toMatchObject({ meaning: 'order_not_found' });
    const closed = kraken.queryOrderElsewhere?.({ symbol: SYMBOL, clientOrderId: id });
    expect(closed && (await e.rest.run(closed))).toMatchObject({ state: 'canceled' });
  });

  it('a market buy fills, and its fill comes back from TradesHistory since the watermark', async () => {
    const e = await started(KEY_FILE);
    const before = await sim.control.serverTime();
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    await e.orders.get(r.clientOrderId as string)?.settled;
    // A filled order is not among the open ones: found where it is, among the closed.
    const order = await findOrder(kraken, e.rest.run, { symbol: SYMBOL, clientOrderId: r.clientOrderId as string });
    expect(order).toMatchObject({ state: 'filled', filledQty: '0.00200000' });
    const page = await e.rest.run(kraken.fillsPage!({ symbol: SYMBOL, startTime: before }));
    const mine = page.fills.filter((f) => f.venueOrderId === order.venueOrderId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((f) => f.symbol === SYMBOL && f.side === 'buy' && f.feeAsset === 'USD')).toBe(true);
  });

  it('two starts in a row on one nonce file: the second is never refused a nonce; a start that lost its file is refused once, retries once, and says why', async () => {
    const file = KEY_FILE;
    const first = await started(file);
    await first.rest.run(kraken.balances());
    const afterFirst = await venueNonce(first);
    await first.stop();
    engines.splice(0);
    const second = await started(file);
    await second.rest.run(kraken.balances());
    expect(second.rest.counters.clockRetries).toBe(0);
    expect(await venueNonce(second)).toBeGreaterThan(afterFirst);
    // A start without the file begins at the clock, below what the key already sent.
    const lost = krakenEngine(sim, new EventLog(), join(dir, 'lost.json'));
    engines.push(lost);
    await lost.timeSync.start();
    const refused = await lost.rest.run(kraken.balances()).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(VenueRequestError);
    expect(refused).toMatchObject({ code: 'EAPI:Invalid nonce', failure: 'clock' });
    expect(String((refused as Error).message)).toMatch(/nonce-behind/);
    // One rebuilt retry, never a storm.
    expect(lost.rest.counters.clockRetries).toBe(1);
  });
});

describe("Kraken's verification tiers", () => {
  it("an account's rateTier sets the API and trading counters' max and decay; a tier the venue has not is refused by name", () => {
    // Without the tests' widened pools: the adapter's own, by tier.
    const loose: Partial<EngineOptions> = { pools: undefined };
    const pro = krakenEngine(sim, new EventLog(), KEY_FILE, { ...loose, rateTier: 'pro' });
    const starter = krakenEngine(sim, new EventLog(), KEY_FILE, { ...loose, rateTier: 'starter' });
    engines.push(pro, starter);
    const limits = (e: Engine) => Object.fromEntries(e.lanes.snapshot().pools.map((p) => [p.id, [p.limit, p.windowMs]]));
    // Pro: 20 API calls draining at 1/s, 180 trading points at 3.75/s; Starter 15 at 0.33/s, 60 at 1/s.
    // The public OHLC call's 1 a second per IP is no tier's: the same on both.
    expect(limits(pro)).toEqual({ 'api-counter': [20, 20_000], 'trading-counter': [180, 48_000], 'public-ohlc': [1, 1000] });
    expect(limits(starter)).toEqual({ 'api-counter': [15, 45_455], 'trading-counter': [60, 60_000], 'public-ohlc': [1, 1000] });
    expect(() => krakenEngine(sim, new EventLog(), KEY_FILE, { ...loose, rateTier: 'gold' })).toThrow(/no rate tier "gold" \(tiers: starter, intermediate, pro\)/);
  });
});

describe('Kraken key preflight', () => {
  it('GetApiKeyInfo signed and sent like any private call: the local venue key may trade and not withdraw', async () => {
    const e = await started(KEY_FILE);
    const spec = kraken.keyPermissions;
    const permissions = spec && (await e.rest.run(spec.plan({})));
    expect(permissions).toMatchObject({ venue: 'kraken', canRead: true, canTrade: true, canWithdraw: false });
  });
});

describe('Kraken nonces under concurrency', () => {
  it('twenty signed reads at once arrive in nonce order: none refused, none retried', async () => {
    const e = await started(KEY_FILE);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => e.rest.run(kraken.openOrders())));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(e.rest.counters.clockRetries).toBe(0);
  });
});
