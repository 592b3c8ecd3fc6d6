import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { okx } from '../../../src/venues/okx/adapter.js';
import { okxLoginFrame } from '../../../src/venues/okx/login.js';
import { parseOkxFrame } from '../../../src/venues/okx/stream.js';
import type { StreamEvent } from '../../../src/venues/stream-types.js';
import type { SignContext } from '../../../src/venues/venue.js';

const ctx: SignContext = {
  credentials: {
    venue: 'okx',
    env: 'sim',
    apiKey: new Secret('k', 'key'),
    apiSecret: new Secret('s3cret', 'secret'),
    passphrase: new Secret('pp', 'passphrase'),
  },
  venueNow: () => 1_538_054_050_975,
  nextNonce: () => 1,
  recvWindowMs: 5000,
};

function events(text: string): StreamEvent[] {
  const r = parseOkxFrame(text);
  if (!r.ok) throw r.error;
  return r.events;
}

describe('okx stream formats', () => {
  it('logs in with Unix seconds and the /users/self/verify prehash', () => {
    const frame = JSON.parse(okxLoginFrame(ctx));
    const sign = createHmac('sha256', 's3cret').update('1538054050GET/users/self/verify').digest('base64');
    expect(frame).toEqual({ op: 'login', args: [{ apiKey: 'k', passphrase: 'pp', timestamp: '1538054050', sign }] });
  });

  it('describes the private socket: login, three subscriptions, text ping', () => {
    const urls = okx.urls('sim', { rest: 'http://h', wsPublic: 'ws://h', wsPrivate: 'ws://h' });
    const user = okx.stream.user(urls);
    expect(user.url(undefined)).toBe('ws://h/ws/v5/private');
    expect(user.login).toBeDefined();
    expect(user.subscribe?.acks).toBe(3);
    expect(JSON.parse(user.subscribe!.frames()[0]!).args.map((a: { channel: string }) => a.channel)).toEqual(['orders', 'positions', 'account']);
    expect(user.heartbeat).toMatchObject({ kind: 'app', ping: 'ping' });
    expect(user.heartbeat.intervalMs).toBeLessThan(30_000);
    const [market, ...more] = okx.stream.market(urls, ['BTC-USDT-SWAP']);
    expect(more).toEqual([]);
    expect(market!.login).toBeUndefined();
    expect(JSON.parse(market!.subscribe!.frames()[0]!)).toEqual({ op: 'subscribe', args: [{ channel: 'tickers', instId: 'BTC-USDT-SWAP' }] });
  });

  it('describes the algo socket: /ws/v5/business beside the private one, login, orders-algo for swaps', () => {
    for (const base of ['ws://h', 'ws://h/ws/v5/private']) {
      const urls = okx.urls('sim', { rest: 'http://h', wsPublic: 'ws://h', wsPrivate: base });
      const [algo, ...more] = okx.stream.userExtra!(urls);
      expect(more).toEqual([]);
      expect(algo!.url(undefined)).toBe('ws://h/ws/v5/business');
      expect(algo!.role).toBe('account');
      expect(algo!.login).toBeDefined();
      expect(JSON.parse(algo!.subscribe!.frames()[0]!)).toEqual({ op: 'subscribe', args: [{ channel: 'orders-algo', instType: 'SWAP' }] });
      expect(algo!.subscribe!.acks).toBe(1);
    }
    expect(okx.stream.userExtra!(okx.urls('live'))[0]!.url(undefined)).toBe('wss://ws.okx.com:8443/ws/v5/business');
    expect(okx.stream.userExtra!(okx.urls('demo'))[0]!.url(undefined)).toBe('wss://wspap.okx.com:8443/ws/v5/business');
  });

  it('reads an orders-algo push as the protective order it is; another algo kind is named, not read', () => {
    const row = {
      instType: 'SWAP', instId: 'BTC-USDT-SWAP', algoId: '77', algoClOrdId: 'qd9', ordType: 'conditional', side: 'sell', sz: '2',
      state: 'effective', slTriggerPx: '47000', slTriggerPxType: 'mark', slOrdPx: '-1', tpTriggerPx: '', reduceOnly: 'true',
      closeFraction: '', cTime: '1', uTime: '5',
    };
    const [ev] = events(JSON.stringify({ arg: { channel: 'orders-algo', instType: 'SWAP' }, data: [row] }));
    expect(ev).toMatchObject({
      type: 'order',
      order: { clientOrderId: 'qd9', venueOrderId: '77', state: 'triggered', side: 'sell', qty: '2', trigger: { kind: 'stop', price: '47000', by: 'mark' } },
    });
    const twap = events(JSON.stringify({ arg: { channel: 'orders-algo', instType: 'SWAP' }, data: [{ ...row, ordType: 'twap' }] }));
    expect(twap).toEqual([{ type: 'unknown', name: 'orders-algo twap', excerpt: '' }]);
    const bad = parseOkxFrame(JSON.stringify({ arg: { channel: 'orders-algo' }, data: [{ ...row, slTriggerPx: '' }] }));
    expect(bad.ok).toBe(false);
  });

  it('reads acks, login failures, pong and the upgrade notice', () => {
    expect(events('pong')).toEqual([{ type: 'pong' }]);
    expect(events('{"event":"login","code":"0","msg":"","connId":"a"}')).toEqual([{ type: 'login', ok: true, message: 'logged in' }]);
    expect(events('{"event":"error","code":"60009","msg":"Login failed.","connId":"a"}')).toEqual([
      { type: 'login', ok: false, message: '60009 Login failed.' },
    ]);
    expect(events('{"event":"error","code":"60011","msg":"Please log in","connId":"a"}')).toEqual([
      { type: 'error', code: '60011', message: 'Please log in' },
    ]);
    expect(events('{"event":"subscribe","arg":{"channel":"orders","instType":"SWAP"},"connId":"a"}')[0]).toMatchObject({ type: 'subscribed', ok: true });
    expect(events('{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade.","connId":"a"}')[0]).toMatchObject({
      type: 'reconnect',
    });
  });

  it('turns an orders push with a fill into an order and a fill', () => {
    const push = {
      arg: { channel: 'orders', instType: 'SWAP', uid: '1' },
      data: [
        {
          instId: 'BTC-USDT-SWAP', ordId: '9', clOrdId: 'qd1', px: '65000', sz: '2', ordType: 'limit', side: 'sell', accFillSz: '1',
          avgPx: '65000', state: 'partially_filled', reduceOnly: 'false', cTime: '1', uTime: '3', tradeId: '77', fillPx: '65000',
          fillSz: '1', fillFee: '-0.13', fillFeeCcy: 'USDT', fillTime: '3', execType: 'M',
        },
      ],
    };
    const [order, fill] = events(JSON.stringify(push));
    expect(order).toMatchObject({ type: 'order', order: { state: 'partially_filled', filledQty: '1', clientOrderId: 'qd1' } });
    expect(fill).toEqual({
      type: 'fill',
      fill: { tradeId: '77', venueOrderId: '9', clientOrderId: 'qd1', symbol: 'BTC-USDT-SWAP', side: 'sell', price: '65000', qty: '1', fee: '0.13', feeAsset: 'USDT', time: 3, maker: true },
    });
  });

  it('reads positions, account and tickers pushes', () => {
    expect(events('{"arg":{"channel":"positions","instType":"SWAP"},"data":[{"instId":"X","pos":"0","posSide":"net","avgPx":"","upl":"0","uTime":"9"}]}')).toEqual([
      { type: 'account', time: 9, reason: 'positions', balances: [], positions: [{ symbol: 'X', qty: '0', entryPrice: '0', unrealizedPnl: '0' }] },
    ]);
    expect(events('{"arg":{"channel":"account"},"data":[{"uTime":"4","details":[{"ccy":"USDT","cashBal":"10.5"}]}]}')).toEqual([
      { type: 'account', time: 4, reason: 'account', balances: [{ asset: 'USDT', wallet: '10.5' }], positions: [] },
    ]);
    expect(events('{"arg":{"channel":"tickers","instId":"X"},"data":[{"instId":"X","bidPx":"1","bidSz":"2","askPx":"3","askSz":"4","ts":"5"}]}')).toEqual([
      { type: 'ticker', symbol: 'X', bid: '1', bidQty: '2', ask: '3', askQty: '4', time: 5 },
    ]);
  });

  it('names bad frames instead of throwing', () => {
    const bad = ['{"arg":', '[1]', '{"foo":1}', '{"arg":{"channel":"orders"},"data":[{"state":"live"}]}'];
    expect(bad.map((t) => { const r = parseOkxFrame(t); return r.ok ? 'ok' : r.error.failure; })).toEqual([
      'not-json', 'bad-shape', 'bad-shape', 'bad-field',
    ]);
    expect(events('{"arg":{"channel":"mark-price"},"data":[]}')[0]).toMatchObject({ type: 'unknown' });
  });
});
