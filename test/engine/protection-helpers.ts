/**
 * One scenario of protective orders, run by the engine against each local-venue dialect: a long
 * opened, a bracket placed around it, a cancel-all that keeps it, the stop fired by the venue's
 * own price path, the position flat and the target cancelled; a stop found fired by the
 * reconcile after a reconnect (the engine learned nothing while the socket was down); a
 * close-position stop that closes a position grown after it was placed; and a take-profit that
 * fires through its price and closes the position (long and short).
 */
import { expect, it } from 'vitest';
import { eq } from '../../src/core/decimal.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until as untilHolds } from '../support/until.js';
import { positionQtyOf, settledOf, ticketFor } from './rest-helpers.js';

export interface Venue {
  sim: SimHandle;
  engine: Engine;
  symbol: string;
  /** Size of the position the scenario opens, on the instrument's step. */
  qty: string;
  /** The venue's position of `symbol` as the engine's REST path reads it ('0' when flat). */
  position(): Promise<string>;
}

const open = (e: Engine, symbol: string) => e.account.openOrders().filter((o) => o.symbol === symbol && o.trigger !== undefined);

async function protectiveAtVenue(v: Venue): Promise<number> {
  const list = v.engine.adapter.protective?.open ?? v.engine.adapter.openOrders;
  const orders = await v.engine.rest.run(list(v.symbol));
  return orders.filter((o) => o.trigger !== undefined).length;
}

/** Opens `qty` long at market and waits until the venue holds it. */
export async function openLong(v: Venue): Promise<void> {
  const buy = ticketFor(v.symbol, v.qty);
  await settledOf(v.engine, await v.engine.place(buy({})));
  await untilHolds(async () => (await v.position()) !== '0', 'the long');
}

export async function bracketFiresAndCleansUp(v: Venue, mark: () => Promise<string>, setPrice: (p: string) => Promise<void>): Promise<void> {
  const e = v.engine;
  await openLong(v);
  const m = Number(await mark());
  const stop = String(Math.round(m * 0.95));
  const target = String(Math.round(m * 1.05));

  // Refused before anything leaves: a long's stop above the mark would fire at once.
  const sent = (await v.sim.control.stats()).httpRequests;
  const wrong = await e.protect('stop', target);
  expect(wrong).toMatchObject({ ok: false });
  expect(wrong.ok ? '' : wrong.error).toMatch(/would trigger at once/);

  const placed = await e.bracket(stop, target);
  expect(placed, placed.ok ? '' : placed.error).toMatchObject({ ok: true });
  await untilHolds(() => open(e, v.symbol).filter((o) => o.state === 'new').length === 2, 'both legs resting');
  const legs = open(e, v.symbol);
  expect(legs.map((o) => o.trigger!.kind).sort()).toEqual(['stop', 'take_profit']);
  const size = await v.position();
  for (const o of legs) {
    expect(o).toMatchObject({ side: 'sell', reduceOnly: true });
    expect(eq(o.qty, size), `${o.qty} = ${size}`).toBe(true);
  }
  expect((await v.sim.control.stats()).httpRequests).toBeGreaterThan(sent);
  expect(await protectiveAtVenue(v)).toBe(2);

  // A cancel-all keeps them (the trader did not say otherwise).
  expect(await e.cancelAll()).toMatchObject({ ok: true });
  expect(await protectiveAtVenue(v)).toBe(2);
  expect(open(e, v.symbol).length).toBe(2);

  // The venue's price path crosses the stop: it fires, the position goes flat, the target goes.
  const stopId = legs.find((o) => o.trigger!.kind === 'stop')!.clientOrderId;
  const targetId = legs.find((o) => o.trigger!.kind === 'take_profit')!.clientOrderId;
  await setPrice(String(Math.round(m * 0.94)));
  await untilHolds(async () => (await v.position()) === '0', 'flat after the stop');
  await untilHolds(async () => {
    await e.resyncer.pass('periodic').catch(() => undefined);
    const s = e.account.order(stopId)?.state;
    return s === 'triggered' || s === 'filled';
  }, 'the stop seen fired');
  await untilHolds(async () => (await protectiveAtVenue(v)) === 0, 'the target cancelled at the venue');
  await untilHolds(async () => {
    await e.resyncer.pass('periodic').catch(() => undefined);
    return e.account.order(targetId)?.state === 'canceled';
  }, 'the target cancelled here');
  await setPrice(String(Math.round(m)));
}

export async function cancelAllCanIncludeThem(v: Venue, mark: () => Promise<string>): Promise<void> {
  const e = v.engine;
  await openLong(v);
  const m = Number(await mark());
  expect(await e.protect('stop', String(Math.round(m * 0.9)))).toMatchObject({ ok: true });
  await untilHolds(async () => (await protectiveAtVenue(v)) === 1, 'the stop resting');
  expect(await e.cancelAll({ protective: 'include' })).toMatchObject({ ok: true });
  expect(await protectiveAtVenue(v)).toBe(0);
  // Flatten: the position closes; nothing is left to cancel, and the book agrees.
  expect(await e.flatten()).toMatchObject({ ok: true });
  await untilHolds(async () => (await v.position()) === '0', 'flat');
}

/** Flatten: once the position is flat, the engine cancels the stop it no longer needs. */
export async function flattenTakesTheStops(v: Venue, mark: () => Promise<string>): Promise<void> {
  const e = v.engine;
  await openLong(v);
  const m = Number(await mark());
  expect(await e.protect('stop', String(Math.round(m * 0.9)))).toMatchObject({ ok: true });
  await untilHolds(async () => (await protectiveAtVenue(v)) === 1, 'the stop resting');
  expect(await e.flatten()).toMatchObject({ ok: true });
  await untilHolds(async () => (await v.position()) === '0', 'flat');
  await untilHolds(async () => (await protectiveAtVenue(v)) === 0, 'the stop cancelled once flat');
}

export async function foundFiredAfterReconnect(v: Venue, mark: () => Promise<string>, setPrice: (p: string) => Promise<void>): Promise<void> {
  const e = v.engine;
  await openLong(v);
  const m = Number(await mark());
  const r = await e.protect('stop', String(Math.round(m * 0.97)));
  expect(r).toMatchObject({ ok: true });
  const id = r.ok ? r.clientOrderId! : '';
  await untilHolds(() => e.account.order(id)?.state === 'new', 'the stop resting');
  // Nothing streams here: the engine learns only what a reconcile pass asks.
  await setPrice(String(Math.round(m * 0.96)));
  await untilHolds(async () => (await v.position()) === '0', 'flat after the stop');
  expect(e.account.order(id)?.state).toBe('new');
  const notes = await e.resyncer.pass('reconnect');
  const s = e.account.order(id)?.state;
  expect(s === 'triggered' || s === 'filled', `state ${s}`).toBe(true);
  expect(notes.map((n) => n.text).join('\n')).toContain(id);
  await setPrice(String(Math.round(m)));
}

/**
 * `:stop PRICE all`: the venue's close-position order. It rests on the venue as one (the venue's
 * list says so), and when it fires it closes the position as it is then: the part added after it
 * was placed too, which a stop sized when it was sent would leave open.
 */
export async function closePositionStopTakesItAll(v: Venue, mark: () => Promise<string>, setPrice: (p: string) => Promise<void>): Promise<void> {
  const e = v.engine;
  await openLong(v);
  const m = Number(await mark());
  const r = await e.protect('stop', String(Math.round(m * 0.96)), { closePosition: true });
  expect(r, r.ok ? '' : r.error).toMatchObject({ ok: true });
  expect(r.ok ? r.message : '').toMatch(/^stop SELL all of \S+ \(\S+ now\) when mark crosses \d+, closes the whole position then$/);
  const id = r.ok ? r.clientOrderId! : '';
  await untilHolds(() => e.account.order(id)?.state === 'new', 'the close-position stop resting');
  const list = e.adapter.protective?.open ?? e.adapter.openOrders;
  const atVenue = (await e.rest.run(list(v.symbol))).filter((o) => o.trigger !== undefined);
  expect(atVenue).toHaveLength(1);
  expect(atVenue[0]).toMatchObject({ side: 'sell', closePosition: true, trigger: { kind: 'stop' } });
  // The position doubles after the stop was placed.
  await settledOf(e, await e.place(ticketFor(v.symbol, v.qty)({})));
  await untilHolds(async () => eq(await v.position(), String(Number(v.qty) * 2)), 'the long doubled');
  await setPrice(String(Math.round(m * 0.95)));
  await untilHolds(async () => (await v.position()) === '0', 'flat: the whole position, the added part too');
  await setPrice(String(Math.round(m)));
}

/**
 * A bracket placed as the signal runner places one (docs/signals.md §Runner): a stop and a
 * take-profit each through `protect`, sized to what the entry took. The price path goes through
 * the target: it fires and closes the position (a target must not vanish with the position still
 * open), and the stop goes once the position is flat. A long's target above, a short's below.
 */
export async function takeProfitCloses(v: Venue, side: 'buy' | 'sell', mark: () => Promise<string>, setPrice: (p: string) => Promise<void>): Promise<void> {
  const e = v.engine;
  await settledOf(e, await e.place(ticketFor(v.symbol, v.qty)({ side })));
  await untilHolds(async () => (await v.position()) !== '0', `the ${side === 'buy' ? 'long' : 'short'}`);
  const m = Number(await mark());
  const up = side === 'buy' ? 1 : -1;
  const stop = await e.protect('stop', String(Math.round(m * (1 - up * 0.1))), { qty: v.qty });
  const target = await e.protect('take_profit', String(Math.round(m * (1 + up * 0.1))), { qty: v.qty });
  expect(stop, stop.ok ? '' : stop.error).toMatchObject({ ok: true });
  expect(target, target.ok ? '' : target.error).toMatchObject({ ok: true });
  const stopId = stop.ok ? stop.clientOrderId! : '';
  const targetId = target.ok ? target.clientOrderId! : '';
  await untilHolds(() => e.account.order(stopId)?.state === 'new' && e.account.order(targetId)?.state === 'new', 'both legs resting');
  expect(await protectiveAtVenue(v)).toBe(2);
  await setPrice(String(Math.round(m * (1 + up * 0.12))));
  await untilHolds(async () => (await v.position()) === '0', 'flat after the take-profit');
  await untilHolds(async () => {
    await e.resyncer.pass('periodic').catch(() => undefined);
    const s = e.account.order(targetId)?.state;
    return s === 'triggered' || s === 'filled';
  }, 'the take-profit seen fired');
  await untilHolds(async () => (await protectiveAtVenue(v)) === 0, 'the stop cancelled at the venue');
  await setPrice(String(Math.round(m)));
}

export { positionQtyOf };

/**
 * The five scenarios, for one dialect's describe block: `live` is an engine with its streams on,
 * `quiet` one whose streams are off (the reconcile case; the same engine where streams are off anyway).
 * Every dialect's sim starts with its mark at 50000.
 */
export function protectionScenarios(live: () => Venue, quiet: () => Venue, setPrice: (p: string) => Promise<void>): void {
  const mark = async () => '50000';
  it('a bracket rests on the venue, survives a cancel-all, and once the stop fires the target goes', async () => {
    await bracketFiresAndCleansUp(live(), mark, setPrice);
  });

  it('a cancel-all told to include them cancels them', async () => {
    await cancelAllCanIncludeThem(live(), mark);
  });

  it('a flatten leaves no stop behind once the position is flat', async () => {
    await flattenTakesTheStops(live(), mark);
  });

  it('a stop that fired while nothing streamed is found by the reconcile after the reconnect', async () => {
    await foundFiredAfterReconnect(quiet(), mark, setPrice);
  });

  it('a close-position stop (:stop PRICE all) closes the whole position as it is when it fires', async () => {
    await closePositionStopTakesItAll(live(), mark, setPrice);
  });

  it("a take-profit placed as the signal runner places one fires through its price and closes the long, and a short's", async () => {
    await takeProfitCloses(live(), 'buy', mark, setPrice);
    await takeProfitCloses(live(), 'sell', mark, setPrice);
  });
}
