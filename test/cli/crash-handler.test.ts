/**
 * Every subcommand runs under the crash handler, not only the cockpit: an uncaught exception ends
 * with one scrubbed line on stderr naming the log file, and the details (redacted) go to the log —
 * never Node's dump of the error's properties, which may hold a request's headers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'PLANTEDcrashKEY0123456789abcdef';
const home = mkdtempSync(join(tmpdir(), 'qd-crash-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function crash(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        join(ROOT, 'test/cli/fixtures/crash-on-first-output.mjs'),
        join(ROOT, 'bin/quantdeck.js'),
        ...args,
      ],
      {
        cwd: home,
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: home,
          XDG_CONFIG_HOME: join(home, 'config'),
          XDG_STATE_HOME: join(home, 'state'),
          QD_PLANTED_SECRET: SECRET,
        },
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
    child.stdin.end();
  });
}

describe('the crash handler', () => {
  it.each([
    [['keys', 'list']],
    [['doctor']],
    [['sim', '--port', '0']],
    [['chaos', '--venue', 'no-such-venue']],
  ])('covers quantdeck %j', { timeout: 120_000 }, async (args) => {
    const r = await crash(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /quantdeck crashed \(uncaughtException\): Error: planted crash\ndetails in \S+quantdeck\.log/,
    );
    expect(r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const log = readFileSync(join(home, 'state', 'quantdeck', 'quantdeck.log'), 'utf8');
    expect(log).toContain('planted crash');
    expect(log).not.toContain(SECRET);
  });
});
