/**
 * The Brief pane's text (views/panes/Brief.tsx), as plain strings so tests can read it: one line
 * per timeframe (trend arrow, EMA slope, realized volatility, ATR, a range bar, volume against
 * its average), and one summary (each timeframe's arrow, the agreement, funding and open
 * interest) for the title or a one-line pane. Display only: the numbers were decided in
 * src/core/signals/brief.ts. Every line goes through clip/pad (neutralised) before the terminal.
 */
import type { Brief, FrameBrief, Timeframe, Trend } from '../src/core/signals/types.js';
import { TIMEFRAMES } from '../src/core/signals/types.js';
import { clip, fitSegments, type Segment, signed } from './format.js';

export const ARROW: Readonly<Record<Trend, string>> = { up: '↑', down: '↓', flat: '→' };

/** What the pane says before a symbol's bars have come (or while a timeframe has too few). */
export const WAITING = 'waiting for klines';

/** A price-sized number in four significant digits, never in exponent form for prices we see. */
export function priceText(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const text = String(Number(x.toPrecision(4)));
  return text.includes('e') ? x.toExponential(2) : text;
}

/** A fraction as a signed percentage: 0.00012 → '+0.012%'. */
export function percentText(x: number, decimals: number): string {
  return Number.isFinite(x) ? `${signed(x * 100, decimals)}%` : '—';
}

/** A range bar `cells` wide with its marker where the position is: 0.5 in 7 cells → '───●───'. */
export function rangeBar(position: number, cells: number): string {
  if (cells <= 0) return '';
  const p = Number.isFinite(position) ? Math.min(1, Math.max(0, position)) : 0.5;
  const at = Math.round(p * (cells - 1));
  return `${'─'.repeat(at)}●${'─'.repeat(cells - 1 - at)}`;
}

/** A big number short: 12345 → '12.3k', 4.2e6 → '4.20M'. */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  if (abs >= 1e9) return `${(x / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(x / 1e3).toFixed(1)}k`;
  return priceText(x);
}

const tfCell = (tf: Timeframe) => tf.padEnd(3);

/**
 * One timeframe in a line of at most `width` cells. When narrow, the bar count goes first, then
 * the volume ratio, the volatility, the range bar and the ATR; the timeframe, its arrow and its
 * slope stay.
 */
export function frameLine(f: FrameBrief, width: number): string {
  const segments: Segment[] = [
    { text: `${tfCell(f.timeframe)} ${ARROW[f.trend]}`, priority: 0 },
    { text: `${percentText(f.emaSlope, 3)}/bar`.padStart(13), priority: 0 },
    { text: `vol ${percentText(f.realizedVol, 2).replace('+', '')}`.padEnd(10), priority: 4 },
    { text: `ATR ${priceText(f.atr)}`.padEnd(11), priority: 2 },
    { text: `range ${rangeBar(f.rangePosition, 9)} ${String(Math.round(f.rangePosition * 100)).padStart(3)}%`, priority: 3 },
    { text: `vol×${f.volumeRatio.toFixed(2)}`.padEnd(9), priority: 5 },
    { text: `${f.bars} bars`, priority: 6 },
  ];
  return clip(
    fitSegments(segments, width, '  ')
      .map((s) => s.text)
      .join('  ')
      .trimEnd(),
    width,
  );
}

/** A timeframe with no frame yet. */
export function waitingLine(tf: Timeframe, width: number): string {
  return clip(`${tfCell(tf)} · ${WAITING}`, width);
}

/** A span short: 58 minutes → '58m', 90 minutes → '1.5h'. */
export function spanText(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))}s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  return `${Number((ms / 3_600_000).toFixed(1))}h`;
}

/** Open interest and, where the window has two readings, its change over the span they cover: 'OI 12.3k +1.20%/58m'. */
export function openInterestText(b: Brief, withChange: boolean): string | undefined {
  if (b.openInterest === undefined) return undefined;
  const c = b.openInterestChange;
  const change = withChange && c !== undefined ? ` ${percentText(c.fraction, 2)}/${spanText(c.overMs)}` : '';
  return `OI ${shortNumber(b.openInterest)}${change}`;
}

/**
 * Agreement, funding and open interest: 'agree +0.60 · funding +0.0100% · OI 12.3k +1.20%/58m', in
 * at most `room` cells: the open interest's change gives way first, then the open interest, then
 * funding; the agreement stays. A venue without a figure shows none (never 0).
 */
export function extrasText(b: Brief, room = Number.POSITIVE_INFINITY): string {
  const agree = `agree ${signed(b.agreement, 2)}`;
  const funding = b.fundingRate === undefined ? undefined : `funding ${percentText(b.fundingRate, 4)}`;
  const choices = [
    [agree, funding, openInterestText(b, true)],
    [agree, funding, openInterestText(b, false)],
    [agree, funding],
  ].map((parts) => parts.filter((x): x is string => x !== undefined).join(' · '));
  return choices.find((text) => text.length <= room) ?? agree;
}

/** Each timeframe's arrow ('·' where it has none yet), then the extras in what room is left: the one-line brief. */
export function summaryText(b: Brief | undefined, room = Number.POSITIVE_INFINITY): string {
  if (b === undefined || Object.keys(b.frames).length === 0) return WAITING;
  const arrows = TIMEFRAMES.map((tf) => `${tf}${b.frames[tf] === undefined ? '·' : ARROW[b.frames[tf]!.trend]}`).join(' ');
  return `${arrows} · ${extrasText(b, room - arrows.length - 3)}`;
}
