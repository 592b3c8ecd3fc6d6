/** Each local-venue dialect as the amend tests drive it: its symbol, a size on its step, its sim and engine. */
import type { Engine } from '../../src/engine/engine.js';
import type { SimHandle } from '../../src/sim/index.js';
import { bybitEngine, startBybitSim } from './bybit-helpers.js';
import { hlEngine, startHlSim } from './hyperliquid-helpers.js';
import { okxEngine, startOkxSim } from './okx-helpers.js';
import { EventLog, startTestSim, testEngine } from './rest-helpers.js';

export interface AmendVenue {
  name: 'Binance USD-M' | 'OKX' | 'Hyperliquid' | 'Bybit';
  symbol: string;
  qty: string;
  start(): Promise<SimHandle>;
  engine(sim: SimHandle): Engine;
}

export const AMEND_VENUES: readonly AmendVenue[] = [
  { name: 'Binance USD-M', symbol: 'BTCUSDT', qty: '0.002', start: () => startTestSim(), engine: (s) => testEngine(s, new EventLog()) },
  { name: 'OKX', symbol: 'BTC-USDT-SWAP', qty: '1', start: () => startOkxSim(), engine: (s) => okxEngine(s, new EventLog()) },
  { name: 'Hyperliquid', symbol: 'BTC', qty: '0.002', start: () => startHlSim(), engine: (s) => hlEngine(s, new EventLog(), { recvWindowMs: 3_000 }) },
  { name: 'Bybit', symbol: 'BTCUSDT', qty: '0.002', start: () => startBybitSim(), engine: (s) => bybitEngine(s, new EventLog()) },
];
