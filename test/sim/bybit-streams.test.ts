// Bybit v5 streams on the sim: the public linear socket (tickers, orderbook.1, ping/pong), the private
// socket's auth (expires in ms, signed 'GET/realtime' + expires), its order / execution / position /
// wallet topics, and disconnection protection firing when every `dcp` socket of the account is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxActiveMs } from '../../src/sim/dialects/bybit/streams.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { BybitTestClient, roomyLimits } from './bybit-client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let by: BybitTestClient;
const open: Collector[] = [];

beforeAll(async () => {
  sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bybit-streams', limits: roomyLimits });
  by = new BybitTestClient(sim);
});
afterAll(async () => {
  for (const c of open) c.close();
  await sim.close();
});

async function socket(path: string): Promise<Collector> {
  const c = await Collector.open(`${sim.wsUrl}${path}`);
  open.push(c);
  return c;
}

async function authed(): Promise<Collector> {
  const c = await socket('/v5/private');
  c.ws.send(JSON.stringify(by.authMessage((await sim.control.serverTime()) + 10_000)));
  expect(await c.next((m) => m.op === 'auth')).toMatchObject({ success: true, ret_msg: '', op: 'auth' });
  return c;
}

async function restingBuy(orderLinkId: string): Promise<string> {
  const t = await by.get('/v5/market/tickers', { category: 'linear', symbol: 'BTCUSDT' }, { signed: false });
  const price = (Math.round(Number(t.json.result.list[0].bid1Price) * 0.97 * 10) / 10).toFixed(1);
  const r = await by.post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.010', price, orderLinkId });
  expect(r.json.retCode).toBe(0);
  return r.json.result.orderId;
}

describe('bybit public stream', () => {
  it('acks subscriptions, pushes tickers and the best bid/ask, answers ping with pong', async () => {
    const c = await socket('/v5/public/linear');
    c.ws.send(JSON.stringify({ req_id: 's1', op: 'subscribe', args: ['tickers.BTCUSDT', 'orderbook.1.BTCUSDT'] }));
    expect(await c.next((m) => m.op === 'subscribe')).toMatchObject({ success: true, req_id: 's1', ret_msg: '' });
    await sim.control.tick();
    const book = await c.next((m) => m.topic === 'orderbook.1.BTCUSDT');
    expect(book).toMatchObject({ type: 'snapshot', data: { s: 'BTCUSDT' } });
    expect(book.data.b).toHaveLength(1);
    expect(Number(book.data.a[0][0])).toBeGreaterThan(Number(book.data.b[0][0]));
    const ticker = await c.next((m) => m.topic === 'tickers.BTCUSDT');
    expect(ticker.data).toMatchObject({ symbol: 'BTCUSDT' });
    expect(Number(ticker.data.bid1Price)).toBeGreaterThan(0);
    c.ws.send(JSON.stringify({ req_id: 'p1', op: 'ping' }));
    expect(await c.next((m) => m.op === 'ping')).toMatchObject({ success: true, ret_msg: 'pong', req_id: 'p1' });
    c.ws.send(JSON.stringify({ req_id: 's2', op: 'subscribe', args: ['tickers.NOPEUSDT'] }));
    expect(await c.next((m) => m.req_id === 's2')).toMatchObject({ success: false, ret_msg: 'error:handler not found,topic:tickers.NOPEUSDT' });
  });
});

describe('bybit private stream', () => {
  it('refuses topics before auth, a past expires, a wrong signature; takes expires as a number or its digits', async () => {
    const c = await socket('/v5/private');
    c.ws.send(JSON.stringify({ req_id: 'early', op: 'subscribe', args: ['order'] }));
    expect(await c.next((m) => m.req_id === 'early')).toMatchObject({ success: false, ret_msg: 'Request not authorized' });
    const now = await sim.control.serverTime();
    c.ws.send(JSON.stringify({ ...by.authMessage(now - 1_000), req_id: 'past' }));
    expect(await c.next((m) => m.req_id === 'past')).toMatchObject({ success: false, ret_msg: 'Params Error', op: 'auth' });
    c.ws.send(JSON.stringify({ ...by.authMessage(now + 10_000, by.key, 'ab'.repeat(32)), req_id: 'forged' }));
    expect(await c.next((m) => m.req_id === 'forged')).toMatchObject({ success: false, ret_msg: 'Request not authorized' });
    c.ws.send(JSON.stringify({ ...by.authMessage(String(now + 10_000)), req_id: 'digits' }));
    expect(await c.next((m) => m.req_id === 'digits')).toMatchObject({ success: true, op: 'auth' });
    c.ws.send(JSON.stringify({ req_id: 'pp', op: 'ping' }));
    const pong = await c.next((m) => m.req_id === 'pp');
    expect(pong).toMatchObject({ op: 'pong', args: [expect.stringMatching(/^\d{13}$/)] });
  });

  it('pushes order, execution, position and wallet for a fill', async () => {
    const c = await authed();
    c.ws.send(JSON.stringify({ req_id: 'sub', op: 'subscribe', args: ['order', 'execution.linear', 'position', 'wallet'] }));
    expect(await c.next((m) => m.req_id === 'sub')).toMatchObject({ success: true });
    const r = await by.post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.002', orderLinkId: 'ws-M1' });
    expect(r.json.retCode).toBe(0);
    const filled = await c.next((m) => m.topic === 'order' && m.data[0].orderLinkId === 'ws-M1' && m.data[0].orderStatus === 'Filled');
    expect(filled.data[0]).toMatchObject({ category: 'linear', symbol: 'BTCUSDT', cumExecQty: '0.002' });
    const exec = await c.next((m) => m.topic === 'execution.linear');
    expect(exec.data[0]).toMatchObject({ category: 'linear', orderLinkId: 'ws-M1', execType: 'Trade' });
    const pos = await c.next((m) => m.topic === 'position' && m.data[0].size === '0.002');
    expect(pos.data[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'Buy', positionIdx: 0 });
    const wallet = await c.next((m) => m.topic === 'wallet');
    expect(wallet.data[0]).toMatchObject({ accountType: 'UNIFIED' });
    c.close();
  });
});

describe('bybit disconnection protection (DCP)', () => {
  it('refuses a window outside 3-300 s and reports the one set', async () => {
    expect((await by.post('/v5/order/disconnected-cancel-all', { product: 'DERIVATIVES', timeWindow: 2 })).json.retCode).toBe(10001);
    expect((await by.get('/v5/account/query-dcp-info')).json.result.dcpInfos.find((d: { product: string }) => d.product === 'DERIVATIVES')).toMatchObject({ dcpStatus: 'OFF' });
    expect((await by.post('/v5/order/disconnected-cancel-all', { product: 'DERIVATIVES', timeWindow: 3 })).json.retCode).toBe(0);
    const info = (await by.get('/v5/account/query-dcp-info')).json.result.dcpInfos;
    expect(info.find((d: { product: string }) => d.product === 'DERIVATIVES')).toEqual({ product: 'DERIVATIVES', dcpStatus: 'ON', timeWindow: '3' });
    expect((await by.get('/v5/account/info')).json.result).toMatchObject({ dcpStatus: 'ON', timeWindow: 3, unifiedMarginStatus: 6 });
  });

  it('fires a window after the last dcp socket dropped, not after the first, and cancels with CancelByDCP', async () => {
    const a = await authed();
    const b = await authed();
    for (const c of [a, b]) {
      c.ws.send(JSON.stringify({ req_id: 'dcp', op: 'subscribe', args: ['dcp'] }));
      expect(await c.next((m) => m.req_id === 'dcp')).toMatchObject({ success: true });
    }
    // A socket without the dcp topic neither keeps the account alive nor is watched; it sees the sweep.
    const watcher = await authed();
    watcher.ws.send(JSON.stringify({ req_id: 'o', op: 'subscribe', args: ['order'] }));
    expect(await watcher.next((m) => m.req_id === 'o')).toMatchObject({ success: true });
    await restingBuy('dcp-1');
    a.close();
    await a.whenClosed();
    const bDropped = performance.now();
    b.close();
    await b.whenClosed();
    const swept = await watcher.next((m) => m.topic === 'order' && m.data[0].orderLinkId === 'dcp-1' && m.data[0].orderStatus === 'Cancelled');
    // The window (3 s) runs from the last watched socket's drop.
    expect(performance.now() - bDropped).toBeGreaterThanOrEqual(2_900);
    expect(swept.data[0].cancelType).toBe('CancelByDCP');
    const q = await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'dcp-1' });
    expect(q.json.result.list[0]).toMatchObject({ orderStatus: 'Cancelled', cancelType: 'CancelByDCP' });
  });
});

describe('bybit active time', () => {
  it('closes a socket whose client stopped pinging; a pinging one stays; max_active_time is 30s to 600s', async () => {
    const idle = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bybit-idle', idleTimeoutMs: 3_000 });
    try {
      const quiet = await Collector.open(`${idle.wsUrl}/v5/public/linear`);
      const chatty = await Collector.open(`${idle.wsUrl}/v5/private`);
      const pinger = setInterval(() => chatty.ws.send(JSON.stringify({ op: 'ping' })), 100);
      try {
        await quiet.whenClosed();
        expect(chatty.closed).toBe(false);
      } finally {
        clearInterval(pinger);
        chatty.close();
      }
      const refused = await Collector.open(`${idle.wsUrl}/v5/private?max_active_time=5s`);
      expect(await refused.whenClosed()).toBe(1008);
    } finally {
      await idle.close();
    }
    expect([maxActiveMs('30s'), maxActiveMs('10m'), maxActiveMs('1m'), maxActiveMs('11m'), maxActiveMs('29s'), maxActiveMs('60')]).toEqual([30_000, 600_000, 60_000, undefined, undefined, undefined]);
  });
});
