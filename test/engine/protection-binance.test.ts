// Protective orders through the engine against the Binance USD-M local venue (Algo Order API):
// placed, kept by a cancel-all, fired by the venue's price path, the other leg cancelled once flat,
// and found fired by the reconcile after a reconnect. The scenario: protection-helpers.ts.
import { afterAll, beforeAll, describe } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { positionQtyOf, protectionScenarios, type Venue } from './protection-helpers.js';
import { EventLog, startTestSim, testEngine, until } from './rest-helpers.js';

const SYMBOL = 'BTCUSDT';
let sim: SimHandle;
let streaming: Engine;
let quiet: Engine;
const venue = (engine: Engine): Venue => ({ sim, engine, symbol: SYMBOL, qty: '0.010', position: () => positionQtyOf(engine, SYMBOL) });
const setPrice = async (p: string) => {
  await sim.control.setPrice(SYMBOL, p);
};

describe('protective orders through the engine, Binance USD-M dialect', () => {
  beforeAll(async () => {
    sim = await startTestSim();
    await sim.control.setPrice(SYMBOL, '50000');
    streaming = testEngine(sim, new EventLog(), { streams: true });
    quiet = testEngine(sim, new EventLog());
    await Promise.all([streaming.start(), quiet.start()]);
    await until(() => streaming.streams.every((s) => s.state === 'live'), undefined, 'live streams');
  });
  afterAll(async () => {
    await Promise.all([streaming?.stop(), quiet?.stop()]);
    await sim?.close();
  });

  protectionScenarios(() => venue(streaming), () => venue(quiet), setPrice);
});
