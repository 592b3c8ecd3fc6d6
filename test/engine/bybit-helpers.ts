/** The engine-against-Bybit tests' setup: Bybit's data for the shared one (venue-helpers.ts). */
import type { Engine, EngineOptions } from '../../src/engine/engine.js';
import type { SimHandle, SimOptions } from '../../src/sim/index.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';
import { startVenueSim, type VenueTestSpec, venueCredentials, venueEngine, venuePriceAt } from './venue-helpers.js';

export const SYMBOL = 'BTCUSDT';

export const BYBIT: VenueTestSpec = {
  venue: 'bybit',
  dialect: 'bybit',
  symbol: SYMBOL,
  key: 'hmac',
  engine: { recvWindowMs: 3_000 },
  bid: {
    path: `/v5/market/tickers?category=linear&symbol=${SYMBOL}`,
    read: (body) => (body as { result: { list: Array<{ bid1Price: string }> } }).result.list[0]?.bid1Price,
    decimals: 1,
  },
};

export const bybitCredentials = (sim: SimHandle, account = 0): Credentials => venueCredentials(BYBIT, sim, account);
export const startBybitSim = (options: SimOptions = {}): Promise<SimHandle> => startVenueSim(BYBIT, options);
export const bybitEngine = (sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine => venueEngine(BYBIT, sim, log, options);
/** The best bid × `factor`, on the 0.10 tick. */
export const bybitPriceAt = (sim: SimHandle, factor: number): Promise<string> => venuePriceAt(BYBIT, sim, factor);
