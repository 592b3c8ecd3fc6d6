// Prompts on a real pseudo-terminal (util-linux `script`): secrets typed with echo off never appear
// in the terminal's output; the mainnet confirmation wants the account name typed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { needs, runs } from '../support/system-program.js';
import { REPO, tempHome } from './cli.js';

const hasScript = needs({ what: 'the `script` program (a pseudo-terminal)', debian: 'bsdutils', present: runs('script') });

/** Runs `command` on a pty; answers each prompt (in order) only once it has been written. */
function onPty(
  command: string,
  env: Record<string, string>,
  answers: Array<[string, string]>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: REPO,
      env: { ...env, TERM: 'dumb' },
      stdio: 'pipe',
    });
    let out = '';
    const pending = [...answers];
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const next = pending[0];
      // Answer after the prompt is out, like a person: typed-ahead input would be echoed by the
      // terminal before the program turns echo off.
      if (next !== undefined && out.includes(next[0])) {
        pending.shift();
        setTimeout(() => child.stdin.write(`${next[1]}\r`), 50);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pty run timed out: ${out}`));
    }, 120_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe.runIf(hasScript)('prompts on a terminal', () => {
  const home = tempHome();
  afterAll(() => home.cleanup());

  it('keys add asks for each secret and the passphrase with echo off', async () => {
    const key = 'TTYKEY1234567890abcdef';
    const secret = 'TTYSECRET0987654321fedcba';
    const pass = 'tty pass phrase 42';
    const out = await onPty(
      'node --import tsx src/cli.tsx keys add tty-key --venue binance --env sim --store file',
      home.env,
      [
        // The passphrase first: a failure there happens before any key material is typed.
        ['passphrase for', pass],
        ['same passphrase again', pass],
        ['api-key (input hidden', key],
        ['api-secret (input hidden', secret],
      ],
    );
    expect(out).toContain("stored binance sim key 'tty-key'");
    expect(out).toContain('key id TTYK…cdef');
    for (const typed of [key, secret, pass]) expect(out).not.toContain(typed);
    const profile = JSON.parse(readFileSync(`${home.env['XDG_CONFIG_HOME']}/quantdeck/profile.json`, 'utf8'));
    expect(profile.keys['tty-key'].keyId).toBe('TTYK…cdef');
  });

  it('mainnet start needs the account name typed', async () => {
    const [right, wrong] = await Promise.all([
      onPty('node --import tsx test/custody/fixtures/confirm-live.ts', home.env, [
        ['Type the account name', 'main-acct'],
      ]),
      onPty('node --import tsx test/custody/fixtures/confirm-live.ts', home.env, [
        ['Type the account name', 'main'],
      ]),
    ]);
    expect(right).toContain('MAINNET');
    expect(right).toContain('confirmed=true');
    expect(wrong).toContain('confirmed=false');
  });
});
