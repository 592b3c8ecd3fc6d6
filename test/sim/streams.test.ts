// WebSockets over loopback: listen keys and the user data stream, market streams (raw, combined,
// SUBSCRIBE), server pings and dropping a client that does not pong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { TestClient } from './client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let c: TestClient;
const open: Collector[] = [];
const connect = async (path: string, opts: WebSocket.ClientOptions = {}) => {
  const col = await Collector.open(`${sim.wsUrl}${path}`, opts);
  open.push(col);
  return col;
};

beforeAll(async () => {
  sim = await startSim({
    seed: 'streams',
    tickMs: 20,
    listenKeyTtlMs: 400,
    pingIntervalMs: 50,
    pongTimeoutMs: 300,
  });
  c = new TestClient(sim);
});
afterAll(async () => {
  for (const col of open) col.close();
  await sim.close();
});

describe('listen keys and the user data stream', () => {
  it('creates, returns the same active key, keeps alive, closes; PUT without a key is -1125', async () => {
    const a = await c.call('POST', '/fapi/v1/listenKey');
    expect(a.status).toBe(200);
    expect(a.json.listenKey).toMatch(/^[A-Za-z0-9]{64}$/);
    const b = await c.call('POST', '/fapi/v1/listenKey');
    expect(b.json.listenKey).toBe(a.json.listenKey);
    const put = await c.call('PUT', '/fapi/v1/listenKey');
    expect(put.status).toBe(200);
    expect((await c.call('DELETE', '/fapi/v1/listenKey')).json).toEqual({});
    const stale = await c.call('PUT', '/fapi/v1/listenKey');
    expect(stale.json).toEqual({ code: -1125, msg: 'This listenKey does not exist.' });
    const noKey = await c.call('POST', '/fapi/v1/listenKey', {}, { apiKey: 'nope' });
    expect(noKey.json.code).toBe(-2015);
  });

  it('pushes ORDER_TRADE_UPDATE and ACCOUNT_UPDATE for an order that fills', async () => {
    const { listenKey } = (await c.call('POST', '/fapi/v1/listenKey')).json;
    const user = await connect(`/ws/${listenKey}`);
    const r = await c.signed('POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.100',
      newClientOrderId: 'ws-fill-1',
    });
    expect(r.status).toBe(200);
    const created = await user.next(
      (m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.c === 'ws-fill-1' && m.o.x === 'NEW',
    );
    expect(created.o).toMatchObject({ s: 'ETHUSDT', S: 'BUY', o: 'MARKET', X: 'NEW', i: r.json.orderId });
    const trade = await user.next(
      (m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.c === 'ws-fill-1' && m.o.X === 'FILLED',
    );
    expect(trade.o.x).toBe('TRADE');
    expect(trade.o.z).toBe('0.100');
    expect(Number(trade.o.L)).toBeGreaterThan(0);
    const acct = await user.next((m) => m.e === 'ACCOUNT_UPDATE');
    expect(acct.a.m).toBe('ORDER');
    expect(acct.a.B[0].a).toBe('USDT');
    expect(acct.a.P[0]).toMatchObject({ s: 'ETHUSDT', ps: 'BOTH' });
    await c.call('PUT', '/fapi/v1/listenKey');
  });

  it('expires a key without keepalive and says so with listenKeyExpired', async () => {
    await c.call('DELETE', '/fapi/v1/listenKey');
    const { listenKey } = (await c.call('POST', '/fapi/v1/listenKey')).json;
    const user = await connect(`/ws/${listenKey}`);
    const expired = await user.next((m) => m.e === 'listenKeyExpired', 2000);
    expect(expired.listenKey).toBe(listenKey);
    expect((await c.call('PUT', '/fapi/v1/listenKey')).json.code).toBe(-1125);
    const refused = await connect(`/ws/${listenKey}`);
    expect(await refused.whenClosed()).toBe(1008);
  });

  it('expires keys on command (control API)', async () => {
    const { listenKey } = (await c.call('POST', '/fapi/v1/listenKey')).json;
    const user = await connect(`/ws/${listenKey}`);
    expect(await sim.control.expireListenKeys()).toBe(1);
    expect((await user.next((m) => m.e === 'listenKeyExpired')).listenKey).toBe(listenKey);
  });
});

describe('market streams', () => {
  it('serves combined streams wrapped in {stream, data}', async () => {
    const col = await connect('/stream?streams=btcusdt@bookTicker/ethusdt@markPrice/btcusdt@depth5');
    const bt = await col.next((m) => m.stream === 'btcusdt@bookTicker');
    expect(bt.data).toMatchObject({ e: 'bookTicker', s: 'BTCUSDT' });
    expect(Number(bt.data.a)).toBeGreaterThan(Number(bt.data.b));
    const mp = await col.next((m) => m.stream === 'ethusdt@markPrice');
    expect(mp.data).toMatchObject({ e: 'markPriceUpdate', s: 'ETHUSDT', r: '0.00010000' });
    const depth = await col.next((m) => m.stream === 'btcusdt@depth5');
    expect(depth.data.b).toHaveLength(5);
  });

  it('serves a raw stream and SUBSCRIBE / LIST_SUBSCRIPTIONS / UNSUBSCRIBE', async () => {
    const raw = await connect('/ws/ethusdt@bookTicker');
    expect((await raw.next((m) => m.e === 'bookTicker')).s).toBe('ETHUSDT');
    const col = await connect('/ws');
    col.ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@aggTrade'], id: 7 }));
    expect(await col.next((m) => m.id === 7)).toEqual({ result: null, id: 7 });
    const trade = await col.next((m) => m.e === 'aggTrade');
    expect(trade).toMatchObject({ s: 'BTCUSDT' });
    col.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 8 }));
    expect(await col.next((m) => m.id === 8)).toEqual({ result: ['btcusdt@aggTrade'], id: 8 });
    col.ws.send(JSON.stringify({ method: 'UNSUBSCRIBE', params: ['btcusdt@aggTrade'], id: 9 }));
    expect(await col.next((m) => m.id === 9)).toEqual({ result: null, id: 9 });
  });
});

describe('heartbeats', () => {
  it('pings every client and keeps one that pongs (ws answers pings automatically)', async () => {
    const col = await connect('/ws/btcusdt@bookTicker');
    let pings = 0;
    col.ws.on('ping', () => pings++);
    await new Promise((r) => setTimeout(r, 500));
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(col.closed).toBe(false);
  });

  it('drops a client that does not pong', async () => {
    const col = await connect('/ws/btcusdt@bookTicker', { autoPong: false });
    const code = await col.whenClosed(2000);
    expect(code).toBe(1006);
    expect((await sim.control.stats()).wsDropped).toBeGreaterThanOrEqual(1);
  });

  it('answers client pings with pongs', async () => {
    const col = await connect('/ws/btcusdt@bookTicker');
    const pong = new Promise<string>((resolve) => col.ws.once('pong', (d) => resolve(d.toString())));
    col.ws.ping('hello');
    expect(await pong).toBe('hello');
  });
});
