// An independent client written for the real venue — ccxt's binanceusdm — trades against the sim with
// only its base URLs swapped to loopback. Every request it makes is checked to stay on 127.0.0.1.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { pointAtSim, refusal, withStaleClock } from './ccxt-helpers.js';

let sim: SimHandle;
let ex: InstanceType<typeof ccxt.binanceusdm>;
const requested: string[] = [];

beforeAll(async () => {
  sim = await startSim({ seed: 'ccxt', tickMs: 50 });
  const key = sim.accounts[0]!.hmac!;
  ex = new ccxt.binanceusdm({
    apiKey: key.apiKey,
    secret: revealSecret(key.secret!),
    enableRateLimit: false,
  });
  // Every API base URL (fapi, sapi, dapi, eapi, papi...) is pointed at the sim, keeping its path.
  pointAtSim(ex, sim, (url, method) => requested.push(`${method} ${url.pathname}`));
});
afterAll(() => sim.close());

describe('ccxt binanceusdm against the sim', () => {
  it('loads markets (including the wallet endpoints it calls unasked)', async () => {
    const markets = await ex.loadMarkets();
    expect(markets['BTC/USDT:USDT']).toBeDefined();
    expect(markets['BTC/USDT:USDT']!.precision.price).toBe(0.1);
    expect(markets['BTC/USDT:USDT']!.limits.cost?.min).toBe(100);
    expect(requested).toContain('GET /fapi/v1/exchangeInfo');
    expect(requested).toContain('GET /sapi/v1/capital/config/getall');
    expect(requested).toContain('GET /sapi/v1/margin/allPairs');
  });

  it('reads the balance', async () => {
    const balance = await ex.fetchBalance();
    expect(balance.USDT?.total).toBe(100000);
    expect(balance.USDT?.free).toBe(100000);
  });

  it('creates, fetches and cancels a limit order', async () => {
    const order = await ex.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.002, 63000, {
      newClientOrderId: 'ccxt-1',
    });
    const id = String(order.id);
    expect(id).toMatch(/^\d+$/);
    expect(order.status).toBe('open');
    const fetched = await ex.fetchOrder(id, 'BTC/USDT:USDT');
    expect(fetched.clientOrderId).toBe('ccxt-1');
    expect(fetched.price).toBe(63000);
    const canceled = await ex.cancelOrder(id, 'BTC/USDT:USDT');
    expect(canceled.status).toBe('canceled');
    const ledger = await sim.control.acceptedOrders();
    expect(ledger.filter((o) => o.clientOrderId === 'ccxt-1')).toHaveLength(1);
  });

  it('opens a position with a market order and reads it back', async () => {
    const order = await ex.createOrder('ETH/USDT:USDT', 'market', 'buy', 0.5);
    expect(order.id).toBeDefined();
    const positions = await ex.fetchPositions(['ETH/USDT:USDT']);
    expect(positions).toHaveLength(1);
    expect(positions[0]!.contracts).toBe(0.5);
    expect(positions[0]!.side).toBe('long');
    expect(positions[0]!.entryPrice).toBeGreaterThan(0);
  });

  it('a bad signature is the venue\'s -1022', async () => {
    const wrong = new ccxt.binanceusdm({ apiKey: ex.apiKey, secret: 'not-the-secret', enableRateLimit: false });
    wrong.urls = ex.urls;
    wrong.markets = ex.markets;
    wrong.marketsById = ex.marketsById;
    expect(await refusal(wrong.fetchBalance(), ccxt.AuthenticationError)).toContain('"code":-1022');
  });

  it('a stale timestamp is the venue\'s -1021', async () => {
    const message = await withStaleClock(sim, 60_000, () => refusal(ex.fetchBalance(), ccxt.InvalidNonce));
    expect(message).toContain('"code":-1021');
  });

  it('stayed on loopback and used the endpoints a real client uses', () => {
    for (const p of [
      'GET /fapi/v3/account',
      'POST /fapi/v1/order',
      'GET /fapi/v1/order',
      'DELETE /fapi/v1/order',
    ]) {
      expect(requested).toContain(p);
    }
  });
});
