// Fast exits through the engine against the local venue: a share of the position closed at market,
// reduce-only, sized from the venue's position; a close sized from a stale position never flips
// it; reverse closes it reduce-only and, once flat, opens what the close took on the other side —
// so a reduce-only fill racing a reverse (the venue holding the close) never doubles the exposure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abs, cmp } from '../../src/core/decimal.js';
import { until } from '../support/until.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { EventLog, positionQtyOf, settledOf, startTestSim, testEngine, ticketFor } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const ticket = ticketFor('BTCUSDT', '0.010');
const position = () => positionQtyOf(engine, 'BTCUSDT');

describe('fast exits against the local venue', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    engine = testEngine(sim, new EventLog());
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await sim.close();
  });

  it('closes 50 % then 25 % (rounded down to the step) of a long, reduce-only at market', async () => {
    expect(await settledOf(engine, await engine.place(ticket({})))).toMatchObject({ state: 'filled' });
    const half = await engine.closePart('50');
    expect(half).toMatchObject({ ok: true, message: 'closing 50 % of BTCUSDT: SELL 0.005 at market, reduce-only' });
    expect(await settledOf(engine, half)).toMatchObject({ side: 'sell', type: 'market', reduceOnly: true, state: 'filled', filledQty: '0.005' });
    expect(cmp(await position(), '0.005')).toBe(0);
    // 25 % of 0.005 is 0.00125: one step of 0.001.
    const quarter = await engine.closePart('25');
    expect(await settledOf(engine, quarter)).toMatchObject({ filledQty: '0.001' });
    expect(cmp(await position(), '0.004')).toBe(0);
  });

  it('refuses a share below one step and a percent out of range, sending nothing', async () => {
    const sent = (await sim.control.stats()).httpRequests;
    expect(await engine.closePart('0')).toEqual({ ok: false, error: "close takes a percent above 0 and at most 100, not '0'" });
    expect(await engine.closePart('101')).toMatchObject({ ok: false });
    // The position read is one request; no order follows it.
    const tiny = await engine.closePart('10');
    expect(tiny).toMatchObject({ ok: false });
    expect(tiny.ok ? '' : tiny.error).toMatch(/^10 % of 0\.004 BTCUSDT is less than one size step: nothing sent/);
    expect((await sim.control.stats()).httpRequests).toBe(sent + 1);
  });

  it('a close sized from a stale position (a fill raced it) is capped by the venue: never flips', async () => {
    // The position is 0.004; a close computed when it was 0.010 asks for 0.010, reduce-only.
    const stale = engine.orders.place({ symbol: 'BTCUSDT', side: 'sell', type: 'market', qty: '0.010', reduceOnly: true, postOnly: false });
    const closed = await stale.settled;
    expect(cmp(closed.filledQty, '0.004')).toBeLessThanOrEqual(0);
    expect(cmp(await position(), '0')).toBe(0);
    expect(await engine.closePart('50')).toEqual({ ok: true, message: 'BTCUSDT: already flat' });
  });

  it('reverses a long into a short of the same size: a reduce-only close, then the other side', async () => {
    await settledOf(engine, await engine.place(ticket({ qty: '0.003' })));
    const reversed = await engine.reverse();
    expect(reversed).toMatchObject({ ok: true, message: 'reversing BTCUSDT: closed 0.003 reduce-only, then SELL 0.003 at market' });
    expect(await settledOf(engine, reversed)).toMatchObject({ side: 'sell', reduceOnly: false, filledQty: '0.003' });
    expect(cmp(await position(), '-0.003')).toBe(0);
    expect(await settledOf(engine, await engine.closePart('100'))).toMatchObject({ side: 'buy', reduceOnly: true, filledQty: '0.003' });
    expect(await engine.reverse()).toEqual({ ok: false, error: 'no BTCUSDT position to reverse' });
  });

  it('a reduce-only fill racing a reverse (its close held at the venue) never doubles the exposure', async () => {
    await sim.control.setPrice('BTCUSDT', '50000');
    await settledOf(engine, await engine.place(ticket({ qty: '0.003' })));
    expect(cmp(await position(), '0.003')).toBe(0);
    // The trader's target: reduce-only, resting above; a move through it flattens the long.
    const target = await engine.place({ symbol: 'BTCUSDT', side: 'sell', type: 'limit', price: '50100', qty: '0.003', reduceOnly: true, postOnly: false });
    expect(target).toMatchObject({ ok: true });
    expect(await settledOf(engine, target)).toMatchObject({ state: 'new' });
    const held = (await sim.control.stats()).faultsFired['hold'] ?? 0;
    await sim.control.setFaults({ hold: { times: 1, scope: 'order' } });
    // Sized from the long of 0.003; its first order is held unhandled while the target fills.
    const reversing = engine.reverse();
    await until(async () => ((await sim.control.stats()).faultsFired['hold'] ?? 0) === held + 1, 'the reverse held at the venue');
    await sim.control.setPrice('BTCUSDT', '50200');
    await until(async () => cmp(await position(), '0') === 0, 'the target filled: flat');
    await sim.control.patchFaults({ now: { releaseHeld: true } });
    const r = await reversing;
    await sim.control.clearFaults();
    // Nothing is left to reverse: the close took nothing and nothing was opened (one order of
    // twice the long, sized before the fill, left a short of 0.006: twice the exposure).
    expect(cmp(abs(await position()), '0.003'), `the position after the reverse: ${await position()}`).toBeLessThanOrEqual(0);
    expect(cmp(await position(), '0')).toBe(0);
    expect(r).toMatchObject({ ok: false });
  });
});

