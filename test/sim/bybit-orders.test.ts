// Orders on the Bybit v5 dialect: create, query, amend, cancel, cancel-all, a duplicate orderLinkId,
// a market fill into a one-way position, executions paged by cursor, and the wallet after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { BybitTestClient, roomyLimits } from './bybit-client.js';

let sim: SimHandle;
let by: BybitTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bybit-orders', limits: roomyLimits });
  by = new BybitTestClient(sim);
});
afterAll(() => sim.close());

/** A resting buy 3 % under the bid, on the 0.10 tick. */
async function restingPx(): Promise<string> {
  const r = await by.get('/v5/market/tickers', { category: 'linear', symbol: 'BTCUSDT' }, { signed: false });
  return (Math.round(Number(r.json.result.list[0].bid1Price) * 0.97 * 10) / 10).toFixed(1);
}

const limitBuy = (price: string, orderLinkId: string, qty = '0.010') => ({
  category: 'linear',
  symbol: 'BTCUSDT',
  side: 'Buy',
  orderType: 'Limit',
  qty,
  price,
  orderLinkId,
});

describe('bybit dialect: orders', () => {
  it('creates, finds by orderLinkId, refuses a reused orderLinkId (110072), amends, cancels once', async () => {
    const price = await restingPx();
    const placed = await by.post('/v5/order/create', limitBuy(price, 'qd-A1'));
    expect(placed.json).toMatchObject({ retCode: 0, result: { orderLinkId: 'qd-A1' } });
    const orderId = placed.json.result.orderId;
    const q = await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'qd-A1' });
    expect(q.json.result.list[0]).toMatchObject({ orderId, orderStatus: 'New', qty: '0.010', orderType: 'Limit', timeInForce: 'GTC', cumExecQty: '0.000', side: 'Buy', positionIdx: 0 });
    expect(Number(q.json.result.list[0].price)).toBe(Number(price));
    const dup = await by.post('/v5/order/create', limitBuy(price, 'qd-A1'));
    expect(dup.json).toMatchObject({ retCode: 110072, retMsg: 'OrderLinkedID is duplicate' });
    const tooLong = await by.post('/v5/order/create', limitBuy(price, 'x'.repeat(37)));
    expect(tooLong.json.retCode).toBe(10001);
    expect((await by.post('/v5/order/create', limitBuy(price, 'y'.repeat(36)))).json.retCode).toBe(0);

    const lower = (Number(price) - 10).toFixed(1);
    const amend = await by.post('/v5/order/amend', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'qd-A1', qty: '0.020', price: lower });
    expect(amend.json).toMatchObject({ retCode: 0, result: { orderId, orderLinkId: 'qd-A1' } });
    const amended = (await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderId })).json.result.list[0];
    expect(amended).toMatchObject({ orderId, qty: '0.020', orderStatus: 'New' });
    expect(Number(amended.price)).toBe(Number(lower));
    const same = await by.post('/v5/order/amend', { category: 'linear', symbol: 'BTCUSDT', orderId, qty: '0.020' });
    expect(same.json.retCode).toBe(10001);

    const open = await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT' });
    expect(open.json.result.list.map((o: { orderLinkId: string }) => o.orderLinkId)).toContain('qd-A1');
    const c = await by.post('/v5/order/cancel', { category: 'linear', symbol: 'BTCUSDT', orderId });
    expect(c.json).toMatchObject({ retCode: 0, result: { orderId, orderLinkId: 'qd-A1' } });
    const again = await by.post('/v5/order/cancel', { category: 'linear', symbol: 'BTCUSDT', orderId });
    expect(again.json).toMatchObject({ retCode: 110001, retMsg: 'order not exists or too late to cancel' });
    const gone = (await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderId })).json.result.list[0];
    expect(gone).toMatchObject({ orderStatus: 'Cancelled', cancelType: 'CancelByUser', leavesQty: '0.000' });
    expect((await by.post('/v5/order/amend', { category: 'linear', symbol: 'BTCUSDT', orderId, price })).json.retCode).toBe(110001);
    // A cancelled id stays used: the venue refuses to reuse it.
    expect((await by.post('/v5/order/create', limitBuy(price, 'qd-A1'))).json.retCode).toBe(110072);
    const ledger = await sim.control.acceptedOrders();
    expect(ledger.filter((o) => o.clientOrderId === 'qd-A1')).toHaveLength(1);
    // An id the venue never saw: an empty list, not an error (how a client learns it never landed).
    const never = await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'never-sent' });
    expect([never.json.retCode, never.json.result.list]).toEqual([0, []]);
  });

  it('cancel-all lists what it cancelled', async () => {
    const price = await restingPx();
    for (const id of ['qd-C1', 'qd-C2']) expect((await by.post('/v5/order/create', limitBuy(price, id))).json.retCode).toBe(0);
    const all = await by.post('/v5/order/cancel-all', { category: 'linear', symbol: 'BTCUSDT' });
    expect(all.json.result.success).toBe('1');
    expect(all.json.result.list.map((o: { orderLinkId: string }) => o.orderLinkId).sort()).toEqual(['qd-C1', 'qd-C2', 'y'.repeat(36)].sort());
    expect((await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT' })).json.result.list).toEqual([]);
  });

  it('refuses in the venue\'s words: min notional (110094), reduce-only (110017), off-step qty, price band (110003)', async () => {
    const price = await restingPx();
    const small = await by.post('/v5/order/create', { ...limitBuy('2000.0', 'qd-R1', '0.001') });
    expect(small.json.retCode).toBe(110003);
    const reduce = await by.post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.001', reduceOnly: true });
    expect(reduce.json).toMatchObject({ retCode: 110017 });
    const step = await by.post('/v5/order/create', limitBuy(price, 'qd-R2', '0.0015'));
    expect(step.json.retCode).toBe(10001);
    const xrp = await by.get('/v5/market/tickers', { category: 'linear', symbol: 'XRPUSDT' }, { signed: false });
    const xrpBid = Number(xrp.json.result.list[0].bid1Price);
    const tiny = await by.post('/v5/order/create', { category: 'linear', symbol: 'XRPUSDT', side: 'Buy', orderType: 'Limit', qty: '1.0', price: (xrpBid * 0.99).toFixed(4) });
    expect(tiny.json.retCode).toBe(110094);
    const hedge = await by.post('/v5/order/create', { ...limitBuy(price, 'qd-R3'), positionIdx: 1 });
    expect(hedge.json.retCode).toBe(10001);
    // A stop is never placed as a plain order without its trigger: it waits as a conditional order
    // (test/sim/bybit-conditional.test.ts), not in the matching engine.
    const stop = await by.post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.001', triggerPrice: '1000', triggerDirection: 2, orderLinkId: 'qd-S1' });
    expect(stop.json.retCode).toBe(0);
    expect((await sim.control.acceptedOrders()).some((o) => o.clientOrderId === 'qd-S1')).toBe(false);
    const waiting = await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'qd-S1' });
    expect(waiting.json.result.list[0]).toMatchObject({ orderStatus: 'Untriggered', stopOrderType: 'Stop' });
    expect((await by.post('/v5/order/cancel', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'qd-S1' })).json.retCode).toBe(0);
  });

  it('fills a market order into a one-way position; executions page by cursor, newest first; the wallet follows', async () => {
    for (const [i, q] of ['0.004', '0.003', '0.002'].entries()) {
      const r = await by.post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: q, orderLinkId: `qd-M${i}` });
      expect(r.json.retCode).toBe(0);
    }
    const m0 = (await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'qd-M0' })).json.result.list[0];
    expect(m0).toMatchObject({ orderStatus: 'Filled', cumExecQty: '0.004', orderType: 'Market', timeInForce: 'IOC' });
    expect(Number(m0.cumExecFee)).toBeGreaterThan(0);
    const pos = await by.get('/v5/position/list', { category: 'linear', symbol: 'BTCUSDT' });
    expect(pos.json.result.list).toEqual([expect.objectContaining({ symbol: 'BTCUSDT', side: 'Buy', size: '0.009', positionIdx: 0 })]);
    const bySettle = await by.get('/v5/position/list', { category: 'linear', settleCoin: 'USDT' });
    expect(bySettle.json.result.list.map((p: { symbol: string }) => p.symbol)).toEqual(['BTCUSDT']);
    expect((await by.get('/v5/position/list', { category: 'linear' })).json.retCode).toBe(10001);

    const seen: Array<{ execId: string; execTime: string; orderLinkId: string; execQty: string }> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await by.get('/v5/execution/list', { category: 'linear', symbol: 'BTCUSDT', limit: '1', ...(cursor ? { cursor } : {}) });
      expect(page.json.retCode).toBe(0);
      seen.push(...page.json.result.list);
      cursor = page.json.result.nextPageCursor || undefined;
      pages++;
    } while (cursor !== undefined && pages < 50);
    expect(pages).toBe(seen.length);
    expect(new Set(seen.map((e) => e.execId)).size).toBe(seen.length);
    const times = seen.map((e) => Number(e.execTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const qtyOf = (id: string) => seen.filter((e) => e.orderLinkId === id).reduce((a, e) => a + Number(e.execQty), 0);
    expect([qtyOf('qd-M0'), qtyOf('qd-M1'), qtyOf('qd-M2')].map((x) => x.toFixed(3))).toEqual(['0.004', '0.003', '0.002']);
    const since = await by.get('/v5/execution/list', { category: 'linear', startTime: String(Math.max(...times) + 1) });
    expect(since.json.result.list).toEqual([]);

    const w = (await by.get('/v5/account/wallet-balance', { accountType: 'UNIFIED', coin: 'USDT' })).json.result.list[0];
    expect(w.accountType).toBe('UNIFIED');
    expect(Number(w.coin[0].walletBalance)).toBeLessThan(100000);
    expect(Number(w.totalInitialMargin)).toBeGreaterThan(0);
    expect((await by.get('/v5/account/wallet-balance', { accountType: 'CONTRACT' })).json.retCode).toBe(10001);

    const lever = (n: string) => by.post('/v5/position/set-leverage', { category: 'linear', symbol: 'BTCUSDT', buyLeverage: n, sellLeverage: n });
    expect((await lever('10')).json.retCode).toBe(0);
    expect((await lever('10')).json.retCode).toBe(110043);
    expect((await lever('126')).json.retCode).toBe(10001);
    expect((await by.get('/v5/position/list', { category: 'linear', symbol: 'BTCUSDT' })).json.result.list[0].leverage).toBe('10');
    const close = await by.post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.009', reduceOnly: true });
    expect(close.json.retCode).toBe(0);
    expect((await by.get('/v5/position/list', { category: 'linear', settleCoin: 'USDT' })).json.result.list).toEqual([]);
  });
});
