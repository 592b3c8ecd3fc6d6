// Protective orders through the engine against the Hyperliquid local venue (trigger orders,
// grouping "na", fired on the mark under their own oid): the same scenario as the Binance
// dialect's (protection-helpers.ts); the reconcile case on an engine with its streams off.
import { afterAll, beforeAll, describe } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { positionQtyOf, protectionScenarios, type Venue } from './protection-helpers.js';
import { COIN, hlEngine, marketLive, startHlSim } from './hyperliquid-helpers.js';
import { EventLog } from './rest-helpers.js';
import { until } from '../support/until.js';

let sim: SimHandle;
let streaming: Engine;
let quiet: Engine;
const venue = (engine: Engine): Venue => ({ sim, engine, symbol: COIN, qty: '0.01', position: () => positionQtyOf(engine, COIN) });
/** The price moved, and the streaming engine's reference price (a market order is an IOC limit around it) with it. */
const setPrice = async (p: string) => {
  await sim.control.setPrice('BTCUSDT', p);
  await until(async () => {
    await sim.control.tick();
    const ref = Number(streaming.signContext().referencePrice?.(COIN) ?? '0');
    return Math.abs(ref / Number(p) - 1) < 0.01;
  }, 'the streamed price near the new one');
};

describe('protective orders through the engine, Hyperliquid dialect', () => {
  beforeAll(async () => {
    sim = await startHlSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    streaming = hlEngine(sim, new EventLog());
    quiet = hlEngine(sim, new EventLog(), { streams: false });
    await Promise.all([streaming.start(), quiet.start()]);
    await marketLive(streaming, sim);
  });
  afterAll(async () => {
    await Promise.all([streaming?.stop(), quiet?.stop()]);
    await sim?.close();
  });

  protectionScenarios(() => venue(streaming), () => venue(quiet), setPrice);
});
