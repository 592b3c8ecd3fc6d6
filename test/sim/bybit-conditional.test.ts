// Bybit v5 conditional orders over loopback, signed here independently of src/venues: /v5/order/create
// with triggerPrice / triggerDirection / triggerBy, the venue's 110092 / 110093 refusals, firing on the
// sim's price path under the conditional order's own orderId (Untriggered → Triggered → Filled on the
// `order` topic), close-on-trigger with qty 0, realtime's orderFilter, amend of the trigger, cancel,
// cancel-all taking conditional orders unless orderFilter=Order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { BybitTestClient, roomyLimits } from './bybit-client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let by: BybitTestClient;
let other: BybitTestClient;
let feed: Collector;

beforeAll(async () => {
  sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bybit-cond', limits: roomyLimits, accounts: [{ name: 'a' }, { name: 'b' }] });
  by = new BybitTestClient(sim);
  other = new BybitTestClient(sim, sim.accounts[1]!.hmac!);
  await sim.control.setPrice('BTCUSDT', '65000');
  feed = await Collector.open(`${sim.wsUrl}/v5/private`);
  feed.ws.send(JSON.stringify(by.authMessage((await sim.control.serverTime()) + 10_000)));
  await feed.next((m) => m.op === 'auth');
  feed.ws.send(JSON.stringify({ op: 'subscribe', args: ['order'] }));
  await feed.next((m) => m.op === 'subscribe');
});
afterAll(async () => {
  feed?.close();
  await sim.close();
});

const create = (client: BybitTestClient, extra: Record<string, unknown>) =>
  client.post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', ...extra });
const market = async (client: BybitTestClient, side: string, qty: string) => {
  const r = await create(client, { side, orderType: 'Market', qty });
  expect(r.json.retCode, JSON.stringify(r.json)).toBe(0);
};
const size = async () => {
  const p = (await by.get('/v5/position/list', { category: 'linear', symbol: 'BTCUSDT' })).json.result.list[0];
  return p === undefined ? '0' : String(Number(`${p.side === 'Sell' ? '-' : ''}${p.size}`));
};
const realtime = async (extra: Record<string, string> = {}) =>
  (await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', ...extra })).json.result.list as Array<Record<string, unknown>>;

describe('bybit conditional orders', () => {
  it('refuses a trigger already on the wrong side with 110092 / 110093 and the unserved kinds by name', async () => {
    const rise = await create(by, { side: 'Buy', orderType: 'Market', qty: '0.010', triggerPrice: '64000', triggerDirection: 1, triggerBy: 'MarkPrice' });
    expect(rise.json).toMatchObject({ retCode: 110092, retMsg: 'expect Rising, but trigger_price[64000] <= current[65000]??MarkPrice' });
    const fall = await create(by, { side: 'Sell', orderType: 'Market', qty: '0.010', triggerPrice: '66000', triggerDirection: 2, triggerBy: 'MarkPrice' });
    expect(fall.json.retCode).toBe(110093);
    const noDirection = await create(by, { side: 'Sell', orderType: 'Market', qty: '0.010', triggerPrice: '60000' });
    expect(noDirection.json).toMatchObject({ retCode: 10001, retMsg: 'params error: triggerDirection invalid' });
    const limit = await create(by, { side: 'Sell', orderType: 'Limit', price: '59000', qty: '0.010', triggerPrice: '60000', triggerDirection: 2 });
    expect(limit.json.retCode).toBe(10001);
    expect(limit.json.retMsg).toContain('Limit');
    expect(await realtime()).toEqual([]);
  });

  it('a mark-price stop on a long: Untriggered, then fired and filled under its own orderId, flattening', async () => {
    await market(by, 'Buy', '0.020');
    expect(await size()).toBe('0.02');
    const r = await create(by, {
      side: 'Sell',
      orderType: 'Market',
      qty: '0.020',
      triggerPrice: '64000',
      triggerDirection: 2,
      triggerBy: 'MarkPrice',
      reduceOnly: true,
      orderLinkId: 'stop-1',
    });
    expect(r.json.retCode, JSON.stringify(r.json)).toBe(0);
    const orderId = r.json.result.orderId as string;
    expect(r.json.result).toEqual({ orderId, orderLinkId: 'stop-1' });
    const [row] = await realtime({ orderFilter: 'StopOrder' });
    expect(row).toMatchObject({
      orderId,
      orderLinkId: 'stop-1',
      orderStatus: 'Untriggered',
      orderType: 'Market',
      stopOrderType: 'Stop',
      triggerPrice: '64000',
      triggerDirection: 2,
      triggerBy: 'MarkPrice',
      reduceOnly: true,
      qty: '0.020',
    });
    expect(await realtime({ orderFilter: 'Order' })).toEqual([]);
    await feed.next((m) => m.topic === 'order' && m.data[0].orderId === orderId && m.data[0].orderStatus === 'Untriggered');

    await sim.control.setPrice('BTCUSDT', '63950');
    await feed.next((m) => m.topic === 'order' && m.data[0].orderId === orderId && m.data[0].orderStatus === 'Triggered');
    const filled = await feed.next((m) => m.topic === 'order' && m.data[0].orderId === orderId && m.data[0].orderStatus === 'Filled');
    expect(filled.data[0]).toMatchObject({ stopOrderType: 'Stop', triggerPrice: '64000', cumExecQty: '0.020', orderLinkId: 'stop-1' });
    expect(await size()).toBe('0');
    const execs = (await by.get('/v5/execution/list', { category: 'linear', symbol: 'BTCUSDT', orderId })).json.result.list;
    expect(execs).toHaveLength(1);
    const hist = (await by.get('/v5/order/history', { category: 'linear', symbol: 'BTCUSDT', orderId })).json.result.list;
    expect(hist[0]).toMatchObject({ orderId, orderStatus: 'Filled', stopOrderType: 'Stop' });
  });

  it('closeOnTrigger with qty 0 closes the whole short on a last-price rise', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    await market(by, 'Sell', '0.030');
    await market(other, 'Buy', '0.002');
    const r = await create(by, { side: 'Buy', orderType: 'Market', qty: '0', triggerPrice: '66000', triggerDirection: 1, reduceOnly: true, closeOnTrigger: true });
    expect(r.json.retCode, JSON.stringify(r.json)).toBe(0);
    const orderId = r.json.result.orderId as string;
    expect((await realtime())[0]).toMatchObject({ orderId, qty: '0.000', closeOnTrigger: true, triggerBy: 'LastPrice' });
    await sim.control.setPrice('BTCUSDT', '66100');
    expect((await realtime())[0]).toMatchObject({ orderId, orderStatus: 'Untriggered' });
    await market(other, 'Buy', '0.002');
    await feed.next((m) => m.topic === 'order' && m.data[0].orderId === orderId && m.data[0].orderStatus === 'Filled');
    expect(await size()).toBe('0');
  });

  it('amends the trigger in place, cancels one, and cancel-all takes conditional orders unless orderFilter=Order', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    await market(by, 'Buy', '0.010');
    const a = await create(by, { side: 'Sell', orderType: 'Market', qty: '0.010', triggerPrice: '60000', triggerDirection: 2, reduceOnly: true, orderLinkId: 'c-1' });
    const id = a.json.result.orderId as string;
    const moved = await by.post('/v5/order/amend', { category: 'linear', symbol: 'BTCUSDT', orderId: id, triggerPrice: '61000' });
    expect(moved.json).toMatchObject({ retCode: 0, result: { orderId: id, orderLinkId: 'c-1' } });
    expect((await realtime())[0]).toMatchObject({ orderId: id, triggerPrice: '61000' });
    const crossed = await by.post('/v5/order/amend', { category: 'linear', symbol: 'BTCUSDT', orderId: id, triggerPrice: '66000' });
    expect(crossed.json.retCode).toBe(110093);
    const cancel = await by.post('/v5/order/cancel', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'c-1' });
    expect(cancel.json).toMatchObject({ retCode: 0, result: { orderId: id, orderLinkId: 'c-1' } });
    await feed.next((m) => m.topic === 'order' && m.data[0].orderId === id && m.data[0].orderStatus === 'Deactivated');
    expect((await by.post('/v5/order/cancel', { category: 'linear', symbol: 'BTCUSDT', orderId: id })).json.retCode).toBe(110001);

    const b = await create(by, { side: 'Sell', orderType: 'Market', qty: '0.010', triggerPrice: '60000', triggerDirection: 2, reduceOnly: true });
    const onlyActive = await by.post('/v5/order/cancel-all', { category: 'linear', symbol: 'BTCUSDT', orderFilter: 'Order' });
    expect(onlyActive.json.result.list).toEqual([]);
    expect((await realtime()).map((o) => o.orderId)).toEqual([b.json.result.orderId]);
    const all = await by.post('/v5/order/cancel-all', { category: 'linear', symbol: 'BTCUSDT' });
    expect(all.json.result.list.map((o: { orderId: string }) => o.orderId)).toEqual([b.json.result.orderId]);
    expect(await realtime()).toEqual([]);
    await market(by, 'Sell', '0.010');
  });

  it('disconnection protection (DCP) cancels active orders and keeps conditional ones: stops kept', async () => {
    await market(by, 'Buy', '0.010');
    const stop = await create(by, { side: 'Sell', orderType: 'Market', qty: '0.010', triggerPrice: '60000', triggerDirection: 2, reduceOnly: true, orderLinkId: 'kept' });
    expect(stop.json.retCode).toBe(0);
    const rest = await create(by, { side: 'Buy', orderType: 'Limit', price: '63000', qty: '0.010', orderLinkId: 'gone' });
    expect(rest.json.retCode).toBe(0);
    expect((await by.post('/v5/order/disconnected-cancel-all', { product: 'DERIVATIVES', timeWindow: 3 })).json.retCode).toBe(0);
    const watched = await Collector.open(`${sim.wsUrl}/v5/private`);
    watched.ws.send(JSON.stringify(by.authMessage((await sim.control.serverTime()) + 10_000)));
    await watched.next((m) => m.op === 'auth');
    watched.ws.send(JSON.stringify({ op: 'subscribe', args: ['dcp.future'] }));
    await watched.next((m) => m.op === 'subscribe');
    watched.close();
    const gone = await feed.next((m) => m.topic === 'order' && m.data[0].orderLinkId === 'gone' && m.data[0].orderStatus === 'Cancelled');
    expect(gone.data[0].cancelType).toBe('CancelByDCP');
    expect((await realtime({ orderFilter: 'StopOrder' })).map((o) => [o.orderLinkId, o.orderStatus])).toEqual([['kept', 'Untriggered']]);
    await by.post('/v5/order/cancel-all', { category: 'linear', symbol: 'BTCUSDT' });
    await market(by, 'Sell', '0.010');
  });
});
