/**
 * Protective orders in the real program (tmux, SIM, binance-usdm): a long opened, `:bracket` around
 * it shows both legs in the Protection section (trigger, distance from the mark, share covered) and
 * in Open orders; the header says the dead-man keeps stops; then `:regime volatile` until the
 * stop fires and the position goes flat, and the other leg is cancelled.
 */
import { describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { bidIn, liveCockpit, positionRow, TMUX } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux)('protective orders end to end in tmux (SIM, binance-usdm)', () => {
  const run = liveCockpit('protection', ['--venue', 'binance-usdm'], { columns: 160 });
  const { command } = run;

  it('a long without a stop is flagged; :bracket puts a stop and a target on the venue', async () => {
    expect(run.tty.screen()).toMatch(/dead-man \S+\s+· stops kept/);
    await command('buy 0.004 mkt');
    await run.tty.waitFor('the market ticket', (s) => /BUY\s+BTCUSDT market/.test(s));
    run.tty.press('Enter');
    await run.tty.waitFor('a 0.004 long', (s) => positionRow('0.004').test(s), 20_000);
    await run.tty.waitFor('the no-stop flag', (s) => s.includes('has NO STOP on the venue'), 20_000);
    const bid = await bidIn(run.tty);
    // Close under the price, so the volatile regime reaches it soon; the target far above.
    const stop = (Math.floor(bid * 0.996 * 10) / 10).toFixed(1);
    const target = (Math.ceil(bid * 1.2 * 10) / 10).toFixed(1);
    await command(`bracket ${stop} ${target}`);
    const shown = await run.tty.waitFor('both legs resting', (s) => s.includes('Protection (2)') && (s.match(/ resting/g) ?? []).length === 2, 20_000);
    expect(shown).not.toContain('NO STOP');
    expect(shown).toMatch(/SELL STP\s+0\.004\s+@/);
    expect(shown).toContain('stops cover 100%');
    expect(shown).toMatch(new RegExp(`STOP\\s+SELL\\s+0\\.004\\s+${stop.replace('.', '\\.')}\\s+mark\\s+-[\\d.]+\\s+-0\\.\\d+%\\s+100%\\s+resting`));
    expect(shown).toMatch(new RegExp(`TP\\s+SELL\\s+0\\.004\\s+${target.replace('.', '\\.')}\\s+mark\\s+[\\d.]+\\s+\\d+(\\.\\d+)?%\\s+100%\\s+resting`));
  }, 60_000);

  it(':regime volatile until the stop fires: the position goes flat and the target is cancelled', async () => {
    await command('regime volatile');
    const flat = await run.tty.waitFor('flat, nothing protective left', (s) => !positionRow('0.004').test(s) && !s.includes('Protection ('), 90_000);
    // The stop's market order sold the long: a SELL fill of the whole size.
    expect(flat).toMatch(/\d\d:\d\d:\d\d SELL\s+0\.004\s/);
    expect(flat).toMatch(/Open orders \(0\)|no open orders/);
    await command('regime calm');
  }, 120_000);
});
