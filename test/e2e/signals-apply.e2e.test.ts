/**
 * An apply end to end in a real terminal (issue #21: "in sim, a proposal appears, Enter shows its
 * orders, y places its bracket"): `npm start -- --signals-demo --seed 2` in a detached tmux window.
 * The demo's planted trend (docs/sim.md §Trend) lets the breakout gate pass out of sample, the rules
 * model signals buy, and an APPLY appears in the Signals pane. Enter shows the entry (a marketable
 * limit: the signal's price plus its chase, docs/signals.md §Gatekeeper), the stop and the target,
 * and where the entry stands against the ask now; y sends the entry once that line says it takes
 * the ask (a resting entry is a proposal the market left: it expires and comes back at the new
 * price). Then the entry fills and the stop and the target rest on the venue, reduce-only, on the
 * selling side, at the prices Enter showed. Every wait is a screen condition, never a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { type CockpitRun, escaped, isLive, startCockpitRun, TMUX } from './cockpit-run.js';
import type { TmuxWindow } from './tmux.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

/** An open apply's row in the Signals pane. */
const OPEN_APPLY = /^[> ] (demo-p\d+) APPLY (\S+) buy BTCUSDT (\S+) · 3 order\(s\) · open/m;

/** A price as a pane pads it: trailing zeros, or a whole number's decimals. */
const price = (p: string) => `${escaped(p)}${p.includes('.') ? '0*' : '(?:\\.0+)?'}`;

interface Shown {
  id: string;
  screen: string;
}

/**
 * Chooses the newest open apply, opens it (Enter) and waits until its entry takes the ask; a
 * proposal that expires or was sent meanwhile, or a list that moved under the cursor, is tried again.
 */
async function openTakingApply(tty: TmuxWindow): Promise<Shown> {
  for (let attempt = 1; ; attempt++) {
    const pane = await tty.waitFor('an open apply in the Signals pane', (s) => s.includes('Signals · BTCUSDT') && OPEN_APPLY.test(s), 240_000);
    const rows = pane.split('\n').filter((l) => /^[> ] demo-p\d+ /.test(l));
    const at = rows.findIndex((l) => OPEN_APPLY.test(l));
    const cursor = Math.max(0, rows.findIndex((l) => l.startsWith('> ')));
    const id = OPEN_APPLY.exec(rows[at]!)![1]!;
    for (let i = cursor; i < at; i++) tty.type('j');
    for (let i = cursor; i > at; i--) tty.type('k');
    const chosen = await tty.waitFor(`${id} chosen`, (s) => s.includes(`> ${id} `) || !s.includes(`${id} APPLY`), 5_000).catch(() => '');
    if (!chosen.includes(`> ${id} `)) continue;
    tty.press('Enter');
    // Its orders, then where its entry stands: it takes the ask, or the proposal ends (expired, q back).
    const screen = await tty.waitFor(
      `${id}: the entry taking the ask`,
      (s) => s.includes(`Proposal ${id}`) && (s.includes('the entry takes it at once') || !s.includes('y send · n decline')),
      90_000,
    );
    if (screen.includes('the entry takes it at once') && screen.includes('y send · n decline')) return { id, screen };
    if (attempt >= 6) throw new Error(`no apply whose entry took the ask after ${attempt} tries; last screen:\n${screen}`);
    tty.type('q');
    await tty.waitFor('back in the Signals pane', (s) => s.includes('Signals · BTCUSDT'));
  }
}

describe.runIf(hasTmux)('an apply end to end in tmux (SIM, --signals-demo)', () => {
  let run: CockpitRun;
  beforeAll(() => {
    run = startCockpitRun('e2e-signals-apply', ['--signals-demo', '--seed', '2'], { columns: 160, rows: 45 });
  });
  afterAll(() => run?.close());

  it('an apply appears, Enter shows entry, stop and target, y places the entry, it fills and the bracket rests', async () => {
    const { tty } = run;
    await tty.waitFor('the cockpit live, trending', (s) => s.includes(' SIM ') && isLive(s) && s.includes('calm + trend +30 bp/bar'), 90_000);
    tty.type('S');
    const { id, screen } = await openTakingApply(tty);
    const entry = /1\. buy (\d+\.\d+) BTCUSDT limit (\d+(?:\.\d+)?)\s*$/m.exec(screen);
    const stop = /2\. sell (\d+\.\d+) BTCUSDT stop (\d+(?:\.\d+)?) reduce-only {2}\(once the entry fills\)/.exec(screen);
    const target = /3\. sell (\d+\.\d+) BTCUSDT take-profit (\d+(?:\.\d+)?) reduce-only {2}\(once the entry fills\)/.exec(screen);
    expect(entry, screen).not.toBeNull();
    expect(stop, screen).not.toBeNull();
    expect(target, screen).not.toBeNull();
    const qty = entry![1]!;
    expect([stop![1], target![1]]).toEqual([qty, qty]);
    // The stop under the entry, the target over it (a long's bracket).
    expect(Number(stop![2])).toBeLessThan(Number(entry![2]));
    expect(Number(target![2])).toBeGreaterThan(Number(entry![2]));

    tty.type('y');
    await tty.waitFor('sent', (s) => new RegExp(`${id} APPLY .* · sent`).test(s));
    // The runner says so on the proposal's row once the entry filled and both legs were placed.
    await tty.waitFor('the entry filled, stop and target placed', (s) => new RegExp(`${id} APPLY .* · sent → qd\\S+ qd\\S+ qd\\S+ · entry filled; stop qd`).test(s), 240_000);
    tty.type('q');
    // On the main screen: the fill, the long, and the two legs resting on the venue at Enter's prices.
    const stopRow = new RegExp(`BTCUSDT\\s+SELL\\s+STP\\s+${escaped(qty)}\\s+@${price(stop![2]!)}\\s+0\\s+new\\s+R\\s`);
    const targetRow = new RegExp(`BTCUSDT\\s+SELL\\s+TP\\s+${escaped(qty)}\\s+@${price(target![2]!)}\\s+0\\s+new\\s+R\\s`);
    const main = await tty.waitFor(
      'the fill, the long and the bracket resting',
      (s) => /Fills \([1-9]\d*\)/.test(s) && /Open orders \(2\)/.test(s) && stopRow.test(s) && targetRow.test(s) && new RegExp(`BTCUSDT\\s+${escaped(qty)}\\s`).test(s),
      60_000,
    );
    expect(main).toMatch(/Protection \(2\) · stops cover 100%/);
    expect(main).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d BUY\\s+${escaped(qty)}\\s`));
  }, 600_000);
});
