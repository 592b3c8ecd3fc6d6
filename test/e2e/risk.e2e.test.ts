/**
 * Risk at a glance in the real program (tmux, SIM, binance-usdm): the Positions pane's risk lines
 * follow what `:lev` and `:margin` set on the local venue — leverage and mode, then an isolated
 * position's liquidation price and distance, which move when the leverage is raised — and the
 * venue's refusals (-4048 margin type with a position, -4161 lower leverage in isolated) reach the
 * message line in its words.
 */
import { describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { liveCockpit, TMUX } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });
const RISK = /liq ([\d.]+) \(([\d.]+) %\) · (\d+)x (cross|isolated)/;

describe.runIf(hasTmux)('risk lines, :lev and :margin end to end in tmux (SIM, binance-usdm)', () => {
  const run = liveCockpit('risk', ['--venue', 'binance-usdm'], { columns: 160 });
  const { command } = run;

  it('flat: the symbol line shows the account leverage and mode, and the account line its margin ratio', async () => {
    const s = await run.tty.waitFor('the flat risk line', (t) => /BTCUSDT flat · 20x cross/.test(t), 30_000);
    expect(s).toMatch(/margin ratio [\d.]+ % · equity [\d.]+/);
  }, 60_000);

  it(':lev 50 then :margin isolated change what the pane shows', async () => {
    await command('lev 50');
    await run.tty.waitFor('50x cross', (s) => s.includes('BTCUSDT flat · 50x cross'), 20_000);
    await command('margin isolated');
    await run.tty.waitFor('50x isolated', (s) => s.includes('BTCUSDT flat · 50x isolated'), 20_000);
  }, 60_000);

  it('an isolated long shows its liquidation price and distance; the venue refuses cross and a lower leverage; a higher one brings liquidation closer', async () => {
    await command('buy 0.004 mkt');
    await run.tty.waitFor('the market ticket', (s) => /BUY\s+BTCUSDT market/.test(s));
    run.tty.press('Enter');
    const first = await run.tty.waitFor('the risk line of the position', (s) => RISK.test(s), 30_000);
    const [, , before, lev, mode] = RISK.exec(first)!;
    expect([lev, mode]).toEqual(['50', 'isolated']);
    // 50x isolated with a 0.4 % maintenance rate: liquidation about 1.6 % under the mark.
    expect(Number(before)).toBeGreaterThan(1);
    expect(Number(before)).toBeLessThan(2.5);

    await command('margin cross');
    await run.tty.waitFor('the -4048 refusal', (s) => s.includes('-4048 Margin type cannot be changed if there exists position.'), 20_000);
    await command('lev 10');
    await run.tty.waitFor('the -4161 refusal', (s) => s.includes('-4161 Leverage reduction is not supported'), 20_000);

    await command('lev 100');
    const after = await run.tty.waitFor('100x isolated', (s) => RISK.exec(s)?.[3] === '100', 20_000);
    const [, , closer] = RISK.exec(after)!;
    expect(Number(closer)).toBeLessThan(Number(before));
  }, 90_000);
});
