// Bybit v5 klines in the shapes its docs give (BYD `docs/v5/market/kline.mdx`: the list newest first,
// arrays of strings; `docs/v5/websocket/public/kline.mdx`: the `kline.5.BTCUSDT` push with `confirm`),
// written out by hand from the examples, re-dated onto a linear symbol.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { bybit } from '../../../src/venues/bybit/adapter.js';
import { parseBybitFrame } from '../../../src/venues/bybit/stream.js';
import type { StreamEvent } from '../../../src/venues/stream-types.js';
import { VenueParseError, type SignContext } from '../../../src/venues/venue.js';

const ctx: SignContext = {
  credentials: { venue: 'bybit', env: 'live', apiKey: new Secret('k', 'key'), apiSecret: new Secret('s', 'secret') },
  venueNow: () => 1_670_608_900_000,
  nextNonce: () => 1,
  recvWindowMs: 5000,
};
const urls = { rest: 'https://api.bybit.com', wsPublic: 'wss://stream.bybit.com/v5/public/linear', wsPrivate: 'wss://stream.bybit.com/v5/private' };

// The reference's example reply (1h bars, newest first), its envelope `time` inside the newest bar.
const REPLY = {
  retCode: 0,
  retMsg: 'OK',
  result: {
    symbol: 'BTCUSDT',
    category: 'linear',
    list: [
      ['1670608800000', '17071', '17073', '17027', '17055.5', '268611', '15.74462667'],
      ['1670605200000', '17071.5', '17071.5', '17061', '17071', '4177', '0.24469757'],
      ['1670601600000', '17086.5', '17088', '16978', '17071.5', '6356', '0.37288112'],
    ],
  },
  retExtInfo: {},
  time: 1_670_608_900_000,
};

function events(text: unknown): StreamEvent[] {
  const r = parseBybitFrame(JSON.stringify(text));
  if (!r.ok) throw r.error;
  return r.events;
}

describe('bybit klines', () => {
  it('asks GET /v5/market/kline, public, on the background lane and the IP pool only', () => {
    const plan = bybit.klines!('BTCUSDT', '4h', { limit: 5000, endTime: 1_670_608_800_000 });
    expect([plan.lane, plan.signed, plan.mutating, plan.costs]).toEqual(['background', false, false, { 'ip-5s': 1 }]);
    const wire = plan.build(ctx);
    expect([wire.method, wire.path, wire.headers]).toEqual(['GET', '/v5/market/kline', {}]);
    // 4h is interval 240; the limit is the venue's maximum, 1000.
    expect(wire.query).toBe('category=linear&symbol=BTCUSDT&interval=240&end=1670608800000&limit=1000');
    const intervals = (['1m', '5m', '1h', '4h', '1d'] as const).map((tf) => new URLSearchParams(bybit.klines!('X', tf, { limit: 1 }).build(ctx).query).get('interval'));
    expect(intervals).toEqual(['1', '5', '60', '240', 'D']);
  });

  it('turns the newest-first list into bars oldest first, the newest open by the envelope time', () => {
    const plan = bybit.klines!('BTCUSDT', '1h', { limit: 200 });
    const bars = plan.parse({ status: 200, headers: {}, body: REPLY });
    expect(bars.map((b) => [b.openTime, b.open, b.high, b.low, b.close, b.volume, b.closed])).toEqual([
      [1_670_601_600_000, 17086.5, 17088, 16978, 17071.5, 6356, true],
      [1_670_605_200_000, 17071.5, 17071.5, 17061, 17071, 4177, true],
      [1_670_608_800_000, 17071, 17073, 17027, 17055.5, 268611, false],
    ]);
    // Only the newest `limit` are kept.
    expect(bybit.klines!('BTCUSDT', '1h', { limit: 2 }).parse({ status: 200, headers: {}, body: REPLY }).map((b) => b.openTime)).toEqual([
      1_670_605_200_000, 1_670_608_800_000,
    ]);
  });

  it('refuses a bar off its timeframe grid or a price that is not a number, naming the field', () => {
    const off = { ...REPLY, result: { ...REPLY.result, list: [['1670608860000', '1', '1', '1', '1', '1', '1']] } };
    expect(() => bybit.klines!('BTCUSDT', '1h', { limit: 5 }).parse({ status: 200, headers: {}, body: off })).toThrow(VenueParseError);
    const bad = { ...REPLY, result: { ...REPLY.result, list: [['1670608800000', 'x', '1', '1', '1', '1', '1']] } };
    expect(() => bybit.klines!('BTCUSDT', '1h', { limit: 5 }).parse({ status: 200, headers: {}, body: bad })).toThrow(/list\[0\] open/);
  });

  it('subscribes kline.<interval>.<symbol> beside the book and tickers, in the same request', () => {
    const [spec] = bybit.stream.market(urls, ['BTCUSDT'], [
      { symbol: 'BTCUSDT', timeframe: '1m' },
      { symbol: 'BTCUSDT', timeframe: '1d' },
    ]);
    expect(spec!.subscribe!.acks).toBe(1);
    expect(JSON.parse(spec!.subscribe!.frames()[0]!).args).toEqual(['orderbook.1.BTCUSDT', 'tickers.BTCUSDT', 'kline.1.BTCUSDT', 'kline.D.BTCUSDT']);
    expect(JSON.parse(bybit.stream.market(urls, ['BTCUSDT'])[0]!.subscribe!.frames()[0]!).args).toEqual(['orderbook.1.BTCUSDT', 'tickers.BTCUSDT']);
    // The kline feed's own socket has no symbols: klines only, and no ticker expected.
    const [klineOnly] = bybit.stream.market(urls, [], [{ symbol: 'BTCUSDT', timeframe: '5m' }]);
    expect(JSON.parse(klineOnly!.subscribe!.frames()[0]!).args).toEqual(['kline.5.BTCUSDT']);
    expect(klineOnly!.expects).toBeUndefined();
  });

  it('reads a kline push: open while confirm is false, closed when true', () => {
    const push = (confirm: boolean) => ({
      topic: 'kline.5.BTCUSDT',
      data: [
        {
          start: 1_672_324_800_000,
          end: 1_672_325_099_999,
          interval: '5',
          open: '16649.5',
          close: '16677',
          high: '16677',
          low: '16608',
          volume: '2.081',
          turnover: '34666.4005',
          confirm,
          timestamp: 1_672_324_988_882,
        },
      ],
      ts: 1_672_324_988_882,
      type: 'snapshot',
    });
    expect(events(push(false))).toEqual([
      {
        type: 'kline',
        symbol: 'BTCUSDT',
        timeframe: '5m',
        kline: { openTime: 1_672_324_800_000, open: 16649.5, high: 16677, low: 16608, close: 16677, volume: 2.081, closed: false },
      },
    ]);
    expect((events(push(true))[0] as { kline: { closed: boolean } }).kline.closed).toBe(true);
    // An interval the signal stack does not read (15 minutes) is no bar.
    expect(events({ ...push(true), topic: 'kline.15.BTCUSDT', data: [{ ...push(true).data[0], interval: '15', start: 1_672_324_800_000 }] })).toEqual([]);
    // A push whose interval disagrees with its topic is refused, not filed under the wrong timeframe.
    const r = parseBybitFrame(JSON.stringify({ ...push(true), topic: 'kline.1.BTCUSDT' }));
    expect(r.ok).toBe(false);
  });
});
