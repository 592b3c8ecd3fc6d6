import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { bybit } from '../../../src/venues/bybit/adapter.js';
import { AUTH_EXPIRES_MS, bybitAuthFrame, DCP_FRAMES, parseBybitFrame } from '../../../src/venues/bybit/stream.js';
import type { StreamEvent } from '../../../src/venues/stream-types.js';
import type { SignContext } from '../../../src/venues/venue.js';

const NOW = 1_662_350_390_000;
const ctx: SignContext = {
  credentials: { venue: 'bybit', env: 'sim', apiKey: new Secret('api_key', 'key'), apiSecret: new Secret('s3cret', 'secret') },
  venueNow: () => NOW + 0.4,
  nextNonce: () => 1,
  recvWindowMs: 5000,
};
const urls = { rest: 'http://127.0.0.1:1', wsPublic: 'ws://127.0.0.1:1/v5/public/linear', wsPrivate: 'ws://127.0.0.1:1/v5/private' };

function events(text: string): StreamEvent[] {
  const r = parseBybitFrame(text);
  if (!r.ok) throw r.error;
  return r.events;
}

describe('bybit stream formats', () => {
  it('authenticates with a numeric expires in the future and hex HMAC of "GET/realtime" + expires', () => {
    const frame = JSON.parse(bybitAuthFrame(ctx));
    const expires = NOW + AUTH_EXPIRES_MS;
    expect(frame).toEqual({
      req_id: 'qd-auth',
      op: 'auth',
      args: ['api_key', expires, createHmac('sha256', 's3cret').update(`GET/realtime${expires}`).digest('hex')],
    });
    expect(events('{"success":true,"ret_msg":"","op":"auth","conn_id":"cejreaspqfh3sjdnldmg-p"}')).toEqual([
      { type: 'login', ok: true, message: 'authenticated' },
    ]);
    expect(events('{"success":false,"ret_msg":"Params Error","op":"auth","conn_id":"x"}')).toEqual([
      { type: 'login', ok: false, message: 'Params Error' },
    ]);
  });

  it('subscribes the private topics in one request (one ack), and the public book and ticker per symbol', () => {
    const user = bybit.stream.user(urls);
    expect(user.url(undefined)).toBe(urls.wsPrivate);
    expect(user.subscribe?.frames().map((f) => JSON.parse(f))).toEqual([
      { req_id: 'qd-private', op: 'subscribe', args: ['order', 'execution', 'position', 'wallet'] },
    ]);
    expect(user.subscribe?.acks).toBe(1);
    const [market] = bybit.stream.market(urls, ['BTCUSDT']);
    expect(JSON.parse(market!.subscribe!.frames()[0]!).args).toEqual(['orderbook.1.BTCUSDT', 'tickers.BTCUSDT']);
    expect(JSON.parse(DCP_FRAMES.subscribe).args).toEqual(['dcp.future']);
    // A refused DCP topic does not stop the trading topics; a refused trading topic does.
    expect(events('{"success":false,"ret_msg":"no dcp","op":"subscribe","req_id":"qd-dcp"}')).toEqual([
      { type: 'subscribed', ok: true, message: 'dcp.future refused: no dcp' },
    ]);
    expect(events('{"success":false,"ret_msg":"bad topic","op":"subscribe","req_id":"qd-private"}')[0]).toMatchObject({ ok: false });
  });

  it('pings with op ping every 20 s; private and public pongs both count', () => {
    const hb = bybit.stream.user(urls).heartbeat;
    expect(hb).toMatchObject({ kind: 'app', intervalMs: 20_000 });
    expect(hb.kind === 'app' && JSON.parse(hb.ping)).toEqual({ req_id: 'qd-ping', op: 'ping' });
    expect(events('{"req_id":"qd-ping","op":"pong","args":["1675418560633"],"conn_id":"c"}')).toEqual([{ type: 'pong' }]);
    expect(events('{"success":true,"ret_msg":"pong","conn_id":"c","op":"ping"}')).toEqual([{ type: 'pong' }]);
  });

  it('order, execution, position and wallet pushes become domain events', () => {
    const order = {
      category: 'linear', symbol: 'BTCUSDT', orderId: 'o-1', orderLinkId: 'qd-1', side: 'Sell', orderType: 'Market', price: '59000',
      qty: '0.5', timeInForce: 'IOC', orderStatus: 'Filled', cumExecQty: '0.5', avgPrice: '59500', reduceOnly: false,
      positionIdx: 0, createdTime: '1672364262444', updatedTime: '1672364262457', rejectReason: 'EC_NoError', cancelType: 'UNKNOWN',
    };
    const [o] = events(JSON.stringify({ id: 'x', topic: 'order', creationTime: 1, data: [order] }));
    expect(o).toMatchObject({ type: 'order', order: { venueOrderId: 'o-1', clientOrderId: 'qd-1', side: 'sell', type: 'market', state: 'filled', filledQty: '0.5', avgPrice: '59500' } });
    const exec = {
      category: 'linear', symbol: 'BTCUSDT', execFee: '26.3725275', execId: 'e-1', execPrice: '95900.1', execQty: '0.5', execType: 'Trade',
      orderId: 'o-1', orderLinkId: '', side: 'Sell', execTime: '1746270400353', isMaker: false, feeCurrency: 'USDT',
    };
    expect(events(JSON.stringify({ topic: 'execution', id: 'x', creationTime: 2, data: [exec] }))).toEqual([
      { type: 'fill', fill: { tradeId: 'e-1', venueOrderId: 'o-1', symbol: 'BTCUSDT', side: 'sell', price: '95900.1', qty: '0.5', fee: '26.3725275', feeAsset: 'USDT', time: 1746270400353, maker: false } },
    ]);
    const position = { category: 'linear', positionIdx: 0, symbol: 'BTCUSDT', side: 'Sell', size: '0.5', entryPrice: '95900.1', unrealisedPnl: '-1.5', updatedTime: '1' };
    expect(events(JSON.stringify({ topic: 'position', id: 'x', creationTime: 3, data: [position] }))).toEqual([
      { type: 'account', time: 3, reason: 'position', balances: [], positions: [{ symbol: 'BTCUSDT', qty: '-0.5', entryPrice: '95900.1', unrealizedPnl: '-1.5' }] },
    ]);
    const flat = { ...position, side: '', size: '0', entryPrice: '0' };
    expect(events(JSON.stringify({ topic: 'position', creationTime: 4, data: [flat] }))[0]).toMatchObject({ positions: [{ symbol: 'BTCUSDT', qty: '0' }] });
    const wallet = { accountType: 'UNIFIED', coin: [{ coin: 'USDT', walletBalance: '9684.46', equity: '9690' }] };
    expect(events(JSON.stringify({ topic: 'wallet', creationTime: 5, data: [wallet] }))).toEqual([
      { type: 'account', time: 5, reason: 'wallet', balances: [{ asset: 'USDT', wallet: '9684.46' }], positions: [] },
    ]);
  });

  it('best bid/ask from the level-1 book; a mark only from a ticker frame that carries all of it', () => {
    const book = { topic: 'orderbook.1.BTCUSDT', type: 'snapshot', ts: 1672304484978, data: { s: 'BTCUSDT', b: [['16493.50', '0.006']], a: [['16611.00', '0.029']], u: 1, seq: 2 }, cts: 1 };
    expect(events(JSON.stringify(book))).toEqual([
      { type: 'ticker', symbol: 'BTCUSDT', bid: '16493.50', bidQty: '0.006', ask: '16611.00', askQty: '0.029', time: 1672304484978 },
    ]);
    expect(events(JSON.stringify({ ...book, data: { s: 'BTCUSDT', b: [], a: [['1', '1']] } }))).toEqual([]);
    const snap = { topic: 'tickers.BTCUSDT', type: 'snapshot', ts: 7, data: { symbol: 'BTCUSDT', markPrice: '60001', indexPrice: '60000', fundingRate: '0.0001', nextFundingTime: '1673280000000' } };
    expect(events(JSON.stringify(snap))).toEqual([
      { type: 'mark', symbol: 'BTCUSDT', markPrice: '60001', indexPrice: '60000', fundingRate: '0.0001', nextFundingTime: 1673280000000, time: 7 },
    ]);
    expect(events(JSON.stringify({ ...snap, type: 'delta', data: { symbol: 'BTCUSDT', markPrice: '60002' } }))).toEqual([]);
  });

  it('names bad frames and unknown topics instead of throwing', () => {
    expect(parseBybitFrame('pong')).toMatchObject({ ok: false, error: { failure: 'not-json' } });
    expect(parseBybitFrame('[]')).toMatchObject({ ok: false, error: { failure: 'bad-shape' } });
    expect(parseBybitFrame('{"topic":"order","data":[{"orderStatus":"New"}]}')).toMatchObject({ ok: false, error: { failure: 'bad-field' } });
    expect(events('{"topic":"greeks","data":[]}')).toMatchObject([{ type: 'unknown', name: 'topic greeks' }]);
  });
});
