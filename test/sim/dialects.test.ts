// The sim's registry of dialects: each dialect brings its own limits, instrument rules, key-permission
// shape and wording, and nothing outside a dialect's folder and the registry names a venue.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mul, toFixed } from '../../src/core/decimal.js';
import { KeysFileError } from '../../src/sim/accounts.js';
import { SIM_COMMAND } from '../../src/sim/flags.js';
import { SIM_DIALECT_IDS, type SimHandle, startSim } from '../../src/sim/index.js';
import { HlClient } from './hyperliquid-client.js';
import { OkxTestClient } from './okx-client.js';

const SIM = join(import.meta.dirname, '../../src/sim');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the registry', () => {
  it('lists every dialect folder, and every listed dialect starts', async () => {
    const folders = readdirSync(join(SIM, 'dialects'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'shared')
      .map((e) => e.name)
      .sort();
    expect([...SIM_DIALECT_IDS].sort()).toEqual(folders);
    for (const dialect of SIM_DIALECT_IDS) {
      const sim = await startSim({ dialect, tickMs: 0 });
      expect(sim.dialect).toBe(dialect);
      expect(sim.accounts[0]!.keys.length).toBeGreaterThan(0);
      await sim.close();
    }
  });

  it('no sim file outside a dialect folder and the registry names a venue', () => {
    const named = files(SIM)
      .filter((f) => !relative(SIM, f).startsWith('dialects/'))
      .filter((f) => /binance|okx|hyperliquid|bybit|kraken|coinbase/i.test(readFileSync(f, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '')))
      .map((f) => relative(SIM, f));
    // The public types re-export the dialects' key and limit shapes; the command line's declaration
    // takes the ids from the registry (checked below).
    expect(named.sort()).toEqual(['index.ts', 'types.ts']);
    for (const file of named) {
      const code = readFileSync(join(SIM, file), 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
      for (const line of code.split('\n').filter((l) => /binance|okx|hyperliquid|bybit|kraken|coinbase/i.test(l)))
        expect(line.trim()).toMatch(/^(import type .* from '\.\/dialects\/[a-z-]+\/(permissions|spec|limits)\.js';|(Binance|Bybit|Coinbase|Okx|Hyperliquid|Kraken)KeyPermissions,|export type \{ BinanceKeyPermissions, BybitKeyPermissions, CoinbaseKeyPermissions, HyperliquidKeyPermissions, KrakenKeyPermissions, OkxKeyPermissions \};|export type SimKeyPermissions = .*|permissions\?: Partial<BinanceKeyPermissions> \| Partial<OkxKeyPermissions> \| Partial<BybitKeyPermissions> \| Partial<KrakenKeyPermissions> \| Partial<CoinbaseKeyPermissions>;|limits\?: Partial<SimLimits> & Partial<HyperliquidLimits> & Partial<BybitLimits> & Partial<KrakenLimits> & Partial<CoinbaseLimits>;)$/);
    }
  });

  it('--dialect completion and its default come from the registry\'s ids', () => {
    const dialect = SIM_COMMAND.options.find((o) => o.name === 'dialect')!;
    expect(dialect.suggest?.()).toEqual([...SIM_DIALECT_IDS]);
    expect(SIM_DIALECT_IDS).toContain(dialect.default);
  });

  it('an unknown dialect is named with the known ones', async () => {
    // @ts-expect-error: the point is a name the type does not allow
    await expect(startSim({ dialect: 'nowhere' })).rejects.toThrow(
      `unknown dialect 'nowhere' (known: ${SIM_DIALECT_IDS.join(', ')})`,
    );
  });
});

describe('demo keys per dialect', () => {
  it.each([
    ['binance-usdm', ['hmac', 'ed25519']],
    ['okx', ['hmac']],
    ['hyperliquid', ['evm']],
    ['bybit', ['hmac']],
    ['kraken', ['hmac']],
    ['coinbase', ['ec']],
  ] as const)('%s: %j', async (dialect, types) => {
    const sim = await startSim({ dialect, tickMs: 0 });
    try {
      expect(sim.accounts[0]!.keys.map((k) => k.type)).toEqual(types);
    } finally {
      await sim.close();
    }
  });
});

describe('Hyperliquid: its own order rules and wording, not Binance\'s', () => {
  let sim: SimHandle;
  let c: HlClient;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'hyperliquid', tickMs: 0, seed: 'hl-rules' });
    c = new HlClient(sim);
  });
  afterAll(() => sim.close());

  const mid = async () => ((await c.info({ type: 'allMids' })).json as Record<string, string>)['BTC']!;
  const place = async (p: string, s: string) => {
    const r = await c.act(HlClient.order({ a: 0, b: true, p, s }));
    return r.json.response.data.statuses[0];
  };

  it('an order worth $15 rests (the venue minimum is $10); one worth $5 gets the venue\'s sentence', async () => {
    // XRP (asset 3, one size decimal): small orders can be sized to the dollar.
    const xrp = ((await c.info({ type: 'allMids' })).json as Record<string, string>)['XRP']!;
    const price = toFixed(mul(xrp, '0.99'), 4, 'floor');
    const size = (usd: number) => toFixed(String(usd / Number(price)), 1, 'ceil');
    const xrpOrder = async (s: string) =>
      (await c.act(HlClient.order({ a: 3, b: true, p: price, s }))).json.response.data.statuses[0];
    expect(await xrpOrder(size(15))).toHaveProperty('resting');
    expect(await xrpOrder(size(5))).toEqual({ error: 'Order must have minimum value of $10.' });
  });

  it('a bid 50 % under the reference rests (the band is 80 %); 85 % under is refused in the venue\'s words', async () => {
    const m = await mid();
    expect(await place(toFixed(mul(m, '0.5'), 0, 'floor'), '0.01')).toHaveProperty('resting');
    expect(await place(toFixed(mul(m, '0.15'), 0, 'floor'), '0.1')).toEqual({
      error: 'Order price cannot be more than 80% away from the reference price.',
    });
  });

  it('its agents carry no permissions to set: a keys file that gives one is refused, naming the field', async () => {
    await expect(
      // @ts-expect-error: Hyperliquid has no permission fields
      startSim({ dialect: 'hyperliquid', accounts: [{ keys: [{ type: 'evm', permissions: { withdraw: true } }] }] }),
    ).rejects.toThrow(new KeysFileError('account #1 key #1: Hyperliquid agents carry no permissions (an agent trades and never withdraws)'));
  });

  it('an oversized body gets the gateway\'s plain text, not a Binance envelope', async () => {
    const r = await c.post('/info', undefined, `{"type":"meta","pad":"${'x'.repeat(1 << 20)}"}`).catch(() => undefined);
    // The listener answers 413 and closes; a client that was still sending may see the reset instead.
    if (r !== undefined) {
      expect(r.status).toBe(413);
      expect(r.text).toBe('Payload Too Large');
    }
  });
});

describe('OKX: perm and ip as the venue reports them, rights granted by name', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({
      dialect: 'okx',
      tickMs: 0,
      accounts: [
        { name: 'trader' },
        { name: 'reader', keys: [{ type: 'hmac', permissions: { perm: 'read_only' } }] },
        { name: 'odd', keys: [{ type: 'hmac', permissions: { perm: 'read_only,Trade,withdraw', ip: '127.0.0.1,10.0.0.1' } }] },
      ],
    });
  });
  afterAll(() => sim.close());

  const config = async (account: number) =>
    (await new OkxTestClient(sim, sim.accounts[account]!.hmac!).call('GET', '/api/v5/account/config')).json.data[0];
  const order = (account: number) =>
    new OkxTestClient(sim, sim.accounts[account]!.hmac!).call('POST', '/api/v5/trade/order', {
      instId: 'BTC-USDT-SWAP',
      tdMode: 'cross',
      side: 'buy',
      ordType: 'limit',
      px: '1000',
      sz: '1',
    });

  it('a demo key: perm read_only,trade, no IP binding', async () => {
    expect(await config(0)).toMatchObject({ perm: 'read_only,trade', ip: '' });
  });

  it('perm and ip reported exactly as the keys file gave them', async () => {
    expect(await config(2)).toMatchObject({ perm: 'read_only,Trade,withdraw', ip: '127.0.0.1,10.0.0.1' });
  });

  it('a read-only key reads and cannot trade (50120); "Trade" in another case is not "trade"', async () => {
    expect((await order(1)).json).toMatchObject({ code: '50120' });
    expect((await order(2)).json).toMatchObject({ code: '50120' });
    expect((await new OkxTestClient(sim, sim.accounts[1]!.hmac!).call('GET', '/api/v5/account/balance')).json.code).toBe('0');
  });

  it('a Binance flag in an OKX keys file is refused, naming the place and quoting no value', async () => {
    await expect(
      startSim({ dialect: 'okx', accounts: [{ keys: [{ type: 'hmac', permissions: { enableWithdrawals: true } }] }] }),
    ).rejects.toThrow(new KeysFileError('account #1 key #1: permission #1 is not an OKX key field (perm, ip)'));
  });

  it('an oversized body gets the venue\'s envelope', async () => {
    const r = await fetch(`${sim.restUrl}/api/v5/trade/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"pad":"${'x'.repeat(1 << 20)}"}`,
    }).catch(() => undefined);
    if (r !== undefined) {
      expect(r.status).toBe(413);
      expect(await r.json()).toEqual({ code: '50000', msg: 'Request body too large.', data: [] });
    }
  });
});

describe('Binance USD-M keeps its own', () => {
  it('$100 minimum on BTCUSDT and a 5 % band, in exchangeInfo', async () => {
    const sim = await startSim({ tickMs: 0 });
    try {
      const info = await (await fetch(`${sim.restUrl}/fapi/v1/exchangeInfo`)).json();
      const btc = info.symbols.find((s: { symbol: string }) => s.symbol === 'BTCUSDT');
      expect(btc.filters).toEqual(
        expect.arrayContaining([
          { filterType: 'MIN_NOTIONAL', notional: '100' },
          expect.objectContaining({ filterType: 'PERCENT_PRICE', multiplierUp: '1.05', multiplierDown: '0.95' }),
        ]),
      );
    } finally {
      await sim.close();
    }
  });

  it('a flag the venue may add later is reported as given; a field that is no flag is refused', async () => {
    const sim = await startSim({ tickMs: 0, accounts: [{ keys: [{ type: 'hmac', permissions: { enableOutboundTransfer: true } }] }] });
    try {
      expect(sim.accounts[0]!.keys[0]!.permissions).toMatchObject({ enableOutboundTransfer: true, enableReading: true });
    } finally {
      await sim.close();
    }
    await expect(
      startSim({ tickMs: 0, accounts: [{ keys: [{ type: 'hmac', permissions: { perm: 'withdraw' } }] }] }),
    ).rejects.toThrow(new KeysFileError('account #1 key #1: permission #1 is not a Binance key right (ipRestrict, enable…, permit…)'));
  });
});
