// A partial close racing a fill never flips the position, Hyperliquid dialect (close-race-helpers.ts):
// the property over interleavings. A market order here is an IOC limit around the streamed mid, so
// each price move waits until the engine has seen it.
import { until } from '../support/until.js';
import { closeRaceSuite } from './close-race-helpers.js';
import { COIN, hlEngine, marketLive, startHlSim } from './hyperliquid-helpers.js';

closeRaceSuite({
  name: 'Hyperliquid',
  start: () => startHlSim(),
  engine: (sim, log) => hlEngine(sim, log),
  ready: (engine, sim) => marketLive(engine, sim),
  priced: (engine, sim, p) =>
    until(async () => {
      await sim.control.tick();
      const ref = Number(engine.signContext().referencePrice?.(COIN) ?? '0');
      return Math.abs(ref / p - 1) < 0.001;
    }, 'the streamed price at the new one'),
  symbol: COIN,
  step: '0.001',
  unit: '1',
  runs: 10,
});
