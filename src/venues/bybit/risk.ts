/**
 * Bybit risk reads and margin settings (unified trading account): the account's margin picture
 * (`GET /v5/account/wallet-balance`: `totalEquity`, `totalInitialMargin`, `totalMaintenanceMargin`,
 * in USD), a symbol's funding (`GET /v5/market/tickers`: `fundingRate`, `nextFundingTime`), leverage
 * (`POST /v5/position/set-leverage`, buy = sell in one-way mode) and the margin mode, which in the
 * unified account is the whole account's (`POST /v5/account/set-margin-mode`, read back from
 * `GET /v5/account/info` `marginMode`: the position rows' `tradeMode` is deprecated, always 0).
 * The classic account's per-symbol `switch-isolated` is gone with the classic account.
 */
import type { AccountRisk, Funding, MarginMode } from '../../core/types.js';
import { asObj, dec, FieldError, optDec, parsing, str } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { envelopeResult, envelopeTime, resultList } from './fields.js';
import { costsOf, POOL } from './limits.js';
import { bybitPlan, CATEGORY, walletBalance } from './requests.js';

export function parseAccountRisk(body: unknown): AccountRisk {
  return parsing('wallet balance', body, () => {
    const list = resultList(body);
    if (list.length === 0) throw new FieldError('no unified account row');
    const a = asObj(list[0], 'list[0]');
    const maint = optDec(a, 'totalMaintenanceMargin');
    return {
      asset: 'USD',
      equity: dec(a, 'totalEquity'),
      marginUsed: dec(a, 'totalInitialMargin'),
      ...(maint === undefined ? {} : { maintMargin: maint }),
      updatedAt: envelopeTime(body) ?? 0,
    };
  });
}

export function parseFunding(body: unknown, symbol: string): Funding {
  return parsing('tickers', body, () => {
    const row = resultList(body)
      .map((r, i) => asObj(r, `list[${i}]`))
      .find((r) => r['symbol'] === symbol);
    if (row === undefined) throw new FieldError(`no ticker for ${symbol}`);
    const next = Number(str(row, 'nextFundingTime'));
    return { symbol, rate: dec(row, 'fundingRate'), ...(Number.isSafeInteger(next) && next > 0 ? { nextFundingTime: next } : {}) };
  });
}

const MODES: Readonly<Record<string, MarginMode>> = { ISOLATED_MARGIN: 'isolated', REGULAR_MARGIN: 'cross' };

/** `/v5/account/info` `marginMode`; portfolio margin is neither (undefined). */
export function parseAccountMarginMode(body: unknown): MarginMode | undefined {
  return parsing('account info', body, () => MODES[str(asObj(envelopeResult(body), 'result'), 'marginMode')]);
}

export const accountRiskPlan = (): RequestPlan<AccountRisk> => walletBalance('accountRisk', parseAccountRisk);

export const fundingPlan = (symbol: string): RequestPlan<Funding> =>
  bybitPlan({
    name: 'funding',
    method: 'GET',
    path: '/v5/market/tickers',
    lane: 'background',
    costs: costsOf(),
    signed: false,
    mutating: false,
    query: [
      ['category', CATEGORY],
      ['symbol', symbol],
    ],
    parse: (body) => parseFunding(body, symbol),
  });

export const accountMarginModePlan = (): RequestPlan<MarginMode | undefined> =>
  bybitPlan({
    name: 'accountInfo',
    method: 'GET',
    path: '/v5/account/info',
    lane: 'background',
    costs: costsOf(POOL.accountInfo),
    signed: true,
    mutating: false,
    parse: parseAccountMarginMode,
  });

/** Answers an empty result; refuses 110043 "leverage not modified" when it already is. */
export const setLeveragePlan = (symbol: string, leverage: number): RequestPlan<void> =>
  bybitPlan({
    name: 'setLeverage',
    method: 'POST',
    path: '/v5/position/set-leverage',
    lane: 'background',
    costs: costsOf(POOL.setLeverage),
    signed: true,
    mutating: true,
    body: { category: CATEGORY, symbol, buyLeverage: String(leverage), sellLeverage: String(leverage) },
    parse: () => undefined,
  });

/** The whole account's mode; refused with 3400045 "Set margin mode failed" and the venue's reasons. */
export const setMarginModePlan = (mode: MarginMode): RequestPlan<void> =>
  bybitPlan({
    name: 'setMarginMode',
    method: 'POST',
    path: '/v5/account/set-margin-mode',
    lane: 'background',
    costs: costsOf(POOL.setMarginMode),
    signed: true,
    mutating: true,
    body: { setMarginMode: mode === 'isolated' ? 'ISOLATED_MARGIN' : 'REGULAR_MARGIN' },
    parse: () => undefined,
  });
