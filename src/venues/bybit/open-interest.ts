/**
 * Bybit open interest (docs/venues.md §3.9): `GET /v5/market/open-interest?category=linear&symbol=S
 * &intervalTime=5min&limit=1`, public (the IP pool only); `result.list` newest first, rows
 * `{openInterest, singleOpenInterest, timestamp}` in the base coin for linear contracts. Since 2026
 * `openInterest` is the sum of both sides and `singleOpenInterest` one side — the figure the other
 * venues give — so one side is read, and a row without it is halved (the page says both sides).
 */
import { mul } from '../../core/decimal.js';
import type { OpenInterest } from '../../core/types.js';
import { asObj, dec, FieldError, optDec, parsing, str } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { resultList } from './fields.js';
import { costsOf } from './limits.js';
import { bybitPlan, CATEGORY } from './requests.js';

export function parseOpenInterest(body: unknown, symbol: string): OpenInterest {
  return parsing('open-interest', body, () => {
    const list = resultList(body);
    if (list.length === 0) throw new FieldError(`no open interest for ${symbol}`);
    const row = asObj(list[0], 'list[0]');
    const single = optDec(row, 'singleOpenInterest');
    const amount = single ?? mul(dec(row, 'openInterest'), '0.5');
    const time = Number(str(row, 'timestamp'));
    return { symbol, amount, ...(Number.isSafeInteger(time) && time > 0 ? { time } : {}) };
  });
}

export const openInterestPlan = (symbol: string): RequestPlan<OpenInterest> =>
  bybitPlan({
    name: 'openInterest',
    method: 'GET',
    path: '/v5/market/open-interest',
    lane: 'background',
    costs: costsOf(),
    signed: false,
    mutating: false,
    query: [
      ['category', CATEGORY],
      ['symbol', symbol],
      ['intervalTime', '5min'],
      ['limit', '1'],
    ],
    parse: (body) => parseOpenInterest(body, symbol),
  });
