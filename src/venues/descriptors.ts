/**
 * The registry of venue facts: every traded venue's descriptor and every key family custody can
 * hold. The CLI, custody, the preflight and the cockpit look venues up here and name none
 * themselves. Light: reading it loads no request builder or signer (the adapters are in index.ts,
 * which checks that each descriptor here has its adapter).
 */
import { binanceKeys, binanceUsdmDescriptor } from './binance/descriptor.js';
import { bybitDescriptor, bybitKeys } from './bybit/descriptor.js';
import { coinbaseDescriptor, coinbaseKeys } from './coinbase/descriptor.js';
import type { KeyFacts, VenueDescriptor } from './descriptor.js';
import { hyperliquidDescriptor, hyperliquidKeys } from './hyperliquid/descriptor.js';
import { krakenDescriptor, krakenKeys } from './kraken/descriptor.js';
import { okxDescriptor, okxKeys } from './okx/descriptor.js';
import type { VenueId } from './venue.js';

/** Traded venues; the first is the default. */
const VENUES: readonly VenueDescriptor[] = [
  binanceUsdmDescriptor,
  okxDescriptor,
  hyperliquidDescriptor,
  bybitDescriptor,
  krakenDescriptor,
  coinbaseDescriptor,
];

/** Every venue family a key can be stored for, traded or not. */
const FAMILIES: readonly KeyFacts[] = [
  binanceKeys,
  okxKeys,
  bybitKeys,
  coinbaseKeys,
  krakenKeys,
  hyperliquidKeys,
];

export class UnknownVenueError extends Error {
  override readonly name = 'UnknownVenueError';
  constructor(readonly venue: string) {
    super(`unknown venue '${venue}'; known: ${VENUES.map((v) => v.id).join(', ')}`);
  }
}

export function venueDescriptors(): readonly VenueDescriptor[] {
  return VENUES;
}

export function venueIds(): VenueId[] {
  return VENUES.map((v) => v.id);
}

/** The venue a session trades when none is named. */
export function defaultVenue(): VenueDescriptor {
  return VENUES[0] as VenueDescriptor;
}

export function venueDescriptor(id: VenueId): VenueDescriptor {
  const found = VENUES.find((v) => v.id === id);
  if (found === undefined) throw new UnknownVenueError(id);
  return found;
}

export function keyFamilies(): readonly KeyFacts[] {
  return FAMILIES;
}

/**
 * The key family of a family name or a product id ('binance', 'binance-usdm'): one key serves
 * every product of a venue. Undefined for anything else.
 */
export function keyFamilyOf(venue: string): KeyFacts | undefined {
  const text = venue.toLowerCase();
  if (!/^[a-z0-9-]+$/.test(text)) return undefined;
  const family = text.split('-')[0];
  return FAMILIES.find((f) => f.family === family);
}

/** The traded venue for a product id, or the family's first traded product ('binance' → binance-usdm). */
export function tradedVenueFor(venue: string): VenueDescriptor | undefined {
  const exact = VENUES.find((v) => v.id === venue);
  if (exact !== undefined) return exact;
  const family = keyFamilyOf(venue);
  return family === undefined ? undefined : VENUES.find((v) => v.key === family);
}
