// `cmd:` key references: a small script plays the secrets manager. Through the real CLI (`keys
// check` against the local venue) its key is used and its output reaches no log or terminal; a
// failing, missing, silent or hanging manager is named with why, and no shell ever reads the line.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { formatKeyRef, parseKeyRef, splitCommand } from '../../src/custody/key-ref.js';
import { loadCredentials } from '../../src/custody/load-credentials.js';
import { saveProfile, validateProfile } from '../../src/custody/profile.js';
import { logFilePath } from '../../src/log/xdg.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { assertNoSecrets } from '../support/secret-scan.js';
import { runCli, tempHome } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-cmd-'));
let sim: SimHandle;
let key: { apiKey: string; secret: string };

/** An executable script in the temp dir; its body runs under /bin/sh. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o700);
  return path;
}

const load = (argv: string[], env: Record<string, string> = {}) =>
  loadCredentials({ kind: 'cmd', argv }, { venue: 'binance-usdm', env: 'sim', processEnv: { PATH: process.env['PATH'] ?? '', ...env } });

beforeAll(async () => {
  sim = await startSim({ tickMs: 0, accounts: [{ name: 'managed', keys: [{ type: 'hmac' }] }] });
  const hmac = sim.accounts[0]?.hmac;
  if (hmac?.secret === undefined) throw new Error('sim account without an HMAC key');
  key = { apiKey: hmac.apiKey, secret: revealSecret(hmac.secret) };
}, 30_000);

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cmd: key references', () => {
  it('splits the line into words without a shell: quotes group, nothing else is special', () => {
    expect(splitCommand(`pass show 'quantdeck/bn test' "x y" $HOME;rm|*`)).toEqual([
      'pass',
      'show',
      'quantdeck/bn test',
      'x y',
      '$HOME;rm|*',
    ]);
    expect(splitCommand(`op read ''`)).toEqual(['op', 'read', '']);
    expect(() => splitCommand(`pass show 'open`)).toThrow(/unclosed ' quote/);
    expect(() => splitCommand('   ')).toThrow(/needs a command/);
    const ref = parseKeyRef(`cmd:vault kv get -field=quantdeck 'secret/bn test'`);
    expect(ref).toEqual({ kind: 'cmd', argv: ['vault', 'kv', 'get', '-field=quantdeck', 'secret/bn test'] });
    expect(parseKeyRef(formatKeyRef(ref))).toEqual(ref);
  });

  it('an account may use one; a stored key may not', () => {
    const profile = validateProfile({
      version: 1,
      accounts: { bn: { venue: 'binance', env: 'testnet', key: 'cmd:pass show quantdeck/bn' } },
    });
    expect(profile.accounts['bn']?.key).toEqual({ kind: 'cmd', argv: ['pass', 'show', 'quantdeck/bn'] });
    expect(() =>
      validateProfile({
        version: 1,
        keys: { bn: { venue: 'binance', env: 'testnet', ref: 'cmd:pass', keyId: 'abcd…wxyz', createdAt: 'now' } },
      }),
    ).toThrow(/not cmd:/);
  });

  it('passes each word to the program as one argument, untouched by any shell', async () => {
    const marker = join(dir, 'shell-ran');
    const manager = script('args', `[ "$#" -eq 2 ] || exit 9\nprintf 'api-key: %s\\napi-secret: s3cret-from-the-manager-01\\n' "$2"`);
    const credentials = await load([manager, 'x y', `k$HOME;touch${marker}|*`]);
    expect(credentials.source).toBe(`cmd:${manager} 'x y' k$HOME;touch${marker}|*`);
    expect(revealSecret(credentials.apiKey)).toBe(`k$HOME;touch${marker}|*`);
    expect(existsSync(marker)).toBe(false);
  });

  it('names a failing manager by its exit status or signal, and shows none of its output', async () => {
    const failing = script('failing', `echo 'api-secret: printed-before-failing-0001'\nexit 3`);
    const error = await load([failing]).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`key command '${failing}' failed with exit status 3 (its output is not shown)`);
    const killed = script('killed', `echo 'api-secret: printed-before-dying-0001'\nkill -KILL $$`);
    await expect(load([killed])).rejects.toThrow(`key command '${killed}' was ended by SIGKILL (its output is not shown)`);
  });

  it('names a missing program, a silent one, output that is no key, and one that hangs', async () => {
    await expect(load([join(dir, 'no-such-manager')])).rejects.toThrow(/could not start: no such program/);
    await expect(load(['no-such-manager-on-path-qd'])).rejects.toThrow(/could not start: no such program \(not found on PATH\)/);
    await expect(load([script('silent', 'exit 0')])).rejects.toThrow(/exited 0 but printed nothing/);
    const bare = script('bare', `echo 'just-a-bare-secret-value-0001'`);
    const unlabeled = await load([bare]).catch((e: Error) => e);
    expect((unlabeled as Error).message).toMatch(/line 1 is not 'field: value'.*its content is not shown/);
    expect((unlabeled as Error).message).not.toContain('just-a-bare-secret');
    // `exec`: the stop reaches the program itself, not only the shell around it.
    const hanging = script('hanging', 'exec sleep 30');
    await expect(load([hanging], { QUANTDECK_KEY_COMMAND_TIMEOUT: '0.3' })).rejects.toThrow(
      /printed no key within 0.3 s and was stopped \(QUANTDECK_KEY_COMMAND_TIMEOUT/,
    );
    await expect(load([hanging], { QUANTDECK_KEY_COMMAND_TIMEOUT: 'soon' })).rejects.toThrow(/must be a number of seconds/);
  });

  it('keys check through the real CLI: the manager\'s key is checked, its output in no log or terminal', async () => {
    const home = tempHome();
    try {
      const manager = script('manager', `printf 'api-key: ${key.apiKey}\\napi-secret: ${key.secret}\\n'`);
      const failing = script('manager-failing', `printf 'api-key: ${key.apiKey}\\napi-secret: ${key.secret}\\n'\nexit 4`);
      saveProfile(
        validateProfile({
          version: 1,
          accounts: {
            managed: { venue: 'binance-usdm', env: 'sim', key: `cmd:${manager} show quantdeck/managed` },
            broken: { venue: 'binance-usdm', env: 'sim', key: `cmd:${failing}` },
          },
        }),
        home.env,
      );
      const ok = await runCli(['keys', 'check', 'managed', '--base-url', sim.restUrl], { env: home.env });
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`from cmd:${manager} show quantdeck/managed: ok`);
      const broken = await runCli(['keys', 'check', 'broken', '--base-url', sim.restUrl], { env: home.env });
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(`key command '${failing}' failed with exit status 4`);
      const log = existsSync(logFilePath(home.env)) ? readFileSync(logFilePath(home.env), 'utf8') : '';
      assertNoSecrets(
        [
          { name: 'log file', text: log },
          { name: 'stdout', text: ok.stdout + broken.stdout },
          { name: 'stderr', text: ok.stderr + broken.stderr },
        ],
        [{ label: 'api-secret from the manager', value: key.secret }],
      );
    } finally {
      home.cleanup();
    }
  }, 60_000);
});
