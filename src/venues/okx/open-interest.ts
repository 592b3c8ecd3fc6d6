/**
 * OKX open interest (docs/venues.md §2.10): `GET /api/v5/public/open-interest?instType=SWAP&instId=I`,
 * public, 20 requests / 2 s per IP; a row `{instType, instId, oi, oiCcy, oiUsd, ts}` — `oi` counts
 * contracts, `oiCcy` the base currency (what the cockpit shows: a contract of BTC-USDT-SWAP is
 * 0.01 BTC, so `oi` would read a hundred times too large), `ts` the venue's ms.
 */
import type { OpenInterest } from '../../core/types.js';
import { asObj, dec, FieldError, optInt, parsing, str } from '../shared/fields.js';
import type { RequestPlan } from '../venue.js';
import { envelopeData } from './fields.js';
import { one, POOL } from './limits.js';
import { okxPlan } from './requests.js';

export function parseOpenInterest(body: unknown, instId: string): OpenInterest {
  return parsing('open-interest', body, () => {
    const data = envelopeData(body);
    if (data.length === 0) throw new FieldError(`no row for ${instId}`);
    const row = asObj(data[0], 'data[0]');
    if (str(row, 'instId') !== instId) throw new FieldError(`row for ${String(row['instId'])}, asked ${instId}`);
    const ts = optInt(row, 'ts');
    return { symbol: instId, amount: dec(row, 'oiCcy'), ...(ts === undefined || ts <= 0 ? {} : { time: ts }) };
  });
}

export const openInterestPlan = (instId: string): RequestPlan<OpenInterest> =>
  okxPlan({
    name: 'openInterest',
    method: 'GET',
    path: '/api/v5/public/open-interest',
    lane: 'background',
    costs: one(POOL.openInterest),
    signed: false,
    mutating: false,
    query: [
      ['instType', 'SWAP'],
      ['instId', instId],
    ],
    parse: (body) => parseOpenInterest(body, instId),
  });
