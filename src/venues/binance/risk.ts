/**
 * Binance USD-M risk reads and margin settings: the account's margin picture (`GET /fapi/v3/account`),
 * a symbol's funding (`GET /fapi/v1/premiumIndex`), leverage (`POST /fapi/v1/leverage`) and margin
 * type (`POST /fapi/v1/marginType`). Per-position risk (liquidation and break-even prices, margin,
 * maintenance) rides on the positions snapshot (`/fapi/v3/positionRisk`, parse.ts).
 */
import type { AccountRisk, Funding, MarginMode } from '../../core/types.js';
import { asObj, dec, int, optDec, parsing } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { WEIGHTS, weight } from './limits.js';
import { binancePlan } from './requests.js';

/** Single-asset mode: the account's totals are in USDT. */
const MARGIN_ASSET = 'USDT';

/** `/fapi/v3/account`: totalMarginBalance (wallet + uPnL), totalInitialMargin, totalMaintMargin. */
export function parseAccountRisk(body: unknown): AccountRisk {
  return parsing('account', body, () => {
    const a = asObj(body, 'reply');
    const risk: AccountRisk = {
      asset: MARGIN_ASSET,
      equity: dec(a, 'totalMarginBalance'),
      marginUsed: dec(a, 'totalInitialMargin'),
      updatedAt: 0,
    };
    const maint = optDec(a, 'totalMaintMargin');
    if (maint !== undefined) risk.maintMargin = maint;
    return risk;
  });
}

/** `/fapi/v1/premiumIndex?symbol=S`: `{symbol, markPrice, lastFundingRate, nextFundingTime, …}`. */
export function parseFunding(body: unknown, symbol: string): Funding {
  return parsing('premiumIndex', body, () => {
    const p = asObj(body, 'reply');
    const next = int(p, 'nextFundingTime');
    return { symbol, rate: dec(p, 'lastFundingRate'), ...(next > 0 ? { nextFundingTime: next } : {}) };
  });
}

export const accountRiskPlan = (): RequestPlan<AccountRisk> =>
  binancePlan({
    name: 'accountRisk',
    method: 'GET',
    path: '/fapi/v3/account',
    lane: 'background',
    costs: weight(WEIGHTS.account),
    auth: 'signed',
    mutating: false,
    params: [],
    parse: parseAccountRisk,
  });

export const fundingPlan = (symbol: string): RequestPlan<Funding> =>
  binancePlan({
    name: 'funding',
    method: 'GET',
    path: '/fapi/v1/premiumIndex',
    lane: 'background',
    costs: weight(WEIGHTS.premiumIndex),
    auth: 'none',
    mutating: false,
    params: [['symbol', symbol]],
    parse: (body) => parseFunding(body, symbol),
  });

/** Answers `{leverage, maxNotionalValue, symbol}`; the venue refuses with -4028 (not valid) or -4161. */
export const setLeveragePlan = (symbol: string, leverage: number): RequestPlan<void> =>
  binancePlan({
    name: 'setLeverage',
    method: 'POST',
    path: '/fapi/v1/leverage',
    lane: 'background',
    costs: weight(WEIGHTS.setLeverage),
    auth: 'signed',
    mutating: true,
    params: [
      ['symbol', symbol],
      ['leverage', leverage],
    ],
    parse: (body) => parsing('leverage', body, () => void asObj(body, 'reply')),
  });

const MARGIN_TYPE: Readonly<Record<MarginMode, string>> = { cross: 'CROSSED', isolated: 'ISOLATED' };

/** Answers `{code: 200, msg: 'success'}`; refused with -4046 (already), -4047 (open orders), -4048 (position). */
export const setMarginModePlan = (symbol: string, mode: MarginMode): RequestPlan<void> =>
  binancePlan({
    name: 'setMarginMode',
    method: 'POST',
    path: '/fapi/v1/marginType',
    lane: 'background',
    costs: weight(WEIGHTS.marginType),
    auth: 'signed',
    mutating: true,
    params: [
      ['symbol', symbol],
      ['marginType', MARGIN_TYPE[mode]],
    ],
    parse: (body) => parsing('marginType', body, () => void asObj(body, 'reply')),
  });
