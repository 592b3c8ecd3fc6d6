// The keys command in-process (same `main` the CLI runs): error paths, injected preflight, env refs.
import { chmodSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { writeKeyFile } from '../../src/custody/encrypted-file.js';
import { main } from '../../src/cli/keys.js';
import { probeThroughEngine } from '../../src/cli/key-permissions.js';
import { startSim } from '../../src/sim/index.js';
import type { KeysDeps } from '../../src/custody/keys-command.js';
import { saveProfile, validateProfile } from '../../src/custody/profile.js';
import { initLogging } from '../../src/log/logger.js';
import { binancePermissions } from '../../src/venues/binance/permissions.js';
import { okxPermissions } from '../../src/venues/okx/permissions.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-keys-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
const log = initLogging({ env });
afterAll(() => {
  log.close();
  rmSync(dir, { recursive: true, force: true });
});

const API_KEY = 'inproc-key-5b2e0c7a9d1f4e8b';
const API_SECRET = 'inproc-secret-8c3d1e9f0a7b2c6d';
const PASS = 'a long enough passphrase';
const keyFile = join(dir, 'bn.qdkey');

const restrictions = (withdraw: boolean) => ({
  ipRestrict: false,
  enableReading: true,
  enableWithdrawals: withdraw,
  enableInternalTransfer: false,
  permitsUniversalTransfer: false,
  enableFutures: true,
});

async function run(argv: string[], extra: Partial<KeysDeps> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    env,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdinIsTTY: false,
    readStdin: async () => '',
    ...extra,
  });
  return { code, stdout, stderr };
}

function openPassFile(text: string): string {
  const file = join(dir, `pass-${Math.random()}`);
  writeFileSync(file, text, { mode: 0o600 });
  return String(openSync(file, 'r'));
}
// Opened before the first passphrase is read: descriptors opened after that are the process's own,
// which --passphrase-fd refuses. A file is reopened for each read, so one descriptor serves them all.
const PASS_FDS: Record<string, string> = { [PASS]: openPassFile(PASS), 'not the one': openPassFile('not the one') };
const passFd = (text: string): string => PASS_FDS[text] as string;

describe('keys (in-process)', async () => {
  await writeKeyFile(
    keyFile,
    { apiKey: new Secret(API_KEY), apiSecret: new Secret(API_SECRET) },
    new Secret(PASS),
    { venue: 'binance', env: 'testnet', keyId: 'inpr…4e8b', createdAt: '2026-01-01T00:00:00.000Z' },
    { N: 2 ** 17, r: 8, p: 1 },
  );
  saveProfile(
    validateProfile({
      version: 1,
      keys: {
        bn: {
          venue: 'binance',
          env: 'testnet',
          ref: `file:${keyFile}`,
          keyId: 'inpr…4e8b',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      },
      accounts: {
        'okx-env': { venue: 'okx', env: 'demo', key: 'env:QD_OKX' },
        'coinbase-env': { venue: 'coinbase', env: 'testnet', key: 'env:QD_COINBASE' },
      },
    }),
    env,
  );

  it('a wrong passphrase is one line, no stack', async () => {
    const r = await run(['check', 'bn', '--passphrase-fd', passFd('not the one')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`quantdeck keys: wrong passphrase for ${keyFile}\n`);
  });

  it('a group-readable key file is refused with the chmod fix', async () => {
    chmodSync(keyFile, 0o644);
    const r = await run(['check', 'bn', '--passphrase-fd', passFd(PASS)]);
    chmodSync(keyFile, 0o600);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `quantdeck keys: ${keyFile} is readable by group or others (mode 0644); refusing to use it. Fix it with: chmod 600 ${keyFile}\n`,
    );
  });

  it('takes the venue call as an injected fetchPermissions (the engine will supply it)', async () => {
    const seen: string[] = [];
    const r = await run(['check', 'bn', '--passphrase-fd', passFd(PASS)], {
      // As if the venue could be asked in this environment (Binance: mainnet).
      whyUnaskable: async () => undefined,
      fetchPermissions: async (credentials) => {
        seen.push(`${credentials.family} ${credentials.env} ${credentials.keyId}`);
        return binancePermissions.parse(restrictions(true));
      },
    });
    expect(seen).toEqual(['binance testnet inpr…4e8b']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('REFUSED');
    expect(r.stdout).toContain('✗ binance key can withdraw (enableWithdrawals: true)');
    expect(r.stdout).toContain('! binance key is not bound to an IP (ipRestrict: false)');
  });

  it('checks an account that points at env:PREFIX', async () => {
    const r = await run(['check', 'okx-env'], {
      env: {
        ...env,
        QD_OKX_API_KEY: API_KEY,
        QD_OKX_API_SECRET: API_SECRET,
        QD_OKX_PASSPHRASE: 'okx pass 1',
      },
      fetchPermissions: async () =>
        okxPermissions.parse({
          code: '0',
          msg: '',
          data: [{ perm: 'read_only,trade', ip: '10.1.2.3' }],
        }),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/okx-env: okx demo key inpr…4e8b from env:QD_OKX: ok/);
    expect(r.stdout).toContain('IP-bound (10.1.2.3)');
    const empty = await run(['check', 'okx-env'], {
      env: { ...env, QD_OKX_API_KEY: API_KEY, QD_OKX_API_SECRET: '', QD_OKX_PASSPHRASE: 'x' },
    });
    expect(empty.stderr).toMatch(/^quantdeck keys: QD_OKX_API_SECRET is set but empty/);
  });

  it('a Binance testnet key: says what it could check (time, signature, account read, test order) and what not', async () => {
    // The local venue stands in for the testnet host (loopback only), holding the same key.
    const sim = await startSim({ tickMs: 0, seed: 7, accounts: [{ keys: [{ type: 'hmac', apiKey: API_KEY, secret: API_SECRET }] }] });
    const simUrls = { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl };
    try {
      const seen: string[] = [];
      const r = await run(['check', 'bn', '--passphrase-fd', passFd(PASS)], {
        probeKey: (credentials) => {
          seen.push(`${credentials.family} ${credentials.env}`);
          return probeThroughEngine({ ...credentials, env: 'sim' }, { simUrls });
        },
      });
      expect(seen).toEqual(['binance testnet']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe('bn: binance testnet key inpr…4e8b from file:' + keyFile + ': works on testnet (rights not asked: see below)');
      expect(lines[1]).toMatch(/^ {2}· the key's rights were not asked: .*testnet has no key-permission endpoint/);
      expect(lines[2]).toMatch(/^ {2}✓ time: the venue's clock answered \(offset/);
      expect(lines[3]).toMatch(/^ {2}✓ signature and account read: a signed account read was accepted \(1 balance\)/);
      expect(lines[4]).toMatch(/^ {2}✓ test order: .*nothing was placed/);
      expect(lines[5]).toBe('  rights: read + trade seen working; withdrawal, transfer and IP binding unknown here — a mainnet key is checked for them');
      expect(await sim.control.acceptedOrders()).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('a testnet key the venue refuses: the failed step says why, exit 1', async () => {
    const sim = await startSim({ tickMs: 0, seed: 7, accounts: [{ keys: [{ type: 'hmac', apiKey: API_KEY, secret: 'another-secret-entirely-000000' }] }] });
    try {
      const r = await run(['check', 'bn', '--passphrase-fd', passFd(PASS)], {
        probeKey: (credentials) =>
          probeThroughEngine({ ...credentials, env: 'sim' }, { simUrls: { rest: sim.restUrl, wsPublic: sim.wsUrl, wsPrivate: sim.wsUrl } }),
      });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('bn: binance testnet key inpr…4e8b from file:');
      expect(r.stdout).toContain(': REFUSED');
      expect(r.stdout).toMatch(/✗ signature and account read: .*-1022/);
    } finally {
      await sim.close();
    }
  });

  it('says so, offline, where the venue cannot be asked (no such environment)', async () => {
    // Coinbase's sandbox answers canned replies without authentication: no environment to ask.
    const r = await run(['check', 'coinbase-env'], {
      env: { ...env, QD_COINBASE_API_KEY: API_KEY, QD_COINBASE_PRIVATE_KEY: API_SECRET },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/coinbase: no testnet environment/);
  });

  it('names usage errors with exit code 2, and never echoes a stray argument', async () => {
    const stray = await run(['add', 'x', API_SECRET, '--venue', 'binance', '--env', 'sim']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('unexpected argument at position 2 (not shown: it could be a secret)');
    expect(stray.stderr).not.toContain(API_SECRET);
    expect((await run(['add', 'x', '--stroe', 'file'])).stderr).toMatch(/unknown option --stroe/);
    expect((await run(['add', 'x', '--venue', 'binance'])).stderr).toMatch(
      /keys add needs --venue and --env/,
    );
    expect((await run(['add', 'x', '--venue', 'binance', '--env', 'sim', '--store', 'usb'])).stderr).toMatch(
      /--store: 'usb' is not one of keyring, file/,
    );
    expect((await run(['frobnicate'])).code).toBe(2);
    const bad = await run(['add', 'a/b', '--venue', 'binance', '--env', 'sim']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/key name 'a\/b' is not valid: use 1-63 letters/);
  });

  it('refuses a key for a venue it does not trade at add, before reading any secret', async () => {
    // Every family custody holds is traded now (Coinbase last): a made-up venue stands for one that is not.
    let asked = false;
    for (const venue of ['deribit']) {
      const r = await run(['add', `${venue}-1`, '--venue', venue, '--env', 'live', '--store', 'file'], {
        readStdin: async () => {
          asked = true;
          return `${API_KEY}\n${API_SECRET}\n`;
        },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`unknown venue '${venue}'; known: binance, okx, bybit, coinbase, kraken, hyperliquid`);
    }
    expect(asked).toBe(false);
    const listed = JSON.parse((await run(['list', '--json'])).stdout);
    expect(listed.keys.map((k: { name: string }) => k.name)).not.toContain('deribit-1');
  });

  it('refuses to add over an existing key and points at rotate', async () => {
    const r = await run(['add', 'bn', '--venue', 'binance', '--env', 'testnet', '--store', 'file']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/key 'bn' exists .*quantdeck keys rotate bn/);
  });

  it('lists as JSON with masked ids only', async () => {
    const r = await run(['list', '--json']);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.keys[0]).toMatchObject({
      name: 'bn',
      venue: 'binance',
      env: 'testnet',
      store: 'file',
      keyId: 'inpr…4e8b',
    });
    expect(parsed.accounts[0]).toEqual({ name: 'okx-env', venue: 'okx', env: 'demo', key: 'env:QD_OKX' });
    expect(r.stdout).not.toContain(API_KEY);
  });
});
