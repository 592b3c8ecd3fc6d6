// Moving a stop's TRIGGER against each local-venue dialect: through the venue's own modify where it
// has one (OKX amend-algos, Bybit /v5/order/amend triggerPrice, Hyperliquid batchModify with the
// trigger wire), keeping the client order id; at Binance, whose algo service has no modify, by a
// cancel-replace said as such (the new stop first, then the old one cancelled: never unprotected).
// A trigger already crossed is refused before the wire, and the venue fires the stop at its NEW trigger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add, eq } from '../../src/core/decimal.js';
import type { Order } from '../../src/core/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { AMEND_VENUES } from './amend-venues.js';
import { marketLive } from './hyperliquid-helpers.js';
import { positionQtyOf, settledOf } from './rest-helpers.js';
import type { ActionResult } from '../../src/engine/actions.js';

/** The id an accepted action names, or the test fails with the refusal's words. */
function accepted(r: ActionResult): string {
  if (!r.ok) throw new Error(r.error);
  return r.clientOrderId ?? '';
}

/** Binance: no modify for algo orders, so the stop is replaced under a new client id. */
const VENUES = AMEND_VENUES.map((v) => ({ ...v, replaces: v.name === 'Binance USD-M' }));

/** The protective orders of the symbol as the venue lists them now. */
async function stopsAtVenue(e: Engine, symbol: string): Promise<Order[]> {
  const list = e.adapter.protective?.open ?? e.adapter.openOrders;
  return (await e.rest.run(list(symbol))).filter((o) => o.trigger !== undefined);
}

// A case that does not apply to a venue is not defined for it (rather than skipped): CI fails on any skip.
describe.each(VENUES)('a stop moved against the $name dialect', (v) => {
  let sim: SimHandle;
  let engine: Engine;
  let stopId: string;

  beforeAll(async () => {
    sim = await v.start();
    await sim.control.setPrice('BTCUSDT', '50000');
    engine = v.engine(sim);
    await engine.start();
    if (v.name === 'Hyperliquid') await marketLive(engine, sim);
    await settledOf(engine, await engine.place({ symbol: v.symbol, side: 'buy', type: 'market', qty: v.qty, reduceOnly: false, postOnly: false }));
    await until(async () => (await positionQtyOf(engine, v.symbol)) !== '0', 'the long');
    stopId = accepted(await engine.protect('stop', '47000'));
    await until(() => engine.account.order(stopId)?.state === 'new', 'the stop resting');
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('moves the trigger to a typed price, on the venue', async () => {
    const r = await engine.amend(stopId, { price: '47500' });
    const id = accepted(r);
    const stops = await stopsAtVenue(engine, v.symbol);
    expect(stops).toHaveLength(1);
    expect(eq(stops[0]!.trigger!.price, '47500')).toBe(true);
    expect(stops[0]!.trigger!.kind).toBe('stop');
    if (v.replaces) {
      // Said as what it is; the old one is gone, the new one is the stop now.
      expect(r.ok ? r.message : '').toMatch(/cancel-replace: .* cannot modify a protective order/);
      expect(id).not.toBe(stopId);
      expect(engine.account.order(stopId)?.state).toBe('canceled');
      stopId = id;
    } else {
      expect(id).toBe(stopId);
    }
    expect(stops[0]!.clientOrderId).toBe(stopId);
    await until(() => eq(engine.account.order(stopId)?.trigger?.price ?? '0', '47500'), 'the book follows');
    expect(eq(stops[0]!.qty, engine.account.order(stopId)!.qty)).toBe(true);
  });

  it('moves it one tick up', async () => {
    const tick = engine.instrument!.tickSize;
    stopId = accepted(await engine.amend(stopId, { ticks: 1 }));
    const stops = await stopsAtVenue(engine, v.symbol);
    expect(stops.map((o) => o.trigger!.price).map((p) => eq(p, add('47500', tick)))).toEqual([true]);
  });

  it('a close-position stop moves its trigger only, still closing the whole position', async () => {
    const placed = engine.orders.place({
      symbol: v.symbol,
      side: 'sell',
      type: 'market',
      // The size stays on the intent for the screen (as :stop PRICE all places it); the venue's whole-position form is sent.
      qty: v.qty,
      reduceOnly: true,
      postOnly: false,
      closePosition: true,
      trigger: { kind: 'stop', price: '47200', by: 'mark' },
    });
    const whole = (await placed.settled).clientOrderId;
    await until(() => engine.account.order(whole)?.state === 'new', 'the close-position stop resting');
    const sent = (await sim.control.stats()).httpRequests;
    expect(await engine.amend(whole, { price: '47300', qty: v.qty })).toMatchObject({ ok: false, error: expect.stringMatching(/closes the whole position/) });
    expect((await sim.control.stats()).httpRequests).toBe(sent);
    const moved = accepted(await engine.amend(whole, { price: '47300' }));
    const atVenue = (await stopsAtVenue(engine, v.symbol)).find((o) => o.clientOrderId === moved);
    expect(atVenue?.closePosition).toBe(true);
    expect(eq(atVenue?.trigger?.price ?? '0', '47300')).toBe(true);
    expect(await engine.cancel(moved)).toMatchObject({ ok: true });
    await until(async () => (await stopsAtVenue(engine, v.symbol)).length === 1, 'only the first stop left');
  });

  it('tick presses while a move is in flight: added up and sent after it, or (a replace under way) refused by name', async () => {
    const tick = engine.instrument!.tickSize;
    const from = engine.account.order(stopId)!.trigger!.price;
    const up = () => engine.amend(stopId, { ticks: 1 });
    const [first, second, third] = await Promise.all([up(), up(), up()]);
    const id = accepted(first);
    if (v.replaces) {
      for (const r of [second, third]) expect(r).toEqual({ ok: false, error: `${stopId} is being replaced: move the new order once it rests` });
      expect(eq((await stopsAtVenue(engine, v.symbol))[0]!.trigger!.price, add(from, tick))).toBe(true);
      stopId = id;
      return;
    }
    for (const r of [second, third]) expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/, trigger [\d.]+ once the amend in flight has gone through/) });
    const want = add(from, add(tick, add(tick, tick)));
    await until(() => eq(engine.account.order(stopId)!.trigger!.price, want), 'three ticks up');
    expect(eq((await stopsAtVenue(engine, v.symbol))[0]!.trigger!.price, want)).toBe(true);
  });

  if (v.replaces) it('a replacement whose answer is lost is found by asking, never sent twice; then the old one goes', async () => {
    const before = await sim.control.stats();
    await sim.control.setFaults({ dropResponse: { times: 1 } });
    let id: string;
    try {
      id = accepted(await engine.amend(stopId, { price: '47400' }));
    } finally {
      await sim.control.clearFaults();
    }
    expect((await sim.control.stats()).faultsFired['dropResponse']).toBe((before.faultsFired['dropResponse'] ?? 0) + 1);
    const stops = await stopsAtVenue(engine, v.symbol);
    expect(stops.map((o) => o.clientOrderId)).toEqual([id]);
    expect(eq(stops[0]!.trigger!.price, '47400')).toBe(true);
    expect(engine.account.order(stopId)?.state).toBe('canceled');
    stopId = id;
  });

  it('refuses a trigger the mark has already crossed before the wire', async () => {
    // The mark of the position, as a reconcile reads it (these engines stream nothing).
    await engine.resyncer.pass('periodic');
    const sent = (await sim.control.stats()).httpRequests;
    const r = await engine.amend(stopId, { price: '50500' });
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? '' : r.error).toMatch(/would trigger at once/);
    expect((await sim.control.stats()).httpRequests).toBe(sent);
  });

  it('the venue fires the stop at its new trigger, not the old one', async () => {
    stopId = accepted(await engine.amend(stopId, { price: '48000' }));
    // Between the first trigger (47000) and the new one: only the moved stop can fire here.
    await sim.control.setPrice('BTCUSDT', '47900');
    await until(async () => (await positionQtyOf(engine, v.symbol)) === '0', 'flat after the moved stop');
    expect(await stopsAtVenue(engine, v.symbol)).toEqual([]);
  });
});
