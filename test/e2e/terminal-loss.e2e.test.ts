/**
 * The terminal lost under the cockpit, for real: a standalone `quantdeck sim` (so the venue outlives
 * the cockpit), the cockpit in a tmux window trading on it with an order resting and the dead-man
 * armed, then tmux's server killed — the pty hung up and SIGHUP sent, as when an SSH link drops.
 * The cockpit must end in order: "terminal lost" in its log, the dead-man left armed, exit 0 (no
 * `write EIO` crash, exit 1; no Node assertion on the dead terminal, exit 134). The order is still
 * open on the venue right after, and the venue cancels it when the dead-man expires.
 *
 * The window runs `trap : HUP; node bin/quantdeck.js …; echo $? > FILE`: the shell outlives the
 * hang-up long enough to write the program's exit code.
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../support/system-program.js';
import { count, isLive, placeRestingBuyIn, ROOT, TMUX } from './cockpit-run.js';
import { cockpitEnv, type Sim, startSim, until } from './standalone-sim.js';
import { TmuxWindow } from './tmux.js';

const hasTmux = needs({ what: 'tmux', debian: 'tmux', present: TMUX !== undefined });

/** Long enough that the order is surely still open when the cockpit has gone, short for the test. */
const DEADMAN_S = 15;

/** The venue's own answer: the account's open orders (signed GET /fapi/v1/openOrders). */
async function openOrders(sim: Sim): Promise<unknown[]> {
  // Per symbol: weight 1 (all symbols weigh 40, and polling that trips the venue's limit).
  const query = `symbol=BTCUSDT&timestamp=${Date.now()}&recvWindow=60000`;
  const signature = createHmac('sha256', sim.apiSecret).update(query).digest('hex');
  const r = await fetch(`${sim.rest}/fapi/v1/openOrders?${query}&signature=${signature}`, {
    headers: { 'X-MBX-APIKEY': sim.apiKey },
  });
  if (r.status !== 200) throw new Error(`openOrders: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as unknown[];
}

describe.runIf(hasTmux)('a lost terminal (tmux kill-server) ends the cockpit in order', () => {
  let sim: Sim;
  let dir: string;
  let tty: TmuxWindow | undefined;
  const exitFile = () => join(dir, 'exit-code');
  const logFile = () => join(dir, 'state', 'quantdeck', 'quantdeck.log');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qd-hangup-'));
    sim = await startSim();
  }, 120_000);

  afterAll(() => {
    tty?.kill();
    sim?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the dead-man armed, logs why, exits 0, and the venue cancels on expiry', async () => {
    const env = cockpitEnv(dir, sim, 'QD_LOSS');
    const command =
      `trap : HUP; env -u CI node bin/quantdeck.js --sim-url ${sim.rest} --key env:QD_LOSS ` +
      `--dead-man ${DEADMAN_S}; echo $? > ${exitFile()}`;
    tty = new TmuxWindow({ name: `qd-hangup-${process.pid}-${Date.now().toString(36)}`, columns: 100, rows: 30, command, env, cwd: ROOT });

    await tty.waitFor('the cockpit live on the running sim', isLive, 60_000);
    await tty.waitFor('the dead-man armed', (s) => /dead-man \d+s/.test(s), 20_000);
    await placeRestingBuyIn(tty, 'BTCUSDT');
    await tty.waitFor('the order resting', (s) => count(s, 'Open orders') === 1 && /BUY\s+LMT\s.*\bnew\b/.test(s));
    expect(await openOrders(sim)).toHaveLength(1);

    tty.kill();
    tty = undefined;
    const code = await until('the cockpit to exit', () => (existsSync(exitFile()) ? readFileSync(exitFile(), 'utf8').trim() : undefined), 20_000);
    // 0: in order. 1 would be the crash handler (write EIO), 134 Node's assertion on the dead tty.
    expect(code).toBe('0');
    // The cockpit did not cancel it: the order rests until the venue's timer runs out.
    expect(await openOrders(sim)).toHaveLength(1);

    const log = readFileSync(logFile(), 'utf8');
    const lines = log.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { msg?: string; reason?: string; text?: string });
    const at = (test: (l: (typeof lines)[number]) => boolean) => lines.findIndex(test);
    const lost = at((l) => l.msg === 'terminal lost');
    const leftArmed = at((l) => (l.msg ?? '').includes('dead-man left armed') || (l.text ?? '').includes('dead-man left armed'));
    const ended = at((l) => l.msg === 'session ended');
    expect(lost, 'a "terminal lost" line').toBeGreaterThanOrEqual(0);
    expect(lines[lost]?.reason).toMatch(/SIGHUP|EIO|end of input/);
    expect(leftArmed, 'the dead-man left armed after the loss').toBeGreaterThan(lost);
    expect(ended, 'the session ended after that').toBeGreaterThan(leftArmed);
    // The loss may be seen first as a failed write (EIO): named as the reason, never as a crash or
    // an error anywhere else.
    expect(lines.filter((l) => l.msg === 'crash')).toEqual([]);
    const elsewhere = lines.filter((l) => l.msg !== 'terminal lost' && l.msg !== 'session ended' && JSON.stringify(l).includes('write EIO'));
    expect(elsewhere).toEqual([]);

    // The venue outlived the cockpit and cancels the order when the switch expires.
    await until('the venue to cancel on expiry', async () => ((await openOrders(sim)).length === 0 ? true : undefined), DEADMAN_S * 1000 + 20_000);
  }, 180_000);
});
