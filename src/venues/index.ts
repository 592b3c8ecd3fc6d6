/**
 * Venue adapters by id, beside the descriptors they implement (descriptors.ts, re-exported here).
 * The engine looks a venue up here and never names one itself. Adding a venue: its folder, its
 * descriptor in descriptors.ts, its adapter below.
 */
import { binanceUsdm } from './binance/adapter.js';
import { bybit } from './bybit/adapter.js';
import { coinbase } from './coinbase/adapter.js';
import { UnknownVenueError, venueIds } from './descriptors.js';
import { hyperliquid } from './hyperliquid/adapter.js';
import { kraken } from './kraken/adapter.js';
import { okx } from './okx/adapter.js';
import type { VenueAdapter, VenueId } from './venue.js';

export * from './descriptors.js';

const ADAPTERS: ReadonlyMap<VenueId, VenueAdapter> = new Map(
  [binanceUsdm, okx, hyperliquid, bybit, kraken, coinbase].map((a) => [a.id, a]),
);

// A descriptor without its adapter (or the reverse) is a registry mistake: fail at load, loudly.
const unpaired = [
  ...venueIds().filter((id) => !ADAPTERS.has(id)),
  ...[...ADAPTERS.keys()].filter((id) => !venueIds().includes(id)),
];
if (unpaired.length > 0)
  throw new Error(`venue registry: descriptor and adapter do not pair for ${unpaired.join(', ')}`);

export function venueAdapter(id: VenueId): VenueAdapter {
  const adapter = ADAPTERS.get(id);
  if (adapter === undefined) throw new UnknownVenueError(id);
  return adapter;
}
