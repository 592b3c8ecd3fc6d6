// A partial close racing a fill never flips the position, Bybit dialect (close-race-helpers.ts): the
// property over interleavings, against the local venue with the engine's streams on.
import { bybitEngine, startBybitSim, SYMBOL } from './bybit-helpers.js';
import { closeRaceSuite, RACE_STREAM } from './close-race-helpers.js';

closeRaceSuite({
  name: 'Bybit',
  start: () => startBybitSim(),
  engine: (sim, log) => bybitEngine(sim, log, RACE_STREAM),
  symbol: SYMBOL,
  step: '0.001',
  unit: '1',
  // Fewer drawn cases than on Binance and Hyperliquid: the venue's order rate (and its position
  // reads) space each case to ~0.5 s here.
  runs: 8,
});
