// Spot matching with locked balances through the Coinbase dialect: create order (`client_order_id`,
// `limit_limit_gtc`, `market_market_ioc` by base or by quote) and its `{success, success_response |
// error_response}` answer, the venue's refusals (INSUFFICIENT_FUND, INVALID_LIMIT_PRICE_POST_ONLY, …),
// a repeated client_order_id answered with the order it made, `accounts` (available and hold), batch
// cancel, the order list, one order and the fills since a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { type CoinbaseReply, CoinbaseTestClient } from './coinbase-client.js';

let sim: SimHandle;
let cb: CoinbaseTestClient;

beforeAll(async () => {
  // The rate limits raised out of the way: this file is about orders and balances.
  sim = await startSim({ dialect: 'coinbase', tickMs: 0, seed: 'coinbase-spot', limits: { privatePerSecond: 10_000 }, accounts: [{ balances: { USD: '100000', BTC: '1' } }] });
  cb = new CoinbaseTestClient(sim);
});
afterAll(() => sim.close());

type Wallet = { available_balance: { value: string }; hold: { value: string } };
const wallets = async () =>
  Object.fromEntries(((await cb.get('/accounts')).json.accounts as (Wallet & { currency: string })[]).map((a) => [a.currency, { available: a.available_balance.value, hold: a.hold.value }]));
const book = async () => (await cb.get('/product_book?product_id=BTC-USD&limit=1')).json.pricebook;
const limit = (client_order_id: string, side: 'BUY' | 'SELL', limit_price: string, base_size: string, post_only = false) =>
  cb.post('/orders', { client_order_id, product_id: 'BTC-USD', side, order_configuration: { limit_limit_gtc: { base_size, limit_price, post_only } } });

describe('coinbase spot: orders and locked balances', () => {
  it('a resting buy holds price × size plus taker-fee room, is listed OPEN, and its fill moves both assets', async () => {
    const ask = (await book()).asks[0].price as string;
    const price = D.toFixed(D.mul(ask, '0.98'), 2, 'floor');
    const r = await limit('buy-1', 'BUY', price, '0.01');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: true, success_response: { product_id: 'BTC-USD', side: 'BUY', client_order_id: 'buy-1' } });
    const id = r.json.success_response.order_id as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.json.order_id).toBe(id);
    const held = D.mul(D.mul(price, '0.01'), '1.012');
    expect((await wallets()).USD).toEqual({ available: D.sub('100000', held), hold: held });
    const one = (await cb.get(`/orders/historical/${id}`)).json.order;
    expect(one).toMatchObject({ order_id: id, status: 'OPEN', client_order_id: 'buy-1', order_type: 'LIMIT', time_in_force: 'GOOD_UNTIL_CANCELLED', filled_size: '0', product_type: 'SPOT' });
    expect(one.order_configuration).toEqual({ limit_limit_gtc: { base_size: '0.01', limit_price: price, post_only: false } });
    const open = (await cb.get('/orders/historical/batch?order_status=OPEN')).json;
    expect(open.orders.map((o: { order_id: string }) => o.order_id)).toEqual([id]);

    const since = new Date(Date.now() - 1000).toISOString();
    await sim.control.setPrice('BTC-USD', D.toFixed(D.mul(price, '0.99'), 2, 'floor'));
    const cost = D.mul(price, '0.01');
    const fee = D.round(D.mul(cost, '0.006'), 8, 'half_up');
    expect(await wallets()).toMatchObject({ USD: { available: D.sub(D.sub('100000', cost), fee), hold: '0' }, BTC: { available: '1.01', hold: '0' } });
    const done = (await cb.get(`/orders/historical/${id}`)).json.order;
    expect(done).toMatchObject({ status: 'FILLED', filled_size: '0.01', number_of_fills: '1', total_fees: fee, completion_percentage: '100' });
    const fills = (await cb.get(`/orders/historical/fills?order_ids=${id}`)).json.fills;
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ order_id: id, price, size: '0.01', commission: fee, liquidity_indicator: 'MAKER', side: 'BUY', product_id: 'BTC-USD' });
    // Fills since a time: this one from before it, none from after it.
    expect((await cb.get(`/orders/historical/fills?start_sequence_timestamp=${since}`)).json.fills).toHaveLength(1);
    const after = new Date(Date.parse(fills[0].trade_time) + 1).toISOString();
    expect((await cb.get(`/orders/historical/fills?start_sequence_timestamp=${after}`)).json.fills).toEqual([]);
  });

  it('a repeated client_order_id answers with the order it made and creates nothing', async () => {
    const { bids } = await book();
    const price = D.toFixed(D.mul(bids[0].price, '0.9'), 2, 'floor');
    const first = await limit('again-1', 'BUY', price, '0.001');
    const second = await limit('again-1', 'BUY', price, '0.001');
    expect(second.json.success).toBe(true);
    expect(second.json.success_response.order_id).toBe(first.json.success_response.order_id);
    const mine = (await cb.get('/orders/historical/batch')).json.orders.filter((o: { client_order_id: string }) => o.client_order_id === 'again-1');
    expect(mine).toHaveLength(1);
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === 'again-1')).toHaveLength(1);
  });

  it('batch_cancel cancels what is open, says UNKNOWN_CANCEL_ORDER for the rest, and unlocks the hold', async () => {
    const { bids } = await book();
    const price = D.toFixed(D.mul(bids[0].price, '0.9'), 2, 'floor');
    const a = (await limit('cx-1', 'BUY', price, '0.002')).json.success_response.order_id;
    const b = (await limit('cx-2', 'SELL', D.toFixed(D.mul(bids[0].price, '1.2'), 2, 'floor'), '0.003')).json.success_response.order_id;
    expect((await wallets()).BTC!.hold).toBe('0.003');
    const unknown = '0000c0de-0000-4000-8000-0000ffffffff';
    const r = await cb.post('/orders/batch_cancel', { order_ids: [a, b, unknown] });
    expect(r.json.results).toEqual([
      { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: a },
      { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: b },
      { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: unknown },
    ]);
    expect((await cb.post('/orders/batch_cancel', { order_ids: [a] })).json.results[0].success).toBe(false);
    expect((await cb.get(`/orders/historical/${a}`)).json.order.status).toBe('CANCELLED');
    expect((await wallets()).BTC!.hold).toBe('0');
    const nf = await cb.get(`/orders/historical/${unknown}`);
    expect(nf.status).toBe(404);
    expect(nf.json.error).toBe('NOT_FOUND');
  });

  it('market orders by quote (a buy) and by base (a sell) fill at once as takers', async () => {
    const before = await wallets();
    const buy = await cb.post('/orders', { client_order_id: 'mkt-1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { market_market_ioc: { quote_size: '500' } } });
    expect(buy.json.success).toBe(true);
    const o = (await cb.get(`/orders/historical/${buy.json.success_response.order_id}`)).json.order;
    expect(o).toMatchObject({ status: 'FILLED', order_type: 'MARKET', time_in_force: 'IMMEDIATE_OR_CANCEL', size_in_quote: true });
    // It spends at most its quote size, fees included, and not much less.
    const spent = D.sub(before.USD!.available, (await wallets()).USD!.available);
    expect(D.cmp(spent, '500')).toBeLessThanOrEqual(0);
    expect(D.cmp(spent, '499')).toBeGreaterThan(0);
    const sell = await cb.post('/orders', { client_order_id: 'mkt-2', product_id: 'BTC-USD', side: 'SELL', order_configuration: { market_market_ioc: { base_size: '0.001' } } });
    expect(sell.json.success).toBe(true);
    const fill = (await cb.get(`/orders/historical/fills?order_ids=${sell.json.success_response.order_id}`)).json.fills[0];
    expect(fill).toMatchObject({ liquidity_indicator: 'TAKER', side: 'SELL', size: '0.001' });
  });
});

describe('coinbase spot: refusals in the venue\'s words', () => {
  const refused = (r: CoinbaseReply, error: string) => {
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: false, error_response: { error, new_order_failure_reason: error, preview_failure_reason: `PREVIEW_${error}` } });
    expect(r.json.success_response).toBeUndefined();
  };

  it('sor_limit_ioc takes what the book offers at its price and cancels the rest; limit_limit_fok fills whole or expires', async () => {
    const { asks } = await book();
    const through = D.toFixed(D.mul(asks[0].price, '1.01'), 2, 'floor');
    const ioc = await cb.post('/orders', { client_order_id: 'ioc-1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { sor_limit_ioc: { base_size: '0.001', limit_price: through } } });
    expect(ioc.json.success).toBe(true);
    const filled = (await cb.get(`/orders/historical/${ioc.json.order_id}`)).json.order;
    expect(filled).toMatchObject({ status: 'FILLED', filled_size: '0.001', time_in_force: 'IMMEDIATE_OR_CANCEL' });
    const below = D.toFixed(D.mul(asks[0].price, '0.9'), 2, 'floor');
    const fok = await cb.post('/orders', { client_order_id: 'fok-1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_fok: { base_size: '0.001', limit_price: below } } });
    expect(fok.json.success).toBe(true);
    const expired = (await cb.get(`/orders/historical/${fok.json.order_id}`)).json.order;
    expect(expired).toMatchObject({ filled_size: '0', time_in_force: 'FILL_OR_KILL' });
    expect(expired.status).toMatch(/^(EXPIRED|CANCELLED)$/);
  });

  it('INSUFFICIENT_FUND, INVALID_LIMIT_PRICE_POST_ONLY, INVALID_PRODUCT_ID, UNSUPPORTED_ORDER_CONFIGURATION; a missing client_order_id is 400', async () => {
    const { bids, asks } = await book();
    refused(await limit('nf-1', 'SELL', D.toFixed(D.mul(asks[0].price, '1.1'), 2, 'floor'), '5'), 'INSUFFICIENT_FUND');
    refused(await limit('nf-2', 'BUY', D.toFixed(D.mul(bids[0].price, '0.9'), 2, 'floor'), '100'), 'INSUFFICIENT_FUND');
    refused(await limit('po-1', 'BUY', asks[0].price, '0.001', true), 'INVALID_LIMIT_PRICE_POST_ONLY');
    refused(await cb.post('/orders', { client_order_id: 'pp-1', product_id: 'BTC-EUR', side: 'BUY', order_configuration: { market_market_ioc: { quote_size: '10' } } }), 'INVALID_PRODUCT_ID');
    const cfg = await cb.post('/orders', { client_order_id: 'cf-1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { stop_limit_stop_limit_gtc: {} } });
    expect(cfg.json.error_response.error).toBe('UNSUPPORTED_ORDER_CONFIGURATION');
    const none = await cb.post('/orders', { product_id: 'BTC-USD', side: 'BUY', order_configuration: { market_market_ioc: { quote_size: '10' } } });
    expect(none.status).toBe(400);
    expect(none.json.error).toBe('INVALID_ARGUMENT');
    // The venue took none of them.
    expect((await sim.control.acceptedOrders()).filter((o) => /^(nf|po|pp|cf)-/.test(o.clientOrderId))).toEqual([]);
  });
});
