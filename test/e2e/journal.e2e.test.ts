/**
 * The journal as the real cockpit writes it: `npm start` (SIM) in tmux places a resting buy from
 * the ticket and cancels it with `C y`, quits; then `quantdeck journal`, run as a process over the
 * same state folder, shows that intent and each step of its outcome, and nothing else.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outputOf } from '../support/child-output.js';
import { needs } from '../support/system-program.js';
import { type CockpitRun, count, escaped, isLive, placeRestingBuyIn, ROOT, startCockpitRun, TMUX } from './cockpit-run.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

describe.runIf(hasTmux)('the journal end to end in tmux (SIM)', () => {
  let run: CockpitRun | undefined;
  afterEach(() => run?.close());

  it('a buy placed from the ticket and cancelled with C y: quantdeck journal shows its intent, send, ack, cancel and end', async () => {
    run = startCockpitRun('journal', ['--venue', 'binance-usdm']);
    const { tty } = run;
    await tty.waitFor('the cockpit live', isLive, 60_000);
    const { price, qty } = await placeRestingBuyIn(tty, 'BTCUSDT');
    await tty.waitFor('the order in Open orders', (s) => count(s, 'Open orders') === 1);
    tty.type('C');
    await tty.waitFor('the cancel-all question', (s) => s.includes('Cancel ALL 1 open order?'));
    tty.type('y');
    await tty.waitFor('no open orders', (s) => count(s, 'Open orders') === 0);
    tty.type(':q');
    tty.press('Enter');
    await tty.waitFor('the program exited', (s) => s.includes('QD_EXIT='), 30_000);
    expect(tty.lastScreen).toContain('QD_EXIT=0');

    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: run.dir, XDG_STATE_HOME: join(run.dir, 'state') };
    const out = await outputOf(spawn(process.execPath, [join(ROOT, 'bin/quantdeck.js'), 'journal'], { cwd: ROOT, env }));
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const rows = out.stdout.trimEnd().split('\n').slice(1);
    const intent = `buy ${escaped(qty)} BTCUSDT limit ${escaped(price)}`;
    const outcomes = rows.map((r) => {
      const m = new RegExp(`^\\S+\\s+(\\S+)\\s+binance-usdm sim\\s+(\\S+)\\s+${intent}\\s+(.*)$`).exec(r);
      if (m === null) throw new Error(`not a row of the buy:\n${out.stdout}`);
      return { account: m[1], id: m[2], outcome: m[3]?.replace(/ \(venue \d+\)/, '') };
    });
    expect(new Set(outcomes.map((o) => o.id)).size).toBe(1);
    expect(new Set(outcomes.map((o) => o.account))).toEqual(new Set(['demo']));
    expect(outcomes.map((o) => o.outcome)).toEqual(['intent', 'sent #1', 'acked new', 'cancel (cancel-all)', 'closed canceled']);
  }, 180_000);
});
