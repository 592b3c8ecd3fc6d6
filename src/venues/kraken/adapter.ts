/**
 * The Kraken spot adapter: the one object the engine sees for this venue. REST side here
 * (requests.ts, parse.ts, errors.ts, limits.ts, urls.ts, symbols.ts, deadman.ts); the v2
 * WebSocket formats in stream.ts. Nonces are the engine's clock-based rule with a floor persisted
 * per key (`persistentNonces`, engine/nonce-file.ts): Kraken refuses any nonce at or below one
 * its key ever sent.
 */
import type { RestAdapter, VenueAdapter } from '../venue.js';
import { KRAKEN_DEADMAN } from './deadman.js';
import { krakenDescriptor } from './descriptor.js';
import { checkKrakenReply } from './errors.js';
import { KRAKEN_POOLS, KRAKEN_TIERS, type KrakenTier, krakenPools, krakenRateFeedback } from './limits.js';
import { krakenKeyPermissions } from './permissions-plan.js';
import {
  balancesPlan,
  cancelAllPlan,
  cancelOrderPlan,
  closedOrderPlan,
  fillsPagePlan,
  fillsPlan,
  instrumentsPlan,
  openOrdersPlan,
  placeOrderPlan,
  queryOrderPlan,
  serverTimePlan,
  TRADES_PAGE,
} from './requests.js';
import { krakenStreams } from './stream.js';
import { klinesPlan } from './klines.js';

export const krakenRest: RestAdapter = {
  id: krakenDescriptor.id,
  name: krakenDescriptor.name,
  envs: krakenDescriptor.envs,
  urls: krakenDescriptor.urls,
  pools: KRAKEN_POOLS,
  rateTiers: { names: KRAKEN_TIERS, pools: (tier) => krakenPools(tier as KrakenTier) },
  clientId: krakenDescriptor.clientId,
  // Kraken has no validity window on REST (the nonce orders requests instead).
  recvWindowMs: 0,
  // CancelAll and TradesHistory are the account's; trades come newest first, 50 a page, by offset.
  capabilities: {
    cancelAllScope: 'account',
    fillsScope: 'symbol',
    fillsPaging: { direction: 'cursor', maxPage: TRADES_PAGE },
  },
  serverTime: serverTimePlan,
  instruments: instrumentsPlan,
  klines: klinesPlan,
  placeOrder: placeOrderPlan,
  queryOrder: queryOrderPlan,
  queryOrderElsewhere: closedOrderPlan,
  cancelOrder: cancelOrderPlan,
  cancelAll: () => cancelAllPlan(),
  openOrders: (symbol) => openOrdersPlan(symbol),
  balances: balancesPlan,
  fills: fillsPlan,
  fillsPage: fillsPagePlan,
  keyPermissions: krakenKeyPermissions,
  deadman: KRAKEN_DEADMAN,
  persistentNonces: true,
  checkReply: checkKrakenReply,
  rateFeedback: (reply, venueNow) => krakenRateFeedback(reply, venueNow),
};

export const kraken: VenueAdapter = { ...krakenRest, stream: krakenStreams };
