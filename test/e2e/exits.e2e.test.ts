/**
 * The trader's tools for a fast market in the real program (tmux, SIM): a limit typed far through
 * the book is refused by the guard with its rule and figures, and nothing is placed; `:close 50%`
 * after a yes halves the position; `:reverse` turns it into a short of the same size.
 */
import { describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { bidIn, count, liveCockpit, positionRow, TMUX } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux)('guard and fast exits end to end in tmux (SIM, binance-usdm)', () => {
  const run = liveCockpit('exits', ['--venue', 'binance-usdm'], { columns: 160 });
  const { command } = run;

  it('a limit 8 % through the ask is refused by the guard with its rule; nothing rests', async () => {
    const bid = await bidIn(run.tty);
    const far = String(Math.round(bid * 1.08));
    await command(`buy 0.002 ${far}`);
    await run.tty.waitFor('the ticket filled in', (s) => s.includes(`price ${far}`));
    run.tty.press('Enter');
    const refused = await run.tty.waitFor('the guard refusal', (s) => s.includes('guard: price band'), 20_000);
    expect(refused).toMatch(new RegExp(`guard: price band: buy at ${far} is [\\d.]+ % through the best ask`));
    expect(count(refused, 'Open orders')).toBe(0);
    run.tty.press('Escape');
  }, 60_000);

  it(':close 50% asks, then halves the position at market', async () => {
    await command('buy 0.004 mkt');
    await run.tty.waitFor('the market ticket', (s) => /BUY\s+BTCUSDT market/.test(s));
    run.tty.press('Enter');
    await run.tty.waitFor('a 0.004 long', (s) => positionRow('0.004').test(s), 20_000);
    await command('close 50%');
    const asked = await run.tty.waitFor('the close question', (s) => s.includes('Close 50 % of BTCUSDT'));
    expect(asked).toContain('Close 50 % of BTCUSDT: SELL 0.002 BTC at market, reduce-only?');
    run.tty.type('y');
    await run.tty.waitFor('a 0.002 long', (s) => positionRow('0.002').test(s), 20_000);
  }, 60_000);

  it(':reverse asks, then the long becomes a short of the same size', async () => {
    await command('reverse');
    const asked = await run.tty.waitFor('the reverse question', (s) => s.includes('Reverse BTCUSDT'));
    expect(asked).toContain('Reverse BTCUSDT (long 0.002 BTC): SELL 0.004 BTC at market?');
    run.tty.type('y');
    await run.tty.waitFor('a 0.002 short', (s) => positionRow('-0.002').test(s), 20_000);
  }, 60_000);
});
