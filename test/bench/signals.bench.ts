// The signal stack's market side, measured: L1 (the brief, src/core/signals/brief.ts) and L2 (the
// watcher, src/core/signals/watcher.ts) fed 1,000 market events per second of market time, as CPU
// per second of market data in % of one core (goal ≤ 5 %). Each event is a ticker (what L2 reads)
// and the trade behind it, which moves the forming bar of every timeframe (what L1 reads). The
// worst case is measured: the brief is recomputed on every event, not only on a closed bar as the
// runner does (src/engine/signals/runner.ts), and the watcher also reads every brief. The klines
// start with a long history (a snapshot's worth, and a hundred times more), so a row shows whether a
// new bar costs the same after a year of bars: it must (frame.ts takes only what is new).
//
// And the gate's cost on the loop: the runner walks each strategy forward at most once a minute, on
// the feed's 1,000 bars per timeframe, synchronously — one round of the three strategies was one
// block of the event loop; the runner now yields between strategies, so its longest block is one
// strategy's. `QD_BENCH_SIGNALS=gate` runs that row alone.
import { SLIPPAGE } from '../../src/cli/backtest.js';
import { BriefBuilder } from '../../src/core/signals/brief.js';
import { type Kline, STRATEGY_KINDS, TIMEFRAMES, TIMEFRAME_MS, type Timeframe } from '../../src/core/signals/types.js';
import { walkForward } from '../../src/core/signals/walk-forward.js';
import type { WatchedTicker } from '../../src/core/signals/watcher-input.js';
import { Watcher } from '../../src/core/signals/watcher.js';
import type { BenchSection } from './section.js';

const EVENTS_PER_S = 1_000;
const SYMBOL = 'BTCUSDT';
const T0 = Date.UTC(2026, 0, 1);

/** A fixed-seed generator (mulberry32): every run replays the same market. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `bars` closed bars of each timeframe ending at T0, from a random walk. */
function history(bars: number, rnd: () => number): Record<Timeframe, Kline[]> {
  const out = {} as Record<Timeframe, Kline[]>;
  for (const tf of TIMEFRAMES) {
    const series: Kline[] = [];
    let price = 60_000;
    const ms = TIMEFRAME_MS[tf];
    for (let i = bars; i > 0; i--) {
      const open = price;
      price *= Math.exp((rnd() - 0.5) * 0.01);
      series.push({
        openTime: T0 - i * ms,
        open,
        high: Math.max(open, price) * (1 + rnd() * 0.002),
        low: Math.min(open, price) * (1 - rnd() * 0.002),
        close: price,
        volume: 10 + rnd() * 100,
        closed: true,
      });
    }
    out[tf] = series;
  }
  return out;
}

/** The kline feed's job, done here as simply as possible: a trade moves each timeframe's last bar. */
class Bars {
  readonly series: Record<Timeframe, Kline[]>;
  constructor(series: Record<Timeframe, Kline[]>) {
    this.series = series;
  }
  /** Returns the bars this trade changed (a close, then the new forming bar, where one closed). */
  trade(at: number, price: number, qty: number, changed: Array<[Timeframe, Kline]>): void {
    changed.length = 0;
    for (const tf of TIMEFRAMES) {
      const s = this.series[tf];
      const openTime = at - (at % TIMEFRAME_MS[tf]);
      const last = s[s.length - 1]!;
      if (!last.closed && last.openTime === openTime) {
        last.high = Math.max(last.high, price);
        last.low = Math.min(last.low, price);
        last.close = price;
        last.volume += qty;
        changed.push([tf, last]);
        continue;
      }
      if (!last.closed) {
        last.closed = true;
        changed.push([tf, last]);
      }
      const bar = { openTime, open: price, high: price, low: price, close: price, volume: qty, closed: false };
      s.push(bar);
      changed.push([tf, bar]);
    }
  }
}

interface Run {
  /** CPU ms of the whole loop. */
  cpuMs: number;
  marketS: number;
  alerts: number;
  briefs: number;
}

type Part = 'none' | 'l1' | 'l2' | 'l1l2';

/** Plays `seconds` of market at 1,000 events/s through the parts asked, timing the loop's CPU. */
function play(part: Part, seconds: number, historyBars: number): Run {
  const rnd = random(42);
  const bars = new Bars(history(historyBars, rnd));
  const source = { series: (_symbol: string, tf: Timeframe) => bars.series[tf] };
  const builder = new BriefBuilder(SYMBOL);
  const watcher = new Watcher();
  // The snapshot is taken in before the clock starts: it is the feed's start, not a second of data.
  if (part === 'l1' || part === 'l1l2') builder.update(source);
  const changed: Array<[Timeframe, Kline]> = [];
  const n = seconds * EVENTS_PER_S;
  let price = bars.series['1m'].at(-1)!.close;
  let alerts = 0;
  let briefs = 0;
  // Every ticker and price is made before the clock starts, so the loop times the parts, not Math.random.
  const steps = Float64Array.from({ length: n }, () => Math.exp((rnd() - 0.5) * 0.0004));
  const tickers: WatchedTicker[] = [];
  for (let i = 0; i < n; i++) {
    price *= steps[i]!;
    steps[i] = price;
    tickers.push({ type: 'ticker', at: T0 + i, symbol: SYMBOL, bid: (price - 0.5).toFixed(1), ask: (price + 0.5).toFixed(1), last: price.toFixed(1), bidQty: '1.5', askQty: '2.0' });
  }
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const at = T0 + i;
    bars.trade(at, steps[i]!, 0.01, changed);
    if (part === 'l1' || part === 'l1l2') {
      for (const [tf, bar] of changed) builder.bar(tf, bar);
      const brief = builder.brief(at);
      briefs++;
      if (part === 'l1l2') alerts += watcher.observe({ type: 'signals', at, part: 'brief', brief }).length;
    }
    if (part === 'l2' || part === 'l1l2') {
      alerts += watcher.observe(tickers[i]!).length;
      if (i % EVENTS_PER_S === 0) alerts += watcher.tick(at).length;
    }
  }
  const used = process.cpuUsage(cpu0);
  return { cpuMs: (used.user + used.system) / 1000, marketS: seconds, alerts, briefs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** % of a core per second of market data, over `rounds` runs, the bare loop's cost taken off. */
function pct(part: Part, seconds: number, historyBars: number, rounds: number): { pct: number; run: Run } {
  const values: number[] = [];
  let last: Run | undefined;
  for (let r = 0; r < rounds; r++) {
    const bare = play('none', seconds, historyBars);
    last = play(part, seconds, historyBars);
    values.push((Math.max(0, last.cpuMs - bare.cpuMs) / 1000 / seconds) * 100);
  }
  return { pct: median(values), run: last! };
}

/** One gate round as the runner does it (the stack's gate, the feed's 1,000 bars), in ms: the whole round and its longest strategy. */
function gateRound(series: Record<Timeframe, Kline[]>): { roundMs: number; longestMs: number } {
  const costs = { takerFee: 0.0005, slippage: SLIPPAGE };
  let longestMs = 0;
  const t0 = performance.now();
  for (const kind of STRATEGY_KINDS) {
    const t = performance.now();
    walkForward({ name: kind, kind, params: {} }, SYMBOL, series, { costs }, T0);
    longestMs = Math.max(longestMs, performance.now() - t);
  }
  return { roundMs: performance.now() - t0, longestMs };
}

function gateRow(rounds: number): Record<string, string | number> {
  const series = history(1_000, random(11));
  gateRound(series);
  const runs = Array.from({ length: Math.max(3, rounds) }, () => gateRound(series));
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    part: 'gate: 3 strategies × 5 timeframes, 1,000 bars each',
    'history bars': 1_000,
    'round ms (one block before)': Math.round(med(runs.map((r) => r.roundMs)) * 10) / 10,
    'longest block ms (yielding between strategies)': Math.round(med(runs.map((r) => r.longestMs)) * 10) / 10,
  };
}

export default async function signalsBench(): Promise<BenchSection> {
  const rounds = Number(process.env['QD_BENCH_ROUNDS'] ?? 5);
  if (process.env['QD_BENCH_SIGNALS'] === 'gate') return { title: `signals: the gate's cost on the loop (median of ${Math.max(3, rounds)})`, rows: [gateRow(rounds)] };
  const seconds = 120;
  // Warm the JIT on a short run of each part first.
  for (const part of ['l1', 'l2', 'l1l2'] as const) play(part, 5, 500);
  const rows: BenchSection['rows'] = [];
  const measured: Record<string, number> = {};
  for (const [part, historyBars, what] of [
    ['l1', 1_000, 'L1: 5 timeframes, brief every event'],
    ['l1', 100_000, 'L1, 100× the history'],
    ['l2', 1_000, 'L2: every ticker'],
    ['l1l2', 1_000, 'L1 + L2'],
  ] as const) {
    const { pct: p, run } = pct(part, seconds, historyBars, rounds);
    measured[`${part} ${historyBars}`] = p;
    rows.push({
      part: what,
      'history bars': historyBars,
      'market s': run.marketS,
      events: run.marketS * EVENTS_PER_S,
      briefs: run.briefs,
      alerts: run.alerts,
      'CPU % of a core': Math.round(p * 1000) / 1000,
      'µs per event': Math.round((p / 100 / EVENTS_PER_S) * 1e6 * 1000) / 1000,
    });
  }
  rows.push(gateRow(rounds));
  const l1l2 = measured['l1l2 1000']!;
  return {
    title: `signals: L1 + L2 per second of market data at ${EVENTS_PER_S.toLocaleString('en-US')} events/s (median of ${rounds}, the bare loop's cost taken off)`,
    rows,
    notes: [
      `L1 + L2 = ${l1l2.toFixed(3)} % of a core (goal ≤ 5 %)`,
      `L1 with 100× the history / L1: ${(measured['l1 100000']! / Math.max(1e-9, measured['l1 1000']!)).toFixed(2)} (near 1, not near 100: a new bar never reads the history; a bigger heap costs the collector a little)`,
    ],
    figures: { 'signals.l1l2_cpu_pct': l1l2 },
  };
}
