/**
 * The Alerts lines (views/panes/Alerts.tsx) in the real cockpit: absent before the first alert,
 * newest first, the severity's colour, a venue's hostile text neutralised; the bell (one BEL per
 * new warn or critical alert, none for info, none for alerts already there) and the flash only
 * when the profile turns them on.
 */
import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/signals/types.js';
import { HOSTILE_TEXT } from '../../src/sim/faults/plan.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { computeLayout } from '../../views/layout.js';
import { liveSession, T0 } from '../store/fixtures.js';
import { type Mounted, mount } from './harness.js';

// Colour codes in the frames (the same chalk instance as ink's <Text>), for this file.
chalk.level = 3;

let m: Mounted | undefined;
afterEach(() => {
  m?.unmount();
  m = undefined;
});

let seq = 0;
const alert = (severity: Alert['severity'], text: string, rule: Alert['rule'] = 'spread'): EngineEvent => ({
  type: 'signals',
  at: T0 + 1000,
  part: 'alert',
  alert: { id: `${rule}:x:${++seq}`, rule, severity, symbol: 'BTCUSDT', at: T0 + 1000 + seq, text },
});

// Without colour codes, for the text.
const plain = (l: string) => l.replace(/\u001b\[[0-9;]*m/g, '');
const alertLines = (lines: string[]) => lines.map(plain).filter((l) => l.startsWith('! '));

describe('the Alerts lines', () => {
  it('none before the first alert; then the newest first, severity-labelled, in every layout size', async () => {
    m = await mount(liveSession(), { columns: 100, rows: 30 });
    expect(alertLines(m.lines())).toEqual([]);
    await m.feed(alert('info', 'BTCUSDT funding turned negative', 'funding-flip'), alert('critical', 'user socket down for 6 s', 'disconnect'));
    const shown = alertLines(m.lines());
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^! \d\d:\d\d:\d\d CRIT disconnect: user socket down for 6 s$/);
    m.unmount();
    m = await mount(liveSession(), { columns: 120, rows: 50 });
    await m.feed(alert('info', 'first', 'large-fill'), alert('warn', 'second'), alert('critical', 'third', 'budget'), alert('warn', 'fourth'));
    const tall = alertLines(m.lines());
    expect(tall.map((l) => l.replace(/^! \S+ /, ''))).toEqual(['WARN spread: fourth', 'CRIT budget: third', 'WARN spread: second']);
    // Above the event line.
    const lines = m.lines().map(plain);
    expect(lines.indexOf(tall[2]!)).toBe(lines.length - 3);
  });

  it('the layout gives them a row only once there is an alert, three on a tall terminal', () => {
    const at = (rows: number, alerts: number) => computeLayout({ columns: 100, rows, sockets: 3, pools: 3, barRows: 1, alerts }).alertRows;
    expect(at(30, 0)).toBe(0);
    expect(at(30, 5)).toBe(1);
    expect(at(60, 5)).toBe(3);
    expect(at(60, 2)).toBe(2);
    expect(at(16, 5)).toBe(0);
    const without = computeLayout({ columns: 100, rows: 30, sockets: 3, pools: 3, barRows: 1 });
    const withOne = computeLayout({ columns: 100, rows: 30, sockets: 3, pools: 3, barRows: 1, alerts: 1 });
    expect(withOne.orderRows + withOne.lowerRows + withOne.briefRows + 1).toBe(without.orderRows + without.lowerRows + without.briefRows);
  });

  it("a venue's text is shown inert", async () => {
    m = await mount(liveSession());
    await m.feed(alert('warn', `user socket down (${HOSTILE_TEXT})`, 'disconnect'));
    const [line] = alertLines(m.lines());
    expect(line).toContain('\\x1b]0;pwned-title\\x07');
    expect(m.screen()).not.toContain('\u001b]0;');
    expect(m.screen()).not.toContain('\u202e');
  });

  it('the bell is off by default', async () => {
    const rung: string[] = [];
    m = await mount(liveSession(), { bell: (t) => rung.push(t) });
    await m.feed(alert('critical', 'banned', 'budget'));
    expect(alertLines(m.lines())).toHaveLength(1);
    expect(rung).toEqual([]);
    // And without the flash, no inverse.
    expect(m.lines().find((l) => l.includes('banned'))).not.toContain('\u001b[7m');
  });

  it('with the bell on: one BEL per new warn or critical alert, none for info, none for alerts already there', async () => {
    const rung: string[] = [];
    m = await mount([...liveSession(), alert('critical', 'old news', 'clock')], { alerts: { bell: true }, bell: (t) => rung.push(t) });
    expect(alertLines(m.lines())).toHaveLength(1);
    expect(rung).toEqual([]);
    await m.feed(alert('info', 'a big fill', 'large-fill'));
    expect(rung).toEqual([]);
    await m.feed(alert('warn', 'spread wide'), alert('critical', 'no stop', 'no-stop'));
    expect(rung).toEqual(['\u0007\u0007']);
    await m.feed(alert('warn', 'pool 85%', 'budget'));
    expect(rung).toEqual(['\u0007\u0007', '\u0007']);
  });

  it('with the flash on: a new critical shows the line inverse for a moment; a warn does not', async () => {
    m = await mount(liveSession(), { alerts: { flash: true } });
    await m.feed(alert('warn', 'spread wide'));
    const inverse = '\u001b[7m';
    expect(m.lines().find((l) => l.includes('spread wide'))).not.toContain(inverse);
    // Coloured by severity: yellow for a warn.
    expect(m.lines().find((l) => l.includes('spread wide'))).toContain('\u001b[33m');
    await m.feed(alert('critical', 'liquidation near', 'liquidation-distance'));
    expect(m.lines().find((l) => l.includes('liquidation near'))).toContain(inverse);
    // Red for a critical.
    expect(m.lines().find((l) => l.includes('liquidation near'))).toContain('\u001b[31m');
  });
});
