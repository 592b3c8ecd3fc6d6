// Amend through each venue's modify endpoint against its local-venue dialect: the order keeps its
// client order id and moves (typed price, a tick, a new quantity); what the trader asks that is no
// change is refused before the wire; a venue refusal leaves it resting; and an amend whose answer is
// lost is sent ONCE and resolved by asking the venue (at-most-once, docs/orders.md "Amend").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add, eq } from '../../src/core/decimal.js';
import type { Order } from '../../src/core/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { AMEND_VENUES } from './amend-venues.js';
import { marketLive } from './hyperliquid-helpers.js';
import { settledOf, until } from './rest-helpers.js';

/** Hyperliquid replaces the order on modify: a new oid, the same cloid. */
const VENUES = AMEND_VENUES.map((v) => ({ ...v, newIdOnAmend: v.name === 'Hyperliquid' }));

/** The order as the venue holds it now, asked over REST. */
function venueOrder(engine: Engine, o: Order): Promise<Order> {
  return engine.rest.run(engine.adapter.queryOrder({ symbol: o.symbol, clientOrderId: o.clientOrderId }));
}

describe.each(VENUES)('amend against the $name dialect', (v) => {
  let sim: SimHandle;
  let engine: Engine;
  let resting: Order;

  beforeAll(async () => {
    sim = await v.start();
    await sim.control.setPrice('BTCUSDT', '60000');
    engine = v.engine(sim);
    await engine.start();
    if (v.name === 'Hyperliquid') await marketLive(engine, sim);
    const placed = await engine.place({ symbol: v.symbol, side: 'buy', type: 'limit', qty: v.qty, price: '58000', reduceOnly: false, postOnly: false });
    resting = await settledOf(engine, placed);
    expect(resting.state).toBe('new');
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('moves the order to a typed price, keeping its client order id', async () => {
    const before = resting.venueOrderId;
    const r = await engine.amend(resting.clientOrderId, { price: '58500' });
    expect(r).toMatchObject({ ok: true, clientOrderId: resting.clientOrderId });
    const atVenue = await venueOrder(engine, resting);
    expect(atVenue.clientOrderId).toBe(resting.clientOrderId);
    expect(eq(atVenue.price!, '58500')).toBe(true);
    expect(atVenue.state).toBe('new');
    expect(atVenue.venueOrderId !== before).toBe(v.newIdOnAmend);
    // The book follows the venue (and the new venue id where the venue gave one).
    const held = engine.account.order(resting.clientOrderId)!;
    expect(eq(held.price!, '58500')).toBe(true);
    expect(held.venueOrderId).toBe(atVenue.venueOrderId);
  });

  it('moves it one tick up, then to a new total quantity', async () => {
    const tick = engine.instrument!.tickSize;
    expect(await engine.amend(resting.clientOrderId, { ticks: 1 })).toMatchObject({ ok: true });
    expect(eq((await venueOrder(engine, resting)).price!, add('58500', tick))).toBe(true);
    const bigger = add(v.qty, v.qty);
    expect(await engine.amend(resting.clientOrderId, { qty: bigger })).toMatchObject({ ok: true });
    expect(eq((await venueOrder(engine, resting)).qty, bigger)).toBe(true);
  });

  it('asks while one is in flight: the last is sent once it has gone through, tick presses adding up', async () => {
    const tick = engine.instrument!.tickSize;
    const from = engine.account.order(resting.clientOrderId)!.price!;
    const up = () => engine.amend(resting.clientOrderId, { ticks: 1 });
    const [first, second, third] = await Promise.all([up(), up(), up()]);
    expect(first).toMatchObject({ ok: true });
    const queued = { ok: true, message: expect.stringMatching(/once the amend in flight has gone through/) };
    expect(second).toMatchObject(queued);
    expect(third).toMatchObject(queued);
    // The second ask is replaced by the third (+1 on top of +2): three ticks up in the end.
    const want = add(from, add(tick, add(tick, tick)));
    await until(() => eq(engine.account.order(resting.clientOrderId)!.price!, want), undefined, 'three ticks up');
    expect(eq((await venueOrder(engine, resting)).price!, want)).toBe(true);
  });

  it('refuses a change that changes nothing, or is off the tick, before the wire', async () => {
    const sent = (await sim.control.stats()).httpRequests;
    const held = engine.account.order(resting.clientOrderId)!;
    const same = await engine.amend(resting.clientOrderId, { price: held.price! });
    expect(same).toMatchObject({ ok: false });
    expect(same.ok ? '' : same.error).toMatch(/nothing to change/);
    const offTick = await engine.amend(resting.clientOrderId, { price: '58500.05' });
    expect(offTick.ok ? '' : offTick.error).toMatch(/not on the .* tick/);
    expect(await engine.amend('no-such-id', { price: '1' })).toEqual({ ok: false, error: 'no order no-such-id' });
    expect((await sim.control.stats()).httpRequests).toBe(sent);
  });

  it("a venue refusal is said in the venue's words and the order rests as it was", async () => {
    const held = engine.account.order(resting.clientOrderId)!;
    // Far above the mark: outside the venue's price band.
    const r = await engine.amend(resting.clientOrderId, { price: '120000' });
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? '' : r.error).toMatch(/refused: .*; it still rests at /);
    const atVenue = await venueOrder(engine, resting);
    expect(atVenue.state).toBe('new');
    expect(eq(atVenue.price!, held.price!)).toBe(true);
  });

  it('an amend whose answer is lost is sent once and found by asking the venue', async () => {
    const before = await sim.control.stats();
    await sim.control.setFaults({ dropResponse: { times: 1 } });
    try {
      const r = await engine.amend(resting.clientOrderId, { price: '58200' });
      expect(r).toMatchObject({ ok: true });
      expect(r.ok ? r.message : '').toMatch(/answer lost, then found/);
    } finally {
      await sim.control.clearFaults();
    }
    const after = await sim.control.stats();
    expect(after.faultsFired['dropResponse']).toBe((before.faultsFired['dropResponse'] ?? 0) + 1);
    // The amend and one status query: nothing sent twice.
    expect(after.httpRequests - before.httpRequests).toBe(2);
    expect(eq((await venueOrder(engine, resting)).price!, '58200')).toBe(true);
    await until(() => eq(engine.account.order(resting.clientOrderId)!.price!, '58200'));
  });

  it('an amend of an order that is gone is refused and says so', async () => {
    await engine.cancel(resting.clientOrderId);
    const r = await engine.amend(resting.clientOrderId, { price: '58300' });
    expect(r).toEqual({ ok: false, error: `${resting.clientOrderId} is canceled: nothing to amend` });
  });
});
