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
