/**
 * What every venue's kline parser shares: a bar from the venue's decimal strings, checked (finite,
 * non-negative, high ≥ open/close ≥ low, the open time on the timeframe's grid), and the order the
 * signal stack wants (oldest first, one bar per open time). Klines are numbers: they feed
 * statistics, never a wire (src/core/signals/types.ts).
 */
import { type Kline, TIMEFRAME_MS, type Timeframe } from '../../core/signals/types.js';
import { FieldError } from './fields.js';

/** A decimal string or number of a bar → a finite number ≥ 0, or a FieldError naming the field. */
export function barNumber(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) throw new FieldError(`${what} is not a non-negative number`);
  return n;
}

/** An integer ms time (a number, or the digits of one). */
export function barTime(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new FieldError(`${what} is not a time in ms`);
  return n;
}

export interface RawBar {
  openTime: unknown;
  open: unknown;
  high: unknown;
  low: unknown;
  close: unknown;
  volume: unknown;
  closed: boolean;
}

/** One checked bar of `timeframe`. */
export function klineOf(raw: RawBar, timeframe: Timeframe, where: string): Kline {
  const openTime = barTime(raw.openTime, `${where} open time`);
  if (openTime % TIMEFRAME_MS[timeframe] !== 0) throw new FieldError(`${where} open time ${openTime} is not on the ${timeframe} grid`);
  const bar: Kline = {
    openTime,
    open: barNumber(raw.open, `${where} open`),
    high: barNumber(raw.high, `${where} high`),
    low: barNumber(raw.low, `${where} low`),
    close: barNumber(raw.close, `${where} close`),
    volume: barNumber(raw.volume, `${where} volume`),
    closed: raw.closed,
  };
  if (bar.high < Math.max(bar.open, bar.close, bar.low) || bar.low > Math.min(bar.open, bar.close)) {
    throw new FieldError(`${where} high/low do not bound its open and close`);
  }
  return bar;
}

/** Oldest first, one bar per open time (the later one of a duplicate wins). */
export function oldestFirst(bars: readonly Kline[]): Kline[] {
  const byTime = new Map<number, Kline>();
  for (const b of bars) byTime.set(b.openTime, b);
  return [...byTime.values()].sort((a, b) => a.openTime - b.openTime);
}

/** The bars a snapshot asks for: at most the venue's maximum, at least one. */
export function clampLimit(limit: number, max: number): number {
  return Math.max(1, Math.min(max, Math.floor(Number.isFinite(limit) ? limit : max)));
}
