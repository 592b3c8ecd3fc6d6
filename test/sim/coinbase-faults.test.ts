// The fault plan through the Coinbase dialect: a create whose reply is lost (dropped, 504 UNKNOWN,
// 503 after handling) was placed all the same, and sending the same client_order_id again answers with
// that order — one order per intent; a venue clock ahead of the client's makes a fresh JWT "not yet
// valid" (401) until the client mints it on the venue's time (`GET /time`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { CoinbaseTestClient } from './coinbase-client.js';

let sim: SimHandle;
let cb: CoinbaseTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'coinbase', tickMs: 0, seed: 'coinbase-faults', limits: { privatePerSecond: 10_000 } });
  cb = new CoinbaseTestClient(sim);
});
afterAll(() => sim.close());

const create = async (client_order_id: string) => {
  const bid = (await cb.pub('/market/product_book?product_id=BTC-USD&limit=1')).json.pricebook.bids[0].price;
  const body = { client_order_id, product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: D.toFixed(D.mul(bid, '0.9'), 2, 'floor') } } };
  return cb.post('/orders', body).catch((e: unknown) => e as Error);
};

describe('coinbase: the fault plan', () => {
  it.each([
    ['dropResponse', (r: unknown) => expect(r).toBeInstanceOf(Error)],
    ['unknownStatus', (r: unknown) => expect(r).toMatchObject({ status: 504, json: { error: 'UNKNOWN' } })],
    ['unavailableAfter', (r: unknown) => expect(r).toMatchObject({ status: 503, json: { error: 'UNAVAILABLE' } })],
  ] as const)('%s: the order was placed; the same client_order_id again answers with it, and nothing more is placed', async (fault, lost) => {
    const id = `lost-${fault}`;
    await sim.control.setFaults({ [fault]: { times: 1, scope: 'order' } });
    lost(await create(id));
    const taken = (await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id);
    expect(taken).toHaveLength(1);
    const again = await create(id);
    expect(again).toMatchObject({ status: 200, json: { success: true, success_response: { client_order_id: id } } });
    expect((await sim.control.acceptedOrders()).filter((o) => o.clientOrderId === id)).toHaveLength(1);
    const listed = (await cb.get('/orders/historical/batch?order_status=OPEN')).json.orders.filter((o: { client_order_id: string }) => o.client_order_id === id);
    expect(listed.map((o: { order_id: string }) => o.order_id)).toEqual([(again as { json: { order_id: string } }).json.order_id]);
    await sim.control.clearFaults();
  });

  it('a venue clock 3 minutes ahead: the client\'s fresh token is 401 until minted on the venue\'s time', async () => {
    await sim.control.skewClock(180_000);
    try {
      const r = await cb.get('/accounts');
      expect(r.status).toBe(401);
      const venueS = Number((await cb.pub('/time')).json.epochSeconds);
      const skewS = venueS - Math.floor(Date.now() / 1000);
      expect(skewS).toBeGreaterThan(150);
      expect((await cb.get('/accounts', { skewS })).status).toBe(200);
    } finally {
      await sim.control.skewClock(0);
    }
  });
});
