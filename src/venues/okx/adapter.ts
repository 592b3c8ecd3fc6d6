/**
 * The OKX v5 adapter for USDT-margined perpetual swaps (BTC-USDT-SWAP, ETH-USDT-SWAP…): the one
 * object the engine sees for this venue. REST side here (requests.ts, parse.ts, errors.ts,
 * limits.ts, urls.ts); WebSocket login and stream formats in login.ts and stream.ts.
 */
import { openInterestPlan } from './open-interest.js';
import { accountRiskPlan, fundingPlan, setLeveragePlan, setMarginModePlan } from './risk.js';
import type { TimerDeadmanSpec, RestAdapter, VenueAdapter } from '../venue.js';
import { amendOrderPlan, amendTriggerPlan } from './amend.js';
import { okxDescriptor } from './descriptor.js';
import { checkOkxReply } from './errors.js';
import { OKX_POOLS, okxRateFeedback } from './limits.js';
import {
  accountConfigPlan,
  balancesPlan,
  cancelAllAfterPlan,
  cancelAllPlan,
  cancelBatchPlan,
  cancelOrderPlan,
  fillsPlan,
  instrumentsPlan,
  leveragePlan,
  MAX_CANCEL_BATCH,
  openOrdersPlan,
  PAGE_LIMIT,
  placeOrderPlan,
  positionsPlan,
  queryOrderPlan,
  serverTimePlan,
} from './requests.js';
import { cancelAlgoPlan, okxProtective, placeAlgoPlan, queryAlgoPlan } from './algo.js';
import { okxStreams } from './stream.js';
import { candlesPlan, historyCandlesPlan } from './klines.js';

/**
 * cancel-all-after: one timer for the whole account, 10–120 s (whole seconds), `0` disarms. The
 * venue then cancels every pending order of the account.
 */
export const OKX_DEADMAN: TimerDeadmanSpec = {
  // cancel-all-after cancels pending orders; algo orders are a separate book with their own
  // cancel (cancel-algos) (docs/venues.md): the stops stay.
  protective: 'kept',
  scope: 'account',
  minTimeoutMs: 10_000,
  maxTimeoutMs: 120_000,
  defaultTimeoutMs: 60_000,
  arm: (timeoutMs) => cancelAllAfterPlan(timeoutMs),
  disarm: () => cancelAllAfterPlan(0),
};

export const okxRest: RestAdapter = {
  id: okxDescriptor.id,
  name: okxDescriptor.name,
  envs: okxDescriptor.envs,
  urls: okxDescriptor.urls,
  pools: OKX_POOLS,
  clientId: okxDescriptor.clientId,
  // Sent as `expTime` on orders: the venue discards an order that arrives later than this, so
  // "never seen" can be believed once it has passed (the timestamp rule alone allows 30 s).
  recvWindowMs: 5_000,
  // No cancel-all endpoint for swaps: the engine cancels the listed open orders in batches.
  // Fills come newest first and are paged by bill id: the engine pages back by time.
  capabilities: { cancelAllScope: 'symbol', fillsScope: 'symbol', fillsPaging: { direction: 'backward', maxPage: PAGE_LIMIT } },
  serverTime: serverTimePlan,
  instruments: instrumentsPlan,
  // Protective orders are algo orders (algo.ts): their own endpoints and ids.
  placeOrder: (intent) => (intent.trigger === undefined ? placeOrderPlan(intent) : placeAlgoPlan(intent)),
  queryOrder: (ref) => (ref.protective === true ? queryAlgoPlan(ref) : queryOrderPlan(ref)),
  cancelOrder: (ref) => (ref.protective === true ? cancelAlgoPlan(ref) : cancelOrderPlan(ref)),
  protective: okxProtective,
  amendOrder: amendOrderPlan,
  amendTrigger: amendTriggerPlan,
  cancelAll: cancelAllPlan,
  klines: candlesPlan,
  klineHistory: historyCandlesPlan,
  openOrders: openOrdersPlan,
  positions: positionsPlan,
  balances: balancesPlan,
  fills: fillsPlan,
  leverage: leveragePlan,
  accountRisk: accountRiskPlan,
  funding: fundingPlan,
  openInterest: openInterestPlan,
  setLeverage: (instId, leverage) => setLeveragePlan(instId, leverage),
  setMarginMode: (_instId, mode) => setMarginModePlan(mode),
  marginModeScope: 'symbol',
  keyPermissions: { plan: () => accountConfigPlan() },
  cancelBatch: { max: MAX_CANCEL_BATCH, plan: cancelBatchPlan },
  deadman: OKX_DEADMAN,
  checkReply: checkOkxReply,
  rateFeedback: (reply) => okxRateFeedback(reply),
};

export const okx: VenueAdapter = { ...okxRest, stream: okxStreams };
