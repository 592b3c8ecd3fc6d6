/**
 * `--passphrase-fd N` through the real launcher, with descriptors set up by a real shell: the
 * caller's pipe or file is read (to its first line) without being closed; Node's own descriptors
 * (its epoll queue, its signal pipes) and descriptors that are not open are refused at once, before
 * any key material is read (stdin is left open: reading it first would hang); a writer that never
 * writes meets a timeout; core dumps are off while the secret is held.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedHome } from '../support/isolated-home.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { home, env: homeEnv } = isolatedHome('qd-passfd-');

const env = {
  ...homeEnv,
  NODE: process.execPath,
  LAUNCHER: join(ROOT, 'bin', 'quantdeck.js'),
};
const MATERIAL = 'api-key: fd-test-key-0a1b2c3d\napi-secret: fd-test-secret-4e5f6a7b\n';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/**
 * `prelude` sets up descriptors in bash, then execs `quantdeck keys add NAME … --passphrase-fd N`.
 * `stdin`: written and closed, or (undefined) left open so that reading it would never end.
 */
function keysAdd(
  name: string,
  fd: number,
  prelude: string,
  options: { stdin?: string; env?: Record<string, string>; whileRunning?: (pid: number) => void } = {},
): Promise<Run> {
  const file = join(home, `${name}.qdkey`);
  const line = `${prelude}\nexec "$NODE" "$LAUNCHER" keys add ${name} --venue binance --env testnet --store file --file ${file} --passphrase-fd ${fd}`;
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', line], { cwd: home, env: { ...env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      child.stdin.destroy();
      done({ code, signal, stdout, stderr, pid: child.pid as number });
    });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    options.whileRunning?.(child.pid as number);
  });
}

describe('--passphrase-fd', () => {
  it.each([
    // Which of Node's descriptors sits at 4 and 6 (epoll queue, signal pipe ends) varies with the
    // runtime; each is refused as Node's own.
    [6, /^quantdeck keys: file descriptor 6 .*one of Node's own/],
    [4, /^quantdeck keys: file descriptor 4 .*one of Node's own/],
    [40, /file descriptor 40 is not open/],
    [1, /file descriptor 1 is stdin, stdout or stderr/],
  ])("refuses fd %i (Node's own, or not open) before reading any key material", async (fd, message) => {
    const r = await keysAdd(`refused-${fd}`, fd, ':');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(home, `refused-${fd}.qdkey`))).toBe(false);
  });

  it('reads the first line of a pipe the writer keeps open', async () => {
    // fd 3 is a FIFO held read-write by the shell: it never ends, so only the newline can end the read.
    const fifo = join(home, 'open.fifo');
    const r = await keysAdd(
      'kept-open',
      3,
      `mkfifo ${fifo}; exec 3<>${fifo}; printf 'correct horse battery staple\\nignored\\n' >&3`,
      { stdin: MATERIAL },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(home, 'kept-open.qdkey'))).toBe(true);
  });

  it('reads a file given as 3<file', async () => {
    const r = await keysAdd(
      'from-file',
      3,
      `printf 'correct horse battery staple' > pass.txt; exec 3<pass.txt`,
      { stdin: MATERIAL },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('gives up on a writer that never writes (QUANTDECK_PASSPHRASE_TIMEOUT), with core dumps off meanwhile', async () => {
    const fifo = join(home, 'silent.fifo');
    let filter = '';
    const r = await keysAdd('silent', 3, `mkfifo ${fifo}; exec 3<>${fifo}`, {
      env: { QUANTDECK_PASSPHRASE_TIMEOUT: '2' },
      whileRunning: (pid) => {
        // The shell execs quantdeck in place: same pid. Read the filter while it waits.
        const poll = () => {
          try {
            filter = readFileSync(`/proc/${pid}/coredump_filter`, 'utf8').trim();
          } catch {
            return; // exited
          }
          if (filter !== '00000000') setImmediate(poll);
        };
        poll();
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no passphrase line arrived on file descriptor 3 within 2 s/);
    expect(filter).toBe('00000000');
  });
});
