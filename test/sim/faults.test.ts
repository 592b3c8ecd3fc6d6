// Every fault of the plan, triggered through the in-process control API and observed over loopback sockets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOSTILE_TEXT } from '../../src/sim/faults/plan.js';
import { FaultPlanError, parseFaultPlan, type SimHandle, startSim } from '../../src/sim/index.js';
import { TestClient } from './client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let c: TestClient;
const sockets: Collector[] = [];
const connect = async (path: string) => {
  const col = await Collector.open(`${sim.wsUrl}${path}`);
  sockets.push(col);
  return col;
};
const order = (cid: string) => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.002',
  price: '64000.0',
  newClientOrderId: cid,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Asks until `check` holds (the sim's own counters), failing after 20 s (a ceiling for a busy machine). */
const waitFor = async (check: () => boolean | Promise<boolean>) => {
  const end = performance.now() + 20_000;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out');
    await sleep(10);
  }
};

beforeAll(async () => {
  sim = await startSim({ seed: 'faults', tickMs: 20, pingIntervalMs: 40, pongTimeoutMs: 5000 });
  c = new TestClient(sim);
  await sim.control.setPrice('BTCUSDT', '65000');
});
beforeEach(async () => {
  // One-shot WebSocket faults fire on whichever socket pushes first: start each test with none open.
  for (const s of sockets.splice(0)) s.close();
  await sim.control.clearFaults();
  await sim.control.resetLimits();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await sim.close();
});

describe('the --faults grammar', () => {
  it('parses every item', () => {
    const plan = parseFaultPlan(
      'drop-ws=10s, no-pong, no-ping, delay=200ms:p0.5, delay-after=1s:x2@query, drop-response=x1@order, 5xx-before=1/3, ' +
        '5xx-after, unknown-status=x2@POST /fapi/v1/order, html-502=x1@any, refuse-text=x1@cancel, 429=x5, ban=2m, skew=-1500ms, jump=+5s, ' +
        'expire-listen-key=30s, ws-malformed=x1@user, ws-oversized=x1:4096',
    );
    expect(plan).toEqual({
      wsDropEveryMs: 10_000,
      ignorePings: true,
      noServerPings: true,
      delay: { ms: 200, probability: 0.5 },
      delayAfter: { ms: 1000, times: 2, scope: 'query' },
      dropResponse: { times: 1, scope: 'order' },
      error5xxBefore: { every: 3 },
      error5xxAfter: {},
      unknownStatus: { times: 2, scope: 'POST /fapi/v1/order' },
      html502: { times: 1, scope: 'any' },
      refuseText: { times: 1, scope: 'cancel' },
      rateLimitStorm: { times: 5 },
      clockOffsetMs: -1500,
      listenKeyExpireEveryMs: 30_000,
      wsMalformed: { times: 1, scope: 'user' },
      wsOversized: { times: 1, bytes: 4096 },
      now: { banMs: 120_000, jumpClockMs: 5000 },
    });
    expect(parseFaultPlan('drop-ws, expire-listen-key')).toEqual({
      now: { dropSockets: true, expireListenKeys: true },
    });
    expect(parseFaultPlan('hold=x1, release-held')).toEqual({
      hold: { times: 1 },
      now: { releaseHeld: true },
    });
    expect(parseFaultPlan('hold-after=x1@/fapi/v1/order')).toEqual({ holdAfter: { times: 1, scope: '/fapi/v1/order' } });
    expect(parseFaultPlan('batch-cancel-max=0')).toEqual({ batchCancelMax: 0 });
    expect(parseFaultPlan('unavailable-after=x1@cancel')).toEqual({ unavailableAfter: { times: 1, scope: 'cancel' } });
  });

  it('names the bad item', () => {
    expect(() => parseFaultPlan('explode')).toThrow(FaultPlanError);
    expect(() => parseFaultPlan('explode')).toThrow(/unknown fault 'explode'/);
    expect(() => parseFaultPlan('delay=soon')).toThrow(/'soon' is not a duration/);
    expect(() => parseFaultPlan('drop-response=p7')).toThrow(/'p7' is not a trigger/);
    expect(() => parseFaultPlan('batch-cancel-max=some')).toThrow(/needs a count of orders/);
  });
});

describe('HTTP faults', () => {
  it('delay: holds the request before handling it', async () => {
    await sim.control.setFaults('delay=200ms@/fapi/v1/time');
    const t0 = performance.now();
    expect((await c.call('GET', '/fapi/v1/time')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('hold: the order waits unhandled until released, then is placed', async () => {
    const held = async () => (await sim.control.stats()).faultsFired['hold'] ?? 0;
    const before = await held();
    await sim.control.setFaults('hold=x1');
    const pending = c.signed('POST', '/fapi/v1/order', order('held-1'));
    await waitFor(async () => (await held()) === before + 1);
    expect((await sim.control.acceptedOrders()).find((o) => o.clientOrderId === 'held-1')).toBeUndefined();
    // Only the first is held: the next order goes straight through.
    expect((await c.signed('POST', '/fapi/v1/order', order('not-held'))).status).toBe(200);
    await sim.control.patchFaults('release-held');
    expect((await pending).status).toBe(200);
    expect((await sim.control.acceptedOrders()).find((o) => o.clientOrderId === 'held-1')?.reply).toBe(
      'sent',
    );
  });

  it('hold: a new plan lets every held request go on', async () => {
    const held = async () => (await sim.control.stats()).faultsFired['hold'] ?? 0;
    const before = await held();
    await sim.control.setFaults('hold@/fapi/v1/time');
    const calls = [c.call('GET', '/fapi/v1/time'), c.call('GET', '/fapi/v1/time')];
    await waitFor(async () => (await held()) === before + 2);
    await sim.control.clearFaults();
    for (const r of await Promise.all(calls)) expect(r.status).toBe(200);
  });

  it('hold-after: the order is matched and in the ledger, its reply waits until released', async () => {
    const held = async () => (await sim.control.stats()).faultsFired['holdAfter'] ?? 0;
    const before = await held();
    await sim.control.setFaults('hold-after=x1');
    let answered = false;
    const pending = c.signed('POST', '/fapi/v1/order', order('acted-1')).then((r) => {
      answered = true;
      return r;
    });
    await waitFor(async () => (await held()) === before + 1);
    const replyOf = async () => (await sim.control.acceptedOrders()).find((o) => o.clientOrderId === 'acted-1')?.reply;
    // Handled (in the ledger), not yet answered; the next order is not held.
    expect(await replyOf()).toBe('pending');
    expect((await c.signed('POST', '/fapi/v1/order', order('not-held-after'))).status).toBe(200);
    expect(answered).toBe(false);
    await sim.control.patchFaults('release-held');
    expect((await pending).status).toBe(200);
    expect(await replyOf()).toBe('sent');
  });

  it('delay-after: the order is in the book while the reply is still held', async () => {
    // Long enough that a busy machine still sees the order in the book before the reply leaves.
    await sim.control.setFaults('delay-after=3s:x1');
    const pending = c.signed('POST', '/fapi/v1/order', order('late-reply'));
    const replyOf = async () =>
      (await sim.control.acceptedOrders()).find((o) => o.clientOrderId === 'late-reply')?.reply;
    await waitFor(async () => (await replyOf()) !== undefined);
    expect(await replyOf()).toBe('pending');
    expect((await pending).status).toBe(200);
    expect((await sim.control.acceptedOrders()).find((o) => o.clientOrderId === 'late-reply')?.reply).toBe(
      'sent',
    );
  });

  it('drop-response: accepts the order, closes the socket without a reply', async () => {
    await sim.control.setFaults('drop-response=x1');
    await expect(c.signed('POST', '/fapi/v1/order', order('ambiguous-1'))).rejects.toThrow();
    const entry = (await sim.control.acceptedOrders()).find((o) => o.clientOrderId === 'ambiguous-1');
    expect(entry?.reply).toBe('dropped');
    const q = await c.signed('GET', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'ambiguous-1',
    });
    expect(q.json.status).toBe('NEW');
    expect(await sim.control.getFaults()).toEqual({});
    expect((await c.signed('POST', '/fapi/v1/order', order('after-drop'))).status).toBe(200);
  });

  it('5xx-before: 503 and no order', async () => {
    await sim.control.setFaults('5xx-before=x1');
    const r = await c.signed('POST', '/fapi/v1/order', order('never-placed'));
    expect(r.status).toBe(503);
    expect(r.json.code).toBe(-1001);
    const q = await c.signed('GET', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'never-placed',
    });
    expect(q.json.code).toBe(-2013);
  });

  it('5xx-after and unknown-status (-1007): the order exists although the reply says otherwise', async () => {
    await sim.control.setFaults('5xx-after=x1');
    const r = await c.signed('POST', '/fapi/v1/order', order('placed-5xx'));
    expect(r.status).toBe(503);
    expect(r.json.msg).toBe('Unknown error, please check your request or try again later.');
    await sim.control.setFaults('unknown-status=x1');
    const u = await c.signed('POST', '/fapi/v1/order', order('placed-1007'));
    expect(u.status).toBe(408);
    expect(u.json).toEqual({
      code: -1007,
      msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    });
    const ledger = await sim.control.acceptedOrders();
    expect(ledger.find((o) => o.clientOrderId === 'placed-5xx')?.reply).toBe('5xx');
    expect(ledger.find((o) => o.clientOrderId === 'placed-1007')?.reply).toBe('unknown-status');
    for (const cid of ['placed-5xx', 'placed-1007']) {
      expect(
        (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: cid })).json.status,
      ).toBe('NEW');
    }
  });

  it('unavailable-after: the order is placed, and the answer is the "not processed" 503 of 5xx-before — held first when hold-after fires too', async () => {
    const replyOf = async (cid: string) => (await sim.control.acceptedOrders()).find((o) => o.clientOrderId === cid)?.reply;
    const unableTo = { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' };
    await sim.control.setFaults('5xx-before=x1');
    const refused = await c.signed('POST', '/fapi/v1/order', order('not-placed-503'));
    expect([refused.status, refused.json]).toEqual([503, unableTo]);
    expect(await replyOf('not-placed-503')).toBeUndefined();
    await sim.control.setFaults('unavailable-after=x1');
    const r = await c.signed('POST', '/fapi/v1/order', order('placed-503'));
    expect([r.status, r.json]).toEqual([503, unableTo]);
    expect(await replyOf('placed-503')).toBe('5xx');
    await sim.control.setFaults('unavailable-after=x1, hold-after=x1');
    const pending = c.signed('POST', '/fapi/v1/order', order('placed-503-held'));
    await waitFor(async () => (await replyOf('placed-503-held')) === 'pending');
    await sim.control.patchFaults('release-held');
    const held = await pending;
    expect([held.status, held.json]).toEqual([503, unableTo]);
    expect(await replyOf('placed-503-held')).toBe('5xx');
    for (const cid of ['placed-503', 'placed-503-held']) {
      expect(
        (await c.signed('GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: cid })).json.status,
      ).toBe('NEW');
    }
  });

  it('html-502: a gateway HTML page instead of JSON', async () => {
    await sim.control.setFaults('html-502=x1');
    const r = await c.call('GET', '/fapi/v1/time');
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('<h1>502 Bad Gateway</h1>');
    expect((await c.call('GET', '/fapi/v1/time')).status).toBe(200);
  });

  it('refuse-text: the venue refuses the next order (-2010) with hostile text, unplaced', async () => {
    await sim.control.setFaults('refuse-text=x1');
    const r = await c.signed('POST', '/fapi/v1/order', order('refused-text'));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: -2010, msg: HOSTILE_TEXT });
    expect(HOSTILE_TEXT).toContain('\u001b]0;');
    await sim.control.setFaults({ refuseText: { times: 1, text: 'chosen words' } });
    expect((await c.signed('POST', '/fapi/v1/order', order('refused-chosen'))).json.msg).toBe('chosen words');
    expect((await sim.control.acceptedOrders()).some((o) => o.clientOrderId.startsWith('refused-'))).toBe(false);
    expect((await c.signed('POST', '/fapi/v1/order', order('after-refusal'))).status).toBe(200);
  });

  it('429 storm and ban', async () => {
    await sim.control.setFaults('429=x1');
    const r = await c.call('GET', '/fapi/v1/exchangeInfo');
    expect(r.status).toBe(429);
    expect(r.json.code).toBe(-1003);
    expect(r.headers.get('retry-after')).not.toBeNull();
    await sim.control.resetLimits();
    await sim.control.setFaults('ban=2s');
    const b = await c.call('GET', '/fapi/v1/time');
    expect(b.status).toBe(418);
    expect(Number(b.headers.get('retry-after'))).toBe(2);
  });

  it('counts triggers: every Nth and times', async () => {
    await sim.control.setFaults({ html502: { every: 2, scope: '/fapi/v1/ping' } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await c.call('GET', '/fapi/v1/ping')).status);
    expect(statuses).toEqual([200, 502, 200, 502]);
    await sim.control.setFaults('html-502=x3@/fapi/v1/ping');
    await c.call('GET', '/fapi/v1/ping');
    expect((await sim.control.getFaults()).html502?.times).toBe(2);
  });
});

describe('clock faults', () => {
  it('skew: the server clock runs behind; a correct client timestamp is then ≥ 1000 ms ahead', async () => {
    await sim.control.setFaults('skew=-3s');
    const server = await c.serverTime();
    expect(Date.now() - server).toBeGreaterThan(2500);
    expect((await c.signed('GET', '/fapi/v2/balance')).json.code).toBe(-1021);
    await sim.control.skewClock(0);
    expect((await c.signed('GET', '/fapi/v2/balance')).status).toBe(200);
  });

  it('jump: steps the clock', async () => {
    const before = await sim.control.serverTime();
    await sim.control.jumpClock(60_000);
    const after = await sim.control.serverTime();
    expect(after - before).toBeGreaterThanOrEqual(60_000);
    await sim.control.setFaults('jump=-60s');
    expect(Math.abs((await sim.control.serverTime()) - Date.now())).toBeLessThan(1000);
  });
});

describe('WebSocket faults', () => {
  it('drop-ws now, and every N ms', async () => {
    const a = await connect('/public/ws/btcusdt@bookTicker');
    await sim.control.setFaults('drop-ws');
    expect(await a.whenClosed()).toBe(1006);
    await sim.control.setFaults('drop-ws=150ms');
    const b = await connect('/public/ws/btcusdt@bookTicker');
    expect(await b.whenClosed()).toBe(1006);
    const d = await connect('/public/ws/btcusdt@bookTicker');
    expect(await d.whenClosed()).toBe(1006);
    expect(await sim.control.dropSockets()).toBe(0);
  });

  it('no-pong: client pings go unanswered; no-ping: the server stops pinging', async () => {
    await sim.control.setFaults('no-pong, no-ping');
    const col = await connect('/public/ws/btcusdt@bookTicker');
    let pongs = 0;
    let pings = 0;
    col.ws.on('pong', () => pongs++);
    col.ws.on('ping', () => pings++);
    col.ws.ping();
    // Absence is observed over a span: 250 ms is six of the sim's 40 ms ping intervals.
    await sleep(250);
    expect(pongs).toBe(0);
    expect(pings).toBe(0);
    await sim.control.clearFaults();
    col.ws.ping();
    await waitFor(() => pongs >= 1 && pings > 0);
    expect(pongs).toBe(1);
  });

  it('ws-malformed and ws-oversized frames arrive before a normal push', async () => {
    const col = await connect('/public/ws/btcusdt@bookTicker');
    await sim.control.setFaults('ws-malformed=x1@market, ws-oversized=x1:100000');
    const malformed = () =>
      col.raw.filter((t) => {
        try {
          JSON.parse(t);
          return false;
        } catch {
          return true;
        }
      });
    await waitFor(
      () =>
        malformed().length > 0 &&
        col.raw.some((t) => t.length >= 100_000) &&
        col.messages.filter((m) => m.e === 'bookTicker').length > 1,
    );
    const bad = malformed();
    expect(bad).toHaveLength(1);
    expect(col.raw.some((t) => t.length >= 100_000)).toBe(true);
    expect(col.messages.filter((m) => m.e === 'bookTicker').length).toBeGreaterThan(1);
  });

  it('expire-listen-key now and periodically', async () => {
    const { listenKey } = (await c.call('POST', '/fapi/v1/listenKey')).json;
    const user = await connect(`/private/ws?listenKey=${listenKey}`);
    await sim.control.setFaults('expire-listen-key');
    expect((await user.next((m) => m.e === 'listenKeyExpired')).listenKey).toBe(listenKey);
    await sim.control.setFaults('expire-listen-key=100ms');
    const k2 = (await c.call('POST', '/fapi/v1/listenKey')).json.listenKey;
    const user2 = await connect(`/private/ws?listenKey=${k2}`);
    expect((await user2.next((m) => m.e === 'listenKeyExpired')).listenKey).toBe(k2);
  });
});
