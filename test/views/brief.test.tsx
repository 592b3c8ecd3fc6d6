/**
 * The Brief pane (views/panes/Brief.tsx, views/brief-text.ts) in the real cockpit: honest before
 * bars ('waiting for klines'), a line per timeframe with room (arrow, slope, vol, ATR, range bar,
 * volume ratio) and the agreement, funding and open interest on its title; its title line alone
 * on a small terminal; the selected row's symbol's brief when there is one; a venue's hostile
 * symbol neutralised; no line wider than the terminal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { briefOf } from '../../src/core/signals/brief.js';
import type { Brief, FrameBrief, Kline } from '../../src/core/signals/types.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { computeLayout } from '../../views/layout.js';
import { extrasText, frameLine, priceText, rangeBar, shortNumber, spanText, summaryText, WAITING } from '../../views/brief-text.js';
import { liveSession, position, T0 } from '../store/fixtures.js';
import { KEY, type Mounted, mount } from './harness.js';

const frame = (over: Partial<FrameBrief> = {}): FrameBrief => ({
  timeframe: '1m',
  bars: 120,
  last: 65_000,
  emaSlope: 0.00012,
  trend: 'up',
  realizedVol: 0.0008,
  atr: 42.5,
  rangePosition: 0.75,
  volumeRatio: 1.3,
  ...over,
});

const BRIEF: Brief = {
  symbol: 'BTCUSDT',
  at: T0,
  frames: {
    '1m': frame(),
    '5m': frame({ timeframe: '5m', trend: 'up', emaSlope: 0.0003 }),
    '1h': frame({ timeframe: '1h', trend: 'down', emaSlope: -0.002, atr: 612.3, rangePosition: 0.1 }),
  },
  agreement: 1 / 3,
  fundingRate: 0.0001,
  openInterest: 123_456,
};

const briefEvent = (brief: Brief): EngineEvent => ({ type: 'signals', at: T0, part: 'brief', brief });

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

describe('brief text', () => {
  it('a frame line: timeframe, arrow, slope per bar, vol, ATR, range bar and %, volume ratio, bars', () => {
    expect(frameLine(frame(), 200)).toBe('1m  ↑    +0.012%/bar  vol 0.08%   ATR 42.5     range ──────●──  75%  vol×1.30   120 bars');
  });

  it('narrow: the bar count, volume ratio, vol, range and ATR give way in that order; timeframe, arrow and slope stay', () => {
    const full = frameLine(frame(), 200);
    const widths = [full.length - 1, 70, 55, 40, 25, 19];
    const seen = widths.map((w) => frameLine(frame(), w));
    expect(seen[0]).not.toContain('bars');
    expect(seen[1]).not.toContain('vol×');
    expect(seen[2]).not.toContain('vol 0');
    expect(seen[2]).toContain('range');
    expect(seen[3]).not.toContain('range');
    expect(seen[3]).toContain('ATR');
    expect(seen[4]).toBe('1m  ↑    +0.012%/bar');
    for (const [i, w] of widths.entries()) expect(seen[i]!.length, String(w)).toBeLessThanOrEqual(w);
    expect(frameLine(frame(), 10).length).toBeLessThanOrEqual(10);
  });

  it('the range bar puts its marker at the position, and numbers read short', () => {
    expect(rangeBar(0, 5)).toBe('●────');
    expect(rangeBar(1, 5)).toBe('────●');
    expect(rangeBar(0.5, 5)).toBe('──●──');
    expect(rangeBar(Number.NaN, 3)).toBe('─●─');
    expect(rangeBar(0.5, 0)).toBe('');
    expect(priceText(42.5)).toBe('42.5');
    expect(priceText(65_012.7)).toBe('65010');
    expect(priceText(0.000123456)).toBe('0.0001235');
    expect(priceText(0)).toBe('0');
    expect(priceText(Number.NaN)).toBe('—');
    expect(shortNumber(123_456)).toBe('123.5k');
    expect(shortNumber(4_200_000)).toBe('4.20M');
    expect(shortNumber(7.1e9)).toBe('7.10B');
    expect(shortNumber(950)).toBe('950');
  });

  it('the summary: each timeframe arrow (· without one), agreement, funding, OI — or waiting', () => {
    expect(summaryText(BRIEF)).toBe('1m↑ 5m↑ 1h↓ 4h· 1d· · agree +0.33 · funding +0.0100% · OI 123.5k');
    expect(summaryText(undefined)).toBe(WAITING);
    expect(summaryText({ symbol: 'X', at: 0, frames: {}, agreement: 0 })).toBe(WAITING);
    expect(summaryText({ ...BRIEF, fundingRate: undefined, openInterest: undefined } as Brief)).toBe('1m↑ 5m↑ 1h↓ 4h· 1d· · agree +0.33');
  });

  it("open interest's change over the span its readings cover; narrow: the change, then OI, then funding give way", () => {
    const b: Brief = { ...BRIEF, openInterestChange: { fraction: 0.012, overMs: 58 * 60_000 } };
    const full = 'agree +0.33 · funding +0.0100% · OI 123.5k +1.20%/58m';
    expect(extrasText(b)).toBe(full);
    expect(extrasText(b, full.length)).toBe(full);
    expect(extrasText(b, full.length - 1)).toBe('agree +0.33 · funding +0.0100% · OI 123.5k');
    expect(extrasText(b, 40)).toBe('agree +0.33 · funding +0.0100%');
    expect(extrasText(b, 20)).toBe('agree +0.33');
    expect(extrasText({ ...b, openInterestChange: { fraction: -0.0345, overMs: 30_000 } })).toContain('OI 123.5k -3.45%/30s');
    expect([spanText(59 * 60_000 + 29_000), spanText(90 * 60_000)]).toEqual(['59m', '1.5h']);
  });

  it('a venue without open interest (spot) shows none, not 0; no change without a figure', () => {
    const spot = { ...BRIEF, fundingRate: undefined, openInterest: undefined, openInterestChange: { fraction: 0.5, overMs: 60_000 } } as Brief;
    expect(extrasText(spot)).toBe('agree +0.33');
  });

  it('a brief computed from bars draws with no NaN', () => {
    const bars: Kline[] = Array.from({ length: 30 }, (_, i) => ({ openTime: i * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 0, closed: true }));
    const b = briefOf('X', { '1m': bars }, 0);
    expect(frameLine(b.frames['1m']!, 200)).toBe('1m  →    +0.000%/bar  vol 0.00%   ATR 0        range ────●────  50%  vol×1.00   30 bars');
  });
});

describe('the Brief pane in the cockpit', () => {
  it('160x50: waiting for klines before a brief, then a line per timeframe and the extras on its title', async () => {
    m = await mount(liveSession(), { columns: 160, rows: 50 });
    expect(m.screen()).toMatch(/─ Brief BTCUSDT ─+ waiting for klines ─/);
    await m.feed(briefEvent(BRIEF));
    const lines = m.lines();
    const title = lines.findIndex((l) => l.includes('─ Brief BTCUSDT'));
    expect(lines[title]).toContain('agree +0.33 · funding +0.0100% · OI 123.5k');
    expect(lines[title + 1]).toContain('1m  ↑    +0.012%/bar  vol 0.08%   ATR 42.5');
    expect(lines[title + 2]).toMatch(/^5m {2}↑ /);
    expect(lines[title + 3]).toMatch(/^1h {2}↓ +-0\.200%\/bar .*ATR 612\.3 .*range ─●─+ +10%/);
    expect(lines[title + 4]).toBe(`4h  · ${WAITING}`);
    expect(lines[title + 5]).toBe(`1d  · ${WAITING}`);
    expect(lines[title + 6]).toMatch(/Open orders/);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(160);
    expect(lines.length).toBeLessThanOrEqual(49);
  });

  it("160x50: open interest's change over the window on the title; 70 columns: it gives way before the figure", async () => {
    const b: Brief = { ...BRIEF, openInterestChange: { fraction: -0.0042, overMs: 45 * 60_000 } };
    m = await mount([...liveSession(), briefEvent(b)], { columns: 160, rows: 50 });
    expect(m.lines().find((l) => l.includes('─ Brief BTCUSDT'))).toContain('agree +0.33 · funding +0.0100% · OI 123.5k -0.42%/45m');
    m.unmount();
    m = await mount([...liveSession(), briefEvent(b)], { columns: 70, rows: 50 });
    const line = m.lines().find((l) => l.includes('Brief BTCUSDT'))!;
    expect([...line].length).toBeLessThanOrEqual(70);
    // whole segments only: never a change cut to '-0.4'
    expect(line).toMatch(/ agree \+0\.33 · funding \+0\.0100% · OI 123\.5k ─+$/);
  });

  it('80x24: its title line alone, with each timeframe arrow and the agreement', async () => {
    expect(computeLayout({ columns: 80, rows: 24, sockets: 3, pools: 2, barRows: 1 }).briefRows).toBe(1);
    m = await mount([...liveSession(), briefEvent(BRIEF)], { columns: 80, rows: 24 });
    const line = m.lines().find((l) => l.includes('Brief BTCUSDT'))!;
    expect(line).toContain('1m↑ 5m↑ 1h↓ 4h· 1d· · agree +0.33');
    expect([...line].length).toBe(80);
    for (const pane of ['Open orders', 'Fills', 'Positions', 'Rate budget']) expect(m.screen()).toContain(pane);
  });

  it('60x16: no room, no pane (the tables keep their rows)', async () => {
    expect(computeLayout({ columns: 60, rows: 16, sockets: 3, pools: 2, barRows: 1 }).briefRows).toBe(0);
    m = await mount([...liveSession(), briefEvent(BRIEF)], { columns: 60, rows: 16 });
    expect(m.screen()).not.toContain('Brief');
  });

  it("follows the selected row's symbol when the store has its brief, else the session's", async () => {
    const eth: Brief = { ...BRIEF, symbol: 'ETHUSDT', frames: { '1m': frame({ trend: 'down', emaSlope: -0.0005 }) }, agreement: -1 };
    m = await mount(
      [...liveSession(), { type: 'positions', at: T0, snapshot: true, positions: [position(), position({ symbol: 'ETHUSDT' })] }, briefEvent(BRIEF)],
      { columns: 160, rows: 50 },
    );
    expect(m.screen()).toContain('─ Brief BTCUSDT');
    // Tab to Positions (Fills, then Positions), down to ETHUSDT: no brief for it yet, the session's stays.
    await m.press(KEY.tab, KEY.tab, 'j');
    expect(m.screen()).toContain('Market ETHUSDT (row; ticket BTCUSDT)');
    expect(m.screen()).toContain('─ Brief BTCUSDT');
    await m.feed(briefEvent(eth));
    expect(m.screen()).toContain('─ Brief ETHUSDT');
    expect(m.screen()).toContain('agree -1.00');
    await m.press('k');
    expect(m.screen()).toContain('─ Brief BTCUSDT');
  });

  it("a venue's symbol with control characters reaches the screen neutralised", async () => {
    const evil = 'EVIL\u001b[2J\u0007USDT';
    m = await mount(
      [...liveSession(), { type: 'positions', at: T0, snapshot: true, positions: [position(), position({ symbol: evil })] }, briefEvent({ ...BRIEF, symbol: evil })],
      { columns: 160, rows: 50 },
    );
    await m.press(KEY.tab, KEY.tab, 'j');
    const title = m.lines().find((l) => l.includes('─ Brief EVIL'));
    expect(title).toBeDefined();
    expect(title).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(m.screen()).not.toContain('\u001b[2J');
  });
});
