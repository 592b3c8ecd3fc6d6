// Kraken twin of okx-deadman.test.ts: CancelAllOrdersAfter armed for the account, re-armed every
// timeout/4, the venue cancels when the engine goes silent, disarmed on a clean exit. 10 s is the
// shortest timer the adapter sets, so this file takes ~15 s.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrder } from '../../src/engine/query-order.js';
import type { SimHandle } from '../../src/sim/index.js';
import { kraken } from '../../src/venues/kraken/adapter.js';
import { until as untilVenue } from '../support/until.js';
import { krakenEngine, krakenPriceAt, nonceDir, startKrakenSim, SYMBOL } from './kraken-helpers.js';
import { EventLog, until } from './rest-helpers.js';

let sim: SimHandle;
const dir = nonceDir();

beforeAll(async () => {
  sim = await startKrakenSim();
});
afterAll(async () => {
  await sim.close();
});

describe('Kraken dead-man (CancelAllOrdersAfter) against the local venue', () => {
  it('is armed for the account, re-armed every timeout/4, and the venue cancels when the engine goes silent', async () => {
    const log = new EventLog();
    const engine = krakenEngine(sim, log, join(dir, 'key.json'), { deadman: { enabled: true, timeoutMs: 10_000 } });
    await engine.start();
    expect(log.of('deadman')[0]).toMatchObject({ armed: true, timeoutMs: 10_000 });
    const r = await engine.place({ symbol: SYMBOL, side: 'buy', type: 'limit', qty: '0.01', price: await krakenPriceAt(sim, 0.95), reduceOnly: false, postOnly: false });
    if (!r.ok) throw new Error(r.error);
    const id = r.clientOrderId as string;
    expect((await engine.orders.get(id)?.settled)?.state).toBe('new');
    await until(() => (engine.deadman?.counters.arms ?? 0) >= 2, 2_700, 'a re-arm');
    expect(engine.deadman?.counters.failures).toBe(0);
    engine.deadman?.abandon();
    // The venue cancels within one timeout (10 s) of the last re-arm: ask until it has.
    await untilVenue(async () => (await engine.rest.run(kraken.openOrders(SYMBOL))).length === 0, 'the venue cancelling on expiry');
    expect((await findOrder(kraken, engine.rest.run, { symbol: SYMBOL, clientOrderId: id })).state).toBe('canceled');
    // A clean exit disarms (timeout=0) and says so.
    await engine.deadman?.arm();
    await engine.stop();
    expect(log.of('deadman').at(-1)).toMatchObject({ armed: false });
    expect(log.of('log').filter((l) => l.source === 'deadman')).toEqual([]);
  }, 120_000);
});
