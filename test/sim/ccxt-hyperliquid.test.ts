// An independent client written for the real venue — ccxt's hyperliquid — trades against the sim's
// Hyperliquid dialect (a testnet: ccxt in sandbox mode signs phantom agents of source "b") with only
// its base URL swapped to loopback, signing with the agent key `quantdeck sim` prints for the master.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { pointAtSim, refusal, withStaleClock } from './ccxt-helpers.js';

let sim: SimHandle;
let ex: InstanceType<typeof ccxt.hyperliquid>;
const requested: string[] = [];
/** The venue's answer to each kind of request ccxt sent, by `path type`. */
const answers = new Map<string, unknown>();

function client(privateKey: string, walletAddress: string): InstanceType<typeof ccxt.hyperliquid> {
  const c = new ccxt.hyperliquid({ privateKey, walletAddress, enableRateLimit: false, options: { fetchMarkets: { types: ['swap'] } } });
  c.setSandboxMode(true);
  pointAtSim(c, sim, (url, _method, body) => {
    const type = typeof body === 'string' ? (JSON.parse(body) as { type?: string; action?: { type?: string } }) : {};
    requested.push(`${url.pathname} ${type.type ?? type.action?.type ?? ''}`);
  });
  // Keep the venue's answer to each kind of request, by `path type`.
  const send = c.fetch.bind(c);
  c.fetch = async (url: string, method?: string, headers?: unknown, body?: unknown) => {
    const what = requested.length;
    try {
      const reply = await send(url, method, headers, body);
      answers.set(requested[what]!, reply);
      return reply;
    } catch (e) {
      answers.set(requested[what]!, e);
      throw e;
    }
  };
  return c;
}

beforeAll(async () => {
  sim = await startSim({ dialect: 'hyperliquid', seed: 'ccxt-hl', tickMs: 50 });
  const a = sim.accounts[0]!;
  ex = client(revealSecret(a.evm!.secret!), a.walletAddress!);
});
afterAll(() => sim.close());

describe('ccxt hyperliquid against the sim', () => {
  it('loads markets', async () => {
    const markets = await ex.loadMarkets();
    expect(markets['BTC/USDC:USDC']).toBeDefined();
  });

  it('reads the balance of the master', async () => {
    const balance = await ex.fetchBalance();
    expect(balance.USDC?.total).toBe(100000);
  });

  it('creates, fetches and cancels a resting limit order', async () => {
    const ticker = await ex.fetchTicker('BTC/USDC:USDC');
    const price = Math.floor((ticker.bid ?? ticker.last!) * 0.97);
    const order = await ex.createOrder('BTC/USDC:USDC', 'limit', 'buy', 0.01, price);
    const id = String(order.id);
    expect(id).toMatch(/^\d+$/);
    const fetched = await ex.fetchOrder(id, 'BTC/USDC:USDC');
    expect(fetched.status).toBe('open');
    expect(fetched.price).toBe(price);
    await ex.cancelOrder(id, 'BTC/USDC:USDC');
    expect((await ex.fetchOrder(id, 'BTC/USDC:USDC')).status).toBe('canceled');
  });

  it('fills a market order and sees the position', async () => {
    const ticker = await ex.fetchTicker('ETH/USDC:USDC');
    const order = await ex.createOrder('ETH/USDC:USDC', 'market', 'buy', 0.5, ticker.last);
    expect(order.id).toBeDefined();
    const positions = await ex.fetchPositions(['ETH/USDC:USDC']);
    expect(positions).toHaveLength(1);
    expect(positions[0]!.side).toBe('long');
    expect(positions[0]!.contracts).toBe(0.5);
  });

  it('a price 85 % under the reference is refused in the venue\'s words, which ccxt knows', async () => {
    const ticker = await ex.fetchTicker('BTC/USDC:USDC');
    const order = ex.createOrder('BTC/USDC:USDC', 'limit', 'buy', 0.01, Math.floor(ticker.last! * 0.15));
    expect(await refusal(order, ccxt.InvalidOrder)).toContain('Order price cannot be more than 80% away from the reference price');
  });

  it('a bad signature: the recovered signer is nobody, in the venue\'s words', async () => {
    const stranger = client(`0x${'7c'.repeat(32)}`, sim.accounts[0]!.walletAddress!);
    stranger.markets = ex.markets;
    stranger.marketsById = ex.marketsById;
    stranger.options['approvedBuilderFee'] = true;
    stranger.options['refSet'] = true;
    expect(await refusal(stranger.createOrder('BTC/USDC:USDC', 'limit', 'buy', 0.01, 60000), ccxt.InvalidOrder)).toMatch(
      /User or API Wallet 0x[0-9a-f]{40} does not exist\./,
    );
  });

  it('a stale nonce (timestamp): refused in the venue\'s words', async () => {
    const message = await withStaleClock(sim, 3 * 86_400_000, () =>
      refusal(ex.createOrder('BTC/USDC:USDC', 'limit', 'buy', 0.01, 60000), ccxt.ExchangeError),
    );
    expect(message).toMatch(/nonce/i);
  });

  it('stayed on loopback; the set-up calls ccxt makes unasked get venue answers, not 422', () => {
    // A bare JSON string, which ccxt hands back as its text.
    expect(answers.get('/info userAbstraction')).toBe('"default"');
    expect(answers.get('/exchange setReferrer')).toEqual({ status: 'ok', response: { type: 'default' } });
    // ccxt signs this user-signed action with the agent; only the master may, so the venue refuses
    // it in an err reply (which ccxt expects and shrugs off: it then trades without a builder).
    const approve = answers.get('/exchange approveBuilderFee');
    expect(String((approve as Error).message)).toContain(
      'approveBuilderFee must be signed by the user (master) wallet, not an API wallet.',
    );
    expect(ex.options['approvedBuilderFee']).not.toBe(true);
  });
});
