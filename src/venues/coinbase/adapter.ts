/**
 * The Coinbase Advanced Trade spot adapter: the one object the engine sees for this venue. REST
 * side here (requests.ts, parse.ts, errors.ts, limits.ts, urls.ts, enums.ts, fields.ts); the
 * WebSocket formats in stream.ts. Every private request carries a JWT minted for it (sign.ts).
 *
 * No dead-man's switch: Coinbase Advanced Trade has no cancel-after timer and no
 * cancel-on-disconnect (docs/venues.md §4.9), so `deadman` is absent and the descriptor says
 * 'none' — open orders rest when the terminal is gone. No cancel-all either: the engine lists the
 * open orders and cancels them 100 at a time (`cancelBatch`). Cancels go by the venue's order id
 * only (`cancelNeedsVenueId`).
 */
import type { RestAdapter, VenueAdapter } from '../venue.js';
import { coinbaseDescriptor } from './descriptor.js';
import { checkCoinbaseReply, coinbaseTextReply } from './errors.js';
import { COINBASE_POOLS, coinbaseRateFeedback } from './limits.js';
import { coinbaseKeyPermissions } from './permissions-plan.js';
import {
  balancesPlan,
  cancelAllPlan,
  cancelBatchPlan,
  cancelOrderPlan,
  FILLS_PAGE,
  fillsPagePlan,
  fillsPlan,
  instrumentsPlan,
  MAX_CANCEL_BATCH,
  openOrdersPlan,
  placeOrderPlan,
  queryOrderPlan,
  serverTimePlan,
} from './requests.js';
import { coinbaseStreams } from './stream.js';
import { klinesPlan } from './klines.js';

export const coinbaseRest: RestAdapter = {
  id: coinbaseDescriptor.id,
  name: coinbaseDescriptor.name,
  envs: coinbaseDescriptor.envs,
  urls: coinbaseDescriptor.urls,
  pools: COINBASE_POOLS,
  clientId: coinbaseDescriptor.clientId,
  // The token's two-minute life is the only validity window.
  recvWindowMs: 0,
  capabilities: {
    cancelAllScope: 'symbol',
    fillsScope: 'symbol',
    fillsPaging: { direction: 'cursor', maxPage: FILLS_PAGE },
    cancelNeedsVenueId: true,
    fillsOffStream: true,
  },
  serverTime: serverTimePlan,
  instruments: instrumentsPlan,
  klines: klinesPlan,
  placeOrder: placeOrderPlan,
  queryOrder: queryOrderPlan,
  cancelOrder: cancelOrderPlan,
  cancelAll: cancelAllPlan,
  openOrders: (symbol) => openOrdersPlan(symbol),
  balances: balancesPlan,
  fills: fillsPlan,
  fillsPage: fillsPagePlan,
  keyPermissions: coinbaseKeyPermissions,
  cancelBatch: { max: MAX_CANCEL_BATCH, plan: cancelBatchPlan },
  checkReply: checkCoinbaseReply,
  nonJsonReply: coinbaseTextReply,
  rateFeedback: (reply, _venueNow, request) => coinbaseRateFeedback(reply, request?.costs),
};

export const coinbase: VenueAdapter = { ...coinbaseRest, stream: coinbaseStreams };
