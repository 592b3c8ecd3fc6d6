// Each local-venue dialect's amend endpoint on the wire, by an independent client: the venue's
// shapes, codes and words (Binance PUT /fapi/v1/order, OKX amend-order, Hyperliquid batchModify /
// modify, where a modify REPLACES the order under a new oid and keeps the cloid).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { TestClient } from './client.js';
import { cloid, HlClient } from './hyperliquid-client.js';
import { OkxTestClient } from './okx-client.js';

const start = async (dialect: 'binance-usdm' | 'okx' | 'hyperliquid') => {
  const sim = await startSim({ dialect, tickMs: 0, seed: 7 });
  await sim.control.setPrice('BTCUSDT', '60000');
  return sim;
};

describe('Binance USD-M: PUT /fapi/v1/order', () => {
  let sim: SimHandle;
  let c: TestClient;
  beforeAll(async () => {
    sim = await start('binance-usdm');
    c = new TestClient(sim);
  });
  afterAll(() => sim?.close());

  const place = (id: string, tif = 'GTC') =>
    c.signed('POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: tif, quantity: '0.002', price: '58000', newClientOrderId: id });
  const modify = (id: string, price: string, quantity = '0.002') =>
    c.signed('PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', origClientOrderId: id, quantity, price });

  it('moves the order in place, same ids; no change is -5027; an unknown order -2013', async () => {
    const placed = (await place('am-1')).json as { orderId: number };
    const moved = await modify('am-1', '58100.0');
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ orderId: placed.orderId, clientOrderId: 'am-1', status: 'NEW', price: '58100.00' });
    expect((await modify('am-1', '58100')).json).toEqual({ code: -5027, msg: 'No need to modify the order.' });
    expect((await modify('nope', '58100')).json).toEqual({ code: -2013, msg: 'Order does not exist.' });
    const both = await c.signed('PUT', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', origClientOrderId: 'am-1', price: '58200' });
    expect((both.json as { code: number }).code).toBe(-1102);
  });

  it('a GTX order amended to a price that would take is cancelled by the amendment', async () => {
    await place('am-gtx', 'GTX');
    expect((await modify('am-gtx', '61000')).json).toMatchObject({ clientOrderId: 'am-gtx', status: 'CANCELED' });
  });
});

describe('OKX: POST /api/v5/trade/amend-order', () => {
  let sim: SimHandle;
  let c: OkxTestClient;
  beforeAll(async () => {
    sim = await start('okx');
    c = new OkxTestClient(sim);
  });
  afterAll(() => sim?.close());

  it('acknowledges, moves the order keeping its ids, and refuses in the venue words', async () => {
    const inst = 'BTC-USDT-SWAP';
    await c.post('/api/v5/trade/order', { instId: inst, tdMode: 'cross', side: 'buy', ordType: 'limit', sz: '1', px: '58000', clOrdId: 'am1' });
    const none = await c.post('/api/v5/trade/amend-order', { instId: inst, clOrdId: 'am1' });
    expect(none.json).toMatchObject({ code: '1', data: [{ sCode: '51500', sMsg: 'Either order price or amount is required.' }] });
    const ok = await c.post('/api/v5/trade/amend-order', { instId: inst, clOrdId: 'am1', newPx: '58100', reqId: 'r1' });
    expect(ok.json).toMatchObject({ code: '0', data: [{ clOrdId: 'am1', reqId: 'r1', sCode: '0' }] });
    const now = await c.get('/api/v5/trade/order', { instId: inst, clOrdId: 'am1' });
    expect(now.json).toMatchObject({ data: [{ clOrdId: 'am1', px: '58100', state: 'live' }] });
    await c.post('/api/v5/trade/cancel-order', { instId: inst, clOrdId: 'am1' });
    const gone = await c.post('/api/v5/trade/amend-order', { instId: inst, clOrdId: 'am1', newPx: '58200' });
    expect(gone.json).toMatchObject({ code: '1', data: [{ sCode: '51503', sMsg: 'Your order has already been filled or canceled.' }] });
  });
});

describe('Hyperliquid: batchModify and modify', () => {
  let sim: SimHandle;
  let c: HlClient;
  beforeAll(async () => {
    sim = await start('hyperliquid');
    c = new HlClient(sim);
  });
  afterAll(() => sim?.close());

  it('replaces the order: a new oid, the same cloid; the old target then cannot be modified', async () => {
    const id = cloid(0xa1);
    const placed = await c.act(HlClient.order({ a: 0, b: true, p: '58000', s: '0.002', c: id }));
    const oldOid = placed.json.response.data.statuses[0].resting.oid as number;
    const wire = { a: 0, b: true, p: '58100', s: '0.002', r: false, t: { limit: { tif: 'Gtc' } }, c: id };
    const moved = await c.act({ type: 'batchModify', modifies: [{ oid: id, order: wire }] });
    const newOid = moved.json.response.data.statuses[0].resting.oid as number;
    expect(moved.json.response.type).toBe('order');
    expect(newOid).not.toBe(oldOid);
    const status = await c.info({ type: 'orderStatus', user: c.master, oid: id });
    expect(status.json.order.order).toMatchObject({ oid: newOid, cloid: id, limitPx: '58100' });
    const stale = await c.act({ type: 'modify', oid: oldOid, order: { ...wire, p: '58200' } });
    expect(stale.json).toEqual({ status: 'err', response: 'Cannot modify canceled or filled order.' });
    const single = await c.act({ type: 'modify', oid: id, order: { ...wire, p: '58200' } });
    expect(single.json).toEqual({ status: 'ok', response: { type: 'default' } });
  });

  it('a new price outside the band refuses the whole modify: the order rests as it was', async () => {
    const id = cloid(0xa2);
    await c.act(HlClient.order({ a: 0, b: true, p: '58000', s: '0.002', c: id }));
    const wire = { a: 0, b: true, p: '120000', s: '0.002', r: false, t: { limit: { tif: 'Gtc' } }, c: id };
    const r = await c.act({ type: 'batchModify', modifies: [{ oid: id, order: wire }] });
    expect(r.json.response.data.statuses[0].error).toMatch(/away from the reference price/);
    const status = await c.info({ type: 'orderStatus', user: c.master, oid: id });
    expect(status.json.order).toMatchObject({ status: 'open', order: { limitPx: '58000' } });
  });
});
