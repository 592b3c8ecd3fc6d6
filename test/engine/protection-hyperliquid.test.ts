// Protective orders through the engine against the Hyperliquid local venue (trigger orders,
// grouping "na", fired on the mark under their own oid): the same scenario as the Binance
// dialect's (protection-helpers.ts); the reconcile case on an engine with its streams off.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bracketFiresAndCleansUp, cancelAllCanIncludeThem, flattenTakesTheStops, foundFiredAfterReconnect, positionQtyOf, type Venue } from './protection-helpers.js';
import { COIN, hlEngine, marketLive, startHlSim } from './hyperliquid-helpers.js';
import { EventLog } from './rest-helpers.js';
import { until } from '../support/until.js';

let sim: SimHandle;
let streaming: Engine;
let quiet: Engine;
const venue = (engine: Engine): Venue => ({ sim, engine, symbol: COIN, qty: '0.01', position: () => positionQtyOf(engine, COIN) });
const mark = async () => '50000';
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

  it('a bracket rests on the venue, survives a cancel-all, and once the stop fires the target goes', async () => {
    await bracketFiresAndCleansUp(venue(streaming), mark, setPrice);
  });

  it('a cancel-all told to include them cancels them', async () => {
    await cancelAllCanIncludeThem(venue(streaming), mark);
  });

  it('a flatten leaves no stop behind once the position is flat', async () => {
    await flattenTakesTheStops(venue(streaming), mark);
  });

  it('a stop that fired while nothing streamed is found by the reconcile after the reconnect', async () => {
    await foundFiredAfterReconnect(venue(quiet), mark, setPrice);
  });
});
