/**
 * `--symbol` is resolved against the venue's instruments before the cockpit draws: any case
 * works and the venue's spelling is shown; an unknown symbol ends the start with one line that
 * names it and the closest the venue lists (no market pane, no reconnect loop). The real program
 * in tmux against the local venue, like the cockpit end-to-end test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { type CockpitRun, isLive, startCockpitRun, TMUX } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux)('--symbol end to end in tmux (SIM)', () => {
  let run: CockpitRun | undefined;
  afterEach(() => run?.close());

  it('ethusdt trades ETHUSDT: the venue spelling in the header, its prices, the account live', async () => {
    run = startCockpitRun('symbol-case', ['--venue', 'binance-usdm', '--symbol', 'ethusdt']);
    const live = await run.tty.waitFor('the cockpit live on ETHUSDT', (s) => isLive(s) && s.includes('Market ETHUSDT'), 60_000);
    expect(live.split('\n')[0]).toContain('· ETHUSDT');
    expect(live).not.toContain('ethusdt');
  }, 120_000);

  it('an unknown symbol (BTCUSD) ends the start with one line naming it and the closest symbols, before any frame', async () => {
    run = startCockpitRun('symbol-unknown', ['--venue', 'binance-usdm', '--symbol', 'BTCUSD']);
    const out = await run.tty.waitFor('the program exited', (s) => s.includes('QD_EXIT='), 60_000);
    expect(out).toMatch(/unknown symbol 'BTCUSD' on binance-usdm; closest: BTCUSDT/);
    expect(out).not.toContain('QUANTDECK');
    expect(out).toMatch(/QD_EXIT=[1-9]/);
  }, 120_000);
});
