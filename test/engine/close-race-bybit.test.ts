// A partial close racing a fill never flips the position, Bybit dialect (close-race-helpers.ts): the
// property over interleavings, against the local venue with the engine's streams on.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bybitEngine, startBybitSim, SYMBOL } from './bybit-helpers.js';
import { closeNeverFlips, type RaceVenue } from './close-race-helpers.js';
import { EventLog } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const log = new EventLog();
const venue = (): RaceVenue => ({
  sim,
  engine,
  log,
  symbol: SYMBOL,
  step: '0.001',
  unit: '1',
  base: 50_000,
  gap: 100,
  setPrice: async (p) => {
    await sim.control.setPrice('BTCUSDT', String(p));
  },
});

describe('a partial close racing a fill, Bybit dialect', () => {
  beforeAll(async () => {
    sim = await startBybitSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    engine = bybitEngine(sim, log, { streams: true, stream: { backoff: { firstMs: 20, baseMs: 50, capMs: 200 } } });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  // Fewer drawn cases than on Binance and Hyperliquid: the venue's order rate (and its position
  // reads) space each case to ~0.5 s here.
  it('never flips the position, whatever lands between its read, its send and its ack', async () => {
    await closeNeverFlips(venue, 8);
  });
});
