/**
 * Synthetic bar series for the walk-forward tests, from a seed: a driftless random walk (no edge
 * any rule could have), and one with a planted breakout edge (a close through the last 20 bars'
 * range starts a run of drift the same way), whose winning rule is known.
 */
import type { Kline } from '../../../src/core/signals/types.js';

/** mulberry32: a small seeded generator, enough for test series. */
export function random(seed: number): { next(): number; normal(): number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    let u = 0;
    while (u === 0) u = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return { next, normal };
}

export interface SeriesOptions {
  bars: number;
  seed: number;
  /** Per-bar log-return standard deviation (default 0.005). */
  vol?: number;
  /** A planted breakout edge: drift per bar after a breakout (0 = pure noise, the default). */
  breakoutDrift?: number;
  /** How many bars the drift lasts (default 15). */
  driftBars?: number;
  /** The channel a breakout clears (default 20). */
  channel?: number;
  stepMs?: number;
}

export function series(o: SeriesOptions): Kline[] {
  const rng = random(o.seed);
  const vol = o.vol ?? 0.005;
  const channel = o.channel ?? 20;
  const step = o.stepMs ?? 60_000;
  const out: Kline[] = [];
  let close = 100;
  let drift = 0;
  let left = 0;
  for (let i = 0; i < o.bars; i++) {
    const open = close;
    close = open * Math.exp((left > 0 ? drift : 0) + vol * rng.normal());
    if (left > 0) left--;
    const wickUp = Math.abs(rng.normal()) * vol * 0.3;
    const wickDown = Math.abs(rng.normal()) * vol * 0.3;
    const bar: Kline = {
      openTime: i * step,
      open,
      high: Math.max(open, close) * (1 + wickUp),
      low: Math.min(open, close) * (1 - wickDown),
      close,
      volume: 1 + rng.next(),
      closed: true,
    };
    const planted = o.breakoutDrift ?? 0;
    if (planted > 0 && out.length >= channel && left === 0) {
      const prior = out.slice(-channel);
      if (close > Math.max(...prior.map((b) => b.high))) [drift, left] = [planted, o.driftBars ?? 15];
      else if (close < Math.min(...prior.map((b) => b.low))) [drift, left] = [-planted, o.driftBars ?? 15];
    }
    out.push(bar);
  }
  return out;
}
