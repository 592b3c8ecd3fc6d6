/**
 * The signal stack end to end in a real terminal (issue #21, docs/signals.md): `npm start -- --seed 1`
 * (the local venue, the stack on by default in sim) in a detached tmux window. The engine's kline
 * feed brings the venue's bars, the brief, the walk-forward gates and the gatekeeper run, and
 * proposals appear in the Signals pane (S); Enter shows exactly what one would send; y sends it and
 * the pane shows its outcome; the journal's audit (`quantdeck journal --audit`) holds the proposal
 * and the decision. On the local venue's random walk the honest gate passes nothing, so what the
 * gatekeeper proposes is to retire the strategies (an apply needs a passing gate: see
 * docs/signals.md §Runner for --signals-demo). Every wait is a screen condition, never a time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { type CockpitRun, isLive, ROOT, startCockpitRun, TMUX } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux)('signals end to end in tmux (SIM)', () => {
  let run: CockpitRun;
  beforeAll(() => {
    run = startCockpitRun('e2e-signals', ['--seed', '1'], { columns: 160, rows: 40 });
  });
  afterAll(() => run?.close());

  it('a proposal appears, Enter shows its orders, y sends it and the audit holds the decision', async () => {
    const { tty } = run;
    await tty.waitFor('the cockpit live', (s) => s.includes(' SIM ') && isLive(s), 90_000);
    tty.type('S');
    const pane = await tty.waitFor('a proposal in the Signals pane', (s) => /Signals · BTCUSDT · [1-9]\d* open proposal/.test(s) && /> demo-p\d+ /.test(s), 120_000);
    expect(pane).toMatch(/gate (trend-follow|breakout|mean-reversion): EV /);
    const id = /> (demo-p\d+) (\w+) /.exec(pane)!;
    tty.press('Enter');
    const shown = await tty.waitFor('its orders', (s) => s.includes(`Proposal ${id[1]}`) && s.includes('y send · n decline'));
    expect(shown).toMatch(/y sends (exactly:|no order)/);
    tty.type('y');
    await tty.waitFor('sent', (s) => new RegExp(`${id[1]} ${id[2]} .* · sent`).test(s));
    const audit = spawnSync(process.execPath, [join(ROOT, 'bin/quantdeck.js'), 'journal', '--audit'], {
      cwd: ROOT,
      env: { ...process.env, XDG_STATE_HOME: join(run.dir, 'state'), XDG_CONFIG_HOME: join(run.dir, 'config') },
      encoding: 'utf8',
    });
    expect(audit.stdout).toMatch(new RegExp(`proposal\\s+${id[1]} `));
    expect(audit.stdout).toMatch(new RegExp(`decision\\s+${id[1]} accepted`));
    expect(audit.stdout).toMatch(/\sbrief\s+BTCUSDT agreement/);
    expect(audit.stdout).toMatch(/\sgate\s+\S+ BTCUSDT: aggregate EV/);
  }, 300_000);
});
