/**
 * Klines for `quantdeck backtest --seed S`: the bars the local venue serves for that seed. A local
 * venue started at the period's end (`--to`) with seed S serves, for every interval, the 1,500 bars
 * before its start from its kline builder (src/sim/market/klines.ts: a seeded walk per symbol and
 * interval, ending at the start price); these are those bars, read from the same builder without
 * starting a venue, the still-open bar at `--to` left out. So the same seed and period give the
 * same bars, and a period longer than 1,500 bars of an interval gets its last 1,500 (a 90-day period:
 * about a day of one-minute bars, five days of five-minute bars, every hour, four-hour and day bar).
 */
import { type Kline, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../core/signals/types.js';
import { HISTORY_BARS, type SimBar } from '../sim/market/klines.js';
import { SymbolMarket } from '../sim/market/market.js';
import type { SymbolSpec } from '../sim/market/symbols.js';

const klineOf = (b: SimBar): Kline => ({
  openTime: b.openTime,
  open: Number(b.open),
  high: Number(b.high),
  low: Number(b.low),
  close: Number(b.close),
  volume: Number(b.volume),
  closed: true,
});

/** Every timeframe's closed bars in [from, to) as the local venue started at `to` with `seed` serves them. */
export function simKlines(seed: string, spec: SymbolSpec, from: number, to: number): Record<Timeframe, Kline[]> {
  const market = new SymbolMarket(spec, seed, () => to);
  const out = {} as Record<Timeframe, Kline[]>;
  for (const tf of TIMEFRAMES) {
    const span = TIMEFRAME_MS[tf];
    out[tf] = market.klines
      .bars(span, { startTime: from, limit: HISTORY_BARS + 1 }, to)
      .filter((b) => b.openTime >= from && b.openTime + span <= to)
      .map(klineOf);
  }
  return out;
}
