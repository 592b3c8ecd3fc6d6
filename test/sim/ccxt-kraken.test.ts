// An independent client written for the real venue — ccxt's kraken — trades spot against the sim's
// Kraken dialect with only its base URLs swapped to loopback. Every request it makes stays on 127.0.0.1.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { pointAtSim, refusal } from './ccxt-helpers.js';

let sim: SimHandle;
let ex: InstanceType<typeof ccxt.kraken>;
const requested: string[] = [];

beforeAll(async () => {
  sim = await startSim({ dialect: 'kraken', seed: 'ccxt-kraken', tickMs: 50, limits: { apiMax: 10_000 } });
  const key = sim.accounts[0]!.hmac!;
  ex = new ccxt.kraken({ apiKey: key.apiKey, secret: revealSecret(key.secret!), enableRateLimit: false });
  pointAtSim(ex, sim, (url, method) => requested.push(`${method} ${url.pathname}`));
});
afterAll(() => sim.close());

describe('ccxt kraken against the sim', () => {
  it('loads spot markets', async () => {
    const markets = await ex.loadMarkets();
    const btc = markets['BTC/USD']!;
    expect(btc.id).toBe('XXBTZUSD');
    expect(btc.spot).toBe(true);
    expect(btc.precision.price).toBe(0.1);
    expect(btc.limits.amount?.min).toBe(0.00005);
  });

  it('reads the balances', async () => {
    const balance = await ex.fetchBalance();
    expect(balance['USD']?.total).toBe(100000);
    expect(balance['BTC']?.total).toBe(1);
  });

  it('places, fetches and cancels a resting limit order; the held USD shows while it rests', async () => {
    const ticker = await ex.fetchTicker('BTC/USD');
    const price = Math.floor(ticker.bid! * 0.98);
    const order = await ex.createOrder('BTC/USD', 'limit', 'buy', 0.01, price);
    const id = String(order.id);
    expect(id).toMatch(/^O[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{6}$/);
    const open = await ex.fetchOrder(id, 'BTC/USD');
    expect(open.status).toBe('open');
    expect(open.price).toBe(price);
    expect(open.amount).toBe(0.01);
    expect((await ex.fetchOpenOrders('BTC/USD')).map((o) => o.id)).toContain(id);
    await ex.cancelOrder(id, 'BTC/USD');
    expect((await ex.fetchOrder(id, 'BTC/USD')).status).toBe('canceled');
    const ledger = await sim.control.acceptedOrders();
    expect(ledger).toHaveLength(1);
  });

  it('fills a market order and reads its trade back', async () => {
    const order = await ex.createOrder('BTC/USD', 'market', 'buy', 0.002);
    const filled = await ex.fetchOrder(String(order.id), 'BTC/USD');
    expect(filled.status).toBe('closed');
    expect(filled.filled).toBe(0.002);
    const trades = await ex.fetchMyTrades('BTC/USD');
    expect(trades.at(-1)).toMatchObject({ order: String(order.id), side: 'buy', amount: 0.002 });
    const balance = await ex.fetchBalance();
    expect(balance['BTC']?.total).toBe(1.002);
  });

  it("a buy beyond the free USD is the venue's EOrder:Insufficient funds", async () => {
    const message = await refusal(ex.createOrder('BTC/USD', 'market', 'buy', 5), ccxt.InsufficientFunds);
    expect(message).toContain('EOrder:Insufficient funds');
  });

  it("a bad signature is the venue's EAPI:Invalid signature", async () => {
    const wrong = new ccxt.kraken({ apiKey: ex.apiKey, secret: Buffer.from('not-the-secret').toString('base64'), enableRateLimit: false });
    pointAtSim(wrong, sim, () => {});
    // ccxt's kraken error table has no entry for this word: it surfaces as its base ExchangeError.
    expect(await refusal(wrong.fetchBalance(), ccxt.ExchangeError)).toContain('{"error":["EAPI:Invalid signature"]}');
    const unknownKey = new ccxt.kraken({ apiKey: 'nobody', secret: ex.secret, enableRateLimit: false });
    pointAtSim(unknownKey, sim, () => {});
    expect(await refusal(unknownKey.fetchBalance(), ccxt.AuthenticationError)).toContain('EAPI:Invalid key');
  });

  it('stayed on loopback and used the /0/ methods', () => {
    expect(requested).toEqual(expect.arrayContaining(['GET /0/public/AssetPairs', 'POST /0/private/AddOrder', 'POST /0/private/CancelOrder']));
    expect(requested.every((r) => / \/0\/(public|private)\//.test(r))).toBe(true);
  });
});
