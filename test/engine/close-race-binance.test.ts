// A partial close racing a fill never flips the position, Binance USD-M dialect (close-race-helpers.ts):
// the property over interleavings, against the local venue with the engine's streams on.
import { closeRaceSuite, RACE_STREAM } from './close-race-helpers.js';
import { startTestSim, testEngine } from './rest-helpers.js';

closeRaceSuite({
  name: 'Binance USD-M',
  start: () => startTestSim(),
  engine: (sim, log) => testEngine(sim, log, RACE_STREAM),
  symbol: 'BTCUSDT',
  step: '0.001',
  unit: '1',
  runs: 10,
});
