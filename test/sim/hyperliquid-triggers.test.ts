// Hyperliquid trigger (TP/SL) orders over loopback, signed here with ethers + msgpack (never our signer):
// a standalone stop (grouping na) resting under its own oid and listed by frontendOpenOrders with the
// venue's trigger fields, firing when the mark crosses it and filling under the same oid; a normalTpsl
// bracket whose children wait for the parent's fill; a positionTpsl stop sized to the whole position
// that goes when the position does; the venue's refusals; cancel by oid and by cloid; and scheduleCancel
// taking trigger orders with the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { cloid, HlClient } from './hyperliquid-client.js';

const BTC = 0;
let sim: SimHandle;
let c: HlClient;
let ws: WebSocket;
const frames: string[] = [];

const trigger = (o: { b: boolean; p: string; s: string; px: string; tpsl: 'tp' | 'sl'; r?: boolean; c?: string; isMarket?: boolean }) => {
  const wire: Record<string, unknown> = { a: BTC, b: o.b, p: o.p, s: o.s, r: o.r ?? true, t: { trigger: { isMarket: o.isMarket ?? true, triggerPx: o.px, tpsl: o.tpsl } } };
  if (o.c !== undefined) wire.c = o.c;
  return wire;
};
const limit = (b: boolean, p: string, s: string, tif = 'Ioc') => ({ a: BTC, b, p, s, r: false, t: { limit: { tif } } });
const statuses = (r: { json: { response: { data: { statuses: unknown[] } } } }) => r.json.response.data.statuses;
const position = async () => {
  const state = (await c.info({ type: 'clearinghouseState', user: c.master })).json;
  return (state.assetPositions[0]?.position.szi as string | undefined) ?? '0';
};
const openTriggers = async () =>
  ((await c.info({ type: 'frontendOpenOrders', user: c.master })).json as Array<{ isTrigger: boolean; oid: number }>).filter((o) => o.isTrigger);

beforeAll(async () => {
  sim = await startSim({ dialect: 'hyperliquid', tickMs: 0, seed: 'hl-triggers' });
  c = new HlClient(sim);
  await sim.control.setPrice('BTCUSDT', '65000');
  ws = new WebSocket(`${sim.wsUrl}/ws`);
  ws.on('message', (d) => frames.push(d.toString()));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ method: 'subscribe', subscription: { type: 'orderUpdates', user: c.master } }));
  await until(() => frames.some((f) => f.includes('orderUpdates')), 'the orderUpdates ack');
});
afterAll(async () => {
  ws?.close();
  await sim.close();
});

describe('hyperliquid trigger orders', () => {
  it('refuses a limit trigger, a TP/SL price on the wrong side of its trigger, and a bad size', async () => {
    const r = await c.act({
      type: 'order',
      orders: [
        trigger({ b: false, p: '63000', s: '0.01', px: '64000', tpsl: 'sl', isMarket: false }),
        trigger({ b: false, p: '64500', s: '0.01', px: '64000', tpsl: 'sl' }),
        trigger({ b: false, p: '63000', s: '0.0001', px: '64000', tpsl: 'sl' }),
      ],
      grouping: 'na',
    });
    expect(statuses(r)).toEqual([
      { error: expect.stringContaining('isMarket') },
      { error: 'Invalid TP/SL price. asset=0' },
      { error: 'Order has invalid size.' },
    ]);
    expect(await openTriggers()).toEqual([]);
  });

  it('a standalone stop rests under its own oid, shows its trigger fields, fires on the mark and fills under that oid', async () => {
    expect(statuses(await c.act({ type: 'order', orders: [limit(true, '66000', '0.02')], grouping: 'na' }))[0]).toHaveProperty('filled');
    expect(await position()).toBe('0.02');
    const id = cloid(0x51);
    const r = await c.act({ type: 'order', orders: [trigger({ b: false, p: '60000', s: '0.02', px: '64000', tpsl: 'sl', c: id })], grouping: 'na' });
    const oid = (statuses(r)[0] as { resting: { oid: number; cloid: string } }).resting.oid;
    expect(statuses(r)[0]).toEqual({ resting: { oid, cloid: id } });
    const [row] = await openTriggers();
    expect(row).toMatchObject({
      coin: 'BTC',
      side: 'A',
      oid,
      cloid: id,
      sz: '0.02',
      limitPx: '60000',
      orderType: 'Stop Market',
      tif: null,
      reduceOnly: true,
      isTrigger: true,
      triggerPx: '64000',
      triggerCondition: 'Price below 64000',
      isPositionTpsl: false,
    });
    const q = (await c.info({ type: 'orderStatus', user: c.master, oid: id })).json;
    expect(q).toMatchObject({ status: 'order', order: { status: 'open', order: { oid, isTrigger: true } } });

    await sim.control.setPrice('BTCUSDT', '63900');
    await until(async () => (await position()) === '0', 'the stop flattening the long');
    await until(() => frames.some((f) => f.includes('"triggered"') && f.includes(`"oid":${oid}`)), 'orderUpdates: triggered');
    await until(() => frames.some((f) => f.includes('"filled"') && f.includes(`"oid":${oid}`)), 'orderUpdates: filled under the trigger oid');
    const fills = (await c.info({ type: 'userFills', user: c.master })).json as Array<{ oid: number; dir: string }>;
    expect(fills[0]).toMatchObject({ oid, dir: 'Close Long' });
    const after = (await c.info({ type: 'orderStatus', user: c.master, oid })).json;
    expect(after).toMatchObject({ status: 'order', order: { status: 'filled', order: { oid } } });
    expect(await openTriggers()).toEqual([]);
  });

  it('normalTpsl: children wait for the parent to fill (waitingForFill), then wait for their trigger', async () => {
    await sim.control.setPrice('BTCUSDT', '65000');
    const r = await c.act({
      type: 'order',
      orders: [
        limit(true, '64000', '0.01', 'Gtc'),
        trigger({ b: false, p: '67000', s: '0.01', px: '68000', tpsl: 'tp' }),
        trigger({ b: false, p: '60000', s: '0.01', px: '62000', tpsl: 'sl' }),
      ],
      grouping: 'normalTpsl',
    });
    const [parent, tp, sl] = statuses(r) as [{ resting: { oid: number } }, unknown, unknown];
    expect([tp, sl]).toEqual(['waitingForFill', 'waitingForFill']);
    expect(await openTriggers()).toEqual([]);
    await sim.control.setPrice('BTCUSDT', '63950');
    await until(async () => (await openTriggers()).length === 2, 'the children going live at the parent fill');
    expect(await position()).toBe('0.01');
    const rows = (await openTriggers()) as unknown as Array<{ orderType: string; triggerCondition: string }>;
    expect(rows.map((x) => x.triggerCondition).sort()).toEqual(['Price above 68000', 'Price below 62000']);
    const filled = await c.act({ type: 'order', orders: [trigger({ b: false, p: '67000', s: '0.01', px: '68000', tpsl: 'tp' })], grouping: 'normalTpsl' });
    expect(statuses(filled)).toEqual(['waitingForTrigger']);
    expect(parent.resting.oid).toBeGreaterThan(0);
    // Cancel every trigger: by oid and by the venue's cancel action.
    for (const t of await openTriggers()) {
      const x = await c.act({ type: 'cancel', cancels: [{ a: BTC, o: t.oid }] });
      expect(statuses(x)).toEqual(['success']);
    }
    const again = await c.act({ type: 'cancel', cancels: [{ a: BTC, o: rows.length }] });
    expect(statuses(again)).toEqual([{ error: 'Order was never placed, already canceled, or filled.' }]);
  });

  it('positionTpsl with s 0 covers the whole position, goes when the position is closed by hand; cancelByCloid works', async () => {
    const r = await c.act({ type: 'order', orders: [trigger({ b: false, p: '55000', s: '0', px: '60000', tpsl: 'sl' })], grouping: 'positionTpsl' });
    expect(statuses(r)).toEqual(['waitingForTrigger']);
    const [row] = (await openTriggers()) as unknown as Array<{ sz: string; isPositionTpsl: boolean; oid: number }>;
    expect(row).toMatchObject({ sz: '0.0', isPositionTpsl: true });
    expect(statuses(await c.act({ type: 'order', orders: [limit(false, '60000', '0.01')], grouping: 'na' }))[0]).toHaveProperty('filled');
    expect(await position()).toBe('0');
    await until(async () => (await openTriggers()).length === 0, 'the position TP/SL going with the position');
    const q = (await c.info({ type: 'orderStatus', user: c.master, oid: row!.oid })).json;
    expect(q.order.status).toBe('reduceOnlyCanceled');
    const id = cloid(0x77);
    await c.act({ type: 'order', orders: [trigger({ b: true, p: '70000', s: '0.01', px: '66000', tpsl: 'sl', c: id })], grouping: 'na' });
    // A cloid is one order's, trigger or not.
    expect(statuses(await c.act({ type: 'order', orders: [{ ...limit(true, '60000', '0.01', 'Gtc'), c: id }], grouping: 'na' }))).toEqual([{ error: 'Order with this cloid already exists.' }]);
    expect(statuses(await c.act({ type: 'cancelByCloid', cancels: [{ asset: BTC, cloid: id }] }))).toEqual(['success']);
    expect(await openTriggers()).toEqual([]);
  });

  it('modify replaces a waiting stop with the new trigger under a new oid, as the venue replaces orders', async () => {
    const r = await c.act({ type: 'order', orders: [trigger({ b: true, p: '71000', s: '0.01', px: '70000', tpsl: 'sl', r: false })], grouping: 'na' });
    const oid = (statuses(r)[0] as { resting: { oid: number } }).resting.oid;
    const moved = await c.act({ type: 'modify', oid, order: trigger({ b: true, p: '69000', s: '0.01', px: '68000', tpsl: 'sl', r: false }) });
    expect(moved.json).toEqual({ status: 'ok', response: { type: 'default' } });
    const rows = (await openTriggers()) as unknown as Array<{ oid: number; triggerPx: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.triggerPx).toBe('68000');
    expect(rows[0]!.oid).not.toBe(oid);
    const bad = await c.act({ type: 'modify', oid: rows[0]!.oid, order: trigger({ b: true, p: '60000', s: '0.01', px: '68000', tpsl: 'sl', r: false }) });
    expect(bad.json).toEqual({ status: 'err', response: 'Invalid TP/SL price. asset=0' });
    expect(statuses(await c.act({ type: 'cancel', cancels: [{ a: BTC, o: rows[0]!.oid }] }))).toEqual(['success']);
  });

  it('scheduleCancel (the dead-man switch) takes trigger orders with the rest: stops cancelled too', async () => {
    const r = await c.act({ type: 'order', orders: [trigger({ b: true, p: '71000', s: '0.01', px: '70000', tpsl: 'sl', r: false })], grouping: 'na' });
    const oid = (statuses(r)[0] as { resting: { oid: number } }).resting.oid;
    const now = await sim.control.serverTime();
    expect((await c.act({ type: 'scheduleCancel', time: now + 6_000 })).json).toEqual({ status: 'ok', response: { type: 'default' } });
    expect((await openTriggers()).map((t) => t.oid)).toEqual([oid]);
    // The schedule runs on venue time: step the clock past it, and the next tick fires it.
    await sim.control.jumpClock(7_000);
    await sim.control.tick();
    expect(await openTriggers()).toEqual([]);
    const q = (await c.info({ type: 'orderStatus', user: c.master, oid })).json;
    expect(q.order.status).toBe('scheduledCancel');
  });
});
