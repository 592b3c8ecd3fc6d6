// Kraken klines in the shapes its references give: REST `GET /0/public/OHLC` (rows of
// `[time, open, high, low, close, vwap, volume, count]` under the pair's id, and `last`; the last row
// the current, uncommitted interval) and the v2 `ohlc` channel's snapshot and update (numbers, an
// RFC 3339 `interval_begin`), written out by hand from the examples.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { kraken } from '../../../src/venues/kraken/adapter.js';
import { krakenPools, krakenRateFeedback, POOL } from '../../../src/venues/kraken/limits.js';
import { checkKrakenReply } from '../../../src/venues/kraken/errors.js';
import { parseKrakenFrame } from '../../../src/venues/kraken/stream.js';
import { OpenBars } from '../../../src/venues/shared/kline-bars.js';
import type { KlineUpdate, StreamEvent } from '../../../src/venues/stream-types.js';
import type { SignContext, VenueUrls } from '../../../src/venues/venue.js';

const urls: VenueUrls = { rest: 'https://api.kraken.com', wsPublic: 'wss://ws.kraken.com/v2', wsPrivate: 'wss://ws-auth.kraken.com/v2' };
const NOW = 1_688_671_230_000;
const ctx: SignContext = {
  credentials: { venue: 'kraken', env: 'live', apiKey: new Secret('k', 'api key'), apiSecret: new Secret('c2VjcmV0', 'api secret') },
  venueNow: () => NOW,
  nextNonce: () => 1,
  recvWindowMs: 0,
};

const REPLY = {
  error: [],
  result: {
    XXBTZUSD: [
      [1688671080, '30306.1', '30306.2', '30305.7', '30305.7', '30306.1', '3.39243896', 23],
      [1688671140, '30304.5', '30306.6', '30304.5', '30306.4', '30305.7', '3.16117987', 21],
      [1688671200, '30306.4', '30306.4', '30306.4', '30306.4', '30306.4', '0.00020000', 1],
    ],
    last: 1688671140,
  },
};

function frame(text: unknown, open = new OpenBars()): StreamEvent[] {
  const r = parseKrakenFrame(JSON.stringify(text), undefined, open);
  if (!r.ok) throw r.error;
  return r.events;
}
const bars = (evs: StreamEvent[]) => evs.map((e) => [(e as KlineUpdate).symbol, (e as KlineUpdate).timeframe, (e as KlineUpdate).kline.openTime, (e as KlineUpdate).kline.close, (e as KlineUpdate).kline.closed]);

const candle = (begin: string, close: number, interval = 5) => ({
  symbol: 'ALGO/USD',
  open: 0.09875,
  high: Math.max(0.0988, close),
  low: 0.09875,
  close,
  trades: 13,
  volume: 16255.46368,
  vwap: 0.09879,
  interval_begin: begin,
  interval,
  timestamp: begin,
});

describe('kraken klines', () => {
  it('asks GET /0/public/OHLC by altname and minutes, since one bar before the oldest wanted, on its own 1/s pool', () => {
    const plan = kraken.klines!('BTC/USD', '1m', { limit: 3 });
    expect([plan.lane, plan.signed, plan.costs]).toEqual(['background', false, { [POOL.ohlc]: 1 }]);
    const wire = plan.build(ctx);
    expect([wire.method, wire.path, wire.body, wire.headers]).toEqual(['GET', '/0/public/OHLC', '', {}]);
    expect(wire.query).toBe(`pair=XBTUSD&interval=1&since=${(NOW - 4 * 60_000) / 1000}`);
    const minutes = (['1m', '5m', '1h', '4h', '1d'] as const).map((tf) => new URLSearchParams(kraken.klines!('ETH/USD', tf, { limit: 1 }).build(ctx).query).get('interval'));
    expect(minutes).toEqual(['1', '5', '60', '240', '1440']);
    // The pool is the venue's public one (1 a second per IP), in every tier's pools.
    expect(krakenPools('pro').find((p) => p.id === POOL.ohlc)).toMatchObject({ kind: 'ip', limit: 1, windowMs: 1000 });
  });

  it('reads the rows oldest first, the last (uncommitted) one open, whatever the pair key', () => {
    const got = kraken.klines!('BTC/USD', '1m', { limit: 10 }).parse({ status: 200, headers: {}, body: REPLY });
    expect(got.map((b) => [b.openTime, b.open, b.high, b.low, b.close, b.volume, b.closed])).toEqual([
      [1_688_671_080_000, 30306.1, 30306.2, 30305.7, 30305.7, 3.39243896, true],
      [1_688_671_140_000, 30304.5, 30306.6, 30304.5, 30306.4, 3.16117987, true],
      [1_688_671_200_000, 30306.4, 30306.4, 30306.4, 30306.4, 0.0002, false],
    ]);
    // endTime before the open bar: the closed ones up to it, the newest `limit`.
    const older = kraken.klines!('BTC/USD', '1m', { limit: 1, endTime: 1_688_671_199_999 }).parse({ status: 200, headers: {}, body: REPLY });
    expect(older.map((b) => [b.openTime, b.closed])).toEqual([[1_688_671_140_000, true]]);
    expect(() => kraken.klines!('BTC/USD', '1m', { limit: 1 }).parse({ status: 200, headers: {}, body: { error: [], result: { last: 1 } } })).toThrow(/0 pairs/);
  });

  it('subscribes ohlc once per interval with every symbol, awaiting an acknowledgement per symbol', () => {
    const [spec] = kraken.stream.market(urls, ['BTC/USD', 'ETH/USD'], [
      { symbol: 'BTC/USD', timeframe: '1m' },
      { symbol: 'ETH/USD', timeframe: '1m' },
      { symbol: 'BTC/USD', timeframe: '4h' },
    ]);
    const frames = spec!.subscribe!.frames(undefined, undefined).map((f) => JSON.parse(f).params);
    expect(frames.slice(1)).toEqual([
      { channel: 'ohlc', symbol: ['BTC/USD', 'ETH/USD'], interval: 1, snapshot: true },
      { channel: 'ohlc', symbol: ['BTC/USD'], interval: 240, snapshot: true },
    ]);
    expect(spec!.subscribe!.acks).toBe(2 + 3);
    // The kline feed's own socket has no symbols: no ticker subscription, and no ticker expected.
    const [klineOnly] = kraken.stream.market(urls, [], [{ symbol: 'BTC/USD', timeframe: '1h' }]);
    expect(klineOnly!.subscribe!.frames(undefined, undefined).map((f) => JSON.parse(f).params.channel)).toEqual(['ohlc']);
    expect([klineOnly!.subscribe!.acks, klineOnly!.expects]).toEqual([1, undefined]);
  });

  it('reads a public call past its rate as rate-limited: the OHLC pool full, a wait', () => {
    const reply = { status: 200, headers: {}, body: { error: ['EGeneral:Too many requests'] } };
    expect(krakenRateFeedback(reply, NOW)).toEqual({ used: { [POOL.ohlc]: 1 }, rateLimited: true, retryAfterMs: 3_000 });
    expect(checkKrakenReply(reply)).toMatchObject({ meaning: 'rate_limited', failure: 'backoff' });
  });

  it('closes a snapshot candle that has a successor, and an open candle when the next interval begins', () => {
    const open = new OpenBars();
    const snapshot = { channel: 'ohlc', type: 'snapshot', timestamp: '2023-10-04T16:26:01.806315597Z', data: [candle('2023-10-04T15:25:00.000000000Z', 0.09875), candle('2023-10-04T15:30:00.000000000Z', 0.0988)] };
    expect(bars(frame(snapshot, open))).toEqual([
      ['ALGO/USD', '5m', Date.parse('2023-10-04T15:25:00Z'), 0.09875, true],
      ['ALGO/USD', '5m', Date.parse('2023-10-04T15:30:00Z'), 0.0988, false],
    ]);
    const update = (begin: string, close: number) => ({ channel: 'ohlc', type: 'update', timestamp: begin, data: [candle(begin, close)] });
    expect(bars(frame(update('2023-10-04T15:30:00.000000000Z', 0.0989), open))).toEqual([['ALGO/USD', '5m', Date.parse('2023-10-04T15:30:00Z'), 0.0989, false]]);
    // The next interval's first trade: the held candle is reported closed, then the new one.
    expect(bars(frame(update('2023-10-04T15:35:00.000000000Z', 0.099), open))).toEqual([
      ['ALGO/USD', '5m', Date.parse('2023-10-04T15:30:00Z'), 0.0989, true],
      ['ALGO/USD', '5m', Date.parse('2023-10-04T15:35:00Z'), 0.099, false],
    ]);
    // A late update of an older candle changes nothing.
    expect(frame(update('2023-10-04T15:30:00.000000000Z', 0.1), open)).toEqual([]);
    // An interval the signal stack does not read (15) is skipped; one off the grid is refused.
    expect(frame({ ...update('2023-10-04T15:45:00.000000000Z', 1), data: [candle('2023-10-04T15:45:00.000000000Z', 1, 15)] }, open)).toEqual([]);
    expect(parseKrakenFrame(JSON.stringify(update('2023-10-04T15:36:00.000000000Z', 1)), undefined, open).ok).toBe(false);
  });
});
