// Orders over loopback: place, query, cancel (both ids), duplicates, unknown orders, filters, open orders,
// cancel-all, the countdown switch, fills (taker slippage, maker partial fills), positions and balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { TestClient } from './client.js';
import { until } from '../support/until.js';

let sim: SimHandle;
let c: TestClient;

beforeAll(async () => {
  sim = await startSim({ seed: 'orders', tickMs: 0 });
  c = new TestClient(sim);
  await sim.control.setPrice('BTCUSDT', '65000');
  await sim.control.setPrice('ETHUSDT', '3200');
});
afterAll(() => sim.close());

const limit = (price: string, extra: Record<string, string> = {}) => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.010',
  price,
  ...extra,
});

describe('place, query, cancel', () => {
  it('places a resting limit order, queries it by orderId and by origClientOrderId, cancels it', async () => {
    const placed = await c.signed('POST', '/fapi/v1/order', limit('64000.0', { newClientOrderId: 'q-1' }));
    expect(placed.status).toBe(200);
    expect(placed.json).toMatchObject({
      symbol: 'BTCUSDT',
      status: 'NEW',
      clientOrderId: 'q-1',
      price: '64000.00',
      origQty: '0.010',
    });
    expect(placed.headers.get('x-mbx-order-count-10s')).toBe('1');
    expect(placed.headers.get('x-mbx-order-count-1m')).toBe('1');
    const id = placed.json.orderId as number;
    const byId = await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id });
    expect(byId.json).toMatchObject({ orderId: id, status: 'NEW', clientOrderId: 'q-1' });
    const byCid = await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'q-1' });
    expect(byCid.json.orderId).toBe(id);
    const open = await c.signed('GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' });
    expect(open.json.map((o: { orderId: number }) => o.orderId)).toContain(id);
    const cancel = await c.signed('DELETE', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'q-1',
    });
    expect(cancel.json).toMatchObject({ orderId: id, status: 'CANCELED' });
    const after = await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: id });
    expect(after.json.status).toBe('CANCELED');
  });

  it('refuses a duplicate newClientOrderId among open orders, accepts it again once the first is done', async () => {
    const first = await c.signed('POST', '/fapi/v1/order', limit('64000.0', { newClientOrderId: 'dup-1' }));
    expect(first.status).toBe(200);
    const second = await c.signed('POST', '/fapi/v1/order', limit('64000.0', { newClientOrderId: 'dup-1' }));
    expect(second.status).toBe(400);
    expect(second.json).toEqual({ code: -4116, msg: 'ClientOrderId is duplicated.' });
    await c.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'dup-1' });
    const third = await c.signed('POST', '/fapi/v1/order', limit('64000.0', { newClientOrderId: 'dup-1' }));
    expect(third.status).toBe(200);
    const ledger = (await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === 'dup-1');
    expect(ledger).toHaveLength(2);
    await c.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
  });

  it('refuses conditional order types with -4120: they moved to the Algo Order API on 2025-12-09', async () => {
    for (const type of ['STOP_MARKET', 'TAKE_PROFIT_MARKET', 'STOP']) {
      const r = await c.signed('POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'SELL', type, quantity: '0.010', stopPrice: '60000' });
      expect(r.status, type).toBe(400);
      expect(r.json).toEqual({ code: -4120, msg: 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.' });
    }
    const bogus = await c.signed('POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'NOPE', quantity: '0.010' });
    expect(bogus.json.code).toBe(-1116);
  });

  it('answers -2013 for an unknown order and -2011 when cancelling one', async () => {
    const q = await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'never-sent' });
    expect(q.json).toEqual({ code: -2013, msg: 'Order does not exist.' });
    const q2 = await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: 12345 });
    expect(q2.json.code).toBe(-2013);
    const d = await c.signed('DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: 12345 });
    expect(d.json).toEqual({ code: -2011, msg: 'Unknown order sent.' });
  });

  it('checks tick size, step size, min notional, price band and symbol', async () => {
    const tick = await c.signed('POST', '/fapi/v1/order', limit('64000.05'));
    expect(tick.json).toEqual({ code: -4014, msg: 'Price not increased by tick size.' });
    const step = await c.signed('POST', '/fapi/v1/order', limit('64000.0', { quantity: '0.0105' }));
    expect(step.json.code).toBe(-4023);
    const notional = await c.signed('POST', '/fapi/v1/order', limit('64000.0', { quantity: '0.001' }));
    expect(notional.json).toEqual({
      code: -4164,
      msg: "Order's notional must be no smaller than 100 (unless you choose reduce only).",
    });
    const band = await c.signed('POST', '/fapi/v1/order', limit('70000.0'));
    expect(band.json).toEqual({ code: -4016, msg: "Limit price can't be higher than 68250.00." });
    const sym = await c.signed('POST', '/fapi/v1/order', { ...limit('64000.0'), symbol: 'NOPEUSDT' });
    expect(sym.json).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    const badCid = await c.signed(
      'POST',
      '/fapi/v1/order',
      limit('64000.0', { newClientOrderId: 'has space' }),
    );
    expect(badCid.json.code).toBe(-4015);
  });

  it('cancels every open order of a symbol with allOpenOrders', async () => {
    for (const p of ['63000.0', '63100.0', '63200.0']) await c.signed('POST', '/fapi/v1/order', limit(p));
    expect((await c.signed('GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' })).json).toHaveLength(3);
    const r = await c.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
    expect(r.json).toEqual({ code: 200, msg: 'The operation of cancel all open order is done.' });
    expect((await c.signed('GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' })).json).toHaveLength(0);
  });

  it('fires countdownCancelAll when not renewed, and not when disarmed', async () => {
    await c.signed('POST', '/fapi/v1/order', limit('63000.0', { newClientOrderId: 'dms-1' }));
    const armed = await c.signed('POST', '/fapi/v1/countdownCancelAll', {
      symbol: 'BTCUSDT',
      countdownTime: 150,
    });
    expect(armed.json).toEqual({ symbol: 'BTCUSDT', countdownTime: '150' });
    const statusOf = async (id: string) =>
      (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: id })).json.status;
    await until(async () => (await statusOf('dms-1')) === 'CANCELED', 'the countdown cancelling dms-1');
    expect(await statusOf('dms-1')).toBe('CANCELED');
    await c.signed('POST', '/fapi/v1/order', limit('63000.0', { newClientOrderId: 'dms-2' }));
    await c.signed('POST', '/fapi/v1/countdownCancelAll', { symbol: 'BTCUSDT', countdownTime: 150 });
    await c.signed('POST', '/fapi/v1/countdownCancelAll', { symbol: 'BTCUSDT', countdownTime: 0 });
    await new Promise((r) => setTimeout(r, 300));
    const o2 = await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'dms-2' });
    expect(o2.json.status).toBe('NEW');
    await c.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
  });
});

describe('fills, positions, balances', () => {
  it('fills a large market order across levels (slippage) and books the position', async () => {
    const book = (await c.call('GET', '/fapi/v1/ticker/bookTicker', { symbol: 'ETHUSDT' })).json;
    const r = await c.signed('POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '60',
      newOrderRespType: 'RESULT',
    });
    expect(r.json.status).toBe('FILLED');
    expect(r.json.executedQty).toBe('60.000');
    expect(Number(r.json.avgPrice)).toBeGreaterThan(Number(book.askPrice));
    const trades = (
      await c.signed('GET', '/fapi/v1/userTrades', { symbol: 'ETHUSDT', orderId: r.json.orderId })
    ).json;
    expect(trades.length).toBeGreaterThan(1);
    expect(new Set(trades.map((t: { price: string }) => t.price)).size).toBeGreaterThan(1);
    expect(
      trades.every(
        (t: { maker: boolean; commissionAsset: string }) => !t.maker && t.commissionAsset === 'USDT',
      ),
    ).toBe(true);
    const pos = (await c.signed('GET', '/fapi/v2/positionRisk', { symbol: 'ETHUSDT' })).json[0];
    expect(pos.positionAmt).toBe('60.000');
    expect(Number(pos.entryPrice)).toBeCloseTo(Number(r.json.avgPrice), 2);
  });

  it('rejects a reduce-only order that would increase the position, closes with one that reduces it', async () => {
    const grow = await c.signed('POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '1',
      reduceOnly: 'true',
    });
    expect(grow.json).toEqual({ code: -2022, msg: 'ReduceOnly Order is rejected.' });
    await sim.control.setPrice('ETHUSDT', '3300');
    const close = await c.signed('POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '60',
      reduceOnly: 'true',
      newOrderRespType: 'RESULT',
    });
    expect(close.json.status).toBe('FILLED');
    const trades = (
      await c.signed('GET', '/fapi/v1/userTrades', { symbol: 'ETHUSDT', orderId: close.json.orderId })
    ).json;
    const pnl = trades.reduce((s: number, t: { realizedPnl: string }) => s + Number(t.realizedPnl), 0);
    expect(pnl).toBeGreaterThan(0);
    const pos = (await c.signed('GET', '/fapi/v3/positionRisk', { symbol: 'ETHUSDT' })).json[0];
    expect(pos.positionAmt).toBe('0.000');
    const account = (await c.signed('GET', '/fapi/v3/account')).json;
    expect(Number(account.totalWalletBalance)).toBeGreaterThan(100000);
  });

  it('userTrades answers one time window without a trade id, and refuses a trade id with a time (-1106)', async () => {
    const r = await c.signed('POST', '/fapi/v1/order', {
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.100',
      newOrderRespType: 'RESULT',
    });
    expect(r.json.status).toBe('FILLED');
    const ids = async (params: Record<string, string>) =>
      ((await c.signed('GET', '/fapi/v1/userTrades', { symbol: 'ETHUSDT', ...params })).json as Array<{ orderId: number }>)
        .filter((t) => t.orderId === r.json.orderId)
        .length;
    const now = Date.now();
    const day = 86_400_000;
    expect(await ids({})).toBeGreaterThan(0);
    expect(await ids({ startTime: String(now - 3_600_000) })).toBeGreaterThan(0);
    // startTime alone reaches 7 days forward, endTime alone 7 days back.
    expect(await ids({ startTime: String(now - 8 * day) })).toBe(0);
    expect(await ids({ endTime: String(now + 8 * day) })).toBe(0);
    expect(await ids({ endTime: String(now + day) })).toBeGreaterThan(0);
    const both = await c.signed('GET', '/fapi/v1/userTrades', { symbol: 'ETHUSDT', fromId: '1', startTime: String(now) });
    expect(both.json).toEqual({ code: -1106, msg: "Parameter 'startTime' sent when not required." });
  });

  it('fills a resting order as maker, partially, when the market moves through it', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    const r = await c.signed(
      'POST',
      '/fapi/v1/order',
      limit('64900.0', { quantity: '20.000', newClientOrderId: 'big-maker' }),
    );
    expect(r.json.status).toBe('NEW');
    // Five ask levels (64899.6 .. 64900.0) reach the order's price: not enough for 20 BTC.
    await sim.control.setPrice('BTCUSDT', '64899.5');
    const o = (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: r.json.orderId })).json;
    expect(o.status).toBe('PARTIALLY_FILLED');
    expect(Number(o.executedQty)).toBeGreaterThan(0);
    expect(Number(o.executedQty)).toBeLessThan(20);
    const trades = (
      await c.signed('GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT', orderId: r.json.orderId })
    ).json;
    expect(trades.every((t: { maker: boolean; price: string }) => t.maker && t.price === '64900.00')).toBe(
      true,
    );
    await sim.control.setPrice('BTCUSDT', '64899.5');
    const o2 = (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: r.json.orderId })).json;
    expect(Number(o2.executedQty)).toBeGreaterThan(Number(o.executedQty));
    await c.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
  });

  it('honours GTX (post-only reject), FOK (all or nothing) and IOC (rest expires)', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    const ask = (await c.call('GET', '/fapi/v1/ticker/bookTicker', { symbol: 'BTCUSDT' })).json
      .askPrice as string;
    const gtx = await c.signed('POST', '/fapi/v1/order', limit(ask, { timeInForce: 'GTX' }));
    expect(gtx.json.code).toBe(-5022);
    const fok = await c.signed(
      'POST',
      '/fapi/v1/order',
      limit(ask, { timeInForce: 'FOK', quantity: '10.000', newOrderRespType: 'RESULT' }),
    );
    expect(fok.json).toMatchObject({ status: 'EXPIRED', executedQty: '0.000' });
    const ioc = await c.signed(
      'POST',
      '/fapi/v1/order',
      limit(ask, { timeInForce: 'IOC', quantity: '10.000', newOrderRespType: 'RESULT' }),
    );
    expect(ioc.json.status).toBe('EXPIRED');
    expect(Number(ioc.json.executedQty)).toBeGreaterThan(0);
    expect(Number(ioc.json.executedQty)).toBeLessThan(10);
    await c.signed('POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: ioc.json.executedQty,
      reduceOnly: 'true',
    });
  });

  it('reports balances, account (v2, v3) and exchangeInfo with filters and rate limits', async () => {
    const bal = (await c.signed('GET', '/fapi/v2/balance')).json;
    expect(bal[0]).toMatchObject({ asset: 'USDT' });
    const v2 = (await c.signed('GET', '/fapi/v2/account')).json;
    expect(v2.positions.length).toBe(4);
    expect(v2.assets[0].asset).toBe('USDT');
    const info = (await c.call('GET', '/fapi/v1/exchangeInfo')).json;
    const btc = info.symbols.find((s: { symbol: string }) => s.symbol === 'BTCUSDT');
    expect(btc.filters.find((f: { filterType: string }) => f.filterType === 'PRICE_FILTER').tickSize).toBe(
      '0.10',
    );
    expect(btc.filters.find((f: { filterType: string }) => f.filterType === 'MIN_NOTIONAL').notional).toBe(
      '100',
    );
    expect(info.rateLimits[0]).toEqual({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 2400,
    });
  });
});
