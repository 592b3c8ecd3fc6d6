/**
 * Hyperliquid request builders: the account's reads (positions, balances, leverage, fills, the
 * address allowance), the venue's facts (clock, universe, mids) and the dead-man's switch
 * (`scheduleCancel`). The orders' builders are order-plans.ts; how an `/info` query or an
 * `/exchange` action becomes bytes (and is signed) is wire-plans.ts. Both are re-exported here so
 * the adapter and the venue's other modules name one module.
 */
import type { Balance, Fill, Instrument, Position, SymbolLeverage } from '../../core/types.js';
import { InvalidIntentError } from '../shared/errors.js';
import type { FillsQuery, RequestPlan } from '../venue.js';
import { actionCosts, INFO_WEIGHT } from './limits.js';
import {
  parseActiveAssetData,
  parseBalances,
  parseFills,
  parseInstruments,
  parsePositions,
  parseServerTime,
  parseUserRateLimit,
  type UserRateLimit,
} from './parse.js';
import { actionPlan, infoPlan, masterAddress } from './wire-plans.js';

export { InvalidIntentError };
export { type ActionSpec, actionPlan, type Built, type InfoSpec, infoPlan, masterAddress } from './wire-plans.js';
export {
  cancelAllPlan,
  cancelBatchPlan,
  cancelOrderPlan,
  MARKET_SLIPPAGE,
  MAX_CANCEL_BATCH,
  openOrdersPlan,
  placeOrderPlan,
  protectivePrice,
  queryOrderPlan,
  tifOf,
  WIRE_TIF,
} from './order-plans.js';

const clearinghouse = <T>(name: string, parse: (body: unknown) => T): RequestPlan<T> =>
  infoPlan({
    name,
    lane: 'background',
    weight: INFO_WEIGHT.light,
    body: (ctx) => ({ type: 'clearinghouseState', user: masterAddress(ctx.credentials) }),
    parse,
  });

export const positionsPlan = (): RequestPlan<Position[]> => clearinghouse('positions', parsePositions);
export const balancesPlan = (): RequestPlan<Balance[]> => clearinghouse('balances', parseBalances);

/** `activeAssetData`: the account's leverage for one coin (clearinghouseState has it only with a position). */
export const leveragePlan = (coin: string): RequestPlan<SymbolLeverage> =>
  infoPlan({
    name: 'leverage',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => ({ type: 'activeAssetData', user: masterAddress(ctx.credentials), coin }),
    parse: (body) => parseActiveAssetData(body, coin),
  });

/**
 * Fills from a venue time (`userFillsByTime`, inclusive; the fill at the watermark comes back and
 * dedupe drops it), else the newest (`userFills`). Hyperliquid pages by time, not trade id.
 */
export function fillsPlan(query: FillsQuery): RequestPlan<Fill[]> {
  const start = query.startTime;
  return infoPlan({
    name: 'fills',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => {
      const user = masterAddress(ctx.credentials);
      return start === undefined
        ? { type: 'userFills', user }
        : { type: 'userFillsByTime', user, startTime: Math.max(0, Math.floor(start)), aggregateByTime: false };
    },
    parse: (body) => parseFills(body, query.symbol),
  });
}

/** `exchangeStatus` carries the venue's clock: unsigned, critical (a nonce retry waits for it). */
export const serverTimePlan = (): RequestPlan<number> =>
  infoPlan({ name: 'serverTime', lane: 'critical', weight: INFO_WEIGHT.light, body: () => ({ type: 'exchangeStatus' }), parse: parseServerTime });

/** `metaAndAssetCtxs`: the universe (asset indices, size decimals) and marks for the price grid. */
export const instrumentsPlan = (): RequestPlan<Instrument[]> =>
  infoPlan({
    name: 'instruments',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: () => ({ type: 'metaAndAssetCtxs' }),
    parse: (body, built) => parseInstruments(body, built.env),
  });

/** `allMids`: every coin's mid; a market order's reference price before the first streamed quote. */
export const quotePlan = (coin: string): RequestPlan<string | undefined> =>
  infoPlan({
    name: 'allMids',
    // It prices an order about to be sent: the order's lane.
    lane: 'critical',
    weight: INFO_WEIGHT.light,
    body: () => ({ type: 'allMids' }),
    parse: (body) => {
      const mid = (body as Record<string, unknown> | null)?.[coin];
      return typeof mid === 'string' && /^\d+(\.\d+)?$/.test(mid) && !/^0+(\.0+)?$/.test(mid) ? mid : undefined;
    },
  });

/** The address allowance: `{cumVlm, nRequestsUsed, nRequestsCap}` (limits.ts turns it into a pool). */
export const userRateLimitPlan = (): RequestPlan<UserRateLimit> =>
  infoPlan({
    name: 'userRateLimit',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: (ctx) => ({ type: 'userRateLimit', user: masterAddress(ctx.credentials) }),
    parse: parseUserRateLimit,
  });

/**
 * `scheduleCancel`: every open order of the account is canceled at `time` (at least 5 s ahead);
 * without `time` the schedule is removed. Setting it again is safe to repeat.
 */
export function scheduleCancelPlan(timeoutMs: number): RequestPlan<void> {
  const arm = timeoutMs > 0;
  return actionPlan({
    name: arm ? 'deadmanArm' : 'deadmanDisarm',
    lane: 'critical',
    costs: actionCosts(1),
    mutating: false,
    action: (ctx) => (arm ? { type: 'scheduleCancel', time: Math.floor(ctx.venueNow()) + Math.floor(timeoutMs) } : { type: 'scheduleCancel' }),
    parse: () => undefined,
  });
}
