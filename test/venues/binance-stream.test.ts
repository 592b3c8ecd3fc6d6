import { describe, expect, it } from 'vitest';
import {
  binanceMarketStreams,
  binanceStreams,
  marketStreamNames,
  marketStreamUrl,
  parseBinanceFrame,
  userStreamUrl,
} from '../../src/venues/binance/stream.js';
import { isListenKeyGone, listenKeyToken } from '../../src/venues/binance/listen-key.js';
import { binanceUsdmUrls } from '../../src/venues/binance/urls.js';
import { Secret } from '../../src/core/secret.js';
import type { StreamEvent } from '../../src/venues/stream-types.js';
import type { SignContext } from '../../src/venues/venue.js';

function events(frame: unknown): StreamEvent[] {
  const r = parseBinanceFrame(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (!r.ok) throw r.error;
  return r.events;
}

const tradeUpdate = {
  e: 'ORDER_TRADE_UPDATE',
  E: 1568879465651,
  T: 1568879465650,
  o: {
    s: 'BTCUSDT',
    c: 'qd-1',
    S: 'SELL',
    o: 'LIMIT',
    f: 'GTC',
    q: '0.003',
    p: '7103.10',
    ap: '7103.10',
    sp: '0',
    x: 'TRADE',
    X: 'PARTIALLY_FILLED',
    i: 8886774,
    l: '0.001',
    z: '0.001',
    L: '7103.10',
    N: 'USDT',
    n: '0.00284124',
    T: 1568879465650,
    t: 42,
    b: '0',
    a: '9.91',
    m: true,
    R: false,
    wt: 'CONTRACT_PRICE',
    ot: 'LIMIT',
    ps: 'BOTH',
    cp: false,
    rp: '0',
  },
};

describe('Binance USD-M user stream parser', () => {
  it('turns a TRADE execution into an order update and a fill', () => {
    const [order, fill] = events(tradeUpdate);
    expect(order).toEqual({
      type: 'order',
      order: {
        venueOrderId: '8886774',
        clientOrderId: 'qd-1',
        symbol: 'BTCUSDT',
        side: 'sell',
        type: 'limit',
        timeInForce: 'gtc',
        price: '7103.10',
        qty: '0.003',
        filledQty: '0.001',
        avgPrice: '7103.10',
        state: 'partially_filled',
        reduceOnly: false,
        postOnly: false,
        updatedAt: 1568879465650,
      },
    });
    expect(fill).toEqual({
      type: 'fill',
      fill: {
        tradeId: '42',
        venueOrderId: '8886774',
        clientOrderId: 'qd-1',
        symbol: 'BTCUSDT',
        side: 'sell',
        price: '7103.10',
        qty: '0.001',
        fee: '0.00284124',
        feeAsset: 'USDT',
        time: 1568879465650,
        maker: true,
      },
    });
  });

  it('gives a NEW/CANCELED execution no fill, and a market order no price', () => {
    const o = { ...tradeUpdate.o, x: 'NEW', X: 'NEW', o: 'MARKET', p: '0', f: 'GTX', z: '0', ap: '0' };
    const out = events({ ...tradeUpdate, o });
    expect(out).toHaveLength(1);
    const first = out[0]!;
    expect(first.type).toBe('order');
    if (first.type !== 'order') return;
    expect(first.order.price).toBeUndefined();
    expect(first.order.type).toBe('market');
    expect(first.order.postOnly).toBe(true);
    const canceled = events({ ...tradeUpdate, o: { ...tradeUpdate.o, x: 'CANCELED', X: 'CANCELED' } });
    expect(canceled.map((e) => e.type)).toEqual(['order']);
  });

  it('reads ACCOUNT_UPDATE balances and one-way positions', () => {
    const out = events({
      e: 'ACCOUNT_UPDATE',
      E: 1564745798939,
      T: 1564745798938,
      a: {
        m: 'ORDER',
        B: [{ a: 'USDT', wb: '122624.12345678', cw: '100.12345678', bc: '50.12345678' }],
        P: [{ s: 'BTCUSDT', pa: '-0.002', ep: '7103.1', bep: '0', cr: '200', up: '-0.1', mt: 'cross', iw: '0', ps: 'BOTH' }],
      },
    });
    expect(out).toEqual([
      {
        type: 'account',
        time: 1564745798938,
        reason: 'ORDER',
        balances: [{ asset: 'USDT', wallet: '122624.12345678' }],
        positions: [{ symbol: 'BTCUSDT', qty: '-0.002', entryPrice: '7103.1', unrealizedPnl: '-0.1' }],
      },
    ]);
  });

  it('reports listenKeyExpired (E as a string, as the venue now sends it)', () => {
    expect(events({ e: 'listenKeyExpired', E: '1736996475556', listenKey: 'abc' })).toEqual([
      { type: 'token-expired', time: 1736996475556 },
    ]);
  });

  it('names bad frames instead of throwing', () => {
    const cases: Array<[string, string]> = [
      ['{"e":"ORDER_TRADE_UPDATE",', 'not-json'],
      ['[1,2]', 'bad-shape'],
      ['{"hello":1}', 'bad-shape'],
      [JSON.stringify({ ...tradeUpdate, o: { ...tradeUpdate.o, q: 1.5 } }), 'bad-field'],
      [JSON.stringify({ ...tradeUpdate, o: { ...tradeUpdate.o, q: '1e5' } }), 'bad-field'],
      [JSON.stringify({ ...tradeUpdate, o: { ...tradeUpdate.o, X: 'WEIRD' } }), 'bad-field'],
      [JSON.stringify({ ...tradeUpdate, o: 'x' }), 'bad-field'],
      [JSON.stringify({ e: 'ACCOUNT_UPDATE', T: 1, a: { B: [null] } }), 'bad-field'],
    ];
    for (const [text, failure] of cases) {
      const r = parseBinanceFrame(text);
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.error.name).toBe('StreamParseError');
      expect(r.error.failure).toBe(failure);
      expect(r.error.excerpt.length).toBeLessThanOrEqual(140);
    }
  });

  it('keeps unknown event kinds apart from known ones it ignores on purpose', () => {
    expect(events({ e: 'SOMETHING_NEW', E: 1 })[0]).toMatchObject({ type: 'unknown', name: 'SOMETHING_NEW' });
    expect(events({ e: 'TRADE_LITE', E: 1 })).toEqual([{ type: 'notice', text: 'TRADE_LITE' }]);
    expect(events({ e: 'toString', E: 1 })[0]).toMatchObject({ type: 'unknown' });
    expect(events({ code: -1125, msg: 'This listenKey does not exist.' })).toEqual([
      { type: 'error', code: '-1125', message: 'This listenKey does not exist.' },
    ]);
  });
});

describe('Binance USD-M market stream parser', () => {
  it('unwraps combined frames and reads bookTicker, aggTrade, markPrice', () => {
    const book = {
      stream: 'btcusdt@bookTicker',
      data: { e: 'bookTicker', u: 4, E: 10, T: 9, s: 'BTCUSDT', b: '100.1', B: '3', a: '100.2', A: '4' },
    };
    expect(events(book)).toEqual([
      { type: 'ticker', symbol: 'BTCUSDT', bid: '100.1', bidQty: '3', ask: '100.2', askQty: '4', time: 9 },
    ]);
    const trade = { e: 'aggTrade', E: 5, s: 'BTCUSDT', a: 1, p: '100.15', q: '0.5', f: 1, l: 2, T: 4, m: true };
    expect(events(trade)).toEqual([
      { type: 'trade', symbol: 'BTCUSDT', price: '100.15', qty: '0.5', side: 'sell', time: 4 },
    ]);
    const mark = { e: 'markPriceUpdate', E: 7, s: 'BTCUSDT', p: '100.1', i: '100', P: '100', r: '0.0001', T: 8 };
    expect(events({ stream: 'btcusdt@markPrice', data: mark })).toEqual([
      {
        type: 'mark',
        symbol: 'BTCUSDT',
        markPrice: '100.1',
        indexPrice: '100',
        fundingRate: '0.0001',
        nextFundingTime: 8,
        time: 7,
      },
    ]);
  });

  it('builds stream names and URLs', () => {
    const names = marketStreamNames(['BTCUSDT', 'ETHUSDT'], ['bookTicker', 'aggTrade']);
    expect(names).toEqual(['btcusdt@bookTicker', 'btcusdt@aggTrade', 'ethusdt@bookTicker', 'ethusdt@aggTrade']);
    expect(marketStreamUrl('ws://127.0.0.1:9/', 'market', names.slice(1, 2))).toBe(
      'ws://127.0.0.1:9/market/stream?streams=btcusdt@aggTrade',
    );
    expect(userStreamUrl('ws://127.0.0.1:9', 'k/1')).toBe('ws://127.0.0.1:9/private/ws?listenKey=k%2F1');
    const urls = { rest: 'http://127.0.0.1:9', wsPublic: 'ws://127.0.0.1:9', wsPrivate: 'ws://127.0.0.1:9' };
    const user = binanceStreams.user(urls);
    expect(user.url('KEY')).toBe('ws://127.0.0.1:9/private/ws?listenKey=KEY');
    expect(user.role).toBe('account');
    expect(user.token).toBeDefined();
  });

  it('routes each market channel to its entry point: book data to /public, trades and mark price to /market', () => {
    const urls = { rest: 'http://127.0.0.1:9', wsPublic: 'ws://127.0.0.1:9', wsPrivate: 'ws://127.0.0.1:9' };
    const specs = binanceStreams.market(urls, ['BTCUSDT', 'ETHUSDT']);
    expect(specs.map((s) => [s.name, s.role, s.url(undefined)])).toEqual([
      ['public', 'market', 'ws://127.0.0.1:9/public/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker'],
      ['market', 'market', 'ws://127.0.0.1:9/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice/ethusdt@aggTrade/ethusdt@markPrice'],
    ]);
    // What each must deliver soon after going live: never trades, which a quiet market may not print.
    expect(specs.map((s) => s.expects)).toEqual([
      { events: ['ticker'], withinMs: 5_000 },
      { events: ['mark'], withinMs: 5_000 },
    ]);
    expect(binanceMarketStreams(urls, ['BTCUSDT'], ['aggTrade'])[0]!.expects).toBeUndefined();
  });

  it('uses the routed stream paths in every environment', () => {
    for (const env of ['live', 'testnet', 'demo'] as const) {
      const urls = binanceUsdmUrls(env);
      const all = [binanceStreams.user(urls).url('K'), ...binanceStreams.market(urls, ['BTCUSDT']).map((s) => s.url(undefined))];
      expect(all.map((u) => new URL(u).pathname)).toEqual(['/private/ws', '/public/stream', '/market/stream']);
      expect(all.every((u) => u.startsWith('wss://'))).toBe(true);
    }
    expect(binanceUsdmUrls('live').wsPublic).toBe('wss://fstream.binance.com');
    expect(binanceUsdmUrls('testnet').wsPublic).toBe('wss://fstream.binancefuture.com');
    expect(binanceUsdmUrls('demo')).toMatchObject({ rest: 'https://demo-fapi.binance.com', wsPublic: 'wss://fstream.binancefuture.com' });
  });
});

describe('Binance USD-M listen key', () => {
  const ctx: SignContext = {
    credentials: { venue: 'binance-usdm', env: 'sim', apiKey: new Secret('KEY', 'api-key') },
    venueNow: () => 1,
    nextNonce: () => 1,
    recvWindowMs: 5000,
  };

  it('creates, keeps alive and closes with the API key header and no signature', () => {
    const create = listenKeyToken.create().build(ctx);
    expect(create).toMatchObject({ method: 'POST', path: '/fapi/v1/listenKey', query: '', body: '' });
    expect(create.headers['X-MBX-APIKEY']).toBe('KEY');
    expect(listenKeyToken.keepAlive?.request('x').build(ctx).method).toBe('PUT');
    expect(listenKeyToken.close?.('x').build(ctx).method).toBe('DELETE');
    const plan = listenKeyToken.create();
    expect(plan.parse({ status: 200, headers: {}, body: { listenKey: 'abc' } })).toBe('abc');
    expect(() => plan.parse({ status: 200, headers: {}, body: {} })).toThrow(/listenKey/);
  });

  it('knows -1125 means the key is gone', () => {
    expect(isListenKeyGone({ code: '-1125' })).toBe(true);
    expect(isListenKeyGone({ info: { code: -1125 } })).toBe(true);
    expect(isListenKeyGone({ info: { meaning: 'listen_key_invalid' } })).toBe(true);
    expect(isListenKeyGone({ code: '-1021' })).toBe(false);
    expect(isListenKeyGone(new Error('boom'))).toBe(false);
  });
});
