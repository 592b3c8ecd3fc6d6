// Hyperliquid candles from the market's own trade path (src/sim/market/klines.ts): info
// `candleSnapshot` `{req: {coin, interval, startTime, endTime}}` (the bars opening in that window,
// oldest first, at most the newest 5000) and the `candle` subscription, pushed every tick with the
// forming candle, the one that closed once more first (docs/venues.md §6.9). Candles carry
// `{t, T, s, i, o, c, h, l, v, n}`. The venue's 3d, 1w and 1M do not fold from minutes: the sim
// refuses them as it refuses any interval it does not know (422, the body does not deserialise).
import * as D from '../../../core/decimal.js';
import type { SimBar } from '../../market/klines.js';
import { BadBody } from './actions.js';
import type { VenueState } from './state.js';

const M = 60_000;
const H = 3_600_000;
export const HL_INTERVALS: Readonly<Record<string, number>> = {
  '1m': M,
  '3m': 3 * M,
  '5m': 5 * M,
  '15m': 15 * M,
  '30m': 30 * M,
  '1h': H,
  '2h': 2 * H,
  '4h': 4 * H,
  '8h': 8 * H,
  '12h': 12 * H,
  '1d': 24 * H,
};

export const intervalMs = (name: unknown): number | undefined =>
  typeof name === 'string' && Object.hasOwn(HL_INTERVALS, name) ? HL_INTERVALS[name] : undefined;

/** The most candles the venue keeps per coin and interval. */
const MAX_CANDLES = 5000;

export function candleJson(b: SimBar, coin: string, interval: string): Record<string, unknown> {
  return {
    t: b.openTime,
    T: b.closeTime,
    s: coin,
    i: interval,
    o: D.normalize(b.open),
    c: D.normalize(b.close),
    h: D.normalize(b.high),
    l: D.normalize(b.low),
    v: D.normalize(b.volume),
    n: b.trades,
  };
}

export function candleSnapshot(v: VenueState, body: Record<string, unknown>): unknown[] {
  const req = body['req'];
  if (typeof req !== 'object' || req === null) throw new BadBody('missing field `req`');
  const r = req as Record<string, unknown>;
  const coin = r['coin'];
  const u = typeof coin === 'string' ? v.universe.byCoin.get(coin) : undefined;
  const interval = intervalMs(r['interval']);
  if (interval === undefined) throw new BadBody(`req.interval: unknown variant ${JSON.stringify(r['interval'])}`);
  const startTime = r['startTime'];
  if (typeof startTime !== 'number' || !Number.isSafeInteger(startTime) || startTime < 0) throw new BadBody('req.startTime: expected a ms timestamp');
  const end = r['endTime'];
  if (end !== undefined && end !== null && (typeof end !== 'number' || !Number.isSafeInteger(end))) throw new BadBody('req.endTime: expected a ms timestamp');
  // An unknown coin has no candles: an empty list, as the venue answers.
  if (u === undefined) return [];
  const now = v.core.clock.now();
  const endTime = typeof end === 'number' ? end : now;
  const klines = v.core.market.get(u.spec.symbol)!.klines;
  const bars = klines.bars(interval, { startTime, endTime, limit: MAX_CANDLES }, now);
  return bars.map((b) => candleJson(b, u.coin, r['interval'] as string));
}
