/**
 * Klines for `quantdeck backtest --seed S`: the local venue's price model run forward from a seed.
 * The sim's own market (src/sim/market/market.ts) steps a symbol's log price by −σ²/2 + σ·N(0,1)
 * per tick (its calm regime, σ the symbol's calmVol, ticks every 250 ms by default), inside its price
 * filter; this replays that model with the sim's seeded generator (src/sim/market/random.ts) over the
 * asked period without the sim's book and trade flow, which a live venue needs and a history does not:
 * a few hundred thousand ticks a day, cheap here, too costly through SymbolMarket.tick's book rebuild.
 * So the series is the sim's kind of path for that seed and symbol, not the bars a running sim
 * served: it is the same for the same (seed, symbol, period length), whatever the date.
 * One-minute bars are built from the ticks, and every longer timeframe from whole groups of them.
 */
import { type Kline, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../core/signals/types.js';
import { Rng } from '../sim/market/random.js';
import type { SymbolSpec } from '../sim/market/symbols.js';

/** The sim's default tick (src/sim/sim.ts `tickMs`). */
export const SIM_TICK_MS = 250;

const MINUTE = TIMEFRAME_MS['1m'];

/** One-minute bars over [from, to) (minute-aligned), from the seeded path of `spec`. */
export function simMinuteBars(seed: string, spec: SymbolSpec, from: number, to: number): Kline[] {
  const rng = new Rng(`${seed}/${spec.symbol}/klines`);
  const vol = spec.calmVol;
  const floor = Math.log(Number(spec.minPrice) * 4);
  const cap = Math.log(Number(spec.maxPrice) / 4);
  const ticksPerBar = MINUTE / SIM_TICK_MS;
  // The model's expected traded base volume per tick (a print 70 % of ticks, 0.1 × (0.1 + U) levelQty).
  const volumePerBar = ticksPerBar * 0.7 * spec.levelQty * 0.1 * 0.6;
  let logPrice = Math.log(spec.startPrice);
  const bars: Kline[] = [];
  for (let openTime = from; openTime + MINUTE <= to; openTime += MINUTE) {
    const open = Math.exp(logPrice);
    let high = open;
    let low = open;
    for (let i = 0; i < ticksPerBar; i++) {
      logPrice = Math.min(cap, Math.max(floor, logPrice - 0.5 * vol * vol + vol * rng.normal()));
      const p = Math.exp(logPrice);
      if (p > high) high = p;
      if (p < low) low = p;
    }
    bars.push({ openTime, open, high, low, close: Math.exp(logPrice), volume: volumePerBar, closed: true });
  }
  return bars;
}

/** Whole `timeframe` bars from one-minute bars (a group missing a minute is left out). */
export function aggregate(minutes: readonly Kline[], timeframe: Timeframe): Kline[] {
  const span = TIMEFRAME_MS[timeframe];
  const per = span / MINUTE;
  const out: Kline[] = [];
  let group: Kline[] = [];
  const flush = () => {
    const first = group[0];
    const last = group[group.length - 1];
    if (first !== undefined && last !== undefined && group.length === per) {
      let high = first.high;
      let low = first.low;
      let volume = 0;
      for (const b of group) {
        high = Math.max(high, b.high);
        low = Math.min(low, b.low);
        volume += b.volume;
      }
      out.push({ openTime: first.openTime, open: first.open, high, low, close: last.close, volume, closed: true });
    }
    group = [];
  };
  for (const bar of minutes) {
    if (group.length > 0 && Math.floor(bar.openTime / span) !== Math.floor((group[0] as Kline).openTime / span)) flush();
    group.push(bar);
  }
  flush();
  return out;
}

/** Every timeframe's bars over [from, to) from the seeded path. */
export function simKlines(seed: string, spec: SymbolSpec, from: number, to: number): Record<Timeframe, Kline[]> {
  const minutes = simMinuteBars(seed, spec, from, to);
  const out = {} as Record<Timeframe, Kline[]>;
  for (const tf of TIMEFRAMES) out[tf] = tf === '1m' ? minutes : aggregate(minutes, tf);
  return out;
}
