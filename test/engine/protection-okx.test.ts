// Protective orders through the engine against the OKX local venue (algo TP/SL orders): the same
// scenario as the Binance dialect's (protection-helpers.ts), sizes in contracts.
import { afterAll, beforeAll, describe } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { positionQtyOf, protectionScenarios, type Venue } from './protection-helpers.js';
import { INST, okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog } from './rest-helpers.js';

let sim: SimHandle;
let engine: Engine;
const venue = (): Venue => ({ sim, engine, symbol: INST, qty: '1', position: () => positionQtyOf(engine, INST) });
const setPrice = async (p: string) => {
  await sim.control.setPrice('BTCUSDT', p);
};

describe('protective orders through the engine, OKX dialect', () => {
  beforeAll(async () => {
    sim = await startOkxSim();
    await sim.control.setPrice('BTCUSDT', '50000');
    engine = okxEngine(sim, new EventLog());
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await sim?.close();
  });

  protectionScenarios(() => venue(), () => venue(), setPrice);
});
