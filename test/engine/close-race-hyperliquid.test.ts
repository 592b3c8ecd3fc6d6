// A partial close racing a fill never flips the position, Hyperliquid dialect (close-race-helpers.ts):
// the property over interleavings. A market order here is an IOC limit around the streamed mid, so
// each price move waits until the engine has seen it.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { until } from '../support/until.js';
import { closeNeverFlips, type RaceVenue } from './close-race-helpers.js';
import { COIN, hlEngine, marketLive, startHlSim } from './hyperliquid-helpers.js';
import { EventLog } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const log = new EventLog();
const venue = (): RaceVenue => ({
  sim,
  engine,
  log,
  symbol: COIN,
  step: '0.001',
  unit: '1',
  base: 50_000,
  gap: 100,
  setPrice: async (p) => {
    await sim.control.setPrice('BTCUSDT', String(p));
    await until(async () => {
      await sim.control.tick();
      const ref = Number(engine.signContext().referencePrice?.(COIN) ?? '0');
      return Math.abs(ref / p - 1) < 0.001;
    }, 'the streamed price at the new one');
  },
});

describe('a partial close racing a fill, Hyperliquid dialect', () => {
  beforeAll(async () => {
    sim = await startHlSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    engine = hlEngine(sim, log);
    await engine.start();
    await marketLive(engine, sim);
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('never flips the position, whatever lands between its read, its send and its ack', async () => {
    await closeNeverFlips(venue, 10);
  });
});
