// An independent client written for the real venue — ccxt's bybit — trades against the sim's Bybit
// dialect with only its base URLs swapped to loopback. Every request it makes stays on 127.0.0.1.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { roomyLimits } from './bybit-client.js';
import { pointAtSim, refusal, withStaleClock } from './ccxt-helpers.js';

let sim: SimHandle;
let ex: InstanceType<typeof ccxt.bybit>;
const requested: string[] = [];

const options = { defaultType: 'swap', defaultSubType: 'linear', fetchMarkets: { types: ['linear'] } };

beforeAll(async () => {
  sim = await startSim({ dialect: 'bybit', seed: 'ccxt-bybit', tickMs: 50, limits: roomyLimits });
  const key = sim.accounts[0]!.hmac!;
  ex = new ccxt.bybit({ apiKey: key.apiKey, secret: revealSecret(key.secret!), enableRateLimit: false, options });
  pointAtSim(ex, sim, (url, method) => requested.push(`${method} ${url.pathname}`));
});
afterAll(() => sim.close());

describe('ccxt bybit against the sim', () => {
  it('loads linear markets', async () => {
    const markets = await ex.loadMarkets();
    const btc = markets['BTC/USDT:USDT']!;
    expect(btc.id).toBe('BTCUSDT');
    expect(btc.linear).toBe(true);
    expect(btc.precision.price).toBe(0.1);
    expect(btc.precision.amount).toBe(0.001);
    expect(btc.limits.cost?.min).toBe(5);
  });

  it('reads the balance', async () => {
    const balance = await ex.fetchBalance();
    expect(balance.USDT?.total).toBe(100000);
  });

  it('places, fetches and cancels a resting limit order', async () => {
    const ticker = await ex.fetchTicker('BTC/USDT:USDT');
    const price = Math.floor(ticker.bid! * 0.98);
    const order = await ex.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, price, { clientOrderId: 'ccxt-by-1' });
    const id = String(order.id);
    expect(id).toMatch(/^\d+$/);
    const open = await ex.fetchOpenOrder(id, 'BTC/USDT:USDT');
    expect(open.status).toBe('open');
    expect(open.clientOrderId).toBe('ccxt-by-1');
    expect(open.price).toBe(price);
    expect(open.amount).toBe(0.01);
    await ex.cancelOrder(id, 'BTC/USDT:USDT');
    expect((await ex.fetchOrder(id, 'BTC/USDT:USDT', { acknowledged: true })).status).toBe('canceled');
    const ledger = await sim.control.acceptedOrders();
    expect(ledger.filter((o) => o.clientOrderId === 'ccxt-by-1')).toHaveLength(1);
  });

  it('fills a market order and sees the position', async () => {
    const order = await ex.createOrder('ETH/USDT:USDT', 'market', 'buy', 0.5);
    expect(order.id).toBeDefined();
    const filled = await ex.fetchOrder(String(order.id), 'ETH/USDT:USDT', { acknowledged: true });
    expect(filled.status).toBe('closed');
    expect(filled.filled).toBe(0.5);
    const positions = await ex.fetchPositions(['ETH/USDT:USDT']);
    expect(positions).toHaveLength(1);
    expect(positions[0]!.side).toBe('long');
    expect(positions[0]!.contracts).toBe(0.5);
    expect(positions[0]!.entryPrice).toBeGreaterThan(0);
  });

  it("a bad signature is the venue's 10004", async () => {
    const wrong = new ccxt.bybit({ apiKey: ex.apiKey, secret: 'not-the-secret', enableRateLimit: false, options });
    pointAtSim(wrong, sim, () => {});
    wrong.markets = ex.markets;
    wrong.marketsById = ex.marketsById;
    wrong.options['enableUnifiedAccount'] = true;
    wrong.options['enableUnifiedMargin'] = false;
    expect(await refusal(wrong.fetchBalance(), ccxt.AuthenticationError)).toContain('"retCode":10004');
  });

  it("a stale timestamp is the venue's 10002", async () => {
    // ccxt's bybit error table files 10002 under InvalidNonce (its class for stale timestamps).
    const message = await withStaleClock(sim, 60_000, () => refusal(ex.fetchBalance(), ccxt.InvalidNonce));
    expect(message).toContain('"retCode":10002');
  });

  it('stayed on loopback and used the v5 endpoints', () => {
    expect(requested).toEqual(expect.arrayContaining(['GET /v5/market/instruments-info', 'POST /v5/order/create', 'GET /v5/account/wallet-balance', 'GET /v5/position/list']));
    expect(requested.every((r) => / \/v5\//.test(r))).toBe(true);
  });
});
