// The Coinbase Advanced Trade adapter against the local venue's Coinbase dialect over real loopback
// sockets: products, a resting order placed by client_order_id, found by it and by the venue's id,
// listed open, cancelled by the venue's id; a market buy filled and its fill read back since the
// watermark; accounts with holds; no positions; the key's permissions; every request with a JWT
// minted for it (a replayed build is a new token).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cmp } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { coinbase } from '../../src/venues/coinbase/adapter.js';
import { coinbaseEngine, coinbasePriceAt, startCoinbaseSim, SYMBOL } from './coinbase-helpers.js';
import { EventLog, until } from './rest-helpers.js';

let sim: SimHandle;
const engines: Engine[] = [];

beforeAll(async () => {
  sim = await startCoinbaseSim({ limits: { privatePerSecond: 10_000, publicPerSecond: 10_000 } });
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

afterAll(async () => {
  await sim.close();
});

async function started(options = {}): Promise<Engine> {
  const e = coinbaseEngine(sim, new EventLog(), options);
  engines.push(e);
  await e.start();
  return e;
}

describe('Coinbase Advanced Trade against the local venue', () => {
  it('products, a resting order by client_order_id, found, listed, cancelled by the venue id; accounts with holds', async () => {
    const e = await started();
    expect(e.instrument).toMatchObject({ symbol: SYMBOL, base: 'BTC', quote: 'USD', kind: 'spot', tickSize: '0.01', stepSize: '0.00000001', minNotional: '1' });
    const price = await coinbasePriceAt(sim, 0.95);
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.01', price, reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId as string;
    const settled = await e.orders.get(id)?.settled;
    expect(settled).toMatchObject({ state: 'new', clientOrderId: id });
    const venueId = settled?.venueOrderId as string;
    expect(venueId).toMatch(/^[0-9a-f-]{36}$/);
    const byClient = await e.rest.run(coinbase.queryOrder({ symbol: SYMBOL, clientOrderId: id }));
    expect(byClient).toMatchObject({ state: 'new', price, qty: '0.01', symbol: SYMBOL, venueOrderId: venueId, timeInForce: 'gtc' });
    const byVenue = await e.rest.run(coinbase.queryOrder({ symbol: SYMBOL, venueOrderId: venueId }));
    expect(byVenue).toMatchObject({ clientOrderId: id, state: 'new' });
    expect((await e.rest.run(coinbase.openOrders(SYMBOL))).map((o) => o.clientOrderId)).toContain(id);
    const usd = (await e.rest.run(coinbase.balances())).find((b) => b.asset === 'USD');
    expect(usd && cmp(usd.wallet, usd.available)).toBe(1);
    expect(coinbase.positions).toBeUndefined(); // spot: nothing to ask
    // The engine's cancel goes by the venue's id (Coinbase takes no other).
    const c = await e.cancel(id);
    expect(c).toMatchObject({ ok: true });
    expect(e.orders.get(id)?.order.state).toBe('canceled');
    await expect(e.rest.run(coinbase.cancelOrder({ symbol: SYMBOL, venueOrderId: venueId }))).rejects.toMatchObject({ meaning: 'order_not_found' });
    await expect(e.rest.run(coinbase.queryOrder({ symbol: SYMBOL, clientOrderId: 'qdnever' }))).rejects.toMatchObject({ meaning: 'order_not_found' });
    await expect(e.rest.run(coinbase.queryOrder({ symbol: SYMBOL, venueOrderId: '0000c0de-0000-4000-8000-0000ffffffff' }))).rejects.toMatchObject({ meaning: 'order_not_found' });
  });

  it('a market buy fills; its fill comes back since the watermark; BTC grows by it', async () => {
    const e = await started();
    const before = (await e.rest.run(coinbase.balances())).find((b) => b.asset === 'BTC')?.wallet ?? '0';
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty: '0.002', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    await e.orders.get(r.clientOrderId as string)?.settled;
    const page = await e.rest.run(coinbase.fillsPage!({ symbol: SYMBOL, startTime: Date.now() - 60_000 }));
    const mine = page.fills.filter((f) => f.side === 'buy');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ symbol: SYMBOL, feeAsset: 'USD', maker: false });
    const after = (await e.rest.run(coinbase.balances())).find((b) => b.asset === 'BTC')?.wallet ?? '0';
    expect(cmp(after, before)).toBe(1);
  });

  it('a refused order in the venue\'s words: insufficient funds, not placed', async () => {
    const e = await started();
    const price = await coinbasePriceAt(sim, 0.9);
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '1000', price, reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const o = await e.orders.get(r.clientOrderId as string)?.settled;
    expect(o?.state).toBe('rejected');
    expect(o?.reason).toMatch(/INSUFFICIENT_FUND/);
  });

  it('a venue clock 3 s behind the estimate: the 401 resyncs the clock and the order goes with a new token', async () => {
    const e = await started();
    await sim.control.skewClock(-3_000);
    try {
      const price = await coinbasePriceAt(sim, 0.9);
      const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.001', price, reduceOnly: false, postOnly: false });
      if (!r.ok) throw new Error(r.error);
      const o = await e.orders.get(r.clientOrderId as string)?.settled;
      expect(o?.state).toBe('new');
      expect(e.rest.counters.clockRetries).toBeGreaterThan(0);
    } finally {
      await sim.control.skewClock(0);
    }
  });

  it('the key preflight: the demo key may view and trade, not transfer', async () => {
    const e = await started();
    const p = await e.rest.run(coinbase.keyPermissions!.plan({}));
    expect(p).toMatchObject({ canRead: true, canTrade: true, canWithdraw: false });
  });

  it('the streams: ticker quotes; the user channel reports orders, and their fills and holdings (free and locked) follow by REST', async () => {
    const log = new EventLog();
    const e = coinbaseEngine(sim, log, { streams: true });
    engines.push(e);
    await e.start();
    await until(() => log.of('connection').some((c) => c.socket === 'user' && c.state === 'live'), 2_000, 'user socket live');
    await until(() => log.of('ticker').some((t) => t.symbol === SYMBOL), 2_000, 'a quote');
    const r = await e.place({ symbol: SYMBOL, side: 'buy', type: 'market', qty: '0.001', reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId as string;
    await until(() => log.of('order').some((o) => o.order.clientOrderId === id && o.order.state === 'filled'), 2_000, 'filled');
    await until(() => log.of('fill').some((f) => f.fill.clientOrderId === id), 2_000, 'the fill');
    await until(() => log.of('balances').some((b) => b.balances.some((x) => x.asset === 'BTC')), 2_000, 'holdings');
    // A resting order fills nothing, but locks USD: the holdings say so without waiting for a pass.
    const price = await coinbasePriceAt(sim, 0.9);
    const rest = await e.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.001', price, reduceOnly: false, postOnly: false });
    if (!rest.ok) throw new Error(rest.error);
    const locked = () => log.of('balances').some((b) => b.balances.some((x) => x.asset === 'USD' && cmp(x.wallet, x.available) > 0));
    await until(locked, 2_000, 'USD locked by the resting order');
  });
});
