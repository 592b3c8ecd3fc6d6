// Request weight, order counts and their headers; 429 with Retry-After, then 418 bans that escalate.
// Windows are shortened so the whole cycle takes a few hundred milliseconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { TestClient } from './client.js';

let sim: SimHandle;
let c: TestClient;

beforeAll(async () => {
  sim = await startSim({
    seed: 'limits',
    tickMs: 0,
    limits: {
      requestWeightPerWindow: 20,
      weightWindowMs: 60_000,
      ordersShort: 3,
      ordersShortWindowMs: 60_000,
      violationsBeforeBan: 2,
      // Every request after the first 429 counts here (the grace has its own test below).
      inFlightGraceMs: 0,
      banBaseMs: 300,
    },
  });
  c = new TestClient(sim);
});
afterAll(() => sim.close());

describe('weights and order counts', () => {
  it('meters weight per endpoint in X-MBX-USED-WEIGHT-1M', async () => {
    await sim.control.resetLimits();
    const t = await c.call('GET', '/fapi/v1/time');
    expect(t.headers.get('x-mbx-used-weight-1m')).toBe('1');
    const all = await c.call('GET', '/fapi/v1/ticker/bookTicker');
    expect(all.headers.get('x-mbx-used-weight-1m')).toBe('6');
    const one = await c.call('GET', '/fapi/v1/ticker/bookTicker', { symbol: 'BTCUSDT' });
    expect(one.headers.get('x-mbx-used-weight-1m')).toBe('8');
    const acct = await c.signed('GET', '/fapi/v2/account');
    expect(acct.headers.get('x-mbx-used-weight-1m')).toBe('13');
  });

  it('counts orders in X-MBX-ORDER-COUNT-10S / -1M and refuses past the limit with -1015', async () => {
    await sim.control.resetLimits();
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.002',
      price: '64000.0',
    };
    for (let i = 1; i <= 3; i++) {
      const r = await c.signed('POST', '/fapi/v1/order', order);
      expect(r.status).toBe(200);
      expect(r.headers.get('x-mbx-order-count-10s')).toBe(String(i));
      expect(r.headers.get('x-mbx-order-count-1m')).toBe(String(i));
      expect(r.headers.get('x-mbx-used-weight-1m')).toBe('0');
    }
    const over = await c.signed('POST', '/fapi/v1/order', order);
    expect(over.status).toBe(429);
    expect(over.json.code).toBe(-1015);
    expect(over.json.msg).toMatch(/^Too many new orders; current limit is 3 orders per/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    await c.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
  });
});

describe('429 then 418', () => {
  it('requests that crossed the first 429 on the wire are refused (429) but do not count toward a ban', async () => {
    const graceful = await startSim({
      seed: 'limits-grace',
      tickMs: 0,
      limits: { requestWeightPerWindow: 20, weightWindowMs: 60_000, violationsBeforeBan: 2, inFlightGraceMs: 60_000 },
    });
    try {
      const client = new TestClient(graceful);
      let r = await client.call('GET', '/fapi/v1/time');
      while (r.status === 200) r = await client.call('GET', '/fapi/v1/time');
      expect(r.status).toBe(429);
      // Five parallel requests inside the grace: each one 429, none a ban.
      const crossing = await Promise.all([1, 2, 3, 4, 5].map(() => client.call('GET', '/fapi/v1/time')));
      expect(crossing.map((x) => x.status)).toEqual([429, 429, 429, 429, 429]);
      expect((await graceful.control.stats()).status418).toBe(0);
    } finally {
      await graceful.close();
    }
  });

  it('answers 429 with Retry-After past the weight limit, then bans with escalating 418s', async () => {
    await sim.control.resetLimits();
    let r = await c.call('GET', '/fapi/v1/time');
    while (r.status === 200) r = await c.call('GET', '/fapi/v1/time');
    expect(r.status).toBe(429);
    expect(r.json.code).toBe(-1003);
    expect(r.json.msg).toContain('Too many requests');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // Ignoring Retry-After: one more 429, then the ban.
    const again = await c.call('GET', '/fapi/v1/time');
    expect(again.status).toBe(429);
    const banned = await c.call('GET', '/fapi/v1/time');
    expect(banned.status).toBe(418);
    expect(banned.json.code).toBe(-1003);
    expect(banned.json.msg).toMatch(/^Way too many requests; IP\(127\.0\.0\.1\) banned until \d+\./);
    const until1 = Number(/until (\d+)/.exec(banned.json.msg)![1]);
    expect(Number(banned.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Signed endpoints are refused too, before any other check.
    expect((await c.signed('GET', '/fapi/v2/balance')).status).toBe(418);
    // The first ban lasts banBaseMs (300 ms); after it, the client is still in the 429 window and
    // keeps pushing → a second, longer ban.
    await new Promise((res) => setTimeout(res, 350));
    let next = await c.call('GET', '/fapi/v1/time');
    while (next.status !== 418) next = await c.call('GET', '/fapi/v1/time');
    const until2 = Number(/until (\d+)/.exec(next.json.msg)![1]);
    const now = await sim.control.serverTime();
    expect(until2 - now).toBeGreaterThan(450); // 600 ms second ban vs 300 ms first
    expect(until2).toBeGreaterThan(until1);
    const stats = await sim.control.stats();
    expect(stats.status418).toBeGreaterThanOrEqual(2);
    expect(stats.status429).toBeGreaterThanOrEqual(2);
    await sim.control.resetLimits();
    expect((await c.call('GET', '/fapi/v1/time')).status).toBe(200);
  });
});
