/**
 * The Bybit v5 adapter for USDT perpetuals (category `linear`, one-way mode): the one object the
 * engine sees for this venue. REST side here (requests.ts, parse.ts, errors.ts, limits.ts,
 * urls.ts); the WebSocket auth and stream formats in stream.ts.
 */
import { openInterestPlan } from './open-interest.js';
import { accountMarginModePlan, accountRiskPlan, fundingPlan, setLeveragePlan, setMarginModePlan } from './risk.js';
import type { DeadmanSpec, RestAdapter, VenueAdapter } from '../venue.js';
import { amendOrderPlan, amendTriggerPlan } from './amend.js';
import { bybitDescriptor } from './descriptor.js';
import { checkBybitReply } from './errors.js';
import { BYBIT_POOLS, bybitRateFeedback } from './limits.js';
import { dcpWindowPlan } from './dcp.js';
import { bybitKeyPermissions } from './permissions-plan.js';
import {
  balancesPlan,
  cancelAllPlan,
  cancelOrderPlan,
  fillsPagePlan,
  fillsPlan,
  instrumentsPlan,
  leveragePlan,
  openOrdersPlan,
  PAGE,
  placeOrderPlan,
  positionsPlan,
  queryOrderPlan,
  serverTimePlan,
} from './requests.js';
import { bybitStreams, DCP_FRAMES } from './stream.js';
import { klinesPlan } from './klines.js';

/**
 * Disconnect-cancel (DCP, docs/venues.md §3.8): not a countdown to re-arm but a window, 3–300 s
 * (default 10 s), that starts when the last private socket subscribed to `dcp.future` goes; if no
 * such socket is back within it, the venue cancels every open derivatives order of the account.
 * Arming sets the window over REST and subscribes the topic. There is no off from the API (the
 * account manager switches DCP on and off; leaving the topic counts as a lost socket).
 */
export const BYBIT_DEADMAN: DeadmanSpec = {
  // DCP cancels the account's active orders; Bybit lists untriggered conditional orders apart
  // (orderFilter StopOrder) (docs/venues.md): the stops stay.
  protective: 'kept',
  trigger: 'disconnect',
  scope: 'account',
  minTimeoutMs: 3_000,
  maxTimeoutMs: 300_000,
  defaultTimeoutMs: 10_000,
  arm: (timeoutMs) => dcpWindowPlan(timeoutMs),
  frames: DCP_FRAMES,
};

export const bybitRest: RestAdapter = {
  id: bybitDescriptor.id,
  name: bybitDescriptor.name,
  envs: bybitDescriptor.envs,
  urls: bybitDescriptor.urls,
  pools: BYBIT_POOLS,
  clientId: bybitDescriptor.clientId,
  recvWindowMs: 5_000,
  // Executions come newest first, 100 a page, and are followed by the venue's cursor.
  capabilities: { cancelAllScope: 'symbol', fillsScope: 'symbol', fillsPaging: { direction: 'cursor', maxPage: PAGE.executions } },
  serverTime: serverTimePlan,
  instruments: instrumentsPlan,
  klines: klinesPlan,
  placeOrder: placeOrderPlan,
  queryOrder: queryOrderPlan,
  cancelOrder: cancelOrderPlan,
  amendOrder: amendOrderPlan,
  amendTrigger: amendTriggerPlan,
  // Active orders only: conditional (protective) ones are listed and cancelled apart (conditional.ts).
  cancelAll: (symbol) => cancelAllPlan(symbol),
  openOrders: (symbol) => openOrdersPlan(symbol),
  protective: { open: (symbol) => openOrdersPlan(symbol, 'StopOrder'), cancelAll: (symbol) => cancelAllPlan(symbol, 'StopOrder') },
  positions: positionsPlan,
  balances: balancesPlan,
  fills: fillsPlan,
  fillsPage: fillsPagePlan,
  leverage: leveragePlan,
  accountRisk: accountRiskPlan,
  funding: fundingPlan,
  openInterest: openInterestPlan,
  setLeverage: (symbol, leverage) => setLeveragePlan(symbol, leverage),
  setMarginMode: (_symbol, mode) => setMarginModePlan(mode),
  marginModeScope: 'account',
  accountMarginMode: accountMarginModePlan,
  keyPermissions: bybitKeyPermissions,
  deadman: BYBIT_DEADMAN,
  checkReply: checkBybitReply,
  rateFeedback: (reply, venueNow, request) => bybitRateFeedback(reply, venueNow, request),
};

export const bybit: VenueAdapter = { ...bybitRest, stream: bybitStreams };
