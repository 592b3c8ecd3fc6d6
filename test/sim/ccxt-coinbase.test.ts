// An independent client written for the real venue — ccxt's coinbase — trades spot against the sim's
// Coinbase dialect with only its base URL swapped to loopback. The sim serves TLS here: ccxt signs the
// request's URL with its `https://` cut off (`uri` = `METHOD host/path`), so the venue it talks to must
// be https for the token to name it. Every request stays on 127.0.0.1.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { pointAtSim, refusal } from './ccxt-helpers.js';

let sim: SimHandle;
let ex: InstanceType<typeof ccxt.coinbase>;
const requested: string[] = [];

interface Undici {
  undiciModule: { Agent: new (o: unknown) => unknown };
  fetchDispatcher: unknown;
  loadFetchImplementation(): Promise<void>;
}

/** A ccxt coinbase on the sim, trusting the sim's CA only (ccxt's own connection pool, its CA swapped). */
async function coinbaseOnSim(apiKey: string, secret: string, record: (url: URL, method: string) => void) {
  const c = new ccxt.coinbase({ apiKey, secret, enableRateLimit: false });
  pointAtSim(c, sim, record);
  const u = c as unknown as Undici;
  await u.loadFetchImplementation();
  u.fetchDispatcher = new u.undiciModule.Agent({ connect: { ca: readFileSync(sim.caFile!, 'utf8') } });
  return c;
}

beforeAll(async () => {
  sim = await startSim({ dialect: 'coinbase', seed: 'ccxt-coinbase', tickMs: 50, tls: true, limits: { privatePerSecond: 10_000, publicPerSecond: 10_000 }, accounts: [{ balances: { USD: '100000', BTC: '1' } }] });
  const key = sim.accounts[0]!.ec!;
  ex = await coinbaseOnSim(key.apiKey, readFileSync(key.privateKeyFile!, 'utf8'), (url, method) => requested.push(`${method} ${url.pathname}`));
});
afterAll(() => sim.close());

const bestBid = async () => (await ex.fetchOrderBook('BTC/USD', 1)).bids[0]![0]!;

describe('ccxt coinbase against the sim', () => {
  it('loads spot markets, with the fee tier the key pays', async () => {
    const markets = await ex.loadMarkets();
    expect(Object.keys(markets)).toEqual(expect.arrayContaining(['BTC/USD', 'ETH/USD']));
    const btc = markets['BTC/USD']!;
    expect(btc).toMatchObject({ id: 'BTC-USD', spot: true, maker: 0.006, taker: 0.012 });
    expect(btc.precision.price).toBe(0.01);
    expect(btc.precision.amount).toBe(0.00000001);
    expect(btc.limits.cost?.min).toBe(1);
  });

  it('reads the balances (the v3 accounts: free, and held by open orders)', async () => {
    const balance = await ex.fetchBalance({ v3: true });
    expect(balance['USD']).toMatchObject({ free: 100000, used: 0, total: 100000 });
    expect(balance['BTC']?.total).toBe(1);
  });

  it('places, fetches and cancels a resting limit order; the held USD shows while it rests', async () => {
    const price = Math.floor((await bestBid()) * 0.98);
    const order = await ex.createOrder('BTC/USD', 'limit', 'buy', 0.01, price);
    const id = String(order.id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    const open = await ex.fetchOrder(id, 'BTC/USD');
    expect(open).toMatchObject({ status: 'open', price, amount: 0.01, filled: 0, type: 'limit', side: 'buy' });
    expect((await ex.fetchOpenOrders('BTC/USD')).map((o) => o.id)).toEqual([id]);
    expect((await ex.fetchBalance({ v3: true }))['USD']?.used).toBeGreaterThanOrEqual(price * 0.01);
    await ex.cancelOrder(id, 'BTC/USD');
    expect((await ex.fetchOrder(id, 'BTC/USD')).status).toBe('canceled');
    expect(await ex.fetchOpenOrders('BTC/USD')).toEqual([]);
    expect((await ex.fetchBalance({ v3: true }))['USD']).toMatchObject({ free: 100000, used: 0 });
    expect(await sim.control.acceptedOrders()).toHaveLength(1);
  });

  it('fills market orders — a buy for a cost in USD, a sell of a BTC size — and reads the trades back', async () => {
    const buy = await ex.createOrder('BTC/USD', 'market', 'buy', 200, undefined, { createMarketBuyOrderRequiresPrice: false });
    const bought = await ex.fetchOrder(String(buy.id), 'BTC/USD');
    expect(bought.status).toBe('closed');
    expect(bought.filled).toBeGreaterThan(0);
    // The cost asked for buys the size and its taker fee: no more than 200 USD leaves the account.
    // ccxt hands this fee cost on as the venue wrote it (a decimal string).
    expect(bought.cost! + Number(bought.fee!.cost)).toBeLessThanOrEqual(200);
    const sell = await ex.createOrder('BTC/USD', 'market', 'sell', 0.002);
    const sold = await ex.fetchOrder(String(sell.id), 'BTC/USD');
    expect(sold).toMatchObject({ status: 'closed', filled: 0.002, side: 'sell' });
    const trades = await ex.fetchMyTrades('BTC/USD');
    expect(trades.map((t) => t.order)).toEqual(expect.arrayContaining([String(buy.id), String(sell.id)]));
    expect(trades.find((t) => t.order === String(sell.id))).toMatchObject({ side: 'sell', amount: 0.002, takerOrMaker: 'taker' });
    const balance = await ex.fetchBalance({ v3: true });
    expect(balance['BTC']?.total).toBeCloseTo(1 + bought.filled! - 0.002, 8);
  });

  it("a buy beyond the free USD is the venue's INSUFFICIENT_FUND", async () => {
    const message = await refusal(ex.createOrder('BTC/USD', 'market', 'buy', 5_000_000, undefined, { createMarketBuyOrderRequiresPrice: false }), ccxt.InsufficientFunds);
    expect(message).toContain('INSUFFICIENT_FUND');
  });

  it("a token signed with another key is the venue's 401 Unauthorized", async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    const wrong = await coinbaseOnSim(ex.apiKey, other, () => {});
    await wrong.loadMarkets().catch(() => {});
    expect(await refusal(wrong.fetchBalance({ v3: true }), ccxt.AuthenticationError)).toContain('Unauthorized');
  });

  it('stayed on loopback and used the Advanced Trade paths (and the app currency list)', () => {
    expect(requested).toEqual(expect.arrayContaining(['GET /api/v3/brokerage/market/products', 'GET /api/v3/brokerage/accounts', 'POST /api/v3/brokerage/orders', 'POST /api/v3/brokerage/orders/batch_cancel', 'GET /v2/currencies']));
    expect(requested.every((r) => / \/(api\/v3\/brokerage|v2)\//.test(r))).toBe(true);
  });
});
