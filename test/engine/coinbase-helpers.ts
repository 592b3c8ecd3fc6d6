/** The engine-against-Coinbase tests' setup: Coinbase's data for the shared one (venue-helpers.ts). */
import type { Engine, EngineOptions } from '../../src/engine/engine.js';
import type { SimHandle, SimOptions } from '../../src/sim/index.js';
import { coinbase } from '../../src/venues/coinbase/adapter.js';
import type { Credentials } from '../../src/venues/venue.js';
import type { EventLog } from './rest-helpers.js';
import { startVenueSim, type VenueTestSpec, venueCredentials, venueEngine, venuePriceAt } from './venue-helpers.js';

export const SYMBOL = 'BTC-USD';

export const COINBASE: VenueTestSpec = {
  venue: coinbase,
  dialect: 'coinbase',
  symbol: SYMBOL,
  // The demo account's EC key: its name as the API key, the SEC1 PEM the sim made as the private key.
  key: 'ec',
  bid: {
    path: `/api/v3/brokerage/market/product_book?product_id=${SYMBOL}&limit=1`,
    read: (body) => (body as { pricebook: { bids: Array<{ price: string }> } }).pricebook.bids[0]?.price,
    decimals: 2,
  },
};

export const coinbaseCredentials = (sim: SimHandle, account = 0): Credentials => venueCredentials(COINBASE, sim, account);
export const startCoinbaseSim = (options: SimOptions = {}): Promise<SimHandle> => startVenueSim(COINBASE, options);
export const coinbaseEngine = (sim: SimHandle, log: EventLog, options: Partial<EngineOptions> = {}): Engine =>
  venueEngine(COINBASE, sim, log, options);
/** The best bid × `factor`, on the cent, from the venue's public product book. */
export const coinbasePriceAt = (sim: SimHandle, factor: number): Promise<string> => venuePriceAt(COINBASE, sim, factor);
