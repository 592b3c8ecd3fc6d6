/**
 * Hyperliquid risk reads and margin settings: the account's margin picture (`clearinghouseState`:
 * `marginSummary.accountValue`, `totalMarginUsed`, `crossMaintenanceMarginUsed`), a coin's funding
 * (`metaAndAssetCtxs`: `funding`, the hourly rate; paid every hour on the hour, so no time is sent),
 * and leverage and margin type together (`updateLeverage {asset, isCross, leverage}`): `:lev` keeps
 * the mode, `:margin` keeps the leverage. Per-position risk rides on `clearinghouseState` (parse.ts).
 */
import type { AccountRisk, Funding, MarginMode, SymbolLeverage } from '../../core/types.js';
import { asArray, asObj, dec, FieldError, optDec, optInt, parsing, str } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { assetOf } from './assets.js';
import { actionCosts, INFO_WEIGHT } from './limits.js';
import { actionPlan, infoPlan, masterAddress } from './requests.js';

const HOUR_MS = 3_600_000;

export function parseAccountRisk(body: unknown): AccountRisk {
  return parsing('clearinghouseState', body, () => {
    const state = asObj(body, 'reply');
    const summary = asObj(state['marginSummary'], 'marginSummary');
    const maint = optDec(state, 'crossMaintenanceMarginUsed');
    return {
      asset: 'USDC',
      equity: dec(summary, 'accountValue'),
      marginUsed: dec(summary, 'totalMarginUsed'),
      ...(maint === undefined ? {} : { maintMargin: maint }),
      updatedAt: optInt(state, 'time') ?? 0,
    };
  });
}

/**
 * A coin's asset context from `metaAndAssetCtxs`' `[meta, assetCtxs]`: the coin's index in
 * `meta.universe` is its index in the contexts. Funding and open interest read the same reply.
 * Call inside `parsing`.
 */
export function assetContext(body: unknown, coin: string): Record<string, unknown> {
  const pair = asArray(body, 'reply');
  const universe = asArray(asObj(pair[0], '[0] (meta)')['universe'], 'universe');
  const index = universe.findIndex((u, i) => str(asObj(u, `universe[${i}]`), 'name') === coin);
  if (index < 0) throw new FieldError(`no ${coin} in the universe`);
  return asObj(asArray(pair[1] ?? [], '[1] (asset contexts)')[index], `[1][${index}]`);
}

export function parseFunding(body: unknown, coin: string): Funding {
  return parsing('metaAndAssetCtxs', body, () => ({ symbol: coin, rate: dec(assetContext(body, coin), 'funding'), intervalMs: HOUR_MS }));
}

export const accountRiskPlan = (): RequestPlan<AccountRisk> =>
  infoPlan({
    name: 'accountRisk',
    lane: 'background',
    weight: INFO_WEIGHT.light,
    body: (ctx) => ({ type: 'clearinghouseState', user: masterAddress(ctx.credentials) }),
    parse: parseAccountRisk,
  });

export const fundingPlan = (coin: string): RequestPlan<Funding> =>
  infoPlan({
    name: 'funding',
    lane: 'background',
    weight: INFO_WEIGHT.standard,
    body: () => ({ type: 'metaAndAssetCtxs' }),
    parse: (body) => parseFunding(body, coin),
  });

/** `updateLeverage` in the SDK's key order; the venue answers `{status: 'ok', response: {type: 'default'}}`. */
function updateLeveragePlan(coin: string, leverage: number, mode: MarginMode): RequestPlan<void> {
  return actionPlan({
    name: mode === 'cross' ? 'setLeverage' : 'setLeverageIsolated',
    lane: 'background',
    costs: actionCosts(1),
    mutating: true,
    action: (ctx) => ({ type: 'updateLeverage', asset: assetOf(ctx.credentials.env, coin).index, isCross: mode === 'cross', leverage }),
    parse: () => undefined,
  });
}

export const setLeveragePlan = (coin: string, leverage: number, current: SymbolLeverage | undefined): RequestPlan<void> =>
  updateLeveragePlan(coin, leverage, current?.marginMode ?? 'cross');

export function setMarginModePlan(coin: string, mode: MarginMode, current: SymbolLeverage | undefined): RequestPlan<void> {
  const leverage = current === undefined ? Number.NaN : Number(current.leverage);
  if (!Number.isInteger(leverage) || leverage < 1) throw new FieldError(`${coin}: the leverage is not read yet, and updateLeverage sets both (:lev reads it)`);
  return updateLeveragePlan(coin, leverage, mode);
}
