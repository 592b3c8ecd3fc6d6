// The rest of the fault plan on the Kraken dialect (kraken-limits.test.ts has the refusals and the ban):
// a held order that the venue places once released, a reply held after the order is placed, an order
// placed and then answered "unavailable" as if it were not (unavailable-after), the clock
// skew the venue's Time reports, the socket token forgotten (the listen-key fault's counterpart), the
// maintenance notice before the sockets close, and a garbled frame before a private push.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/core/decimal.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { KrakenTestClient } from './kraken-client.js';
import { Collector } from './ws.js';

let sim: SimHandle;
let kr: KrakenTestClient;

beforeAll(async () => {
  sim = await startSim({ dialect: 'kraken', tickMs: 0, seed: 'kraken-faults', limits: { apiMax: 10_000 }, upgradeNoticeMs: 50 });
  kr = new KrakenTestClient(sim);
});
afterAll(() => sim.close());

const order = async () => {
  const bid = (await kr.pub('Ticker', { pair: 'XBTUSD' })).json.result.XXBTZUSD.b[0];
  return kr.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: D.toFixed(D.mul(bid, '0.9'), 1, 'floor'), volume: '0.001' });
};

describe('kraken: the fault plan', () => {
  it('hold: the order waits unplaced until released; hold-after: placed, the reply waits', async () => {
    await sim.control.setFaults({ hold: { times: 1 } });
    const held = order();
    await until(async () => (await sim.control.stats()).faultsFired['hold'] === 1, 'the hold to fire');
    expect(await sim.control.acceptedOrders()).toHaveLength(0);
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    expect((await held).json.error).toEqual([]);
    expect(await sim.control.acceptedOrders()).toHaveLength(1);
    await sim.control.setFaults({ holdAfter: { times: 1 } });
    const after = order();
    await until(async () => (await sim.control.acceptedOrders()).length === 2, 'the order to be placed while its reply is held');
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    expect((await after).json.result.txid).toHaveLength(1);
  });

  it('unavailable-after: the order is placed, then the reply is the 503 EService:Unavailable of 5xx-before, and waits for hold-after', async () => {
    const before = (await sim.control.acceptedOrders()).length;
    await sim.control.setFaults({ error5xxBefore: { times: 1 } });
    const unhandled = await order();
    expect((await sim.control.acceptedOrders()).length).toBe(before);
    await sim.control.setFaults({ unavailableAfter: { times: 1 }, holdAfter: { times: 1 } });
    const pending = order();
    await until(async () => (await sim.control.acceptedOrders()).length === before + 1, 'the order to be placed while its error is held');
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    const handled = await pending;
    // The client cannot tell the two apart: same status, same body.
    expect(handled).toMatchObject({ status: 503, json: { error: ['EService:Unavailable'] } });
    expect(handled.text).toBe(unhandled.text);
    expect(handled.json.result).toBeUndefined();
    const placed = (await sim.control.acceptedOrders()).at(-1);
    expect(placed?.reply).toBe('5xx');
    expect((await sim.control.stats()).faultsFired['unavailableAfter']).toBe(1);
    await sim.control.clearFaults();
  });

  it('a clock skew moves the venue Time; a nonce does not depend on it', async () => {
    await sim.control.skewClock(3_600_000);
    const t = (await kr.pub('Time')).json.result.unixtime;
    expect(t * 1000 - Date.now()).toBeGreaterThan(3_500_000);
    expect((await kr.priv('Balance')).json.error).toEqual([]);
    await sim.control.clearFaults();
  });

  it('expire-listen-keys forgets every socket token: a subscription made goes on, a new one needs a new token', async () => {
    const token = (await kr.priv('GetWebSocketsToken')).json.result.token;
    const ws = await Collector.open(`${sim.wsUrl}/ws-auth/v2`);
    try {
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'executions', token }, req_id: 1 }));
      expect(await ws.next((m) => m.req_id === 1)).toMatchObject({ success: true });
      expect(await sim.control.expireListenKeys()).toBeGreaterThan(0);
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'balances', token }, req_id: 2 }));
      expect(await ws.next((m) => m.req_id === 2)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
      const placed = await order();
      const txid = placed.json.result.txid[0];
      await ws.next((m) => m.channel === 'executions' && m.data?.some((d: { order_id: string }) => d.order_id === txid));
      const fresh = (await kr.priv('GetWebSocketsToken')).json.result.token;
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'balances', token: fresh }, req_id: 3 }));
      expect(await ws.next((m) => m.req_id === 3)).toMatchObject({ success: true });
    } finally {
      ws.close();
    }
  });

  it('upgrade-notice: every socket hears status maintenance, then is closed 1012', async () => {
    const ws = await Collector.open(`${sim.wsUrl}/v2`);
    await ws.next((m) => m.channel === 'status');
    await sim.control.patchFaults({ now: { upgradeNotice: true } });
    expect(await ws.next((m) => m.channel === 'status' && m.data[0].system === 'maintenance')).toBeDefined();
    expect(await ws.whenClosed()).toBe(1012);
  });

  it('ws-malformed: an unparsable frame comes before the next private push, which still arrives whole', async () => {
    const token = (await kr.priv('GetWebSocketsToken')).json.result.token;
    const ws = await Collector.open(`${sim.wsUrl}/ws-auth/v2`);
    try {
      ws.ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'executions', token, snap_orders: false }, req_id: 1 }));
      await ws.next((m) => m.channel === 'executions' && m.type === 'snapshot');
      await sim.control.setFaults({ wsMalformed: { times: 1, scope: 'user' } });
      const txid = (await order()).json.result.txid[0];
      await ws.next((m) => m.channel === 'executions' && m.data?.some((d: { order_id: string }) => d.order_id === txid));
      expect(ws.raw.length - ws.messages.length).toBe(1);
    } finally {
      ws.close();
      await sim.control.clearFaults();
    }
  });
});
