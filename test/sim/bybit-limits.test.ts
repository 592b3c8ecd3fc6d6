// Bybit's limits and the fault plan on its dialect: per-UID endpoint limits with the X-Bapi-Limit
// headers and 10006, the IP's 403, the storm and ban faults, every request fault with what the
// ledger records, and key rights (read-only 10005, bound IP 10010) from a keys file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeysFileError } from '../../src/sim/accounts.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { BybitTestClient, roomyLimits } from './bybit-client.js';

const market = (orderLinkId: string, side = 'Buy') => ({ category: 'linear', symbol: 'BTCUSDT', side, orderType: 'Market', qty: '0.001', orderLinkId });

describe('bybit per-UID endpoint limits', () => {
  let sim: SimHandle;
  let by: BybitTestClient;
  beforeAll(async () => {
    // Three creates per minute, so the test does not race a one-second window on a busy machine.
    sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bybit-uid', limits: { endpoints: { 'POST /v5/order/create': 3, 'GET /v5/order/realtime': 50 }, uidWindowMs: 60_000 } });
    by = new BybitTestClient(sim);
  });
  afterAll(() => sim.close());

  it('counts down X-Bapi-Limit-Status, then refuses with 10006 and a reset time ahead', async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await by.post('/v5/order/create', market(`uid-${i}`));
      expect(r.json.retCode).toBe(0);
      expect(r.headers.get('X-Bapi-Limit')).toBe('3');
      statuses.push(r.headers.get('X-Bapi-Limit-Status')!);
    }
    expect(statuses).toEqual(['2', '1', '0']);
    const before = await sim.control.serverTime();
    const over = await by.post('/v5/order/create', market('uid-3'));
    expect(over.json).toMatchObject({ retCode: 10006, retMsg: 'Too many visits!' });
    expect(over.headers.get('X-Bapi-Limit-Status')).toBe('0');
    expect(Number(over.headers.get('X-Bapi-Limit-Reset-Timestamp'))).toBeGreaterThan(before + 50_000);
    expect((await sim.control.acceptedOrders()).map((o) => o.clientOrderId)).toEqual(['uid-0', 'uid-1', 'uid-2']);
    // Another endpoint has its own count.
    const q = await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT' });
    expect([q.json.retCode, q.headers.get('X-Bapi-Limit'), q.headers.get('X-Bapi-Limit-Status')]).toEqual([0, '50', '49']);
    // Public endpoints are limited by IP only: no per-UID headers.
    expect((await by.get('/v5/market/time', {}, { signed: false })).headers.get('X-Bapi-Limit')).toBeNull();
  });
});

describe('bybit IP limit: 403', () => {
  let sim: SimHandle;
  let by: BybitTestClient;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bybit-ip', limits: { ipRequests: 20, ipWindowMs: 60_000, ipBanMs: 600_000 } });
    by = new BybitTestClient(sim);
  });
  afterAll(() => sim.close());

  it('past the IP\'s requests in its window everything is a bare 403 until the ban ends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await by.get('/v5/market/time', {}, { signed: false })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([403, 403, 403, 403]);
    const signed = await by.get('/v5/account/wallet-balance', { accountType: 'UNIFIED' });
    expect([signed.status, signed.text]).toEqual([403, 'access too frequent']);
    await sim.control.resetLimits();
    expect((await by.get('/v5/market/time', {}, { signed: false })).status).toBe(200);
  });

  it('the ban fault is the same 403; the storm fault is 10006 with an exhausted window', async () => {
    await sim.control.resetLimits();
    await sim.control.setFaults({ now: { banMs: 600_000 } });
    expect((await by.get('/v5/market/time', {}, { signed: false })).status).toBe(403);
    await sim.control.resetLimits();
    await sim.control.setFaults({ rateLimitStorm: { times: 1 } });
    const storm = await by.post('/v5/order/create', market('storm-1'));
    expect(storm.json.retCode).toBe(10006);
    expect([storm.headers.get('X-Bapi-Limit'), storm.headers.get('X-Bapi-Limit-Status')]).toEqual(['10', '0']);
    expect((await by.post('/v5/order/create', market('storm-2'))).json.retCode).toBe(0);
    expect((await sim.control.acceptedOrders()).map((o) => o.clientOrderId)).toEqual(['storm-2']);
    await sim.control.clearFaults();
  });
});

describe('bybit dialect: the fault plan', () => {
  let sim: SimHandle;
  let by: BybitTestClient;
  beforeAll(async () => {
    sim = await startSim({ dialect: 'bybit', tickMs: 0, seed: 'bybit-faults', limits: roomyLimits });
    by = new BybitTestClient(sim);
  });
  afterAll(() => sim.close());

  it('dropped replies still place once; 10000 is ambiguous; 5xx before places nothing, after places', async () => {
    await sim.control.setFaults('drop-response=x1');
    await expect(by.post('/v5/order/create', market('f-1'))).rejects.toThrow();
    const found = await by.get('/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'f-1' });
    expect(found.json.result.list[0].orderStatus).toBe('Filled');
    await sim.control.setFaults('unknown-status=x1');
    const unknown = await by.post('/v5/order/create', market('f-2', 'Sell'));
    expect(unknown.json).toMatchObject({ retCode: 10000, retMsg: 'Server Timeout' });
    await sim.control.setFaults('5xx-before=x1');
    const before = await by.post('/v5/order/create', market('f-3'));
    expect([before.status, before.json.retCode]).toEqual([503, 10016]);
    await sim.control.setFaults('5xx-after=x1');
    const after = await by.post('/v5/order/create', market('f-4'));
    expect([after.status, after.json.retCode]).toEqual([500, 10016]);
    const ledger = await sim.control.acceptedOrders();
    expect(ledger.map((o) => [o.clientOrderId, o.reply])).toEqual([
      ['f-1', 'dropped'],
      ['f-2', 'unknown-status'],
      ['f-4', '5xx'],
    ]);
    await sim.control.clearFaults();
  });

  it('html-502, refuse-text in the venue\'s envelope, hold', async () => {
    await sim.control.setFaults('html-502=x1');
    const html = await by.get('/v5/market/time', {}, { signed: false });
    expect([html.status, html.json]).toEqual([502, undefined]);
    await sim.control.setFaults({ refuseText: { times: 1, text: 'chosen words' } });
    const refused = await by.post('/v5/order/create', market('f-5'));
    expect(refused.json).toMatchObject({ retCode: 10001, retMsg: 'chosen words', result: {}, retExtInfo: {} });
    await sim.control.setFaults({ hold: { times: 1 } });
    const held = by.post('/v5/order/create', market('f-6'));
    let settled = false;
    void held.then(() => {
      settled = true;
    });
    await until(async () => (await sim.control.stats()).faultsFired['hold'] === 1, 'the order held');
    expect(settled).toBe(false);
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    expect((await held).json.retCode).toBe(0);
    expect((await sim.control.acceptedOrders()).some((o) => o.clientOrderId === 'f-5')).toBe(false);
    await sim.control.clearFaults();
  });
});

describe('bybit key rights from a keys file', () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await startSim({
      dialect: 'bybit',
      tickMs: 0,
      accounts: [
        { name: 'reader', keys: [{ type: 'hmac', permissions: { readOnly: 1 } }] },
        { name: 'bound', keys: [{ type: 'hmac', permissions: { ips: ['10.0.0.1'] } }] },
        { name: 'odd', keys: [{ type: 'hmac', permissions: { permissions: { ContractTrade: ['order'], Wallet: ['AccountTransfer', 'Withdraw'] } } }] },
      ],
    });
  });
  afterAll(() => sim.close());
  const client = (i: number) => new BybitTestClient(sim, sim.accounts[i]!.hmac!);

  it('a read-only key reads and cannot trade (10005); a bound key is refused from another IP (10010)', async () => {
    expect((await client(0).get('/v5/account/wallet-balance', { accountType: 'UNIFIED' })).json.retCode).toBe(0);
    expect((await client(0).post('/v5/order/create', market('ro'))).json.retCode).toBe(10005);
    expect((await client(0).get('/v5/user/query-api')).json.result.readOnly).toBe(1);
    expect((await client(1).get('/v5/account/wallet-balance', { accountType: 'UNIFIED' })).json.retCode).toBe(10010);
  });

  it('reports groups exactly as given; "order" in another case is not "Order"', async () => {
    const r = (await client(2).get('/v5/user/query-api')).json.result;
    expect(r.permissions).toEqual({ ContractTrade: ['order'], Wallet: ['AccountTransfer', 'Withdraw'] });
    expect((await client(2).post('/v5/order/create', market('odd'))).json.retCode).toBe(10005);
  });

  it('a field of another venue\'s shape is refused, naming the place', async () => {
    await expect(startSim({ dialect: 'bybit', accounts: [{ keys: [{ type: 'hmac', permissions: { perm: 'trade' } }] }] })).rejects.toThrow(
      new KeysFileError('account #1 key #1: permission #1 is not a Bybit key field (readOnly, permissions, ips)'),
    );
  });
});
