// Each perpetual dialect serves the sim's open interest in its venue's own shape, units and error
// words, read raw (no client parser): Binance one side in BTC, OKX contracts of 0.01 BTC beside the
// coin and USD, Bybit both sides beside the single side, Hyperliquid both sides. Under one seed, at
// one minute, every dialect's figure is the same one side; another seed gives another figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';

const get = async (sim: SimHandle, path: string) => {
  const r = await fetch(`${sim.restUrl}${path}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const post = async (sim: SimHandle, path: string, body: unknown) => {
  const r = await fetch(`${sim.restUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as unknown };
};

type Dialect = 'binance-usdm' | 'okx' | 'bybit' | 'hyperliquid';

/** The BTC figure, one side, as each venue's documented units give it (docs/venues.md §1.10, §2.10, §3.9, §6.10). */
const ONE_SIDE: Record<Dialect, (sim: SimHandle) => Promise<number>> = {
  'binance-usdm': async (sim) => {
    const { body } = await get(sim, '/fapi/v1/openInterest?symbol=BTCUSDT');
    expect(body).toMatchObject({ symbol: 'BTCUSDT', openInterest: expect.stringMatching(/^\d+\.\d{3}$/), time: expect.any(Number) });
    return Number(body['openInterest']);
  },
  okx: async (sim) => {
    const { body } = await get(sim, '/api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP');
    expect(body['code']).toBe('0');
    const row = (body['data'] as Record<string, string>[])[0]!;
    expect(Object.keys(row).sort()).toEqual(['instId', 'instType', 'oi', 'oiCcy', 'oiUsd', 'ts']);
    // Contracts of 0.01 BTC: a hundred contracts to the coin.
    expect(Number(row['oi'])).toBeCloseTo(Number(row['oiCcy']) * 100, 6);
    expect(Number(row['oiUsd'])).toBeGreaterThan(Number(row['oiCcy']) * 1000);
    return Number(row['oiCcy']);
  },
  bybit: async (sim) => {
    const { body } = await get(sim, '/v5/market/open-interest?category=linear&symbol=BTCUSDT&intervalTime=5min&limit=1');
    expect(body['retCode']).toBe(0);
    const row = ((body['result'] as Record<string, unknown>)['list'] as Record<string, string>[])[0]!;
    expect(Number(row['openInterest'])).toBeCloseTo(2 * Number(row['singleOpenInterest']), 8);
    expect(Number(row['timestamp']) % 300_000).toBe(0);
    return Number(row['singleOpenInterest']);
  },
  hyperliquid: async (sim) => {
    const [meta, ctxs] = (await post(sim, '/info', { type: 'metaAndAssetCtxs' })).body as [{ universe: { name: string }[] }, { openInterest: string }[]];
    const i = meta.universe.findIndex((u) => u.name === 'BTC');
    return Number(ctxs[i]!.openInterest) / 2;
  },
};

const DIALECTS = Object.keys(ONE_SIDE) as Dialect[];
const minute = () => Math.floor(Date.now() / 60_000);

describe('open interest in each dialect', () => {
  const sims = new Map<Dialect, SimHandle>();
  let other: SimHandle;
  beforeAll(async () => {
    for (const d of DIALECTS) sims.set(d, await startSim({ dialect: d, tickMs: 0, seed: 7 }));
    other = await startSim({ dialect: 'binance-usdm', tickMs: 0, seed: 8 });
  });
  afterAll(async () => {
    await Promise.all([...sims.values(), other].map((s) => s?.close()));
  });

  it('one seed, one minute: the same one side in every dialect; another seed, another figure', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const at = minute();
      const seen = await Promise.all(DIALECTS.map((d) => ONE_SIDE[d](sims.get(d)!)));
      const elsewhere = await ONE_SIDE['binance-usdm'](other);
      if (minute() !== at) continue;
      for (const [i, d] of DIALECTS.entries()) expect(seen[i], d).toBeCloseTo(seen[0]!, 6);
      expect(seen[0]).toBeGreaterThan(1000);
      expect(elsewhere).not.toBe(seen[0]);
      return;
    }
    throw new Error('every round of reads straddled a minute');
  });

  it('refuses in each venue words: an unknown symbol, a missing instType, an interval the venue does not have', async () => {
    expect(await get(sims.get('binance-usdm')!, '/fapi/v1/openInterest?symbol=NOPE')).toMatchObject({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
    expect(await get(sims.get('binance-usdm')!, '/fapi/v1/openInterest')).toMatchObject({ status: 400, body: { code: -1102 } });
    const okx = await get(sims.get('okx')!, '/api/v5/public/open-interest?instId=BTC-USDT-SWAP');
    expect(okx.body['code']).not.toBe('0');
    expect(okx.body['msg']).toMatch(/instType/);
    const bybit = await get(sims.get('bybit')!, '/v5/market/open-interest?category=linear&symbol=BTCUSDT&intervalTime=2min');
    expect(bybit.body).toMatchObject({ retCode: 10001, retMsg: 'params error: intervalTime invalid' });
  });

  it('OKX without instId: a row per swap', async () => {
    const { body } = await get(sims.get('okx')!, '/api/v5/public/open-interest?instType=SWAP');
    const rows = body['data'] as { instId: string }[];
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.map((r) => r.instId)).toContain('BTC-USDT-SWAP');
  });
});
