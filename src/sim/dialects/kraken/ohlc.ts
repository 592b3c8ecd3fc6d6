// Kraken's candles from the market's own trade path (src/sim/market/klines.ts), as its references
// show them (docs/venues.md §7.6, §5.2):
//   REST `/0/public/OHLC` (GET, and POST as every public method): `pair` one pair in any spelling,
//     `interval` minutes (default 1), `since` unix seconds (read as exclusive, as `last` suggests);
//     `{<pair key>: [[time, open, high, low, close, vwap, volume, count], …], last}`, amounts as the
//     pair's decimals in strings, oldest first, at most the newest 720, the last row the current,
//     uncommitted interval; `last` the open time of the newest committed one. Public calls are limited
//     per IP and pair: the venue says only that one a second stays within it; the sim's counter takes a
//     burst of 5 and drains one a second, and past it answers `EGeneral:Too many requests`.
//   v2 channel `ohlc`: `interval` one of the REST ones, an acknowledgement per symbol, a snapshot (the
//     last committed candle and the open one, as the reference's example has two), then an update
//     when a trade moved the open candle (the venue sends one per trade; the sim at its tick).
// Kraken's 10080 and 21600 (a week, 15 days) do not fold from minutes: the sim refuses them as an
// interval it does not know (`EGeneral:Invalid arguments:interval`).
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import { isBuildable, type SimBar } from '../../market/klines.js';
import type { SymbolMarket } from '../../market/market.js';
import { errors, KrakenError } from './errors.js';
import { px, vol } from './format.js';
import { type KrakenPair, pairNamed } from './pairs.js';
import type { Ctx, Route } from './route.js';
import { rfc3339 } from './stream-format.js';

export const INTERVALS = new Set([1, 5, 15, 30, 60, 240, 1440, 10080, 21600]);
/** Entries the venue keeps: the newest 720. */
export const OHLC_ENTRIES = 720;
/** The sim's public counter per pair: a burst of this many, draining one a second. */
export const OHLC_BURST = 5;

const MINUTE = 60_000;

/** Minutes → ms of an interval the sim builds, or the venue's refusal. */
export function intervalMsOf(minutes: unknown): number {
  const m = typeof minutes === 'number' ? minutes : typeof minutes === 'string' && /^\d{1,6}$/.test(minutes) ? Number(minutes) : Number.NaN;
  if (!INTERVALS.has(m) || !isBuildable(m * MINUTE)) throw errors.invalidArguments('interval');
  return m * MINUTE;
}

/** Public calls per pair: a counter that drains one a second (sim clock), refused past the burst. */
export class OhlcLimiter {
  readonly #level = new Map<string, { level: number; at: number }>();

  spend(pair: string, now: number): void {
    const held = this.#level.get(pair);
    const level = held === undefined ? 0 : Math.max(0, held.level - Math.max(0, now - held.at) / 1000);
    if (level + 1 > OHLC_BURST) throw new KrakenError('EGeneral:Too many requests');
    this.#level.set(pair, { level: level + 1, at: now });
  }
}

const limiters = new WeakMap<SimCore, OhlcLimiter>();

function limiterOf(core: SimCore): OhlcLimiter {
  let l = limiters.get(core);
  if (l === undefined) {
    l = new OhlcLimiter();
    limiters.set(core, l);
  }
  return l;
}

const vwapOf = (b: SimBar, p: KrakenPair): string =>
  D.isZero(b.volume) ? px(b.close, p) : px(D.div(b.quoteVolume, b.volume, p.pairDecimals + 3, 'half_up'), p);

function row(b: SimBar, p: KrakenPair): unknown[] {
  return [b.openTime / 1000, px(b.open, p), px(b.high, p), px(b.low, p), px(b.close, p), vwapOf(b, p), vol(b.volume, p), b.trades];
}

function ohlc(ctx: Ctx): unknown {
  const names = ctx.params.list('pair');
  if (names.length !== 1) throw errors.invalidArguments('pair');
  const p = pairNamed(names[0]!);
  const m = p === undefined ? undefined : ctx.core.market.get(p.symbol);
  if (p === undefined || m === undefined) throw errors.unknownPair();
  const intervalMs = intervalMsOf(ctx.params.get('interval') ?? '1');
  const since = ctx.params.int('since');
  const now = ctx.core.clock.now();
  limiterOf(ctx.core).spend(p.symbol, now);
  let bars = m.klines.bars(intervalMs, { limit: OHLC_ENTRIES }, now);
  if (since !== undefined) bars = bars.filter((b) => b.openTime > since * 1000);
  // The current interval is always the last entry, whatever `since` says.
  const open = Math.floor(now / intervalMs) * intervalMs;
  if (bars[bars.length - 1]?.openTime !== open) bars.push(m.klines.bar(intervalMs, open));
  return { [p.key]: bars.map((b) => row(b, p)), last: (open - intervalMs) / 1000 };
}

export const ohlcRoutes: Route[] = [
  { method: 'GET', path: '/0/public/OHLC', private: false, handle: ohlc },
  { method: 'POST', path: '/0/public/OHLC', private: false, handle: ohlc },
];

/** One v2 candle. */
export function candleV2(p: KrakenPair, intervalMs: number, b: SimBar): Record<string, unknown> {
  return {
    symbol: p.symbol,
    open: Number(px(b.open, p)),
    high: Number(px(b.high, p)),
    low: Number(px(b.low, p)),
    close: Number(px(b.close, p)),
    trades: b.trades,
    volume: Number(vol(b.volume, p)),
    vwap: Number(vwapOf(b, p)),
    interval_begin: rfc3339(b.openTime).replace(/000Z$/, '000000Z'),
    interval: intervalMs / MINUTE,
    timestamp: rfc3339(b.openTime + intervalMs),
  };
}

/**
 * A socket's `ohlc` subscriptions by interval, and what each last pushed (open time, trades, close):
 * an update goes out only when the open candle moved, a successor began, or the held one changed.
 */
export class OhlcSubs {
  readonly byInterval = new Map<number, Set<string>>();
  readonly #sent = new Map<string, string>();

  get size(): number {
    let n = 0;
    for (const s of this.byInterval.values()) n += s.size;
    return n;
  }

  add(intervalMs: number, symbols: readonly string[]): void {
    const set = this.byInterval.get(intervalMs) ?? new Set<string>();
    for (const s of symbols) set.add(s);
    this.byInterval.set(intervalMs, set);
  }

  remove(intervalMs: number, symbols: readonly string[]): void {
    const set = this.byInterval.get(intervalMs);
    if (set === undefined) return;
    for (const s of symbols) {
      set.delete(s);
      this.#sent.delete(`${s} ${intervalMs}`);
    }
  }

  /** The snapshot of one symbol: the last committed candle and the open one. */
  snapshot(m: SymbolMarket, p: KrakenPair, intervalMs: number, now: number): Record<string, unknown>[] {
    const bars = m.klines.bars(intervalMs, { limit: 2 }, now);
    const last = bars[bars.length - 1];
    if (last !== undefined) this.#sent.set(`${p.symbol} ${intervalMs}`, signature(last));
    return bars.map((b) => candleV2(p, intervalMs, b));
  }

  /** The candles due on a tick (the held one's last state when a new one began, then the new one). */
  due(m: SymbolMarket, p: KrakenPair, intervalMs: number, now: number): Record<string, unknown>[] {
    const key = `${p.symbol} ${intervalMs}`;
    const open = m.klines.bar(intervalMs, Math.floor(now / intervalMs) * intervalMs);
    const sig = signature(open);
    const held = this.#sent.get(key);
    if (held === sig) return [];
    this.#sent.set(key, sig);
    const heldOpen = held === undefined ? undefined : Number(held.split('/')[0]);
    const out: Record<string, unknown>[] = [];
    if (heldOpen !== undefined && heldOpen < open.openTime) out.push(candleV2(p, intervalMs, m.klines.bar(intervalMs, heldOpen)));
    // A new interval without a trade yet is no candle on the venue: it appears with its first trade.
    if (open.trades > 0 || heldOpen === open.openTime) out.push(candleV2(p, intervalMs, open));
    return out;
  }
}

const signature = (b: SimBar): string => `${b.openTime}/${b.trades}/${b.close}`;
