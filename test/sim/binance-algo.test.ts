// Binance USD-M conditional orders over loopback, through the Algo Order API: place (stop / take-profit,
// mark or last price, reduce-only or close-position), the venue's refusals (-2021 would trigger at once,
// -2022 reduce-only with no position, -1106 close-position with a quantity), the order firing on the sim's
// own price path with its ALGO_UPDATE and ORDER_TRADE_UPDATE pushes, cancel / cancel-all / query, and the
// countdown dead-man's switch keeping conditional orders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { TestClient } from './client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let c: TestClient;
let other: TestClient;
let user: Collector;

beforeAll(async () => {
  sim = await startSim({ seed: 'algo', tickMs: 0, accounts: [{ name: 'a' }, { name: 'b' }], listenKeyTtlMs: 60_000 });
  c = new TestClient(sim);
  other = new TestClient(sim, sim.accounts[1]!.hmac!);
  await sim.control.setPrice('BTCUSDT', '65000');
  const { listenKey } = (await c.call('POST', '/fapi/v1/listenKey')).json;
  user = await Collector.open(`${sim.wsUrl}/private/ws?listenKey=${listenKey}`);
});
afterAll(async () => {
  user?.close();
  await sim.close();
});

const position = async () => {
  const rows = (await c.signed('GET', '/fapi/v3/positionRisk', { symbol: 'BTCUSDT' })).json as { positionAmt: string }[];
  return rows[0]?.positionAmt ?? '0';
};
const market = (client: TestClient, side: string, quantity: string) =>
  client.signed('POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side, type: 'MARKET', quantity });
const algo = (extra: Record<string, string>) =>
  c.signed('POST', '/fapi/v1/algoOrder', { algoType: 'CONDITIONAL', symbol: 'BTCUSDT', ...extra });

describe('placing and refusing', () => {
  it('refuses a stop that would trigger at once with -2021, and a reduce-only with no position with -2022', async () => {
    const now = await algo({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.010', triggerPrice: '65100', workingType: 'MARK_PRICE' });
    expect(now.status).toBe(400);
    expect(now.json).toEqual({ code: -2021, msg: 'Order would immediately trigger.' });
    const tp = await algo({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', quantity: '0.010', triggerPrice: '64000', workingType: 'MARK_PRICE' });
    expect(tp.json.code).toBe(-2021);
    const flat = await algo({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.010', triggerPrice: '60000', reduceOnly: 'true' });
    expect(flat.json).toEqual({ code: -2022, msg: 'ReduceOnly Order is rejected.' });
    const both = await algo({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.010', triggerPrice: '60000', closePosition: 'true' });
    expect(both.json).toEqual({ code: -1106, msg: "Parameter 'quantity' sent when not required." });
    const noType = await algo({ side: 'SELL', type: 'TRAILING_STOP_MARKET', quantity: '0.010', triggerPrice: '60000' });
    expect(noType.json.code).toBe(-1116);
    const noTrigger = await algo({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.010' });
    expect(noTrigger.json.code).toBe(-1102);
    const wrongAlgo = await c.signed('POST', '/fapi/v1/algoOrder', { algoType: 'VP', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: '0.010', triggerPrice: '60000' });
    expect(wrongAlgo.json.code).toBe(-1130);
    expect((await c.signed('GET', '/fapi/v1/openAlgoOrders', { symbol: 'BTCUSDT' })).json).toEqual([]);
  });
});

describe('firing on the price path', () => {
  it('a reduce-only mark-price stop fires when the mark crosses it and flattens the long, with the venue pushes', async () => {
    expect((await market(c, 'BUY', '0.020')).status).toBe(200);
    expect(await position()).toBe('0.020');
    const placed = await algo({
      side: 'SELL',
      type: 'STOP_MARKET',
      quantity: '0.020',
      triggerPrice: '64000',
      workingType: 'MARK_PRICE',
      reduceOnly: 'true',
      clientAlgoId: 'stop-1',
    });
    expect(placed.status).toBe(200);
    expect(placed.json).toMatchObject({
      clientAlgoId: 'stop-1',
      algoType: 'CONDITIONAL',
      orderType: 'STOP_MARKET',
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide: 'BOTH',
      quantity: '0.020',
      algoStatus: 'NEW',
      triggerPrice: '64000.00',
      workingType: 'MARK_PRICE',
      closePosition: false,
      reduceOnly: true,
      triggerTime: 0,
    });
    const algoId = placed.json.algoId as number;
    const open = (await c.signed('GET', '/fapi/v1/openAlgoOrders', { symbol: 'BTCUSDT' })).json;
    expect(open.map((o: { algoId: number }) => o.algoId)).toEqual([algoId]);
    await user.next((m) => m.e === 'ALGO_UPDATE' && m.o.aid === algoId && m.o.X === 'NEW');

    await sim.control.setPrice('BTCUSDT', '64500');
    expect((await c.signed('GET', '/fapi/v1/algoOrder', { algoId })).json.algoStatus).toBe('NEW');
    await sim.control.setPrice('BTCUSDT', '63990');

    await user.next((m) => m.e === 'ALGO_UPDATE' && m.o.aid === algoId && m.o.X === 'TRIGGERING');
    const triggered = await user.next((m) => m.e === 'ALGO_UPDATE' && m.o.aid === algoId && m.o.X === 'TRIGGERED');
    const orderId = Number(triggered.o.ai);
    expect(orderId).toBeGreaterThan(0);
    const filled = await user.next((m) => m.e === 'ORDER_TRADE_UPDATE' && m.o.i === orderId && m.o.X === 'FILLED');
    expect(filled.o).toMatchObject({ c: 'stop-1', o: 'MARKET', ot: 'STOP_MARKET', sp: '64000.00', R: true, S: 'SELL', z: '0.020' });
    const finished = await user.next((m) => m.e === 'ALGO_UPDATE' && m.o.aid === algoId && m.o.X === 'FINISHED');
    expect(finished.o).toMatchObject({ caid: 'stop-1', aq: '0.020', act: 'MARKET', wt: 'MARK_PRICE', tp: '64000.00' });
    expect(finished.o.tt).toBeGreaterThan(0);
    // Pushed in the venue's order: TRIGGERING, TRIGGERED, the market order's events, FINISHED.
    const seq = user.messages
      .filter((m) => (m.e === 'ALGO_UPDATE' && m.o.aid === algoId) || (m.e === 'ORDER_TRADE_UPDATE' && m.o.i === orderId))
      .map((m) => (m.e === 'ALGO_UPDATE' ? m.o.X : `order:${m.o.X}`));
    expect(seq).toEqual(['NEW', 'TRIGGERING', 'TRIGGERED', 'order:NEW', 'order:FILLED', 'FINISHED']);

    expect(await position()).toBe('0.000');
    const sent = (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId })).json;
    expect(sent).toMatchObject({ clientOrderId: 'stop-1', type: 'MARKET', origType: 'STOP_MARKET', stopPrice: '64000.00', status: 'FILLED', reduceOnly: true });
    const q = (await c.signed('GET', '/fapi/v1/algoOrder', { clientAlgoId: 'stop-1' })).json;
    expect(q).toMatchObject({ algoId, algoStatus: 'FINISHED', actualOrderId: String(orderId), actualQty: '0.020' });
    expect((await c.signed('GET', '/fapi/v1/openAlgoOrders', {})).json).toEqual([]);
    const history = (await c.signed('GET', '/fapi/v1/allAlgoOrders', { symbol: 'BTCUSDT' })).json;
    expect(history.map((o: { algoId: number }) => o.algoId)).toContain(algoId);
  });

  it('a close-position take-profit on the last price ignores a mark move and fires on a trade, closing the whole short', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    await market(c, 'SELL', '0.030');
    expect(await position()).toBe('-0.030');
    // A tick prints trades; fix the last price with a trade of the other account at the current level.
    expect((await market(other, 'BUY', '0.002')).status).toBe(200);
    const placed = await algo({ side: 'BUY', type: 'TAKE_PROFIT_MARKET', triggerPrice: '64000', closePosition: 'true', clientAlgoId: 'tp-1' });
    expect(placed.status).toBe(200);
    expect(placed.json).toMatchObject({ closePosition: true, reduceOnly: false, workingType: 'CONTRACT_PRICE', quantity: '0.000' });
    const algoId = placed.json.algoId as number;
    await sim.control.setPrice('BTCUSDT', '63900');
    expect((await c.signed('GET', '/fapi/v1/algoOrder', { algoId })).json.algoStatus).toBe('NEW');
    expect((await market(other, 'SELL', '0.002')).status).toBe(200);
    const finished = await user.next((m) => m.e === 'ALGO_UPDATE' && m.o.aid === algoId && m.o.X === 'FINISHED');
    expect(finished.o).toMatchObject({ cp: true, aq: '0.030', wt: 'CONTRACT_PRICE' });
    expect(await position()).toBe('0.000');
  });

  it('a close-position stop with no position left when it fires is REJECTED with the reason in rm', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    const placed = await algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: '64000', closePosition: 'true', workingType: 'MARK_PRICE' });
    expect(placed.status).toBe(200);
    const algoId = placed.json.algoId as number;
    await sim.control.setPrice('BTCUSDT', '63000');
    const rejected = await user.next((m) => m.e === 'ALGO_UPDATE' && m.o.aid === algoId && m.o.X === 'REJECTED');
    expect(rejected.o.rm).toBe('Reduce Only reject');
    expect(await position()).toBe('0.000');
  });
});

describe('cancelling, and the dead-man switch', () => {
  it('cancels by clientAlgoId and by algoId, cancels a symbol\'s all, and answers -2011 / -2013 for unknown ones', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    await market(c, 'BUY', '0.010');
    const a = await algo({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.010', triggerPrice: '60000', reduceOnly: 'true', clientAlgoId: 'c-1' });
    const b = await algo({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', quantity: '0.010', triggerPrice: '70000', reduceOnly: 'true', clientAlgoId: 'c-2' });
    const d = await algo({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', quantity: '0.010', triggerPrice: '71000', reduceOnly: 'true', clientAlgoId: 'c-3' });
    const dup = await algo({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', quantity: '0.010', triggerPrice: '71000', reduceOnly: 'true', clientAlgoId: 'c-3' });
    expect(dup.json).toEqual({ code: -4116, msg: 'ClientOrderId is duplicated.' });
    const byCid = await c.signed('DELETE', '/fapi/v1/algoOrder', { clientAlgoId: 'c-1' });
    expect(byCid.json).toEqual({ algoId: a.json.algoId, clientAlgoId: 'c-1', code: '200', msg: 'success' });
    await user.next((m) => m.e === 'ALGO_UPDATE' && m.o.caid === 'c-1' && m.o.X === 'CANCELED');
    expect((await c.signed('DELETE', '/fapi/v1/algoOrder', { clientAlgoId: 'c-1' })).json).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect((await c.signed('DELETE', '/fapi/v1/algoOrder', { algoId: b.json.algoId })).json.code).toBe('200');
    expect((await c.signed('DELETE', '/fapi/v1/algoOrder', {})).json.code).toBe(-1102);
    expect((await c.signed('GET', '/fapi/v1/algoOrder', { algoId: 42 })).json).toEqual({ code: -2013, msg: 'Order does not exist.' });
    const all = await c.signed('DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'BTCUSDT' });
    expect(all.json).toEqual({ code: 200, msg: 'The operation of cancel all open order is done.' });
    expect((await c.signed('GET', '/fapi/v1/algoOrder', { algoId: d.json.algoId })).json.algoStatus).toBe('CANCELED');
    // Another account cannot see or cancel them.
    expect((await other.signed('GET', '/fapi/v1/algoOrder', { algoId: d.json.algoId })).json.code).toBe(-2013);
    await market(c, 'SELL', '0.010');
  });

  it('the countdown switch and DELETE allOpenOrders cancel regular orders and keep conditional ones', async () => {
    await market(c, 'BUY', '0.010');
    const stop = await algo({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.010', triggerPrice: '60000', reduceOnly: 'true', clientAlgoId: 'kept' });
    expect(stop.status).toBe(200);
    await c.signed('POST', '/fapi/v1/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.010', price: '63000', newClientOrderId: 'gone' });
    await c.signed('POST', '/fapi/v1/countdownCancelAll', { symbol: 'BTCUSDT', countdownTime: 100 });
    const statusOf = async () => (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'gone' })).json.status;
    await until(async () => (await statusOf()) === 'CANCELED', 'the countdown cancelling the limit order');
    expect((await c.signed('GET', '/fapi/v1/algoOrder', { clientAlgoId: 'kept' })).json.algoStatus).toBe('NEW');
    await c.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
    expect((await c.signed('GET', '/fapi/v1/algoOrder', { clientAlgoId: 'kept' })).json.algoStatus).toBe('NEW');
    await c.signed('DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'BTCUSDT' });
    await market(c, 'SELL', '0.010');
  });
});
