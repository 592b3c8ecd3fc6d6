// Leak test, part 1 (custody + logging): plant known secrets in env, keyring and an encrypted file,
// load them in a child process that logs everything at debug, fails several ways and crashes; then
// scan every byte of the log file, stdout, stderr for the raw, base64 and hex forms and signatures.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { writeKeyFile } from '../../src/custody/encrypted-file.js';
import { keyringDelete, keyringSave, probeKeyring } from '../../src/custody/keyring-store.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { REPO } from '../custody/cli.js';
import { type Planted, assertNoSecrets, scanForSecrets } from '../support/secret-scan.js';
import { needs } from '../support/system-program.js';
import { SIGNED_QUERY } from './fixtures/leak-constants.js';

const keyring = await probeKeyring();
// Without a keyring the keyring-held secret is neither loaded nor scanned for: named locally,
// a failure under CI.
needs({
  what: 'a reachable OS keyring (gnome-keyring in a dbus-run-session, as .ci/run starts it)',
  debian: 'gnome-keyring dbus',
  present: keyring.reachable,
  detail: keyring.detail,
});
const dir = mkdtempSync(join(tmpdir(), 'qd-leak-'));
const keyringName = `qdleak-${process.pid}-${Date.now().toString(36)}`;
const PASS = 'leak test passphrase 7f3a';
const planted = {
  env: { apiKey: 'LEAKENVKEY0d7c1a9e4b6f2c8a3e5d', apiSecret: 'LEAKENVSECRET9b2e7f1c4a8d3e6b0f5c' },
  keyring: { apiKey: 'LEAKRINGKEY5a1f8c3e7b2d9a4c6e0f', apiSecret: 'LEAKRINGSECRET3c9e1a7f5b8d2c4a6e' },
  file: { apiKey: 'LEAKFILEKEY8e4b2d6a1c9f3e7b5a0d', apiSecret: 'LEAKFILESECRET7a3c5e9b1d8f2a6c4e' },
};
let sim: SimHandle;
let result: { code: number | null; stdout: string; stderr: string; log: Buffer };

beforeAll(async () => {
  // The planted keys are the sim's own keys: the child's signed calls reach its real verifier.
  sim = await startSim({
    tickMs: 0,
    accounts: [
      {
        name: 'leak',
        keys: Object.values(planted).map((k) => ({
          type: 'hmac' as const,
          apiKey: k.apiKey,
          secret: k.apiSecret,
        })),
      },
    ],
  });
  const material = (k: { apiKey: string; apiSecret: string }) => ({
    apiKey: new Secret(k.apiKey),
    apiSecret: new Secret(k.apiSecret),
  });
  const keyFile = join(dir, 'leak.qdkey');
  await writeKeyFile(
    keyFile,
    material(planted.file),
    new Secret(PASS),
    {
      venue: 'binance',
      env: 'sim',
      keyId: 'LEAK…0a0d',
      createdAt: new Date(0).toISOString(),
    },
    { N: 2 ** 17, r: 8, p: 1 },
  );
  const refs = ['env:LEAK', `file:${keyFile}`];
  if (keyring.reachable) {
    await keyringSave(keyringName, material(planted.keyring));
    refs.push(`keyring:${keyringName}`);
  }
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dir,
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    LEAK_API_KEY: planted.env.apiKey,
    LEAK_API_SECRET: planted.env.apiSecret,
    LEAK_REFS: refs.join(','),
    LEAK_SIM_URL: sim.restUrl,
  };
  const bus = process.env['DBUS_SESSION_BUS_ADDRESS'];
  if (bus !== undefined) env['DBUS_SESSION_BUS_ADDRESS'] = bus;
  result = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/log/fixtures/leak-child.ts'], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    const fd3 = child.stdio[3];
    if (fd3 !== null && fd3 !== undefined && 'end' in fd3) fd3.end(PASS);
    const timer = setTimeout(() => reject(new Error('leak child timed out')), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        log: readFileSync(join(dir, 'state', 'quantdeck', 'quantdeck.log')),
      });
    });
  });
}, 120_000);

afterAll(async () => {
  if (keyring.reachable) await keyringDelete(keyringName).catch(() => false);
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('nothing leaks', () => {
  it('the child did what it was meant to: logged at debug, failed, crashed through the handler', () => {
    expect(result.code).toBe(1);
    const lines = result.log
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l['level'] === 20 && l['msg'] === 'sending order')).toBe(true);
    expect(lines.some((l) => l['msg'] === 'preflight failed')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ level: 60, msg: 'crash', origin: 'uncaughtException' });
    expect(result.stderr).toMatch(
      /quantdeck crashed \(uncaughtException\): Error: unrecoverable with \[redacted\]/,
    );
    expect(result.stderr).toMatch(/preflight: apiRestrictions: -1022 /);
    expect(result.stderr).toMatch(/preflight: clock sync \(key preflight\) failed: .*could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(
      lines.some(
        (l) => l['msg'] === 'permissions' && (l['body'] as Record<string, unknown>)['canRead'] === true,
      ),
    ).toBe(true);
    expect(result.stdout).toContain('loaded env:LEAK');
    if (keyring.reachable) expect(result.stdout).toContain('loaded keyring:');
  });

  it('the scan finds what it looks for (it is not blind)', () => {
    const secret = planted.env.apiSecret;
    const hay = [{ name: 'probe', text: `x ${Buffer.from(secret).toString('hex').toUpperCase()} y` }];
    expect(scanForSecrets(hay, [{ label: 'p', value: secret }])).toEqual([
      { where: 'probe', secret: 'p', form: 'HEX', offset: 2 },
    ]);
  });

  it('zero occurrences of any secret (raw, base64, hex…) or signature in log, stdout, stderr', () => {
    const secrets: Planted[] = [];
    for (const [store, k] of Object.entries(planted)) {
      if (store === 'keyring' && !keyring.reachable) continue;
      secrets.push(
        { label: `${store} api-key`, value: k.apiKey },
        { label: `${store} api-secret`, value: k.apiSecret },
      );
      secrets.push({
        label: `${store} signature hex`,
        value: createHmac('sha256', k.apiSecret).update(SIGNED_QUERY).digest('hex'),
      });
      secrets.push({
        label: `${store} signature b64`,
        value: createHmac('sha256', k.apiSecret).update(SIGNED_QUERY).digest('base64'),
      });
      secrets.push({
        label: `${store} basic auth`,
        value: Buffer.from(`${k.apiKey}:${k.apiSecret}`).toString('base64'),
      });
    }
    secrets.push({ label: 'file passphrase', value: PASS });
    assertNoSecrets(
      [
        { name: 'log file', text: result.log },
        { name: 'stdout', text: result.stdout },
        { name: 'stderr', text: result.stderr },
      ],
      secrets,
    );
  });
});
