// ClosedOrders narrowed by cl_ord_id finds the order however many closed after it: the venue filters
// server-side before its page of 50 (Kraken's own SDK: "Narrow to a single client order id,
// server-side"). The client adapter's second look for an order whose answer was lost relies on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { KrakenTestClient } from './kraken-client.js';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSim({ dialect: 'kraken', tickMs: 0, seed: 23, limits: { apiMax: 10_000, tradeMax: 10_000 } });
});
afterAll(async () => {
  await sim.close();
});

describe('kraken dialect: ClosedOrders by cl_ord_id', () => {
  it('finds the first of 60 filled orders, beyond the newest page of 50', async () => {
    const client = new KrakenTestClient(sim);
    for (let i = 0; i < 60; i++) {
      const r = await client.priv('AddOrder', { ordertype: 'market', type: i % 2 === 0 ? 'buy' : 'sell', volume: '0.001', pair: 'XBTUSD', cl_ord_id: `closed-${i}` });
      expect(r.json.error).toEqual([]);
    }
    const page = await client.priv('ClosedOrders', {});
    expect(Object.keys(page.json.result.closed)).toHaveLength(50);
    const one = await client.priv('ClosedOrders', { cl_ord_id: 'closed-0' });
    const found = Object.values(one.json.result.closed) as Array<{ cl_ord_id: string; status: string }>;
    expect(found.map((o) => [o.cl_ord_id, o.status])).toEqual([['closed-0', 'closed']]);
    expect(one.json.result.count).toBe(1);
  });
});
