/**
 * The Binance USD-M futures adapter: the one object the engine sees for this venue. REST side
 * here (requests.ts, parse.ts, errors.ts, limits.ts, urls.ts); stream formats in stream.ts and
 * listen-key.ts.
 */
import type { TimerDeadmanSpec, RestAdapter, VenueAdapter } from '../venue.js';
import { amendOrderPlan } from './amend.js';
import { binanceUsdmDescriptor } from './descriptor.js';
import { checkBinanceReply } from './errors.js';
import { BINANCE_USDM_POOLS, binanceRateFeedback } from './limits.js';
import { binanceKeyPermissions } from './permissions-plan.js';
import {
  balancesPlan,
  cancelAllPlan,
  cancelOrderPlan,
  countdownPlan,
  fillsPlan,
  InvalidIntentError,
  instrumentsPlan,
  leveragePlan,
  openOrdersPlan,
  placeOrderPlan,
  positionsPlan,
  queryOrderPlan,
  serverTimePlan,
  testOrderPlan,
} from './requests.js';
import { openInterestPlan } from './open-interest.js';
import { accountRiskPlan, fundingPlan, setLeveragePlan, setMarginModePlan } from './risk.js';
import { binanceStreams } from './stream.js';
import { klinesPlan } from './klines.js';
import { binanceProtective, cancelAlgoOrderPlan, placeAlgoOrderPlan, queryAlgoOrderPlan } from './algo.js';

function needSymbol(symbol: string | undefined): string {
  if (symbol === undefined) throw new InvalidIntentError('binance-usdm countdownCancelAll is per symbol');
  return symbol;
}

/** countdownCancelAll: one timer per symbol; the venue checks it about every 10 ms. */
export const BINANCE_USDM_DEADMAN: TimerDeadmanSpec = {
  // countdownCancelAll cancels the symbol's open orders; conditional orders live in the algo
  // service since 2025-12-09, with a cancel-all of their own (docs/venues.md): the stops stay.
  protective: 'kept',
  scope: 'symbol',
  minTimeoutMs: 1_000,
  maxTimeoutMs: 3_600_000,
  defaultTimeoutMs: 60_000,
  arm: (timeoutMs, symbol) => countdownPlan(needSymbol(symbol), timeoutMs),
  disarm: (symbol) => countdownPlan(needSymbol(symbol), 0),
};

export const binanceUsdmRest: RestAdapter = {
  id: binanceUsdmDescriptor.id,
  name: binanceUsdmDescriptor.name,
  envs: binanceUsdmDescriptor.envs,
  urls: binanceUsdmDescriptor.urls,
  pools: BINANCE_USDM_POOLS,
  clientId: binanceUsdmDescriptor.clientId,
  recvWindowMs: 5_000,
  capabilities: { cancelAllScope: 'symbol', fillsScope: 'symbol', rateLimitHoldsAll: true },
  serverTime: serverTimePlan,
  instruments: instrumentsPlan,
  // Conditional orders go to the algo service (algo.ts): the order endpoint refuses them (-4120).
  placeOrder: (intent) => (intent.trigger === undefined ? placeOrderPlan(intent) : placeAlgoOrderPlan(intent)),
  queryOrder: (ref) => (ref.protective === true ? queryAlgoOrderPlan(ref) : queryOrderPlan(ref)),
  cancelOrder: (ref) => (ref.protective === true ? cancelAlgoOrderPlan(ref) : cancelOrderPlan(ref)),
  protective: binanceProtective,
  amendOrder: amendOrderPlan,
  cancelAll: cancelAllPlan,
  klines: klinesPlan,
  openOrders: openOrdersPlan,
  positions: positionsPlan,
  balances: balancesPlan,
  fills: fillsPlan,
  leverage: leveragePlan,
  accountRisk: accountRiskPlan,
  funding: fundingPlan,
  openInterest: openInterestPlan,
  setLeverage: (symbol, leverage) => setLeveragePlan(symbol, leverage),
  setMarginMode: (symbol, mode) => setMarginModePlan(symbol, mode),
  marginModeScope: 'symbol',
  testOrder: testOrderPlan,
  keyPermissions: binanceKeyPermissions,
  deadman: BINANCE_USDM_DEADMAN,
  checkReply: checkBinanceReply,
  rateFeedback: (reply, venueNow) => binanceRateFeedback(reply, venueNow),
};

export const binanceUsdm: VenueAdapter = { ...binanceUsdmRest, stream: binanceStreams };
