// Bybit v5 klines from the market's own trade path (src/sim/market/klines.ts), as the venue serves
// them (docs/venues.md §7.4):
//   GET /v5/market/kline: `category` (linear; spot, inverse and option list nothing here, so their
//     list is empty), `symbol`, `interval` (1 3 5 15 30 60 120 240 360 720 D; W and M do not fold from
//     minutes and are refused like an unknown interval), `start`/`end` ms, `limit` 1–1000 (default
//     200); the newest `limit` bars up to `end`, none before `start`, as arrays of strings
//     `[startTime, open, high, low, close, volume, turnover]`, newest first. Public: the IP limit only.
//   topic `kline.<interval>.<symbol>` on `/v5/public/linear`: `{topic, data:[{start, end, interval,
//     open, close, high, low, volume, turnover, confirm, timestamp}], ts, type:"snapshot"}` pushed at
//     the sim's tick (the venue: every 1–60 s); a bar that closed since the last push goes out once
//     more with `confirm: true`, then the open one.
// The venue's wording for a bad interval is not in its error table; the sim's names the parameter as
// its other parameter errors do (10001 `params error: interval invalid`).
import * as D from '../../../core/decimal.js';
import { isBuildable, KlinePushes, type SimBar } from '../../market/klines.js';
import type { SymbolMarket } from '../../market/market.js';
import type { SymbolSpec } from '../../market/symbols.js';
import { errors } from './errors.js';
import { px, qty } from './format.js';
import type { Route } from './route.js';

const MINUTE = 60_000;
const INTERVALS: Readonly<Record<string, number>> = Object.fromEntries(
  ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720'].map((m) => [m, Number(m) * MINUTE]).concat([['D', 1440 * MINUTE]]),
);

/** The venue's interval name as ms, when the sim builds it. */
export function intervalMs(name: string): number | undefined {
  const ms = Object.hasOwn(INTERVALS, name) ? INTERVALS[name] : undefined;
  return ms !== undefined && isBuildable(ms) ? ms : undefined;
}

export const KLINE_TOPIC = /^kline\.([0-9]{1,4}|D)\.([A-Z0-9]+)$/;

const turnover = (b: SimBar) => D.toFixed(b.quoteVolume, 4, 'half_up');

function row(b: SimBar, s: SymbolSpec): string[] {
  return [String(b.openTime), px(b.open, s), px(b.high, s), px(b.low, s), px(b.close, s), qty(b.volume, s), turnover(b)];
}

export const klineRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v5/market/kline',
    signed: false,
    handle: (ctx) => {
      const category = ctx.params.category();
      const name = ctx.params.require('symbol');
      const interval = intervalMs(ctx.params.require('interval'));
      if (interval === undefined) throw errors.invalid('interval');
      const limit = ctx.params.int('limit') ?? 200;
      if (limit < 1 || limit > 1000) throw errors.invalid('limit');
      const start = ctx.params.int('start');
      const end = ctx.params.int('end');
      if (start !== undefined && end !== undefined && start > end) throw errors.invalid('start');
      if (category !== 'linear') return { category, symbol: name, list: [] };
      const s = ctx.services.symbol(name);
      const m = ctx.core.market.get(s.symbol)!;
      const bars = m.klines.bars(interval, { limit, ...(end === undefined ? {} : { endTime: end }) }, ctx.core.clock.now());
      const list = bars.filter((b) => start === undefined || b.openTime >= start).reverse();
      return { category, symbol: s.symbol, list: list.map((b) => row(b, s)) };
    },
  },
];

/** The `data` item of one bar on the kline topic. */
function pushItem(b: SimBar, m: SymbolMarket, name: string, intervalMs: number, confirm: boolean, now: number): Record<string, unknown> {
  const s = m.spec;
  return {
    start: b.openTime,
    end: b.openTime + intervalMs - 1,
    interval: name,
    open: px(b.open, s),
    close: px(b.close, s),
    high: px(b.high, s),
    low: px(b.low, s),
    volume: qty(b.volume, s),
    turnover: turnover(b),
    confirm,
    timestamp: now,
  };
}

/** What the kline topics push on a tick, once per topic for every connection that holds it. */
export class KlineTopics {
  readonly #pushes = new KlinePushes();

  /** Whether `topic` is a kline topic of a listed symbol and an interval the sim builds. */
  known(topic: string, market: (symbol: string) => SymbolMarket | undefined): boolean {
    const m = KLINE_TOPIC.exec(topic);
    return m !== null && intervalMs(m[1]!) !== undefined && market(m[2]!) !== undefined;
  }

  /** The frames of one kline topic now: a bar closed since its last push (confirm true), then the open bar. */
  frames(topic: string, market: (symbol: string) => SymbolMarket | undefined, now: number): Record<string, unknown>[] {
    const match = KLINE_TOPIC.exec(topic);
    const m = match === null ? undefined : market(match[2]!);
    const interval = match === null ? undefined : intervalMs(match[1]!);
    if (m === undefined || interval === undefined) return [];
    return this.#pushes
      .due(topic, m.klines, interval, now)
      .map((p) => ({ topic, data: [pushItem(p.bar, m, match![1]!, interval, p.closed, now)], ts: now, type: 'snapshot' }));
  }
}
