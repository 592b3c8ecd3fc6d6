// The Bybit, Coinbase and Kraken dialects serve the market's klines in each venue's own shape, limits
// and error words, over REST and on their sockets (the bars themselves: klines-builder.test.ts; the
// engine reading them: test/engine/klines-feed-venues.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';

const MIN = 60_000;

const get = async (sim: SimHandle, path: string) => {
  const r = await fetch(`${sim.restUrl}${path}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

/** A socket that keeps every JSON frame it gets. */
async function socket(url: string): Promise<{ ws: WebSocket; frames: Record<string, unknown>[] }> {
  const ws = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, frames };
}

describe('bybit dialect: GET /v5/market/kline and kline.<interval>.<symbol>', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 11 });
    await sim.control.tick(20);
  });
  afterAll(async () => sim.close());

  it('answers the newest bars newest first as arrays of strings, the first holding now', async () => {
    const now = await sim.control.serverTime();
    const r = await get(sim, '/v5/market/kline?category=linear&symbol=BTCUSDT&interval=5&limit=150');
    expect(r.body).toMatchObject({ retCode: 0, retMsg: 'OK', result: { category: 'linear', symbol: 'BTCUSDT' } });
    const list = (r.body.result as { list: string[][] }).list;
    expect(list).toHaveLength(150);
    expect(list.every((row) => row.length === 7 && row.every((f) => typeof f === 'string'))).toBe(true);
    expect(Number(list[0]![0])).toBe(Math.floor(now / (5 * MIN)) * 5 * MIN);
    expect(Number(list[1]![0])).toBe(Number(list[0]![0]) - 5 * MIN);
    // Default 200; `end` bounds the newest; `start` the oldest.
    expect(((await get(sim, '/v5/market/kline?category=linear&symbol=BTCUSDT&interval=D')).body.result as { list: unknown[] }).list).toHaveLength(200);
    const end = Number(list[10]![0]);
    const bounded = ((await get(sim, `/v5/market/kline?category=linear&symbol=BTCUSDT&interval=5&end=${end}&start=${end - 2 * 5 * MIN}`)).body.result as { list: string[][] }).list;
    expect(bounded.map((row) => Number(row[0]))).toEqual([end, end - 5 * MIN, end - 10 * MIN]);
  });

  it('refuses a bad interval, a limit past 1000 or an unknown symbol with 10001', async () => {
    for (const q of ['interval=7', 'interval=W', 'interval=1&limit=1001', 'interval=1&limit=0']) {
      expect((await get(sim, `/v5/market/kline?category=linear&symbol=BTCUSDT&${q}`)).body).toMatchObject({ retCode: 10001 });
    }
    expect((await get(sim, '/v5/market/kline?category=linear&symbol=NOPE&interval=1')).body).toMatchObject({ retCode: 10001, retMsg: 'params error: symbol invalid' });
    expect((await get(sim, '/v5/market/kline?category=spot&symbol=BTCUSDT&interval=1')).body).toMatchObject({ retCode: 0, result: { list: [] } });
  });

  it('pushes the open bar, and once its minute is over the bar again with confirm true', async () => {
    const { ws, frames } = await socket(`${sim.wsUrl}/v5/public/linear`);
    ws.send(JSON.stringify({ op: 'subscribe', args: ['kline.1.BTCUSDT'], req_id: 'k' }));
    await until(() => frames.some((f) => f['topic'] === 'kline.1.BTCUSDT'), 'a kline push');
    const first = frames.find((f) => f['topic'] === 'kline.1.BTCUSDT')!;
    const bar = (first['data'] as Record<string, unknown>[])[0]!;
    expect(bar).toMatchObject({ interval: '1', confirm: false });
    expect(bar['end']).toBe((bar['start'] as number) + MIN - 1);
    await sim.control.jumpClock(MIN);
    await sim.control.tick(2);
    await until(() => frames.some((f) => (f['data'] as Record<string, unknown>[] | undefined)?.[0]?.['confirm'] === true), 'the closed bar');
    const closed = frames.find((f) => (f['data'] as Record<string, unknown>[] | undefined)?.[0]?.['confirm'] === true)!;
    expect((closed['data'] as Record<string, unknown>[])[0]!['start']).toBe(bar['start']);
    ws.send(JSON.stringify({ op: 'subscribe', args: ['kline.7.BTCUSDT'], req_id: 'bad' }));
    await until(() => frames.some((f) => f['req_id'] === 'bad'), 'the refusal');
    expect(frames.find((f) => f['req_id'] === 'bad')).toMatchObject({ success: false, ret_msg: 'error:handler not found,topic:kline.7.BTCUSDT' });
    ws.close();
  });
});

describe('coinbase dialect: public candles and the candles channel', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'coinbase', tickMs: 0, seed: 11 });
    await sim.control.tick(40);
  });
  afterAll(async () => sim.close());

  const candles = (q: string) => get(sim, `/api/v3/brokerage/market/products/BTC-USD/candles?${q}`);

  it('answers the traded candles in [start, end], newest first, seconds and strings', async () => {
    const now = await sim.control.serverTime();
    const end = Math.floor(now / 1000);
    const r = await candles(`start=${end - 100 * 3600}&end=${end}&granularity=ONE_HOUR`);
    expect(r.status).toBe(200);
    const list = r.body['candles'] as Record<string, string>[];
    expect(list.length).toBeGreaterThan(90);
    expect(Object.keys(list[0]!).sort()).toEqual(['close', 'high', 'low', 'open', 'start', 'volume']);
    expect(Number(list[0]!.start) * 1000).toBe(Math.floor(now / 3_600_000) * 3_600_000);
    expect(Number(list[0]!.start) - Number(list[1]!.start)).toBe(3600);
    expect(((await candles(`start=${end - 100 * 3600}&end=${end}&granularity=ONE_HOUR&limit=3`)).body['candles'] as unknown[]).length).toBe(3);
    // The private path serves the same with a token; without one it is the gateway's bare 401.
    expect((await fetch(`${sim.restUrl}/api/v3/brokerage/products/BTC-USD/candles?start=${end - 3600}&end=${end}&granularity=ONE_HOUR`)).status).toBe(401);
  });

  it('refuses 4h (no such granularity), a span of more than 350 candles, an unknown product', async () => {
    const end = Math.floor((await sim.control.serverTime()) / 1000);
    expect(await candles(`start=${end - 3600}&end=${end}&granularity=FOUR_HOUR`)).toMatchObject({ status: 400, body: { error: 'INVALID_ARGUMENT' } });
    expect(await candles(`start=${end - 351 * 60}&end=${end}&granularity=ONE_MINUTE`)).toMatchObject({
      status: 400,
      body: { error: 'INVALID_ARGUMENT', message: 'start and end argument is invalid - number of candles requested should be less than 350' },
    });
    expect((await candles(`start=${end - 349 * 60}&end=${end}&granularity=ONE_MINUTE`)).status).toBe(200);
    expect((await get(sim, `/api/v3/brokerage/market/products/NOPE-USD/candles?start=${end - 60}&end=${end}&granularity=ONE_MINUTE`)).status).toBe(404);
  });

  it('streams five-minute candles: a snapshot, updates each second, the ended one once more', async () => {
    const { ws, frames } = await socket(sim.wsUrl);
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'candles', product_ids: ['BTC-USD'] }));
    const of = (type: string) => frames.filter((f) => f['channel'] === 'candles' && (f['events'] as { type: string }[])[0]!.type === type);
    await until(() => of('snapshot').length === 1 && of('update').length > 0, 'a snapshot and an update');
    const snap = (of('snapshot')[0]!['events'] as { candles: Record<string, string>[] }[])[0]!.candles[0]!;
    expect(snap.product_id).toBe('BTC-USD');
    expect(Number(snap.start) % 300).toBe(0);
    await sim.control.jumpClock(5 * MIN);
    await sim.control.tick(2);
    const starts = () => of('update').flatMap((f) => (f['events'] as { candles: Record<string, string>[] }[])[0]!.candles.map((c) => Number(c.start)));
    await until(() => starts().includes(Number(snap.start) + 300), 'the next candle');
    const seq = starts();
    // The ended candle's last state precedes the new one.
    expect(seq[seq.indexOf(Number(snap.start) + 300) - 1]).toBe(Number(snap.start));
    ws.close();
  });
});

describe('kraken dialect: /0/public/OHLC and the v2 ohlc channel', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'kraken', tickMs: 0, seed: 11 });
    await sim.control.tick(20);
  });
  afterAll(async () => sim.close());

  it('answers 720 rows oldest first under the pair key, the last the open interval, and `last`', async () => {
    const now = await sim.control.serverTime();
    const r = await get(sim, '/0/public/OHLC?pair=XBTUSD&interval=60');
    expect(r.body['error']).toEqual([]);
    const result = r.body['result'] as Record<string, unknown>;
    const rows = result['XXBTZUSD'] as unknown[][];
    expect(rows).toHaveLength(720);
    expect(rows.every((row) => row.length === 8 && typeof row[0] === 'number' && typeof row[1] === 'string' && typeof row[7] === 'number')).toBe(true);
    const open = Math.floor(now / 3_600_000) * 3600;
    expect(rows.at(-1)![0]).toBe(open);
    expect(result['last']).toBe(open - 3600);
    // `since` is exclusive; the open interval is always there.
    const since = (await get(sim, `/0/public/OHLC?pair=BTC/USD&interval=60&since=${open - 3 * 3600}`)).body['result'] as Record<string, unknown[][]>;
    expect(since['XXBTZUSD']!.map((row) => row[0])).toEqual([open - 2 * 3600, open - 3600, open]);
  });

  it('refuses in the venue words: an interval it does not build, an unknown pair, too many calls on a pair', async () => {
    expect((await get(sim, '/0/public/OHLC?pair=XBTUSD&interval=7')).body).toEqual({ error: ['EGeneral:Invalid arguments:interval'] });
    expect((await get(sim, '/0/public/OHLC?pair=XBTUSD&interval=10080')).body).toEqual({ error: ['EGeneral:Invalid arguments:interval'] });
    expect((await get(sim, '/0/public/OHLC?pair=NOPE&interval=1')).body).toEqual({ error: ['EQuery:Unknown asset pair'] });
    // A burst past the counter on one pair (ETH/USD: unspent by the cases above), all at once: the
    // counter drains one a second, so at most a slow machine's second lets one more through.
    const replies = await Promise.all(Array.from({ length: 8 }, () => get(sim, '/0/public/OHLC?pair=ETHUSD&interval=1')));
    const words = replies.map((r) => (r.body['error'] as unknown[])[0]);
    const refused = words.filter((w) => w === 'EGeneral:Too many requests').length;
    expect(words.filter((w) => w === undefined).length).toBeGreaterThanOrEqual(5);
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(refused + words.filter((w) => w === undefined).length).toBe(8);
  });

  it('acknowledges each symbol, sends a snapshot, and an update once a trade moved the candle', async () => {
    const { ws, frames } = await socket(`${sim.wsUrl}/v2`);
    ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD', 'ETH/USD'], interval: 1 }, req_id: 4 }));
    await until(() => frames.some((f) => f['channel'] === 'ohlc' && f['type'] === 'snapshot'), 'the snapshot');
    expect(frames.filter((f) => f['method'] === 'subscribe' && f['success'] === true).map((f) => (f['result'] as { symbol: string }).symbol)).toEqual(['BTC/USD', 'ETH/USD']);
    const snap = frames.find((f) => f['channel'] === 'ohlc' && f['type'] === 'snapshot')!;
    const candle = (snap['data'] as Record<string, unknown>[]).at(-1)!;
    expect(candle).toMatchObject({ interval: 1 });
    expect(typeof candle['open']).toBe('number');
    expect(candle['interval_begin']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000000000Z$/);
    await sim.control.tick(40);
    await until(() => frames.some((f) => f['channel'] === 'ohlc' && f['type'] === 'update'), 'an update');
    ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval: 2 }, req_id: 5 }));
    await until(() => frames.some((f) => f['req_id'] === 5), 'the refusal');
    expect(frames.find((f) => f['req_id'] === 5)).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:interval' });
    ws.close();
  });
});
