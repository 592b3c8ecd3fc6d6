// OKX candles from the market's own trade path (src/sim/market/klines.ts): GET
// /api/v5/market/candles (instId, bar default 1m, after/before, limit ≤ 300, default 100; rows
// newest first as [ts, o, h, l, c, vol (contracts), volCcy (base), volCcyQuote, confirm]) and the
// `candle<bar>` channels on /ws/v5/business, public there (no login), pushed every tick with confirm
// "1" on a bar's last push (docs/venues.md §2.9). The Hong Kong-aligned 6H, 12H, 1D… do not fold
// from UTC minutes: the sim answers them as OKX answers a bar it does not know (51000).
// `market/candles` keeps the newest 1,440 bars of a bar size (older ones it answers as none);
// `market/history-candles` (20 requests / 2 s) serves the same rows from every bar the sim has.
import * as D from '../../../core/decimal.js';
import type { SimBar } from '../../market/klines.js';
import { OkxError } from './errors.js';
import type { Swap } from './format.js';
import type { Route } from './route.js';

const M = 60_000;
const H = 3_600_000;
export const OKX_BARS: Readonly<Record<string, number>> = {
  '1m': M,
  '3m': 3 * M,
  '5m': 5 * M,
  '15m': 15 * M,
  '30m': 30 * M,
  '1H': H,
  '2H': 2 * H,
  '4H': 4 * H,
  '6Hutc': 6 * H,
  '12Hutc': 12 * H,
  '1Dutc': 24 * H,
};

export const barMs = (bar: string): number | undefined => (Object.hasOwn(OKX_BARS, bar) ? OKX_BARS[bar] : undefined);

/** `candle1m` → its bar's length, for a channel the sim serves. */
export function candleChannelMs(channel: string): number | undefined {
  return channel.startsWith('candle') ? barMs(channel.slice('candle'.length)) : undefined;
}

export function candleRow(b: SimBar, swap: Swap, closed: boolean): string[] {
  const s = swap.spec;
  const contracts = D.div(b.volume, swap.ctVal, 8, 'down');
  return [
    String(b.openTime),
    b.open,
    b.high,
    b.low,
    b.close,
    D.normalize(contracts),
    D.normalize(b.volume),
    D.toFixed(b.quoteVolume, Math.min(8, s.pricePrecision + 4), 'half_up'),
    closed ? '1' : '0',
  ];
}

const intParam = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d{1,16}$/.test(v)) throw new OkxError(400, '51000', `Parameter ${name} error`);
  return Number(v);
};

/** The newest bars `market/candles` serves; older ones only `history-candles` does. */
export const RECENT_CANDLES = 1440;

function candlesRoute(path: string, recentOnly: boolean): Route {
  return {
    method: 'GET',
    path,
    signed: false,
    handle: (ctx) => {
      const swap = ctx.services.swap(ctx.params.require('instId'));
      const interval = barMs(ctx.params.get('bar') ?? '1m');
      if (interval === undefined) throw new OkxError(400, '51000', 'Parameter bar error');
      const limit = Math.min(300, intParam(ctx.params.get('limit'), 'limit') ?? 100);
      const after = intParam(ctx.params.get('after'), 'after');
      const before = intParam(ctx.params.get('before'), 'before');
      const now = ctx.core.clock.now();
      const m = ctx.core.market.get(swap.spec.symbol)!;
      // `after`: older than that ts; `before`: newer than it (then the oldest `limit` of them).
      const q =
        before !== undefined && after === undefined
          ? { startTime: before + 1, limit }
          : { limit, ...(after === undefined ? {} : { endTime: after - 1 }) };
      const open = Math.floor(now / interval) * interval;
      const oldest = recentOnly ? open - (RECENT_CANDLES - 1) * interval : 0;
      const bars = m.klines.bars(interval, q, now).filter((b) => b.openTime >= oldest);
      return bars.map((b) => candleRow(b, swap, b.openTime < open)).reverse();
    },
  };
}

export const candleRoutes: Route[] = [candlesRoute('/api/v5/market/candles', true), candlesRoute('/api/v5/market/history-candles', false)];
