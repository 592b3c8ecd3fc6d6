// Protective orders through the engine against the Bybit local venue (conditional orders on /v5/order/create): the same
// scenario as the Binance dialect's (protection-helpers.ts), sizes in BTC.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bracketFiresAndCleansUp, cancelAllCanIncludeThem, flattenTakesTheStops, foundFiredAfterReconnect, positionQtyOf, type Venue } from './protection-helpers.js';
import { bybitEngine, startBybitSim, SYMBOL } from './bybit-helpers.js';
import { EventLog } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const venue = (): Venue => ({ sim, engine, symbol: SYMBOL, qty: '0.010', position: () => positionQtyOf(engine, SYMBOL) });
const mark = async () => '50000';
const setPrice = async (p: string) => {
  await sim.control.setPrice('BTCUSDT', p);
};

describe('protective orders through the engine, Bybit dialect', () => {
  beforeAll(async () => {
    sim = await startBybitSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    engine = bybitEngine(sim, new EventLog());
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  it('a bracket rests on the venue, survives a cancel-all, and once the stop fires the target goes', async () => {
    await bracketFiresAndCleansUp(venue(), mark, setPrice);
  });

  it('a cancel-all told to include them cancels them', async () => {
    await cancelAllCanIncludeThem(venue(), mark);
  });

  it('a flatten leaves no stop behind once the position is flat', async () => {
    await flattenTakesTheStops(venue(), mark);
  });

  it('a stop that fired while nothing streamed is found by the reconcile after the reconnect', async () => {
    await foundFiredAfterReconnect(venue(), mark, setPrice);
  });
});
