// An independent client written for the real venue — ccxt's okx — trades against the sim's OKX
// dialect with only its base URL swapped to loopback. Every request it makes stays on 127.0.0.1.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { pointAtSim, refusal, withStaleClock } from './ccxt-helpers.js';

let sim: SimHandle;
let ex: InstanceType<typeof ccxt.okx>;
const requested: string[] = [];

beforeAll(async () => {
  sim = await startSim({ dialect: 'okx', seed: 'ccxt-okx', tickMs: 50 });
  const key = sim.accounts[0]!.hmac!;
  ex = new ccxt.okx({
    apiKey: key.apiKey,
    secret: revealSecret(key.secret!),
    password: revealSecret(key.passphrase!),
    enableRateLimit: false,
    options: { defaultType: 'swap', fetchMarkets: { types: ['swap'] } },
  });
  pointAtSim(ex, sim, (url, method) => requested.push(`${method} ${url.pathname}`));
});
afterAll(() => sim.close());

describe('ccxt okx against the sim', () => {
  it('loads markets', async () => {
    const markets = await ex.loadMarkets();
    expect(markets['BTC/USDT:USDT']).toBeDefined();
    expect(markets['BTC/USDT:USDT']!.id).toBe('BTC-USDT-SWAP');
  });

  it('reads the balance', async () => {
    const balance = await ex.fetchBalance();
    expect(balance.USDT?.total).toBe(100000);
  });

  it('creates, fetches and cancels a resting limit order', async () => {
    const ticker = await ex.fetchTicker('BTC/USDT:USDT');
    const price = Math.floor(ticker.bid! * 0.98);
    const order = await ex.createOrder('BTC/USDT:USDT', 'limit', 'buy', 1, price, { clientOrderId: 'ccxtokx1' });
    const id = String(order.id);
    expect(id).toMatch(/^\d+$/);
    const fetched = await ex.fetchOrder(id, 'BTC/USDT:USDT');
    expect(fetched.status).toBe('open');
    expect(fetched.clientOrderId).toBe('ccxtokx1');
    expect(fetched.price).toBe(price);
    await ex.cancelOrder(id, 'BTC/USDT:USDT');
    expect((await ex.fetchOrder(id, 'BTC/USDT:USDT')).status).toBe('canceled');
    const ledger = await sim.control.acceptedOrders();
    expect(ledger.filter((o) => o.clientOrderId === 'ccxtokx1')).toHaveLength(1);
  });

  it('fills a market order and sees the position', async () => {
    const order = await ex.createOrder('ETH/USDT:USDT', 'market', 'buy', 2);
    expect(order.id).toBeDefined();
    const positions = await ex.fetchPositions(['ETH/USDT:USDT']);
    expect(positions).toHaveLength(1);
    expect(positions[0]!.side).toBe('long');
    expect(positions[0]!.contracts).toBe(2);
    expect(positions[0]!.entryPrice).toBeGreaterThan(0);
  });

  it('a bad signature is the venue\'s 50113', async () => {
    const wrong = new ccxt.okx({ apiKey: ex.apiKey, secret: 'not-the-secret', password: ex.password, enableRateLimit: false });
    (wrong.urls as { api: Record<string, string> }).api = { rest: sim.restUrl };
    wrong.markets = ex.markets;
    wrong.marketsById = ex.marketsById;
    expect(await refusal(wrong.fetchBalance(), ccxt.AuthenticationError)).toContain('"code":"50113"');
  });

  it('a stale timestamp is the venue\'s 50102', async () => {
    // ccxt's okx error table files 50102 under InvalidNonce (its class for stale timestamps).
    const message = await withStaleClock(sim, 60_000, () => refusal(ex.fetchBalance(), ccxt.InvalidNonce));
    expect(message).toContain('"code":"50102"');
  });

  it('stayed on loopback and placed through the endpoints ccxt uses', () => {
    expect(requested).toContain('POST /api/v5/trade/batch-orders');
  });
});
