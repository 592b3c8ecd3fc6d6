// Protective orders through the engine against the Bybit local venue (conditional orders on /v5/order/create): the same
// scenario as the Binance dialect's (protection-helpers.ts), sizes in BTC.
import { afterAll, beforeAll, describe } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { positionQtyOf, protectionScenarios, type Venue } from './protection-helpers.js';
import { bybitEngine, startBybitSim, SYMBOL } from './bybit-helpers.js';
import { EventLog } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const venue = (): Venue => ({ sim, engine, symbol: SYMBOL, qty: '0.010', position: () => positionQtyOf(engine, SYMBOL) });
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

  protectionScenarios(() => venue(), () => venue(), setPrice);
});
