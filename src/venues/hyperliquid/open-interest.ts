/**
 * Hyperliquid open interest (docs/venues.md §6.10): the info request `metaAndAssetCtxs` (weight 20,
 * the one funding reads) answers `[meta, assetCtxs]`, and `assetCtxs[i].openInterest` is the coin
 * `meta.universe[i]`'s, in coins. The venue counts open interest as the sum of absolute position
 * sizes — both sides — so the figure is halved to the one side the other venues give. No time is sent.
 */
import { mul } from '../../core/decimal.js';
import type { OpenInterest } from '../../core/types.js';
import { dec, parsing } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { INFO_WEIGHT } from './limits.js';
import { infoPlan } from './requests.js';
import { assetContext } from './risk.js';

export function parseOpenInterest(body: unknown, coin: string): OpenInterest {
  return parsing('metaAndAssetCtxs', body, () => ({ symbol: coin, amount: mul(dec(assetContext(body, coin), 'openInterest'), '0.5') }));
}

export const openInterestPlan = (coin: string): RequestPlan<OpenInterest> =>
  infoPlan({
    name: 'openInterest',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: () => ({ type: 'metaAndAssetCtxs' }),
    parse: (body) => parseOpenInterest(body, coin),
  });
