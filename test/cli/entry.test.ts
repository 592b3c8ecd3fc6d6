/**
 * The real entry (`src/cli.tsx`) as a process: bad flags get the usage and exit 2; a session
 * that cannot start ends with one line on stderr and exit 1 — never a stack trace — and logs
 * go to the XDG state dir, not the terminal.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'qd-entry-'));
mkdirSync(join(dir, 'config', 'quantdeck'), { recursive: true });
writeFileSync(
  join(dir, 'config', 'quantdeck', 'profile.json'),
  JSON.stringify({
    version: 1,
    accounts: { main: { venue: 'binance', env: 'live', key: 'env:QD_ENTRY_MAIN' } },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], stdin = ''): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: dir,
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.tsx', ...args],
      { cwd: ROOT, env, timeout: 100_000 },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

/** `main` in this process, with its output captured (no TUI is reached in these cases). */
async function inProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const env = { HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

describe('quantdeck entry', () => {
  // Two real processes, started together (the cost is tsx's start-up); the rest run `main` here.
  // In-process ones one after the other: each opens (and closes) the process's log file.
  const help = inProcess(['--help']);
  const noKey = help.then(() => inProcess(['--env', 'testnet']));
  const emptyEnvKey = noKey.then(() => inProcess(['--env', 'testnet', '--key', 'env:QD_ENTRY_NOPE']));
  const mainnet = emptyEnvKey.then(() => inProcess(['--account', 'main']));
  // A desk goes through the desk's start (src/cli/desk.ts), with the same one-line refusals.
  const noGroup = mainnet.then(() => inProcess(['--group', 'nope']));
  const deskMainnet = noGroup.then(() => inProcess(['--accounts', 'main']));
  const demoNoTty = deskMainnet.then(() => inProcess(['--demo-desk']));
  const runs = { bogus: run(['--bogus']), noTty: run([]), help, noKey, emptyEnvKey, mainnet, noGroup, deskMainnet, demoNoTty };

  it('an unknown flag: the usage on stderr, exit 2', async () => {
    const r = await runs.bogus;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^quantdeck: unknown option --bogus/);
    expect(r.stderr).toContain('usage: quantdeck [options]');
    expect(r.stdout).toBe('');
    noStack(r.stderr);
  });

  it('--help: the usage on stdout, exit 0', async () => {
    const r = await runs.help;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--env sim|testnet|demo|mainnet');
  });

  it('testnet without a key: one line saying how to give one', async () => {
    const r = await runs.noKey;
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'quantdeck: testnet needs a key: --key env:PREFIX | keyring:NAME | file:PATH | cmd:COMMAND, or --account NAME (quantdeck keys add stores one)',
    ]);
  });

  it('an env: key whose variables are missing: custody names the variable, one line', async () => {
    const r = await runs.emptyEnvKey;
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('QD_ENTRY_NOPE_API_KEY');
    noStack(r.stderr);
  });

  it('a mainnet account without --live is refused before any key is read', async () => {
    const r = await runs.mainnet;
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "quantdeck: account 'main' is on MAINNET (real money): start again with --live to confirm you mean it",
    );
  });

  it('a desk: a group not in the profile, a mainnet account without --live, no terminal — one line each, exit 1', async () => {
    const noGroup = await runs.noGroup;
    expect([noGroup.code, noGroup.stderr.trim()]).toEqual([1, "quantdeck: no group 'nope' in the profile; groups.nope lists its accounts (docs/desk.md)"]);
    const mainnet = await runs.deskMainnet;
    expect([mainnet.code, mainnet.stderr.trim()]).toEqual([
      1,
      "quantdeck: account 'main' is on MAINNET (real money): start again with --live to confirm you mean it",
    ]);
    const demo = await runs.demoNoTty;
    expect(demo.code).toBe(1);
    expect(demo.stderr.trim().split('\n')).toHaveLength(1);
    expect(demo.stderr).toMatch(/^quantdeck: .*(terminal|TTY)/i);
    noStack(demo.stderr);
  });

  it('no terminal: one line, exit 1, and the local venue it started is closed again', async () => {
    const r = await runs.noTty;
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^quantdeck: .*(terminal|TTY)/i);
    noStack(r.stderr);
    expect(r.stdout).toBe('');
    // Logs went to the state dir's file.
    const log = join(dir, 'state', 'quantdeck', 'quantdeck.log');
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain('"msg":"session failed"');
  });
});
