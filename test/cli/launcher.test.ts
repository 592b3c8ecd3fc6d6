/**
 * `bin/quantdeck.js` is the program itself: one process running the bundled entry, so a signal sent
 * to its pid stops the program, and descriptors the shell opened reach it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedHome } from '../support/isolated-home.js';
import { outputOf } from '../support/child-output.js';

const ROOT = resolve(import.meta.dirname, '../..');
const LAUNCHER = join(ROOT, 'bin', 'quantdeck.js');
const { home, env } = isolatedHome('qd-launcher-');

/** The pids whose parent is `pid` (read from /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A shell line (for `3< <(…)`), its stdin piped and closed. */
function shell(line: string, stdin: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  return outputOf(spawn('bash', ['-c', line], { cwd: ROOT, env: { ...env, ...extraEnv, NODE: process.execPath } }), stdin);
}

describe('the quantdeck launcher', () => {
  it('kill -TERM of a running `quantdeck sim` leaves no process and no listening port', {
    timeout: 120_000,
  }, async () => {
    const child = spawn(process.execPath, [LAUNCHER, 'sim', '--port', '0'], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const port = await new Promise<number>((done, fail) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        const match = /sim listening rest=http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
        if (match !== null) done(Number(match[1]));
      });
      child.once('exit', () => fail(new Error(`sim exited before listening: ${stderr}`)));
    });
    const pid = child.pid as number;
    // One process: the program is the launcher's own pid, with no node child under it.
    expect(childrenOf(pid)).toEqual([]);
    expect(await portOpen(port)).toBe(true);
    process.kill(pid, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(await portOpen(port)).toBe(false);
    expect(stderr).toContain('sim stopped');
  });

  it('--passphrase-fd 3 opened by the shell reaches the program through the launcher', {
    timeout: 120_000,
  }, async () => {
    const file = join(home, 'bn.qdkey');
    const keys = `"$NODE" ${LAUNCHER} keys`;
    const material = 'api-key: launcher-key-0a1b2c3d\napi-secret: launcher-secret-4e5f6a7b\n';
    const add = await shell(
      `${keys} add bn --venue binance --env testnet --store file --file ${file} --passphrase-fd 3 3< <(printf %s "$PASS")`,
      material,
      { PASS: 'correct horse battery staple' },
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    // The passphrase really arrived: rotate proves it on the old file first.
    const wrong = await shell(`${keys} rotate bn --passphrase-fd 3 3< <(printf %s "$PASS")`, material, {
      PASS: 'not the passphrase at all',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/passphrase/i);
    const right = await shell(`${keys} rotate bn --passphrase-fd 3 3< <(printf %s "$PASS")`, material, {
      PASS: 'correct horse battery staple',
    });
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
  });
});
