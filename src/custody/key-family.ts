// Which venue family a key belongs to, looked up in the venue registry (src/venues/descriptors.ts):
// custody names no venue itself. One key serves every product of a family.
import type { KeyFacts } from '../venues/descriptor.js';
import { keyFamilies, keyFamilyOf } from '../venues/descriptors.js';
import { CustodyError } from './errors.js';

/** A family name or product id (binance, binance-usdm) → the family's key facts; else a named error. */
export function keyFacts(venue: string): KeyFacts {
  const facts = keyFamilyOf(venue);
  if (facts !== undefined) return facts;
  const known = keyFamilies()
    .map((f) => f.family)
    .join(', ');
  throw new CustodyError(`unknown venue '${venue}'; known: ${known} (or a product id such as binance-usdm)`);
}

/** A family name, or an adapter id of that venue (binance-usdm for binance): the family name. */
export function venueFamily(venue: string): string {
  return keyFacts(venue).family;
}
