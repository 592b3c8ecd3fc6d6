// A partial close racing a fill never flips the position, OKX dialect (close-race-helpers.ts): the
// property over interleavings, sizes in contracts, against the local venue with the engine's streams on.
import { closeRaceSuite, RACE_STREAM } from './close-race-helpers.js';
import { INST, okxEngine, startOkxSim } from './okx-helpers.js';

closeRaceSuite({
  name: 'OKX',
  start: () => startOkxSim(),
  engine: (sim, log) => okxEngine(sim, log, RACE_STREAM),
  symbol: INST,
  step: '1',
  unit: '0.01',
  // Fewer drawn cases than on Binance and Hyperliquid: the venue's order rate (and its position
  // reads) space each case to ~0.5 s here.
  runs: 8,
});
