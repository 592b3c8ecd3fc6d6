/**
 * End to end in a real terminal: `npm start` (no flags: the local venue, SIM) in a detached
 * 100x30 tmux window, driven with keys like a trader, asserted on what the screen shows.
 *
 * CI is removed from the program's environment: ink renders only the last frame under CI.
 * tmux missing: skipped with a message naming the Debian package, except under CI (which
 * installs it, see .ci/run), where a missing tmux is a failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TmuxWindow, tmuxVersion } from './tmux.js';

const ROOT = resolve(import.meta.dirname, '../..');
const version = tmuxVersion();
const underCi = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';

if (version === undefined && !underCi) {
  console.warn('cockpit e2e skipped: tmux is not installed (Debian package: tmux — apt-get install tmux)');
}

describe.runIf(version === undefined && underCi)('cockpit end to end (CI)', () => {
  it('has tmux', () => {
    expect.fail('tmux is not installed but CI is set: .ci/run installs the Debian package tmux');
  });
});

/** The numbers of the Market pane's "bid × ask" line. */
function bestBid(screen: string): number | undefined {
  const m = /(\d+\.\d+) × (\d+\.\d+)/.exec(screen);
  return m === null ? undefined : Number(m[1]);
}

/** The ticket's size after a preset key: "size 0.004 (preset 2)". */
function ticketSize(screen: string): string | undefined {
  return /size (\d+(?:\.\d+)?) \(preset \d\)/.exec(screen)?.[1];
}

const escaped = (decimal: string) => decimal.replace('.', '\\.');

/** The row count a pane title shows: "Open orders (2)". */
function count(screen: string, pane: string): number {
  const m = new RegExp(`${pane} \\((\\d+)\\)`).exec(screen);
  return m === null ? -1 : Number(m[1]);
}

describe.runIf(version !== undefined)('cockpit end to end in tmux (npm start, SIM)', () => {
  const name = `qd-e2e-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'qd-e2e-'));
  const logFile = join(dir, 'state', 'quantdeck', 'quantdeck.log');
  let tty: TmuxWindow;
  // The size of the first order and of the crossing one (preset 2, whatever the presets are).
  let qty = '';

  beforeAll(() => {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
    delete env['CI'];
    // `env -u CI` too: a tmux server started elsewhere would hand its own environment down.
    const command =
      `env -u CI XDG_STATE_HOME=${join(dir, 'state')} XDG_CONFIG_HOME=${join(dir, 'config')} ` +
      'npm_config_update_notifier=false npm start --silent; echo "QD_EXIT=$?"; sleep 600';
    tty = new TmuxWindow({ name, columns: 100, rows: 30, command, env, cwd: ROOT });
  });

  afterAll(() => {
    tty?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the cockpit marked SIM, then goes live against the local venue', async () => {
    // Generous bounds: on a loaded box, npm + tsx + ink start-up alone can take many seconds.
    await tty.waitFor(
      'the first frame, marked SIM',
      (s) => s.includes('QUANTDECK') && s.includes(' SIM '),
      40_000,
    );
    const live = await tty.waitFor(
      'both sockets live and a price',
      (s) => /user\s+● live/.test(s) && /market\s+● live/.test(s) && bestBid(s) !== undefined,
      30_000,
    );
    expect(live).toContain('binance-usdm');
    expect(live).toContain('BTCUSDT');
    expect(live).toMatch(/key HMAC-SHA256 · sim demo/);
    expect(live).not.toMatch(/Error|TypeError|at .*\.tsx?:\d+/);
  }, 90_000);

  it('renders at 80x24 and back at 100x30 (a resize keeps it whole)', async () => {
    tty.resize(80, 24);
    const small = await tty.waitFor('the 80x24 frame', (s) => {
      const lines = s.split('\n');
      return (
        lines[0]?.includes('QUANTDECK') === true &&
        lines.every((l) => l.length <= 80) &&
        s.includes('Open orders')
      );
    });
    expect(small).toContain('SIM');
    expect(small).toContain('Fills');
    expect(small).not.toMatch(/Error|TypeError/);
    tty.resize(100, 30);
    await tty.waitFor('the 100x30 frame again', (s) => s.includes('Rate budget') && s.includes('Positions'));
  });

  it('places a limit order with keys and shows it in Open orders', async () => {
    const bid = bestBid(tty.screen());
    expect(bid).toBeDefined();
    // 2 % under the bid: rests (calm regime) yet inside the venue's percent-price band.
    const price = String(Math.floor((bid as number) * 0.98));
    tty.type('b');
    await tty.waitFor('the buy ticket', (s) => /BUY\s+BTCUSDT limit/.test(s));
    tty.type('2'); // size preset 2
    qty = ticketSize(await tty.waitFor('preset 2', (t) => /\(preset 2\)/.test(t))) as string;
    expect(qty).toMatch(/^\d+(\.\d+)?$/);
    tty.type('p');
    await tty.waitFor('price entry', (s) => s.includes('type digits'));
    tty.type(price);
    tty.press('Enter');
    await tty.waitFor('the typed price in the ticket', (s) => s.includes(`price ${price}`));
    tty.press('Enter');
    const shown = await tty.waitFor(
      'the order in Open orders',
      (s) => count(s, 'Open orders') === 1 && /BUY\s+LMT\s/.test(s),
    );
    expect(shown).toMatch(new RegExp(`BUY\\s+LMT\\s+${escaped(qty)}\\s+${price}\\b.*\\bnew\\b`));
  });

  it('crosses with a market order: the fill shows in Fills and the position in Positions', async () => {
    tty.type('b');
    await tty.waitFor('the buy ticket', (s) => /BUY\s+BTCUSDT limit/.test(s));
    tty.type('2');
    await tty.waitFor('preset 2', (t) => ticketSize(t) === qty);
    tty.type('m');
    await tty.waitFor('a market ticket', (s) => /BUY\s+BTCUSDT market/.test(s));
    tty.press('Enter');
    const filled = await tty.waitFor(
      'the fill and the position',
      (s) =>
        count(s, 'Fills') >= 1 &&
        count(s, 'Positions') === 1 &&
        new RegExp(`BTCUSDT\\s+${escaped(qty)}\\s`).test(s),
    );
    expect(filled).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d BUY\\s+${escaped(qty)}\\s+\\d+\\.\\d+ qd`));
    expect(count(filled, 'Open orders')).toBe(1);
  });

  it('a socket drop from the fault menu: reconnecting → live, with the fills intact', async () => {
    const before = tty.screen();
    const fills = count(before, 'Fills');
    tty.type('f');
    await tty.waitFor('the faults menu', (s) => s.includes('Faults (SIM)') && s.includes('drop-socket'));
    tty.type('1');
    const back = await tty.waitFor(
      'both sockets live again after a reconnect',
      (s) => /user\s+● live [^↻\n]*↻\d/.test(s) && /market\s+● live [^↻\n]*↻\d/.test(s),
    );
    expect(back).toContain('dropped 2 sockets');
    expect(count(back, 'Fills')).toBe(fills);
    expect(back).toMatch(new RegExp(`BTCUSDT\\s+${escaped(qty)}\\s`));
    expect(count(back, 'Open orders')).toBe(1);
    // The transitions themselves, from the event log view.
    tty.type('l');
    const log = await tty.waitFor('the log view', (s) => s.includes('Log ('));
    const reconnecting = log.search(/user socket reconnecting/);
    const liveAgain = log.lastIndexOf('user socket live');
    expect(reconnecting).toBeGreaterThan(-1);
    expect(liveAgain).toBeGreaterThan(reconnecting);
    tty.type('q');
    await tty.waitFor('the main screen', (s) => s.includes('Rate budget'));
  });

  it('asks before quitting while an order is open, and any key but y stays', async () => {
    tty.type(':q');
    tty.press('Enter');
    await tty.waitFor('the quit question', (s) => /1 order is still open.*Quit anyway\?/.test(s));
    tty.type('n');
    const stayed = await tty.waitFor('not quitting', (s) => s.includes('not quitting'));
    expect(count(stayed, 'Open orders')).toBe(1);
  });

  it('cancels everything with C y', async () => {
    tty.type('C');
    await tty.waitFor('the cancel-all question', (s) => s.includes('Cancel ALL 1 open order?'));
    tty.type('y');
    const done = await tty.waitFor('no open orders', (s) => count(s, 'Open orders') === 0);
    expect(done).toMatch(/order qd\w+ canceled/);
  });

  it('quits with confirmation (Ctrl-C, y) and shuts down cleanly', async () => {
    // A resting order again, so that quitting asks.
    const bid = bestBid(tty.screen()) as number;
    tty.type('b');
    await tty.waitFor('the buy ticket', (s) => /BUY\s+BTCUSDT limit/.test(s));
    tty.type('2p');
    await tty.waitFor('price entry', (s) => s.includes('type digits'));
    tty.type(String(Math.floor(bid * 0.98)));
    tty.press('Enter', 'Enter');
    await tty.waitFor('the order in Open orders', (s) => count(s, 'Open orders') === 1);
    tty.press('C-c');
    await tty.waitFor('the quit question', (s) => s.includes('Quit anyway?'));
    tty.type('y');
    await tty.waitFor('the program exited', (s) => s.includes('QD_EXIT='), 20_000);
    expect(tty.lastScreen).toContain('QD_EXIT=0');
    const log = readFileSync(logFile, 'utf8');
    // Clean exit: the dead-man's switch was disarmed, the sockets closed, the session ended.
    expect(log).toMatch(/"type":"deadman"[^\n]*"armed":false/);
    expect(log).toMatch(/"state":"closed","reason":"session ended"/);
    expect(log).toContain('"msg":"session ended"');
    expect(log).toContain('"msg":"first frame"');
  });
});
