/**
 * The Hyperliquid perps adapter: the one object the engine sees for this venue. REST side here
 * (requests.ts, parse.ts, errors.ts, limits.ts, urls.ts, prices.ts, assets.ts), L1-action signing
 * in sign.ts, nonces in nonces.ts, WebSocket formats in stream.ts. An agent (API) wallet signs;
 * the master address in the credentials is the account every query names.
 */
import { openInterestPlan } from './open-interest.js';
import { accountRiskPlan, fundingPlan, setLeveragePlan, setMarginModePlan } from './risk.js';
import type { TimerDeadmanSpec, NonceSpec, RestAdapter, VenueAdapter } from '../venue.js';
import { amendOrderPlan, amendTriggerPlan } from './amend.js';
import { hyperliquidDescriptor } from './descriptor.js';
import { checkHyperliquidReply } from './errors.js';
import { HYPERLIQUID_POOLS, hyperliquidRateFeedback } from './limits.js';
import { initialNonceState, type NonceState, nextNonce } from './nonces.js';
import { hyperliquidKeyPermissions } from './permissions-plan.js';
import {
  balancesPlan,
  cancelAllPlan,
  cancelBatchPlan,
  cancelOrderPlan,
  fillsPlan,
  instrumentsPlan,
  leveragePlan,
  quotePlan,
  MAX_CANCEL_BATCH,
  openOrdersPlan,
  placeOrderPlan,
  positionsPlan,
  queryOrderPlan,
  scheduleCancelPlan,
  serverTimePlan,
} from './requests.js';
import { hyperliquidStreams } from './stream.js';
import { candleSnapshotPlan } from './klines.js';

/**
 * scheduleCancel: one time for the whole account, at least 5 s ahead (10 s keeps a margin for the
 * trip); arming again moves it, arming without a time removes it.
 */
export const HYPERLIQUID_DEADMAN: TimerDeadmanSpec = {
  // scheduleCancel cancels every open order, and trigger orders are open orders here
  // (frontendOpenOrders lists them) (docs/venues.md): the stops go too.
  protective: 'cancelled',
  scope: 'account',
  minTimeoutMs: 10_000,
  maxTimeoutMs: 86_400_000,
  defaultTimeoutMs: 60_000,
  arm: (timeoutMs) => scheduleCancelPlan(timeoutMs),
  disarm: () => scheduleCancelPlan(0),
};

export const HYPERLIQUID_NONCES: NonceSpec<NonceState> = {
  initial: (venueNow) => initialNonceState(venueNow),
  next: nextNonce,
};

export const hyperliquidRest: RestAdapter = {
  id: hyperliquidDescriptor.id,
  name: hyperliquidDescriptor.name,
  envs: hyperliquidDescriptor.envs,
  urls: hyperliquidDescriptor.urls,
  pools: HYPERLIQUID_POOLS,
  clientId: hyperliquidDescriptor.clientId,
  // Sent as `expiresAfter` on every action: later than this the venue refuses it.
  recvWindowMs: 5_000,
  capabilities: { cancelAllScope: 'symbol', fillsScope: 'symbol' },
  serverTime: serverTimePlan,
  instruments: instrumentsPlan,
  quote: quotePlan,
  placeOrder: placeOrderPlan,
  queryOrder: queryOrderPlan,
  cancelOrder: cancelOrderPlan,
  amendOrder: amendOrderPlan,
  amendTrigger: amendTriggerPlan,
  cancelAll: cancelAllPlan,
  klines: candleSnapshotPlan,
  openOrders: openOrdersPlan,
  positions: positionsPlan,
  balances: balancesPlan,
  fills: fillsPlan,
  leverage: leveragePlan,
  accountRisk: accountRiskPlan,
  funding: fundingPlan,
  openInterest: openInterestPlan,
  setLeverage: setLeveragePlan,
  setMarginMode: setMarginModePlan,
  marginModeScope: 'symbol',
  keyPermissions: hyperliquidKeyPermissions,
  deadman: HYPERLIQUID_DEADMAN,
  cancelBatch: { max: MAX_CANCEL_BATCH, plan: cancelBatchPlan },
  nonces: HYPERLIQUID_NONCES as NonceSpec,
  checkReply: checkHyperliquidReply,
  rateFeedback: (reply) => hyperliquidRateFeedback(reply),
};

export const hyperliquid: VenueAdapter = { ...hyperliquidRest, stream: hyperliquidStreams };
