// WebSockets over loopback: listen keys and the user data stream on /private (by listen key and
// events, ws and stream modes), market streams on /public and /market (raw, combined, SUBSCRIBE), the
// retired unrouted paths (handshake, then silence), server pings and dropping a client that does not pong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';
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

// Listen keys live a minute here, as keys kept alive do: a test that opens sockets and trades must not
// race a key's expiry on a busy machine. The expiry test starts its own sim with a short life.
const SIM_OPTIONS = {
  seed: 'streams',
  accounts: [{ name: 'a' }, { name: 'b' }],
  tickMs: 20,
  listenKeyTtlMs: 60_000,
  pingIntervalMs: 50,
  // A client's pong can wait behind a busy event loop; only the no-pong test waits out this limit.
  pongTimeoutMs: 3_000,
};

beforeAll(async () => {
  sim = await startSim(SIM_OPTIONS);
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
    const user = await connect(`/private/ws?listenKey=${listenKey}`);
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
    const short = await startSim({ ...SIM_OPTIONS, listenKeyTtlMs: 400 });
    try {
      const client = new TestClient(short);
      const { listenKey } = (await client.call('POST', '/fapi/v1/listenKey')).json;
      const user = await Collector.open(`${short.wsUrl}/private/ws?listenKey=${listenKey}`);
      open.push(user);
      const expired = await user.next((m) => m.e === 'listenKeyExpired');
      expect(expired.listenKey).toBe(listenKey);
      expect((await client.call('PUT', '/fapi/v1/listenKey')).json.code).toBe(-1125);
      const refused = await Collector.open(`${short.wsUrl}/private/ws?listenKey=${listenKey}`);
      open.push(refused);
      expect(await refused.whenClosed()).toBe(1008);
    } finally {
      await short.close();
    }
  });

  it('expires keys on command (control API)', async () => {
    const { listenKey } = (await c.call('POST', '/fapi/v1/listenKey')).json;
    const user = await connect(`/private/ws?listenKey=${listenKey}`);
    expect(await sim.control.expireListenKeys()).toBe(1);
    expect((await user.next((m) => m.e === 'listenKeyExpired')).listenKey).toBe(listenKey);
  });
});

describe('market streams', () => {
  it('serves combined streams wrapped in {stream, data}', async () => {
    const col = await connect('/public/stream?streams=btcusdt@bookTicker/btcusdt@depth5');
    const bt = await col.next((m) => m.stream === 'btcusdt@bookTicker');
    expect(bt.data).toMatchObject({ e: 'bookTicker', s: 'BTCUSDT' });
    expect(Number(bt.data.a)).toBeGreaterThan(Number(bt.data.b));
    const market = await connect('/market/stream?streams=ethusdt@markPrice');
    const mp = await market.next((m) => m.stream === 'ethusdt@markPrice');
    expect(mp.data).toMatchObject({ e: 'markPriceUpdate', s: 'ETHUSDT', r: '0.00010000' });
    const depth = await col.next((m) => m.stream === 'btcusdt@depth5');
    expect(depth.data.b).toHaveLength(5);
  });

  it('serves a raw stream and SUBSCRIBE / LIST_SUBSCRIPTIONS / UNSUBSCRIBE', async () => {
    const raw = await connect('/public/ws/ethusdt@bookTicker');
    expect((await raw.next((m) => m.e === 'bookTicker')).s).toBe('ETHUSDT');
    const col = await connect('/market/ws');
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

describe('routes: each entry point serves its own kind of data', () => {
  it('private stream mode: two listen keys, each with its own events, wrapped as {stream, data}', async () => {
    const other = new TestClient(sim, sim.accounts[1]!.hmac!);
    const mine = (await c.call('POST', '/fapi/v1/listenKey')).json.listenKey;
    const theirs = (await other.call('POST', '/fapi/v1/listenKey')).json.listenKey;
    const col = await connect(
      `/private/stream?listenKey=${mine}&events=ORDER_TRADE_UPDATE&listenKey=${theirs}&events=ACCOUNT_UPDATE`,
    );
    await c.signed('POST', '/fapi/v1/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.100', newClientOrderId: 'pm-mine' });
    await other.signed('POST', '/fapi/v1/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.100', newClientOrderId: 'pm-theirs' });
    const order = await col.next((m) => m.data?.e === 'ORDER_TRADE_UPDATE' && m.data.o.X === 'FILLED');
    expect(order).toMatchObject({ stream: mine, data: { o: { c: 'pm-mine' } } });
    const account = await col.next((m) => m.data?.e === 'ACCOUNT_UPDATE');
    expect(account.stream).toBe(theirs);
    // Their order updates and my account updates were not asked for: never sent.
    expect(col.messages.filter((m) => m.data?.e === 'ORDER_TRADE_UPDATE').every((m) => m.stream === mine)).toBe(true);
    expect(col.messages.filter((m) => m.data?.e === 'ACCOUNT_UPDATE').every((m) => m.stream === theirs)).toBe(true);
  });

  it('private ws mode with events=ORDER_TRADE_UPDATE gets the order and never the ACCOUNT_UPDATE', async () => {
    const key = (await c.call('POST', '/fapi/v1/listenKey')).json.listenKey;
    const orders = await connect(`/private/ws?listenKey=${key}&events=ORDER_TRADE_UPDATE`);
    const all = await connect(`/private/ws?listenKey=${key}`);
    await c.signed('POST', '/fapi/v1/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '0.100', newClientOrderId: 'ev-1' });
    await all.next((m) => m.e === 'ACCOUNT_UPDATE');
    // Both sockets are fed from the same venue event, the filtered one first or alongside.
    expect(orders.messages.some((m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.c === 'ev-1' && m.o.X === 'FILLED')).toBe(true);
    expect(orders.messages.some((m) => m.e === 'ACCOUNT_UPDATE')).toBe(false);
  });

  it('a stream on the wrong route is accepted and never pushed', async () => {
    const wrong = await connect('/public/stream?streams=btcusdt@markPrice/btcusdt@bookTicker');
    const right = await connect('/market/stream?streams=btcusdt@markPrice');
    await until(() => right.messages.length >= 5, 'five mark prices on /market');
    await wrong.next((m) => m.stream === 'btcusdt@bookTicker');
    expect(wrong.messages.some((m) => m.stream === 'btcusdt@markPrice')).toBe(false);
  });

  it('the retired unrouted paths complete the handshake, then push no market-route stream and no user data', async () => {
    const key = (await c.call('POST', '/fapi/v1/listenKey')).json.listenKey;
    const legacyUser = await connect(`/ws/${key}`);
    const legacyMarket = await connect('/stream?streams=btcusdt@aggTrade/btcusdt@markPrice');
    const routedUser = await connect(`/private/ws?listenKey=${key}`);
    const routedMarket = await connect('/market/stream?streams=btcusdt@markPrice');
    expect(legacyUser.closed || legacyMarket.closed).toBe(false);
    await c.signed('POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010', newClientOrderId: 'legacy-1' });
    await routedUser.next((m) => m.e === 'ACCOUNT_UPDATE');
    await until(() => routedMarket.messages.length >= 5, 'five mark prices on the routed path');
    expect(legacyUser.raw).toEqual([]);
    expect(legacyMarket.raw).toEqual([]);
    expect(legacyUser.closed || legacyMarket.closed).toBe(false);
  });

  it('the unrouted paths still carry public-route streams, as the venue documents', async () => {
    const legacy = await connect('/ws/btcusdt@bookTicker');
    expect((await legacy.next((m) => m.e === 'bookTicker')).s).toBe('BTCUSDT');
  });
});

describe('heartbeats', () => {
  it('pings every client and keeps one that pongs (ws answers pings automatically)', async () => {
    const col = await connect('/public/ws/btcusdt@bookTicker');
    let pings = 0;
    col.ws.on('ping', () => pings++);
    // Eight pings (one every 50 ms) span more than the 300 ms pong timeout: still open only because its pongs count.
    await until(() => pings >= 8 || col.closed, 'eight pings');
    expect(col.closed).toBe(false);
  });

  it('drops a client that does not pong', async () => {
    const col = await connect('/public/ws/btcusdt@bookTicker', { autoPong: false });
    const code = await col.whenClosed();
    expect(code).toBe(1006);
    expect((await sim.control.stats()).wsDropped).toBeGreaterThanOrEqual(1);
  });

  it('answers client pings with pongs', async () => {
    const col = await connect('/public/ws/btcusdt@bookTicker');
    const pong = new Promise<string>((resolve) => col.ws.once('pong', (d) => resolve(d.toString())));
    col.ws.ping('hello');
    expect(await pong).toBe('hello');
  });
});
