// Binance USD-M klines from the market's own trade path (src/sim/market/klines.ts): GET
// /fapi/v1/klines (weight by limit: 1 below 100, 2 below 500, 5 up to 1000, 10 above; limit 1..1500,
// default 500; rows oldest first) and the `<symbol>@kline_<interval>` stream on the /market route,
// pushed every tick with `k.x` true on a bar's last push (docs/venues.md §1.9). The venue's 3d, 1w
// and 1M intervals do not fold from minutes: the sim answers them as it answers an unknown interval.
import * as D from '../../../core/decimal.js';
import type { SimBar } from '../../market/klines.js';
import type { SymbolMarket } from '../../market/market.js';
import { BinanceError, errors } from './errors.js';
import { px, qty } from './format.js';
import type { Route } from './route.js';
import { symbolParam } from './route.js';

const M = 60_000;
const H = 3_600_000;
/** The intervals the sim builds, in the venue's names. */
export const BINANCE_INTERVALS: Readonly<Record<string, number>> = {
  '1m': M,
  '3m': 3 * M,
  '5m': 5 * M,
  '15m': 15 * M,
  '30m': 30 * M,
  '1h': H,
  '2h': 2 * H,
  '4h': 4 * H,
  '6h': 6 * H,
  '8h': 8 * H,
  '12h': 12 * H,
  '1d': 24 * H,
};

export const intervalMs = (name: string): number | undefined => (Object.hasOwn(BINANCE_INTERVALS, name) ? BINANCE_INTERVALS[name] : undefined);

const invalidInterval = () => new BinanceError(-1120, 'Invalid interval.');

export function klinesWeight(limit: number): number {
  return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
}

function row(b: SimBar, m: SymbolMarket): unknown[] {
  const s = m.spec;
  return [
    b.openTime,
    px(b.open, s),
    px(b.high, s),
    px(b.low, s),
    px(b.close, s),
    qty(b.volume, s),
    b.closeTime,
    D.toFixed(b.quoteVolume, 8, 'half_up'),
    b.trades,
    qty(b.takerBuyVolume, s),
    D.toFixed(b.takerBuyQuote, 8, 'half_up'),
    '0',
  ];
}

export const klineRoutes: Route[] = [
  {
    method: 'GET',
    path: '/fapi/v1/klines',
    security: 'NONE',
    weight: (p) => klinesWeight(Number(p.get('limit') ?? 500)),
    handle: (ctx) => {
      const m = symbolParam(ctx);
      const interval = intervalMs(ctx.params.require('interval'));
      if (interval === undefined) throw invalidInterval();
      const limit = ctx.params.int('limit') ?? 500;
      if (limit < 1 || limit > 1500) throw errors.badParam('limit');
      const startTime = ctx.params.int('startTime');
      const endTime = ctx.params.int('endTime');
      if (startTime !== undefined && endTime !== undefined && startTime > endTime) throw errors.badParam('startTime');
      const q = { limit, ...(startTime === undefined ? {} : { startTime }), ...(endTime === undefined ? {} : { endTime }) };
      return m.klines.bars(interval, q, ctx.core.clock.now()).map((b) => row(b, m));
    },
  },
];

/** The kline event of one bar, as the /market route pushes it. */
export function klineEvent(m: SymbolMarket, name: string, bar: SimBar, closed: boolean, now: number): string {
  const s = m.spec;
  return JSON.stringify({
    e: 'kline',
    E: now,
    s: s.symbol,
    k: {
      t: bar.openTime,
      T: bar.closeTime,
      s: s.symbol,
      i: name,
      f: bar.firstTradeId,
      L: bar.lastTradeId,
      o: px(bar.open, s),
      c: px(bar.close, s),
      h: px(bar.high, s),
      l: px(bar.low, s),
      v: qty(bar.volume, s),
      n: bar.trades,
      x: closed,
      q: D.toFixed(bar.quoteVolume, 8, 'half_up'),
      V: qty(bar.takerBuyVolume, s),
      Q: D.toFixed(bar.takerBuyQuote, 8, 'half_up'),
      B: '0',
    },
  });
}
