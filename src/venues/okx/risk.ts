/**
 * OKX risk reads and the leverage setting: the account's margin picture (`GET /api/v5/account/balance`),
 * an instrument's funding (`GET /api/v5/public/funding-rate`) and its leverage
 * (`POST /api/v5/account/set-leverage`). Per-position risk (liqPx, bePx, imr or margin, mmr) rides on
 * the positions snapshot (parse.ts).
 *
 * Margin mode: OKX has no per-instrument setting to switch. An order's `tdMode` opens its position in
 * cross or isolated margin, and this cockpit's orders are cross (`TD_MODE`); a `:margin isolated`
 * is refused here with that reason rather than pretending an endpoint exists.
 */
import type { AccountRisk, Funding, MarginMode } from '../../core/types.js';
import { InvalidIntentError } from '../shared/errors.js';
import { asObj, dec, FieldError, optDec, optInt, parsing, str } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { envelopeData } from './fields.js';
import { one, POOL } from './limits.js';
import { okxPlan, TD_MODE } from './requests.js';

/** The margin currency of USDT swaps. */
const MARGIN_CCY = 'USDT';

/**
 * `data[0]`: `totalEq`, and `imr`/`mmr` at account level in multi-currency and portfolio margin; in
 * single-currency margin those are '' and the margin currency's `details[]` row carries `eq`,
 * `imr`, `mmr`. Either way the answer is in the margin currency's terms.
 */
export function parseAccountRisk(body: unknown): AccountRisk {
  return parsing('balance', body, () => {
    const data = envelopeData(body);
    if (data.length === 0) throw new FieldError('no account row');
    const account = asObj(data[0], 'data[0]');
    const details = Array.isArray(account['details']) ? account['details'] : [];
    const row = details.map((d, i) => asObj(d, `details[${i}]`)).find((d) => d['ccy'] === MARGIN_CCY);
    const imr = optDec(account, 'imr') ?? (row === undefined ? undefined : optDec(row, 'imr'));
    const mmr = optDec(account, 'mmr') ?? (row === undefined ? undefined : optDec(row, 'mmr'));
    const equity = row !== undefined && optDec(account, 'imr') === undefined ? dec(row, 'eq') : dec(account, 'totalEq');
    return {
      asset: MARGIN_CCY,
      equity,
      marginUsed: imr ?? '0',
      ...(mmr === undefined ? {} : { maintMargin: mmr }),
      updatedAt: optInt(account, 'uTime') ?? 0,
    };
  });
}

/** `data[0]`: `fundingRate`, `fundingTime` (the next settlement; `nextFundingTime` is the one after). */
export function parseFunding(body: unknown, instId: string): Funding {
  return parsing('funding-rate', body, () => {
    const data = envelopeData(body);
    if (data.length === 0) throw new FieldError(`no row for ${instId}`);
    const row = asObj(data[0], 'data[0]');
    if (str(row, 'instId') !== instId) throw new FieldError(`row for ${String(row['instId'])}, asked ${instId}`);
    const next = optInt(row, 'fundingTime');
    return { symbol: instId, rate: dec(row, 'fundingRate'), ...(next === undefined ? {} : { nextFundingTime: next }) };
  });
}

export const accountRiskPlan = (): RequestPlan<AccountRisk> =>
  okxPlan({
    name: 'accountRisk',
    method: 'GET',
    path: '/api/v5/account/balance',
    lane: 'background',
    costs: one(POOL.balance),
    signed: true,
    mutating: false,
    parse: parseAccountRisk,
  });

export const fundingPlan = (instId: string): RequestPlan<Funding> =>
  okxPlan({
    name: 'funding',
    method: 'GET',
    path: '/api/v5/public/funding-rate',
    lane: 'background',
    costs: one(POOL.funding),
    signed: false,
    mutating: false,
    query: [['instId', instId]],
    parse: (body) => parseFunding(body, instId),
  });

/** The leverage of the margin mode orders are sent in (net mode: no `posSide`). */
export const setLeveragePlan = (instId: string, leverage: number): RequestPlan<void> =>
  okxPlan({
    name: 'setLeverage',
    method: 'POST',
    path: '/api/v5/account/set-leverage',
    lane: 'background',
    costs: one(POOL.setLeverage),
    signed: true,
    mutating: true,
    body: { instId, lever: String(leverage), mgnMode: TD_MODE },
    parse: (body) => parsing('set-leverage', body, () => void envelopeData(body)),
  });

export function setMarginModePlan(mode: MarginMode): RequestPlan<void> {
  throw new InvalidIntentError(
    `OKX has no margin-mode setting: each order's tdMode opens its position in cross or isolated margin, and this cockpit's orders are ${TD_MODE}${mode === TD_MODE ? ' already' : ''}`,
  );
}
