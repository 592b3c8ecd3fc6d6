// Klines of Binance USD-M, OKX and Hyperliquid: the REST plan (path, parameters, lane, weights) and
// the parse of REST replies and stream pushes, on fixtures in each venue's documented shape.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { binanceUsdm } from '../../../src/venues/binance/adapter.js';
import { klinesWeight } from '../../../src/venues/binance/klines.js';
import { parseBinanceFrame } from '../../../src/venues/binance/stream.js';
import { hyperliquid } from '../../../src/venues/hyperliquid/adapter.js';
import { parseHyperliquidFrame } from '../../../src/venues/hyperliquid/stream.js';
import { okx } from '../../../src/venues/okx/adapter.js';
import { POOL } from '../../../src/venues/okx/limits.js';
import { parseOkxFrame } from '../../../src/venues/okx/stream.js';
import type { Credentials, SignContext, VenueAdapter, VenueUrls } from '../../../src/venues/venue.js';

const NOW = 1_700_000_130_000; // 2023-11-14T22:15:30Z: inside the 22:15 minute bar
const ctxOf = (venue: Credentials['venue']): SignContext => ({
  credentials: { venue, env: 'live', apiKey: new Secret('k', 'api key'), apiSecret: new Secret('s', 'api secret') },
  venueNow: () => NOW,
  nextNonce: () => 1,
  recvWindowMs: 5000,
});
const reply = (body: unknown) => ({ status: 200, headers: {}, body, text: JSON.stringify(body) });
const klinesOf = (a: VenueAdapter) => {
  if (a.klines === undefined) throw new Error(`${a.id} has no klines`);
  return a.klines;
};

describe('binance usd-m klines', () => {
  it('asks GET /fapi/v1/klines unsigned on the background lane, weighed by limit', () => {
    const plan = klinesOf(binanceUsdm)('BTCUSDT', '1m', { limit: 200, endTime: NOW });
    const wire = plan.build(ctxOf('binance-usdm'));
    expect([plan.lane, plan.signed, plan.mutating, wire.method, wire.path]).toEqual(['background', false, false, 'GET', '/fapi/v1/klines']);
    expect(wire.query).toBe(`symbol=BTCUSDT&interval=1m&limit=200&endTime=${NOW}`);
    expect(wire.headers['X-MBX-APIKEY']).toBeUndefined();
    expect(plan.costs).toEqual({ 'weight-1m': 2 });
    expect([1, 99, 100, 499, 500, 1000, 1001, 1500].map(klinesWeight)).toEqual([1, 1, 2, 2, 5, 5, 10, 10]);
    // Beyond the venue's maximum: asked for the maximum.
    expect(klinesOf(binanceUsdm)('BTCUSDT', '1d', { limit: 5000 }).build(ctxOf('binance-usdm')).query).toBe('symbol=BTCUSDT&interval=1d&limit=1500');
  });

  it('reads rows oldest first; the last is open while its close time is ahead of the venue clock', () => {
    const plan = klinesOf(binanceUsdm)('BTCUSDT', '1m', { limit: 2 });
    plan.build(ctxOf('binance-usdm'));
    const rows = [
      [1_700_000_040_000, '37000.1', '37010.0', '36990.5', '37005.2', '12.345', 1_700_000_099_999, '456789.1', 120, '6.1', '225000.0', '0'],
      [1_700_000_100_000, '37005.2', '37020.0', '37001.0', '37015.0', '3.210', 1_700_000_159_999, '118800.0', 31, '1.5', '55500.0', '0'],
    ];
    expect(plan.parse(reply(rows))).toEqual([
      { openTime: 1_700_000_040_000, open: 37000.1, high: 37010, low: 36990.5, close: 37005.2, volume: 12.345, closed: true },
      { openTime: 1_700_000_100_000, open: 37005.2, high: 37020, low: 37001, close: 37015, volume: 3.21, closed: false },
    ]);
    expect(() => plan.parse(reply([[1_700_000_040_000, '1', '0.5', '0.9', '1', '1', 1_700_000_099_999]]))).toThrow(/high\/low/);
    expect(() => plan.parse(reply([[1_700_000_040_001, '1', '1', '1', '1', '1', 1_700_000_099_999]]))).toThrow(/grid/);
  });

  it('parses the kline event of the /market route, and subscribes klines there', () => {
    const frame = {
      stream: 'btcusdt@kline_1m',
      data: {
        e: 'kline',
        E: 1_700_000_130_100,
        s: 'BTCUSDT',
        k: { t: 1_700_000_100_000, T: 1_700_000_159_999, s: 'BTCUSDT', i: '1m', f: 100, L: 200, o: '37005.2', c: '37015.0', h: '37020.0', l: '37001.0', v: '3.210', n: 101, x: false, q: '118800.0', V: '1.5', Q: '55500.0', B: '0' },
      },
    };
    const parsed = parseBinanceFrame(JSON.stringify(frame));
    expect(parsed).toEqual({
      ok: true,
      events: [{ type: 'kline', symbol: 'BTCUSDT', timeframe: '1m', kline: { openTime: 1_700_000_100_000, open: 37005.2, high: 37020, low: 37001, close: 37015, volume: 3.21, closed: false } }],
    });
    const closed = parseBinanceFrame(JSON.stringify({ ...frame.data, k: { ...frame.data.k, x: true } }));
    expect(closed.ok && closed.events[0]?.type === 'kline' && closed.events[0].kline.closed).toBe(true);
    const other = parseBinanceFrame(JSON.stringify({ ...frame.data, k: { ...frame.data.k, i: '3m' } }));
    expect(other.ok && other.events[0]?.type).toBe('unknown');
    const bad = parseBinanceFrame(JSON.stringify({ ...frame.data, k: { ...frame.data.k, h: 'x' } }));
    expect(bad.ok).toBe(false);

    const urls: VenueUrls = { rest: 'http://127.0.0.1:1', wsPublic: 'ws://127.0.0.1:1', wsPrivate: 'ws://127.0.0.1:1' };
    const only = binanceUsdm.stream.market(urls, [], [{ symbol: 'BTCUSDT', timeframe: '1m' }, { symbol: 'BTCUSDT', timeframe: '4h' }]);
    expect(only.map((s) => [s.name, s.url(undefined)])).toEqual([['market', 'ws://127.0.0.1:1/market/stream?streams=btcusdt@kline_1m/btcusdt@kline_4h']]);
    const beside = binanceUsdm.stream.market(urls, ['ETHUSDT'], [{ symbol: 'ETHUSDT', timeframe: '1d' }]);
    expect(beside.find((s) => s.name === 'market')?.url(undefined)).toBe('ws://127.0.0.1:1/market/stream?streams=ethusdt@aggTrade/ethusdt@markPrice/ethusdt@kline_1d');
    expect(binanceUsdm.stream.market(urls, ['ETHUSDT']).map((s) => s.url(undefined))).toEqual(binanceUsdm.stream.market(urls, ['ETHUSDT'], []).map((s) => s.url(undefined)));
  });
});

describe('okx klines', () => {
  it('asks GET /api/v5/market/candles unsigned on its own 40-per-2-s pool, a UTC day as 1Dutc', () => {
    const plan = klinesOf(okx)('BTC-USDT-SWAP', '1d', { limit: 500, endTime: NOW });
    const wire = plan.build(ctxOf('okx'));
    expect([plan.lane, plan.signed, wire.method, wire.path]).toEqual(['background', false, 'GET', '/api/v5/market/candles']);
    expect(wire.query).toBe(`instId=BTC-USDT-SWAP&bar=1Dutc&after=${NOW + 1}&limit=300`);
    expect(wire.headers['OK-ACCESS-KEY']).toBeUndefined();
    expect(plan.costs).toEqual({ [POOL.candles]: 1 });
    expect(okx.pools.find((p) => p.id === POOL.candles)).toMatchObject({ kind: 'ip', limit: 40, windowMs: 2000 });
    expect(klinesOf(okx)('BTC-USDT-SWAP', '4h', { limit: 10 }).build(ctxOf('okx')).query).toBe('instId=BTC-USDT-SWAP&bar=4H&limit=10');
  });

  it('reads rows newest first into oldest first, confirm as closed, volCcy (base) as the volume', () => {
    const body = {
      code: '0',
      msg: '',
      data: [
        ['1700000100000', '37005.2', '37020', '37001', '37015', '321', '3.21', '118800', '0'],
        ['1700000040000', '37000.1', '37010', '36990.5', '37005.2', '1234.5', '12.345', '456789.1', '1'],
      ],
    };
    const bars = klinesOf(okx)('BTC-USDT-SWAP', '1m', { limit: 2 }).parse(reply(body));
    expect(bars.map((b) => [b.openTime, b.close, b.volume, b.closed])).toEqual([
      [1_700_000_040_000, 37005.2, 12.345, true],
      [1_700_000_100_000, 37015, 3.21, false],
    ]);
    expect(() => klinesOf(okx)('BTC-USDT-SWAP', '1m', { limit: 2 }).parse(reply({ ...body, data: [[...body.data[0]!.slice(0, 8), 'yes']] }))).toThrow(/confirm/);
  });

  it('parses candle pushes, and subscribes them on the business socket without login', () => {
    const push = { arg: { channel: 'candle1H', instId: 'BTC-USDT-SWAP' }, data: [['1699999200000', '37000', '37100', '36900', '37050', '5000', '50', '1850000', '0']] };
    expect(parseOkxFrame(JSON.stringify(push))).toEqual({
      ok: true,
      events: [{ type: 'kline', symbol: 'BTC-USDT-SWAP', timeframe: '1h', kline: { openTime: 1_699_999_200_000, open: 37000, high: 37100, low: 36900, close: 37050, volume: 50, closed: false } }],
    });
    const unmodelled = parseOkxFrame(JSON.stringify({ ...push, arg: { channel: 'candle3m', instId: 'BTC-USDT-SWAP' } }));
    expect(unmodelled.ok && unmodelled.events[0]?.type).toBe('unknown');
    const urls = okx.urls('sim', { rest: 'http://127.0.0.1:1', wsPublic: 'ws://127.0.0.1:1', wsPrivate: 'ws://127.0.0.1:1' });
    const specs = okx.stream.market(urls, [], [{ symbol: 'BTC-USDT-SWAP', timeframe: '1m' }, { symbol: 'BTC-USDT-SWAP', timeframe: '1d' }]);
    expect(specs.map((s) => [s.name, s.url(undefined), s.login])).toEqual([['candles', 'ws://127.0.0.1:1/ws/v5/business', undefined]]);
    expect(specs[0]!.subscribe?.frames()).toEqual([
      JSON.stringify({ op: 'subscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT-SWAP' }, { channel: 'candle1Dutc', instId: 'BTC-USDT-SWAP' }] }),
    ]);
    expect(specs[0]!.subscribe?.acks).toBe(2);
    expect(okx.stream.market(urls, ['BTC-USDT-SWAP']).map((s) => s.name)).toEqual(['market']);
  });
});

describe('hyperliquid klines', () => {
  it('asks candleSnapshot on /info over the window of limit bars, weight 20 + 1 per 60', () => {
    const plan = klinesOf(hyperliquid)('BTC', '1h', { limit: 120 });
    const wire = plan.build(ctxOf('hyperliquid'));
    expect([plan.lane, plan.signed, wire.method, wire.path]).toEqual(['background', false, 'POST', '/info']);
    const hour = 3_600_000;
    const startTime = Math.floor(NOW / hour) * hour - 119 * hour;
    expect(JSON.parse(wire.body)).toEqual({ type: 'candleSnapshot', req: { coin: 'BTC', interval: '1h', startTime, endTime: NOW + hour } });
    expect(plan.costs).toEqual({ 'weight-1m': 22 });
  });

  it('reads candles, closed when their close time is past; pushes on channel candle are open', () => {
    const plan = klinesOf(hyperliquid)('BTC', '1m', { limit: 2 });
    plan.build(ctxOf('hyperliquid'));
    const candles = [
      { t: 1_700_000_040_000, T: 1_700_000_099_999, s: 'BTC', i: '1m', o: '37000.1', c: '37005.2', h: '37010.0', l: '36990.5', v: '12.345', n: 120 },
      { t: 1_700_000_100_000, T: 1_700_000_159_999, s: 'BTC', i: '1m', o: '37005.2', c: '37015.0', h: '37020.0', l: '37001.0', v: '3.21', n: 31 },
    ];
    expect(plan.parse(reply([candles[1], candles[0]])).map((b) => [b.openTime, b.closed])).toEqual([
      [1_700_000_040_000, true],
      [1_700_000_100_000, false],
    ]);
    expect(parseHyperliquidFrame(JSON.stringify({ channel: 'candle', data: candles[0] }))).toEqual({
      ok: true,
      events: [{ type: 'kline', symbol: 'BTC', timeframe: '1m', kline: { openTime: 1_700_000_040_000, open: 37000.1, high: 37010, low: 36990.5, close: 37005.2, volume: 12.345, closed: false } }],
    });
    const urls: VenueUrls = { rest: 'http://127.0.0.1:1', wsPublic: 'ws://127.0.0.1:1/ws', wsPrivate: 'ws://127.0.0.1:1/ws' };
    const [spec] = hyperliquid.stream.market(urls, [], [{ symbol: 'BTC', timeframe: '5m' }]);
    expect(spec?.subscribe?.frames()).toEqual([JSON.stringify({ method: 'subscribe', subscription: { type: 'candle', coin: 'BTC', interval: '5m' } })]);
  });
});
