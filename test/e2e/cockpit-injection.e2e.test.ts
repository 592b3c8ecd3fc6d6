/**
 * Hostile venue text in the live cockpit, for real: a standalone `quantdeck sim`, the cockpit in a
 * tmux window trading on it, and the venue refusing the next order with a message built to take
 * over the terminal (window title, clipboard write, line erase, C1 colour, bidi override). The
 * trader must see that text as visible, inert escapes; tmux, a real terminal, must not have obeyed
 * any of it (its pane title and paste buffers are where it would show); the log keeps it inert too.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpControl } from '../../src/sim/control.js';
import { CRAFTED, injected, VISIBLE } from '../support/crafted-text.js';
import { needs } from '../support/system-program.js';
import { isLive, placeRestingBuyIn, ROOT, TMUX } from './cockpit-run.js';
import { cockpitEnv, type Sim, startSim, until } from './standalone-sim.js';
import { TmuxWindow } from './tmux.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux)('a venue refusal carrying terminal controls, in the live cockpit in tmux', () => {
  let sim: Sim;
  let dir: string;
  let tty: TmuxWindow | undefined;
  const logFile = () => join(dir, 'state', 'quantdeck', 'quantdeck.log');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qd-inject-'));
    sim = await startSim();
  }, 120_000);

  afterAll(() => {
    tty?.kill();
    sim?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the refusal as visible escapes; the terminal title, clipboard and log stay clean', async () => {
    const env = cockpitEnv(dir, sim, 'QD_INJECT');
    const command = `env -u CI node bin/quantdeck.js --sim-url ${sim.rest} --key env:QD_INJECT; sleep 600`;
    tty = new TmuxWindow({ name: `qd-inject-${process.pid}-${Date.now().toString(36)}`, columns: 100, rows: 30, command, env, cwd: ROOT });
    await tty.waitFor('the cockpit live on the running sim', isLive, 60_000);
    // tmux lets a program set the pane title (OSC 0) and its buffers (OSC 52): the venue must not.
    const titleBefore = tty.display('#{pane_title}');
    await httpControl(sim.rest, sim.controlToken).setFaults({ refuseText: { times: 1, text: CRAFTED } });
    await placeRestingBuyIn(tty, 'BTCUSDT');
    // Either the refusal line shows, or the raw text took the terminal over (its title changed).
    const screen = await tty.waitFor(
      'the venue refusal on the screen',
      (s) => s.includes('REFUSED by the venue: placeOrder: -2010') || tty?.display('#{pane_title}') !== titleBefore,
      20_000,
    );

    expect(tty.display('#{pane_title}'), 'the pane title after the refusal').toBe(titleBefore);
    expect(tty.buffers(), 'a paste buffer written by OSC 52').not.toContain('evil');
    // The line is cut to the width; what fits shows each escape as text.
    expect(screen).toContain(VISIBLE[0]);
    expect(screen).toContain(VISIBLE[1]);

    const log = await until('the refusal in the log', () => {
      const text = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : '';
      return text.includes('pwned-title') ? text : undefined;
    }, 20_000);
    expect(injected(log), 'raw controls in the log file').toEqual([]);
    expect(log).not.toMatch(/[\u0080-\u009f]/);
  }, 180_000);
});
