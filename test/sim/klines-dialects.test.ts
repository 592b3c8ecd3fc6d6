// Each dialect serves its klines in the venue's own shape, limits and error words (the sim's bars
// themselves are tested in klines-builder.test.ts; the stream side in test/engine/klines-feed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';

const get = async (sim: SimHandle, path: string) => {
  const r = await fetch(`${sim.restUrl}${path}`);
  return { status: r.status, body: (await r.json()) as unknown, weight: r.headers.get('x-mbx-used-weight-1m') };
};

describe('binance-usdm dialect: GET /fapi/v1/klines', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'binance-usdm', tickMs: 0, seed: 11 });
    await sim.control.tick(20);
  });
  afterAll(async () => sim.close());

  it('answers rows oldest first, twelve fields, the newest holding now, weighed by limit', async () => {
    const now = await sim.control.serverTime();
    const r = await get(sim, '/fapi/v1/klines?symbol=BTCUSDT&interval=5m&limit=150');
    expect(r.status).toBe(200);
    const rows = r.body as unknown[][];
    expect(rows).toHaveLength(150);
    expect(rows.every((row) => row.length === 12 && typeof row[0] === 'number' && typeof row[1] === 'string')).toBe(true);
    expect(rows.at(-1)![0]).toBe(Math.floor(now / 300_000) * 300_000);
    expect(rows.at(-1)![6]).toBe((rows.at(-1)![0] as number) + 299_999);
    const a = Number((await get(sim, '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=10')).weight);
    const b = Number((await get(sim, '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1200')).weight);
    expect(b - a).toBe(10);
    const from = (await get(sim, `/fapi/v1/klines?symbol=BTCUSDT&interval=1h&startTime=${rows[0]![0]}&limit=2`)).body as unknown[][];
    expect(from[0]![0]).toBe(Math.ceil((rows[0]![0] as number) / 3_600_000) * 3_600_000);
  });

  it('refuses in the venue words: an unknown interval, a limit out of range, an unknown symbol', async () => {
    expect(await get(sim, '/fapi/v1/klines?symbol=BTCUSDT&interval=7m')).toMatchObject({ status: 400, body: { code: -1120, msg: 'Invalid interval.' } });
    expect(await get(sim, '/fapi/v1/klines?symbol=BTCUSDT&interval=1w')).toMatchObject({ status: 400, body: { code: -1120 } });
    expect(await get(sim, '/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1501')).toMatchObject({ status: 400, body: { code: -1130 } });
    expect(await get(sim, '/fapi/v1/klines?symbol=NOPE&interval=1m')).toMatchObject({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
    expect(await get(sim, '/fapi/v1/klines?symbol=BTCUSDT')).toMatchObject({ status: 400, body: { code: -1102 } });
  });
});

describe('okx dialect: GET /api/v5/market/candles', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'okx', tickMs: 0, seed: 11 });
    await sim.control.tick(20);
  });
  afterAll(async () => sim.close());

  it('answers rows newest first with confirm, at most 300, a UTC day as 1Dutc', async () => {
    const now = await sim.control.serverTime();
    const r = await get(sim, '/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1Dutc&limit=500');
    const rows = (r.body as { code: string; data: string[][] }).data;
    expect((r.body as { code: string }).code).toBe('0');
    expect(rows).toHaveLength(300);
    expect(Number(rows[0]![0])).toBe(Math.floor(now / 86_400_000) * 86_400_000);
    expect(Number(rows[0]![0])).toBeGreaterThan(Number(rows[1]![0]));
    expect([rows[0]![8], rows[1]![8]]).toEqual(['0', '1']);
    const older = (await get(sim, `/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1Dutc&after=${rows[0]![0]}&limit=2`)).body as { data: string[][] };
    expect(older.data.map((row) => row[0])).toEqual([rows[1]![0], rows[2]![0]]);
  });

  it('keeps the newest 1,440 bars; history-candles serves the older ones, the same rows', async () => {
    const now = await sim.control.serverTime();
    const open = Math.floor(now / 60_000) * 60_000;
    const at = (minutes: number) => open - minutes * 60_000;
    // Bars opening before the 1,440 newest: none from candles, all of them from history-candles.
    const recent = (await get(sim, `/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1m&after=${at(1439)}&limit=300`)).body as { data: string[][] };
    expect(recent.data).toEqual([]);
    const older = (await get(sim, `/api/v5/market/history-candles?instId=BTC-USDT-SWAP&bar=1m&after=${at(1439)}&limit=300`)).body as { code: string; data: string[][] };
    expect(older.code).toBe('0');
    // The history's 1,500 bars end at the venue's start, a minute or so before now: some 60 are older.
    expect(older.data.length).toBeGreaterThan(50);
    expect(older.data.every((row, i) => Number(row[0]) === at(1440 + i))).toBe(true);
    expect(Number(older.data[0]![0])).toBe(at(1440));
    const both = (q: string) => get(sim, `/api/v5/market/${q}?instId=BTC-USDT-SWAP&bar=1m&after=${at(100)}&limit=5`).then((r) => (r.body as { data: string[][] }).data);
    expect(await both('history-candles')).toEqual(await both('candles'));
  });

  it('refuses a bar it does not know with 51000, an unknown instrument with 51001', async () => {
    expect(await get(sim, '/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=7m')).toMatchObject({ status: 400, body: { code: '51000', msg: 'Parameter bar error' } });
    expect(await get(sim, '/api/v5/market/candles?instId=NOPE-USDT-SWAP')).toMatchObject({ body: { code: '51001' } });
  });
});

describe('hyperliquid dialect: info candleSnapshot', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'hyperliquid', tickMs: 0, seed: 11 });
    await sim.control.tick(20);
  });
  afterAll(async () => sim.close());
  const info = async (body: unknown) => {
    const r = await fetch(`${sim.restUrl}/info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, text: await r.text() };
  };

  it('answers the window oldest first; an unknown interval does not deserialise (422)', async () => {
    const now = await sim.control.serverTime();
    const r = await info({ type: 'candleSnapshot', req: { coin: 'BTC', interval: '1h', startTime: Math.floor(now / 3_600_000) * 3_600_000 - 5 * 3_600_000, endTime: now } });
    const candles = JSON.parse(r.text) as Array<{ t: number; T: number; s: string; i: string; o: string }>;
    expect(candles.length).toBe(6);
    expect(candles.at(-1)!.t).toBe(Math.floor(now / 3_600_000) * 3_600_000);
    expect(candles[0]).toMatchObject({ s: 'BTC', i: '1h' });
    expect(typeof candles[0]!.o).toBe('string');
    const bad = await info({ type: 'candleSnapshot', req: { coin: 'BTC', interval: '7m', startTime: 0 } });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/^Failed to deserialize the JSON body into the target type/);
  });
});
