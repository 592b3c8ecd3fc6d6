/**
 * Text helpers for fixed-width cells: padding that never overflows, ages and countdowns that
 * read at a glance ('3s', '4m12s', '2h05m'), sparklines and gauges built from block characters.
 * Numbers here only draw; decisions on money are made on decimal strings elsewhere.
 */
import { neutralise } from '../src/core/untrusted.js';

/** Pads or cuts `text` to exactly `width` cells ('…' marks a cut). */
export function pad(raw: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const text = neutralise(raw);
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/**
 * Cuts `text` to at most `width` cells without padding. Trailing spaces are not free: ink
 * tokenizes every character of every line on every frame, so lines end where their text ends.
 */
export function clip(raw: string, width: number): string {
  if (width <= 0) return '';
  // Every cell may quote a venue: no control or bidi character reaches the terminal.
  const text = neutralise(raw);
  return text.length > width ? (width === 1 ? '…' : `${text.slice(0, width - 1)}…`) : text;
}

/**
 * A number cell: as the venue wrote it when it fits, else without trailing fraction zeros
 * ('65035.80000000' → '65035.8'), else cut. Display only; the value itself is untouched.
 */
export function numberCell(text: string, width: number): string {
  if (text.length <= width) return text.padStart(width);
  const trimmed = /^-?\d+\.\d+$/.test(text) ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return pad(trimmed, width, 'right');
}

/** A duration in ms as '850ms' (under 1 s, if `ms` asked), '12s', '4m12s', '2h05m', '3d04h'. */
export function duration(ms: number, subSecond = false): string {
  if (!Number.isFinite(ms)) return '—';
  const neg = ms < 0;
  const a = Math.abs(ms);
  let text: string;
  if (subSecond && a < 1000) text = `${Math.round(a)}ms`;
  else if (subSecond && a < 10_000) text = `${(a / 1000).toFixed(1)}s`;
  else {
    const s = Math.floor(a / 1000);
    if (s < 60) text = `${s}s`;
    else if (s < 3600) text = `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
    else if (s < 86_400)
      text = `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
    else text = `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
  }
  return neg ? `-${text}` : text;
}

/** Age of a past time: '3s ago' style without the word (callers add it where it helps). */
export const age = (now: number, at: number | undefined, subSecond = false): string =>
  at === undefined ? '—' : duration(Math.max(0, now - at), subSecond);

/** Seconds left until `at`, rounded up so a countdown never shows 0 while still running. */
export function countdown(now: number, at: number | undefined): string {
  if (at === undefined) return '—';
  const left = at - now;
  if (left <= 0) return 'now';
  return duration(Math.ceil(left / 1000) * 1000);
}

/** Local wall-clock time of day, HH:MM:SS. */
export function clockTime(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as a sparkline scaled to their own min..max (flat = middle bars). */
export function sparkline(values: readonly number[], width: number): string {
  if (width <= 0 || values.length === 0) return '';
  const tail = values.slice(-width).filter((v) => Number.isFinite(v));
  if (tail.length === 0) return '';
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of tail) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  return tail
    .map((v) => (span === 0 ? BARS[3] : BARS[Math.min(7, Math.floor(((v - lo) / span) * 8))]))
    .join('');
}

/** A gauge `width` cells wide: used part '█', free part '░', the critical reserve '▒' at the end. */
export function gauge(
  used: number,
  limit: number,
  reserve: number,
  width: number,
): { used: string; free: string; reserve: string } {
  if (width <= 0 || limit <= 0) return { used: '', free: '', reserve: '' };
  const cells = (n: number) => Math.max(0, Math.min(width, Math.round((n / limit) * width)));
  const usedCells = cells(Math.min(used, limit));
  const reserveCells = Math.min(cells(reserve), width - usedCells);
  const freeCells = width - usedCells - reserveCells;
  return { used: '█'.repeat(usedCells), free: '░'.repeat(freeCells), reserve: '▒'.repeat(reserveCells) };
}

/** A signed number with an explicit '+', fixed decimals: '+12.4', '-0.8'. */
export function signed(n: number, decimals: number): string {
  const text = n.toFixed(decimals);
  return n > 0 || (n === 0 && !text.startsWith('-')) ? `+${text}` : text;
}

/** A piece of a line that may be left out when the line is too narrow; lower priority goes first. */
export interface Segment {
  text: string;
  /** 0 = always kept (cut only as a last resort); higher numbers are dropped first. */
  priority: number;
}

/**
 * The segments that fit `width` when joined by `sep`, in their order: the highest priority
 * numbers are dropped first (the last of equals first), so key hints like `Enter send` and
 * `y = yes` survive any width the cockpit draws at.
 */
export function fitSegments<T extends Segment>(segments: readonly T[], width: number, sep = ''): T[] {
  let kept = segments.filter((s) => s.text !== '');
  const length = (xs: readonly T[]) => xs.reduce((n, s) => n + s.text.length, 0) + sep.length * Math.max(0, xs.length - 1);
  while (length(kept) > width) {
    let drop = -1;
    for (let i = 0; i < kept.length; i++) {
      if (kept[i]!.priority > 0 && (drop < 0 || kept[i]!.priority >= kept[drop]!.priority)) drop = i;
    }
    if (drop < 0) break;
    kept = kept.filter((_, i) => i !== drop);
  }
  return kept;
}
