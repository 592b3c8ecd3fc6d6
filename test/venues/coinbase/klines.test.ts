// Coinbase Advanced Trade klines in the documented shapes: the public candles reply
// (`{"candles":[{start, low, high, open, close, volume}]}`, newest first, seconds and strings, as the
// official SDK's `Candle` reads it) and the market socket's `candles` channel (five-minute candles,
// `events[].candles[]` with `product_id`), written out by hand.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { coinbase } from '../../../src/venues/coinbase/adapter.js';
import { KLINE_POLL, maxBars } from '../../../src/venues/coinbase/klines.js';
import { parseCoinbaseFrame, type SocketMemory } from '../../../src/venues/coinbase/stream.js';
import { OpenBars } from '../../../src/venues/shared/kline-bars.js';
import type { KlineUpdate, StreamEvent } from '../../../src/venues/stream-types.js';
import type { SignContext, VenueUrls } from '../../../src/venues/venue.js';

const urls: VenueUrls = { rest: 'https://api.coinbase.com', wsPublic: 'wss://advanced-trade-ws.coinbase.com', wsPrivate: 'wss://advanced-trade-ws-user.coinbase.com' };
const HOUR = 3_600_000;
// 2024-04-04 02:20 UTC: inside the 00:00-04:00 4h bucket, the 02:00 hour open.
const NOW = 1_712_197_200_000;
const ctx: SignContext = {
  credentials: { venue: 'coinbase', env: 'live', apiKey: new Secret('organizations/o/apiKeys/k', 'api key') },
  venueNow: () => NOW,
  nextNonce: () => 1,
  recvWindowMs: 0,
};

const candle = (startS: number, open: string, high: string, low: string, close: string, volume: string) => ({ start: String(startS), low, high, open, close, volume });

function events(text: unknown, memory: SocketMemory): StreamEvent[] {
  const r = parseCoinbaseFrame(JSON.stringify(text), memory);
  if (!r.ok) throw r.error;
  return r.events;
}

describe('coinbase klines', () => {
  it('asks the public candles of the product from the oldest wanted bar to now, unsigned, on the public pool', () => {
    const plan = coinbase.klines!('BTC-USD', '1h', { limit: 3 });
    expect([plan.lane, plan.signed, plan.costs]).toEqual(['background', false, { 'public-1s': 1 }]);
    const wire = plan.build(ctx);
    expect([wire.method, wire.path, wire.headers]).toEqual(['GET', '/api/v3/brokerage/market/products/BTC-USD/candles', {}]);
    const q = Object.fromEntries(new URLSearchParams(wire.query));
    expect(q).toEqual({ start: String((NOW - 20 * 60_000 - 2 * HOUR) / 1000), end: String(NOW / 1000), granularity: 'ONE_HOUR', limit: '3' });
    const words = (['1m', '5m', '1h', '4h', '1d'] as const).map((tf) => new URLSearchParams(coinbase.klines!('BTC-USD', tf, { limit: 1 }).build(ctx).query).get('granularity'));
    // No 4h granularity: 4h is asked as hours.
    expect(words).toEqual(['ONE_MINUTE', 'FIVE_MINUTE', 'ONE_HOUR', 'ONE_HOUR', 'ONE_DAY']);
    // At most 300 candles a request: 300 bars, or 75 of 4h.
    expect([maxBars('1m'), maxBars('4h')]).toEqual([300, 75]);
    expect(new URLSearchParams(coinbase.klines!('BTC-USD', '1m', { limit: 1000 }).build(ctx).query).get('limit')).toBe('300');
  });

  it('reads the newest-first candles oldest first; a bar is open until its span has passed the send time', () => {
    const plan = coinbase.klines!('BTC-USD', '1h', { limit: 3 });
    plan.build(ctx);
    const body = {
      candles: [
        candle(1712196000, '66312.4', '66331.99', '66055.14', '66181.6', '355.82896243'),
        candle(1712192400, '65984.18', '66387.77', '65857.35', '66314.59', '358.74851052'),
      ],
    };
    expect(plan.parse({ status: 200, headers: {}, body }).map((b) => [b.openTime, b.open, b.high, b.low, b.close, b.volume, b.closed])).toEqual([
      [1_712_192_400_000, 65984.18, 66387.77, 65857.35, 66314.59, 358.74851052, true],
      [1_712_196_000_000, 66312.4, 66331.99, 66055.14, 66181.6, 355.82896243, false],
    ]);
  });

  it('builds 4h bars from whole 4h buckets of hours, asked from a 4h boundary', () => {
    const plan = coinbase.klines!('BTC-USD', '4h', { limit: 2 });
    const q = Object.fromEntries(new URLSearchParams(plan.build(ctx).query));
    const bucket = Math.floor(NOW / (4 * HOUR)) * 4 * HOUR;
    expect([q.start, q.granularity, q.limit]).toEqual([String((bucket - 4 * HOUR) / 1000), 'ONE_HOUR', '7']);
    const h = (i: number) => (bucket - 4 * HOUR + i * HOUR) / 1000;
    // Hours 20:00-23:00 of the day before, then 00:00-02:00 (the 01:00 hour had no trade: no candle).
    const body = {
      candles: [
        candle(h(6), '105', '107', '104', '106', '1'),
        candle(h(4), '103', '104', '102', '104', '2'),
        candle(h(3), '102', '110', '101', '103', '3'),
        candle(h(2), '101', '102', '99', '102', '4'),
        candle(h(1), '100', '101', '100', '101', '5'),
        candle(h(0), '99', '100', '98', '100', '6'),
      ],
    };
    expect(plan.parse({ status: 200, headers: {}, body })).toEqual([
      { openTime: bucket - 4 * HOUR, open: 99, high: 110, low: 98, close: 103, volume: 18, closed: true },
      { openTime: bucket, open: 103, high: 107, low: 102, close: 106, volume: 3, closed: false },
    ]);
    // A candle before the asked start (the venue may send one) starts no partial bucket.
    const wider = coinbase.klines!('BTC-USD', '4h', { limit: 3 });
    wider.build(ctx);
    const early = { candles: [...body.candles, candle(h(0) - 5 * 3600, '1', '1', '1', '1', '9')] };
    expect(wider.parse({ status: 200, headers: {}, body: early }).map((b) => [b.openTime, b.open, b.volume])).toEqual([
      [bucket - 4 * HOUR, 99, 18],
      [bucket, 103, 3],
    ]);
  });

  it('streams five-minute candles only; the other timeframes are named for polling', () => {
    const [spec] = coinbase.stream.market(urls, ['BTC-USD'], [
      { symbol: 'BTC-USD', timeframe: '5m' },
      { symbol: 'BTC-USD', timeframe: '1m' },
      { symbol: 'ETH-USD', timeframe: '5m' },
    ]);
    const frames = spec!.subscribe!.frames().map((f) => JSON.parse(f));
    expect(frames.map((f) => [f.channel, f.product_ids])).toEqual([
      ['ticker', ['BTC-USD']],
      ['heartbeats', []],
      ['candles', ['BTC-USD', 'ETH-USD']],
    ]);
    expect(spec!.subscribe!.acks).toBe(3);
    expect(coinbase.stream.market(urls, ['BTC-USD'], [{ symbol: 'BTC-USD', timeframe: '1h' }])[0]!.subscribe!.acks).toBe(2);
    expect(coinbase.stream.klinePolled).toBe(KLINE_POLL);
    // The kline feed's own socket has no symbols: no ticker subscription, and no ticker expected.
    const [klineOnly] = coinbase.stream.market(urls, [], [{ symbol: 'BTC-USD', timeframe: '5m' }]);
    expect(klineOnly!.subscribe!.frames().map((f) => JSON.parse(f).channel)).toEqual(['heartbeats', 'candles']);
    expect([klineOnly!.subscribe!.acks, klineOnly!.expects]).toEqual([2, undefined]);
    expect([...KLINE_POLL.timeframes].sort()).toEqual(['1d', '1h', '1m', '4h']);
  });

  it('reads a candles message; a candle closes when a later one of its product arrives', () => {
    const memory: SocketMemory = { open: new OpenBars() };
    const msg = (seq: number, type: string, start: number, close: string) => ({
      channel: 'candles',
      client_id: '',
      timestamp: '2023-06-09T20:19:35.39625135Z',
      sequence_num: seq,
      events: [{ type, candles: [{ start: String(start), high: '1867.72', low: '1865.63', open: '1867.38', close, volume: '0.20269406', product_id: 'ETH-USD' }] }],
    });
    const kl = (evs: StreamEvent[]) => evs.map((e) => [(e as KlineUpdate).symbol, (e as KlineUpdate).timeframe, (e as KlineUpdate).kline.openTime, (e as KlineUpdate).kline.close, (e as KlineUpdate).kline.closed]);
    expect(kl(events(msg(0, 'snapshot', 1688998200, '1866.81'), memory))).toEqual([['ETH-USD', '5m', 1_688_998_200_000, 1866.81, false]]);
    expect(kl(events(msg(1, 'update', 1688998200, '1866.9'), memory))).toEqual([['ETH-USD', '5m', 1_688_998_200_000, 1866.9, false]]);
    expect(kl(events(msg(2, 'update', 1688998500, '1867'), memory))).toEqual([
      ['ETH-USD', '5m', 1_688_998_200_000, 1866.9, true],
      ['ETH-USD', '5m', 1_688_998_500_000, 1867, false],
    ]);
    expect((events(msg(3, 'update', 1688998500, '1867'), memory)[0] as KlineUpdate).kline).toEqual({
      openTime: 1_688_998_500_000,
      open: 1867.38,
      high: 1867.72,
      low: 1865.63,
      close: 1867,
      volume: 0.20269406,
      closed: false,
    });
    // A start off the five-minute grid is refused.
    expect(parseCoinbaseFrame(JSON.stringify(msg(4, 'update', 1688998560, '1')), memory).ok).toBe(false);
  });
});
