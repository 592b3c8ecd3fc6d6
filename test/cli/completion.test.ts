/**
 * `quantdeck completion bash|zsh`, run by the real shells: the script is sourced, the shell's own
 * completion variables are set as they are at a Tab, and what the function offers is read back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bashCompletion, zshCompletion } from '../../src/cli/completion.js';
import { needs, runs } from '../support/system-program.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'qd-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(dir, 'quantdeck.bash');
writeFileSync(script, bashCompletion());
writeFileSync(join(dir, 'keys.json'), '{}');

/** What bash offers after `words` (the last one is the word being completed). */
function complete(...words: string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '-c',
      `source '${script}'; cd '${dir}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _quantdeck; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter((l) => l !== '');
}

const hasZsh = needs({ what: 'zsh', debian: 'zsh', present: runs('zsh', ['-c', 'true']) });

describe('shell completion', () => {
  it("bash: subcommands, then each command's own options", () => {
    expect(complete('quantdeck', '')).toEqual(['sim', 'keys', 'doctor', 'chaos', 'journal', 'backtest', 'completion']);
    expect(complete('quantdeck', 'k')).toEqual(['keys']);
    expect(complete('quantdeck', 'keys', '')).toEqual(['add', 'gen', 'list', 'rm', 'check', 'rotate']);
    expect(complete('quantdeck', 'keys', 'add', 'bn', '--p')).toEqual(['--passphrase-fd']);
    expect(complete('quantdeck', 'keys', 'ls', '--')).toEqual(['--json', '--help']);
    expect(complete('quantdeck', 'sim', '--t')).toEqual(['--tick-ms', '--tls']);
    expect(complete('quantdeck', '--l')).toEqual(['--live', '--log-level']);
  });

  it('bash: values with a fixed or suggested set, and file names where a value is a file', () => {
    expect(complete('quantdeck', '--env', '')).toEqual(['sim', 'testnet', 'demo', 'mainnet']);
    expect(complete('quantdeck', '--venue', 'o')).toEqual(['okx']);
    expect(complete('quantdeck', 'sim', '--regime', '')).toEqual(['calm', 'volatile']);
    expect(complete('quantdeck', 'keys', 'add', 'x', '--store', '')).toEqual(['keyring', 'file']);
    expect(complete('quantdeck', 'chaos', '--keys', 'ke')).toEqual(['keys.json']);
    expect(complete('quantdeck', 'completion', '')).toEqual(['bash', 'zsh']);
    // A free-form value (a key reference) offers nothing rather than guessing.
    expect(complete('quantdeck', '--key', '')).toEqual([]);
  });

  it('`quantdeck completion bash` prints the script on stdout, exit 0; a bad shell is refused (exit 2)', () => {
    const ok = spawnSync(process.execPath, ['bin/quantdeck.js', 'completion', 'bash'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(bashCompletion());
    const bad = spawnSync(process.execPath, ['bin/quantdeck.js', 'completion', 'fish'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("SHELL: 'fish' is not one of bash, zsh");
  });

  it.runIf(hasZsh)(
    'zsh: the same function through bashcompinit (needs the Debian package zsh)',
    () => {
      const file = join(dir, 'quantdeck.zsh');
      writeFileSync(file, zshCompletion());
      const out = execFileSync(
        'zsh',
        [
          '-c',
          `source '${file}'; COMP_WORDS=(quantdeck keys add x --store ''); COMP_CWORD=5; _quantdeck; print -l -- "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8', env: { ...process.env, HOME: dir } },
      );
      expect(out.split('\n').filter((l) => l !== '')).toEqual(['keyring', 'file']);
    },
  );
});
