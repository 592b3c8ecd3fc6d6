/**
 * Command-line conventions, through the real launcher: `-h` on every command prints its help on
 * stdout with exit 0; `--version`; `npm run bench -- --help` prints its usage instead of running;
 * piped stdout (`quantdeck | cat`) is refused with one line, as a missing terminal is.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedHome } from '../support/isolated-home.js';
import { allCommands } from '../../src/cli/commands.js';
import { outputOf } from '../support/child-output.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { home, env } = isolatedHome('qd-conventions-');

function run(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return outputOf(spawn(command, args, { cwd: ROOT, env }));
}

const quantdeck = (args: string[]) => run(process.execPath, [join(ROOT, 'bin/quantdeck.js'), ...args]);
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe('command-line conventions', () => {
  it.each(allCommands().map((spec) => [spec.command]))(
    '%s -h: its help on stdout, exit 0',
    { timeout: 120_000 },
    async (command) => {
      const words = command.split(' ').slice(1);
      const r = await quantdeck([...words, '-h']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^usage: ${command}( |$)`));
      expect(r.stdout).toContain('-h, --help');
    },
  );

  it('quantdeck keys --help lists its commands; --version prints the version', async () => {
    const keys = await quantdeck(['keys', '--help']);
    expect(keys.code).toBe(0);
    for (const sub of ['add', 'list', 'rm', 'check', 'rotate'])
      expect(keys.stdout).toContain(`quantdeck keys ${sub}`);
    const version = await quantdeck(['--version']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version).toEqual({ code: 0, stdout: `quantdeck ${pkg.version}\n`, stderr: '' });
  });

  it('npm run bench -- --help prints the usage and runs nothing', { timeout: 120_000 }, async () => {
    const r = await run(process.execPath, ['--import', 'tsx', 'test/bench/run.ts', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench -- \[NAME\.\.\.\] \[options\]/);
    expect(r.stdout).not.toContain('==');
  });

  it.skipIf(!hasTmux && process.env['CI'] === undefined)(
    'quantdeck | cat (stdout a pipe, stdin a terminal) is refused with one line, exit 1 (needs the Debian package tmux)',
    { timeout: 120_000 },
    async () => {
      expect(hasTmux, 'tmux is not installed: apt-get install tmux').toBe(true);
      const rc = join(home, 'rc');
      const session = `qd-pipe-${process.pid}`;
      const line = `set -o pipefail; '${process.execPath}' '${join(ROOT, 'bin/quantdeck.js')}' 2>'${home}/err' | cat >'${home}/out'; echo $? >'${rc}.tmp'; mv '${rc}.tmp' '${rc}'`;
      // ink draws only its last frame when CI is set: the program runs as a person would run it.
      const tmuxEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
      delete tmuxEnv['CI'];
      spawnSync('tmux', ['new-session', '-d', '-s', session, '-x', '100', '-y', '30', 'bash', '-c', line], {
        env: tmuxEnv,
      });
      try {
        await new Promise<void>((done) => {
          const poll = () => (existsSync(rc) ? done() : setTimeout(poll, 50));
          poll();
        });
      } finally {
        spawnSync('tmux', ['kill-session', '-t', session]);
      }
      expect(readFileSync(rc, 'utf8').trim()).toBe('1');
      const err = readFileSync(join(home, 'err'), 'utf8').trim().split('\n');
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^quantdeck: the cockpit needs an interactive terminal: stdout is not a TTY/);
      expect(readFileSync(join(home, 'out'), 'utf8')).toBe('');
    },
  );
});
