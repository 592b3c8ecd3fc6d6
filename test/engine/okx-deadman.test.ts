// OKX twin of deadman.test.ts: cancel-all-after armed for the account, re-armed every timeout/4,
// the venue cancels when the engine goes silent, disarmed on a clean exit. 10 s is the venue's
// shortest timer, so this file takes ~15 s and runs on its own; the firing also carries the check
// that the venue keeps protective (algo) orders, as the adapter declares for the header (the other
// dialects' firing with a stop on the book: deadman-stops.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { INST, okxEngine, okxPriceAt, startOkxSim } from './okx-helpers.js';
import { openLong, positionQtyOf } from './protection-helpers.js';
import { until as untilVenue } from '../support/until.js';
import { EventLog, until } from './rest-helpers.js';

let sim: SimHandle;

beforeAll(async () => {
  sim = await startOkxSim();
});
afterAll(async () => {
  await sim.close();
});

async function restingBuy(engine: Engine): Promise<string> {
  const price = await okxPriceAt(sim, 0.97);
  const r = await engine.place({ symbol: INST, side: 'buy', type: 'limit', qty: '1', price, reduceOnly: false, postOnly: false });
  if (!r.ok) throw new Error(r.error);
  expect((await engine.orders.get(r.clientOrderId!)!.settled).state).toBe('new');
  return r.clientOrderId!;
}

describe("OKX dead-man's switch (cancel-all-after)", () => {
  it('is armed for the account, re-armed every timeout/4, and the venue cancels when the engine goes silent, keeping the stop', async () => {
    const log = new EventLog();
    // 10 s is the venue's shortest timer.
    const engine = okxEngine(sim, log, { deadman: { enabled: true, timeoutMs: 10_000 } });
    await engine.start();
    expect(log.of('deadman')[0]).toMatchObject({ armed: true, timeoutMs: 10_000 });
    const id = await restingBuy(engine);
    // A long with its stop: OKX's cancel-all-after cancels book orders only, algo orders stay.
    expect(engine.adapter.deadman?.protective).toBe('kept');
    await openLong({ sim, engine, symbol: INST, qty: '1', position: () => positionQtyOf(engine, INST) });
    const stop = await engine.protect('stop', await okxPriceAt(sim, 0.9));
    if (!stop.ok) throw new Error(stop.error);
    await untilVenue(() => engine.account.order(stop.clientOrderId!)?.state === 'new', 'the stop resting');
    await until(() => engine.deadman!.counters.arms >= 2, 2_700, 'a re-arm');
    expect(engine.deadman!.counters.arms).toBeGreaterThanOrEqual(2);
    expect(engine.deadman!.counters.failures).toBe(0);
    engine.deadman!.abandon();
    // The venue cancels within one timeout (10 s) of the last re-arm: ask until it has.
    await untilVenue(async () => (await engine.rest.run(engine.adapter.openOrders(INST))).length === 0, 'the venue cancelling on expiry');
    expect(await engine.rest.run(engine.adapter.openOrders(INST))).toEqual([]);
    const q = await engine.rest.run(engine.adapter.queryOrder({ symbol: INST, clientOrderId: id }));
    expect(q.state).toBe('canceled');
    const stops = await engine.rest.run(engine.adapter.protective!.open(INST));
    expect(stops.map((o) => o.clientOrderId)).toContain(stop.clientOrderId);
    expect((await engine.rest.run(engine.adapter.queryOrder({ symbol: INST, clientOrderId: stop.clientOrderId!, protective: true }))).state).toBe('new');
    // A clean exit disarms ("timeOut": "0") and says so.
    await engine.deadman!.arm();
    await new Promise((r) => setTimeout(r, 1_100));
    await engine.stop();
    expect(log.of('deadman').at(-1)).toMatchObject({ armed: false });
    expect(log.of('log').filter((l) => l.source === 'deadman')).toEqual([]);
  }, 120_000);
});
