/**
 * Binance USD-M open interest (docs/venues.md §1.10): `GET /fapi/v1/openInterest?symbol=S`, public,
 * weight 1, answers `{openInterest, symbol, time}` — the present open interest in the base asset
 * (one side: a USD-M contract is one unit of the base), `time` the venue's ms.
 */
import type { OpenInterest } from '../../core/types.js';
import { asObj, dec, FieldError, int, parsing, str } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { WEIGHTS, weight } from './limits.js';
import { binancePlan } from './requests.js';

export function parseOpenInterest(body: unknown, symbol: string): OpenInterest {
  return parsing('openInterest', body, () => {
    const o = asObj(body, 'reply');
    if (str(o, 'symbol') !== symbol) throw new FieldError(`figure for ${String(o['symbol'])}, asked ${symbol}`);
    const time = int(o, 'time');
    return { symbol, amount: dec(o, 'openInterest'), ...(time > 0 ? { time } : {}) };
  });
}

export const openInterestPlan = (symbol: string): RequestPlan<OpenInterest> =>
  binancePlan({
    name: 'openInterest',
    method: 'GET',
    path: '/fapi/v1/openInterest',
    lane: 'background',
    costs: weight(WEIGHTS.openInterest),
    auth: 'none',
    mutating: false,
    params: [['symbol', symbol]],
    parse: (body) => parseOpenInterest(body, symbol),
  });
