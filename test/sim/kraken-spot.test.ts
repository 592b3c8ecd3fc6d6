// Spot matching with locked balances through the Kraken dialect: a resting buy holds its quote plus
// taker-fee room, a resting sell its base; a fill moves both assets and charges the fee in the quote; a
// cancel unlocks; what the free balance cannot cover is EOrder:Insufficient funds. Also the order and
// trade reads (OpenOrders, QueryOrders, ClosedOrders, TradesHistory with `start`), cl_ord_id, validate,
// post-only, and the dead-man switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { KrakenTestClient } from './kraken-client.js';

let sim: SimHandle;
let kr: KrakenTestClient;

beforeAll(async () => {
  // The API counter raised out of the way: this file is about balances, not limits (kraken-limits.test.ts).
  sim = await startSim({ dialect: 'kraken', tickMs: 0, seed: 'kraken-spot', limits: { apiMax: 10_000 }, accounts: [{ balances: { USD: '100000', BTC: '1' } }] });
  kr = new KrakenTestClient(sim);
});
afterAll(() => sim.close());

const ex = async () => (await kr.priv('BalanceEx')).json.result as Record<string, { balance: string; hold_trade: string }>;
const bal = async () => (await kr.priv('Balance')).json.result as Record<string, string>;
const bestAsk = async () => (await kr.pub('Ticker', { pair: 'XBTUSD' })).json.result.XXBTZUSD.a[0] as string;
const limit = (type: 'buy' | 'sell', price: string, volume: string, extra: Record<string, string> = {}) =>
  kr.priv('AddOrder', { pair: 'XBTUSD', type, ordertype: 'limit', price, volume, ...extra });

describe('kraken spot: locked balances', () => {
  it('a resting buy holds price × volume plus taker-fee room; its fill moves both assets and charges the maker fee in USD', async () => {
    const ask = await bestAsk();
    const price = D.toFixed(D.mul(ask, '0.98'), 1, 'floor');
    const placed = await limit('buy', price, '0.01', { cl_ord_id: 'buy-1' });
    expect(placed.json.error).toEqual([]);
    const txid = placed.json.result.txid[0];
    expect(txid).toMatch(/^O[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{6}$/);
    expect(placed.json.result.descr.order).toBe(`buy 0.01000000 XBTUSD @ limit ${price}`);
    const held = D.mul(D.mul(price, '0.01'), '1.004');
    expect(await ex()).toMatchObject({ ZUSD: { balance: '100000.0000', hold_trade: D.toFixed(held, 4, 'down') }, XXBT: { balance: '1.0000000000', hold_trade: '0.0000000000' } });
    const open = (await kr.priv('OpenOrders')).json.result.open;
    expect(open[txid]).toMatchObject({ status: 'open', cl_ord_id: 'buy-1', vol: '0.01000000', vol_exec: '0.00000000', descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price } });

    await sim.control.setPrice('BTC/USD', D.toFixed(D.mul(price, '0.99'), 1, 'floor'));
    const cost = D.mul(price, '0.01');
    const fee = D.round(D.mul(cost, '0.0025'), 8, 'half_up');
    expect(await ex()).toMatchObject({
      ZUSD: { balance: D.toFixed(D.sub(D.sub('100000', cost), fee), 4, 'down'), hold_trade: '0.0000' },
      XXBT: { balance: '1.0100000000', hold_trade: '0.0000000000' },
    });
    const q = (await kr.priv('QueryOrders', { txid, trades: true })).json.result[txid];
    expect(q).toMatchObject({ status: 'closed', vol_exec: '0.01000000', fee: D.toFixed(fee, 5, 'half_up'), price });
    expect(q.trades).toHaveLength(1);
    const trades = (await kr.priv('TradesHistory')).json.result;
    expect(trades.count).toBe(1);
    const [tid, t] = Object.entries(trades.trades)[0] as [string, Record<string, unknown>];
    expect(tid).toBe(q.trades[0]);
    expect(t).toMatchObject({ ordertxid: txid, pair: 'XXBTZUSD', type: 'buy', ordertype: 'limit', maker: true, vol: '0.01000000' });
    expect((await kr.priv('TradesHistory', { start: tid })).json.result).toEqual({ trades: {}, count: 0 });
    const fills = await sim.control.fills();
    expect(fills.at(-1)).toMatchObject({ symbol: 'BTC/USD', commissionAsset: 'USD', commission: fee, clientOrderId: 'buy-1' });
  });

  it('a resting sell holds its base; what the free balance cannot cover is EOrder:Insufficient funds; a cancel unlocks', async () => {
    const ask = await bestAsk();
    const high = D.toFixed(D.mul(ask, '1.05'), 1, 'floor');
    const sell = await limit('sell', high, '0.6', { cl_ord_id: 'sell-1' });
    expect(sell.json.error).toEqual([]);
    expect((await ex()).XXBT).toEqual({ balance: '1.0100000000', hold_trade: '0.6000000000' });
    // 1.01 held in all, 0.6 locked: 0.41 is free.
    expect((await limit('sell', high, '0.42')).json).toEqual({ error: ['EOrder:Insufficient funds'] });
    expect((await limit('sell', high, '0.41', { validate: 'true' })).json.error).toEqual([]);
    expect((await kr.priv('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.5' })).json).toEqual({ error: ['EOrder:Insufficient funds'] });
    // A cl_ord_id is unique across open orders.
    expect((await limit('sell', high, '0.01', { cl_ord_id: 'sell-1' })).json.error[0]).toMatch(/^EGeneral:Invalid arguments:cl_ord_id/);
    expect((await kr.priv('CancelOrder', { cl_ord_id: 'sell-1' })).json).toEqual({ error: [], result: { count: 1 } });
    expect((await ex()).XXBT).toEqual({ balance: '1.0100000000', hold_trade: '0.0000000000' });
    expect((await kr.priv('CancelOrder', { cl_ord_id: 'sell-1' })).json).toEqual({ error: ['EOrder:Unknown order'] });
    expect((await limit('sell', high, '0.42', { validate: 'true' })).json).toEqual({ error: [], result: { descr: { order: `sell 0.42000000 XBTUSD @ limit ${high}` } } });
    const closed = (await kr.priv('ClosedOrders')).json.result;
    expect(Object.values(closed.closed)[0]).toMatchObject({ status: 'canceled', cl_ord_id: 'sell-1', reason: 'User requested' });
  });

  it('buys: a limit buy beyond free USD is refused, so is a market buy whose walk of the book costs more; a small market buy takes at the ask with the taker fee', async () => {
    const before = await bal();
    const ask = await bestAsk();
    const all = D.toFixed(D.div(before.ZUSD!, ask, 8, 'floor'), 8, 'floor');
    expect((await limit('buy', ask, all)).json).toEqual({ error: ['EOrder:Insufficient funds'] });
    expect((await kr.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: all })).json).toEqual({ error: ['EOrder:Insufficient funds'] });
    // Two resting buys each within the free USD but not together: the second is refused.
    const low = D.toFixed(D.mul(ask, '0.9'), 1, 'floor');
    const half = D.toFixed(D.div(D.mul(before.ZUSD!, '0.6'), low, 8, 'floor'), 8, 'floor');
    const first = await limit('buy', low, half);
    expect(first.json.error).toEqual([]);
    expect((await limit('buy', low, half)).json).toEqual({ error: ['EOrder:Insufficient funds'] });
    expect((await kr.priv('CancelOrder', { txid: first.json.result.txid[0] })).json.result).toEqual({ count: 1 });
    expect((await ex()).ZUSD!.hold_trade).toBe('0.0000');
    const m = await kr.priv('AddOrder', { pair: 'BTC/USD', type: 'buy', ordertype: 'market', volume: '0.001' });
    expect(m.json.error).toEqual([]);
    const fill = (await sim.control.fills()).at(-1)!;
    expect(fill).toMatchObject({ maker: false, price: ask, qty: '0.001', commission: D.round(D.mul(D.mul(ask, '0.001'), '0.004'), 8, 'half_up') });
    const after = await bal();
    expect(after.XXBT).toBe(D.toFixed(D.add(before.XXBT!, '0.001'), 10, 'down'));
    expect(D.toFixed(D.sub(before.ZUSD!, after.ZUSD!), 4, 'half_up')).toBe(D.toFixed(D.add(fill.quoteQty, fill.commission), 4, 'half_up'));
  });

  it('partial fills release the lock share by share; a cancel of the rest leaves nothing held and the books exact', async () => {
    const s = await startSim({ dialect: 'kraken', tickMs: 0, seed: 'kraken-partial', limits: { apiMax: 10_000 }, accounts: [{ balances: { USD: '1000000', BTC: '0' } }] });
    try {
      const c = new KrakenTestClient(s);
      const ask = (await c.pub('Ticker', { pair: 'XBTUSD' })).json.result.XXBTZUSD.a[0] as string;
      const price = D.toFixed(D.mul(ask, '0.99'), 1, 'floor');
      const txid = (await c.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '12' })).json.result.txid[0];
      // The market moves a tick under the bid: the best ask is the bid's price, and that one level (a
      // few BTC at most), not twelve, fills.
      await s.control.setPrice('BTC/USD', D.sub(price, '0.1'));
      const q = (await c.priv('QueryOrders', { txid })).json.result[txid];
      expect(q.status).toBe('open');
      const done = q.vol_exec as string;
      expect(D.gt(done, '0') && D.lt(done, '12')).toBe(true);
      const held = (await c.priv('BalanceEx')).json.result.ZUSD.hold_trade;
      expect(held).toBe(D.toFixed(D.mul(D.mul(price, D.sub('12', done)), '1.004'), 4, 'down'));
      expect((await c.priv('CancelOrder', { txid })).json.result).toEqual({ count: 1 });
      const fills = (await s.control.fills()).filter((f) => f.accountId === 'account-1');
      const spent = D.sum(fills.map((f) => D.add(f.quoteQty, f.commission)));
      expect((await c.priv('BalanceEx')).json.result).toMatchObject({
        ZUSD: { balance: D.toFixed(D.sub('1000000', spent), 4, 'down'), hold_trade: '0.0000' },
        XXBT: { balance: D.toFixed(done, 10, 'down'), hold_trade: '0.0000000000' },
      });
    } finally {
      await s.close();
    }
  });

  it('post-only that would take is refused; order rules in the venue words', async () => {
    const ask = await bestAsk();
    expect((await limit('buy', ask, '0.001', { oflags: 'post' })).json).toEqual({ error: ['EOrder:Post only order'] });
    expect((await limit('buy', '1000', '0.00001')).json).toEqual({ error: ['EOrder:Order minimum not met'] });
    expect((await limit('buy', '1000.05', '0.01')).json).toEqual({ error: ['EOrder:Tick size check failed'] });
    expect((await limit('buy', '1000', '0.001', { ordertype: 'stop-loss' })).json).toEqual({ error: ['EGeneral:Invalid arguments:ordertype'] });
    expect((await kr.priv('AddOrder', { pair: 'NOPE', type: 'buy', ordertype: 'market', volume: '1' })).json).toEqual({ error: ['EQuery:Unknown asset pair'] });
    expect((await kr.priv('QueryOrders', { txid: 'OAAAAA-AAAAA-AAAAAA' })).json).toEqual({ error: ['EOrder:Invalid order'] });
  });

  it('CancelAllOrdersAfter reports its times and, left to run out, cancels every open order; 0 disarms it', async () => {
    const ask = await bestAsk();
    const low = D.toFixed(D.mul(ask, '0.9'), 1, 'floor');
    for (let i = 0; i < 2; i++) expect((await limit('buy', low, '0.01')).json.error).toEqual([]);
    const off = (await kr.priv('CancelAllOrdersAfter', { timeout: 0 })).json.result;
    expect(off.triggerTime).toBe('0');
    const armed = (await kr.priv('CancelAllOrdersAfter', { timeout: 1 })).json.result;
    expect(armed.currentTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(armed.triggerTime) - Date.parse(armed.currentTime)).toBe(1000);
    await until(async () => Object.keys((await kr.priv('OpenOrders')).json.result.open).length === 0, 'the dead-man switch to cancel');
    expect((await ex()).ZUSD!.hold_trade).toBe('0.0000');
    expect((await kr.priv('CancelAll')).json.result).toEqual({ count: 0 });
  });
});
