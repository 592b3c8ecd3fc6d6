/** Venue adapters by id. The engine looks a venue up here and never names one itself. */
import { binanceUsdm } from './binance/adapter.js';
import { hyperliquid } from './hyperliquid/adapter.js';
import { okx } from './okx/adapter.js';
import type { VenueAdapter, VenueId } from './venue.js';

const ADAPTERS: ReadonlyMap<VenueId, VenueAdapter> = new Map([
  [binanceUsdm.id, binanceUsdm],
  [okx.id, okx],
  [hyperliquid.id, hyperliquid],
]);

export class UnknownVenueError extends Error {
  override readonly name = 'UnknownVenueError';
  constructor(readonly venue: string) {
    super(`unknown venue '${venue}'; known: ${[...ADAPTERS.keys()].join(', ')}`);
  }
}

export function venueAdapter(id: VenueId): VenueAdapter {
  const adapter = ADAPTERS.get(id);
  if (adapter === undefined) throw new UnknownVenueError(id);
  return adapter;
}

export function venueIds(): VenueId[] {
  return [...ADAPTERS.keys()];
}
