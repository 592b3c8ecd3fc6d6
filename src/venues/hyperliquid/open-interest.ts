/**
 * Hyperliquid open interest (docs/venues.md §6.10): the info request `metaAndAssetCtxs` (weight 20,
 * the one funding reads) answers `[meta, assetCtxs]`, and `assetCtxs[i].openInterest` is the coin
 * `meta.universe[i]`'s, in coins. The venue counts open interest as the sum of absolute position
 * sizes — both sides — so the figure is halved to the one side the other venues give. No time is sent.
 */
import { mul } from '../../core/decimal.js';
import type { OpenInterest } from '../../core/types.js';
import { asArray, asObj, dec, FieldError, parsing, str } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { INFO_WEIGHT } from './limits.js';
import { infoPlan } from './requests.js';

export function parseOpenInterest(body: unknown, coin: string): OpenInterest {
  return parsing('metaAndAssetCtxs', body, () => {
    const pair = asArray(body, 'reply');
    const universe = asArray(asObj(pair[0], '[0] (meta)')['universe'], 'universe');
    const index = universe.findIndex((u, i) => str(asObj(u, `universe[${i}]`), 'name') === coin);
    if (index < 0) throw new FieldError(`no ${coin} in the universe`);
    const ctx = asObj(asArray(pair[1] ?? [], '[1] (asset contexts)')[index], `[1][${index}]`);
    return { symbol: coin, amount: mul(dec(ctx, 'openInterest'), '0.5') };
  });
}

export const openInterestPlan = (coin: string): RequestPlan<OpenInterest> =>
  infoPlan({
    name: 'openInterest',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: () => ({ type: 'metaAndAssetCtxs' }),
    parse: (body) => parseOpenInterest(body, coin),
  });
