// `quantdeck keys check NAME` end to end: the real CLI in a child process, keys from env:PREFIX
// accounts, the venue question asked through the engine of a local Binance and a local OKX venue.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { saveProfile, validateProfile } from '../../src/custody/profile.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { assertNoSecrets, type Planted } from '../support/secret-scan.js';
import { type CliResult, runCli, tempHome } from './cli.js';

// Per venue: 0 trade-only (not IP-bound), 1 withdraw-enabled.
const ACCOUNTS = [
  { name: 'trade-only', keys: [{ type: 'hmac' as const }] },
  { name: 'withdrawing', keys: [{ type: 'hmac' as const, permissions: { enableWithdrawals: true } }] },
];
// The same keys in OKX's own shape (perm as /api/v5/account/config reports it).
const OKX_ACCOUNTS = [
  { name: 'trade-only', keys: [{ type: 'hmac' as const }] },
  { name: 'withdrawing', keys: [{ type: 'hmac' as const, permissions: { perm: 'read_only,trade,withdraw' } }] },
];

let binance: SimHandle;
let okx: SimHandle;
let home: ReturnType<typeof tempHome>;
const planted: Planted[] = [];
const keyEnv: Record<string, string> = {};
const results = new Map<string, CliResult>();

/** Puts one sim key into the environment as PREFIX_API_KEY / _API_SECRET / _PASSPHRASE. */
function plant(prefix: string, sim: SimHandle, account: number): void {
  const key = sim.accounts[account]?.hmac;
  if (key?.secret === undefined) throw new Error('sim account without an HMAC key');
  keyEnv[`${prefix}_API_KEY`] = key.apiKey;
  keyEnv[`${prefix}_API_SECRET`] = revealSecret(key.secret);
  planted.push({ label: `${prefix} api-key`, value: key.apiKey }, { label: `${prefix} api-secret`, value: revealSecret(key.secret) });
  if (key.passphrase !== undefined) {
    keyEnv[`${prefix}_PASSPHRASE`] = revealSecret(key.passphrase);
    planted.push({ label: `${prefix} passphrase`, value: revealSecret(key.passphrase) });
  }
}

const CHECKS: Record<string, () => string[]> = {
  'bn-trade': () => ['--base-url', binance.restUrl],
  'bn-withdraw': () => ['--base-url', binance.restUrl],
  'bn-stranger': () => ['--base-url', binance.restUrl],
  'okx-trade': () => ['--base-url', okx.restUrl],
  'okx-withdraw': () => ['--base-url', okx.restUrl],
};

beforeAll(async () => {
  [binance, okx] = await Promise.all([
    startSim({ tickMs: 0, accounts: ACCOUNTS }),
    startSim({ tickMs: 0, dialect: 'okx', accounts: OKX_ACCOUNTS }),
  ]);
  home = tempHome();
  plant('QD_BN_TRADE', binance, 0);
  plant('QD_BN_WITHDRAW', binance, 1);
  plant('QD_OKX_TRADE', okx, 0);
  plant('QD_OKX_WITHDRAW', okx, 1);
  keyEnv['QD_BN_STRANGER_API_KEY'] = 'preflightStrangerKey0001';
  keyEnv['QD_BN_STRANGER_API_SECRET'] = 'preflight-stranger-secret-0001';
  planted.push({ label: 'stranger api-secret', value: 'preflight-stranger-secret-0001' });
  saveProfile(
    validateProfile({
      version: 1,
      keys: {},
      accounts: {
        // `binance` (the family) is checked with the binance-usdm adapter; one key serves both.
        'bn-trade': { venue: 'binance', env: 'sim', key: 'env:QD_BN_TRADE' },
        'bn-withdraw': { venue: 'binance-usdm', env: 'sim', key: 'env:QD_BN_WITHDRAW' },
        'bn-stranger': { venue: 'binance-usdm', env: 'sim', key: 'env:QD_BN_STRANGER' },
        'okx-trade': { venue: 'okx', env: 'sim', key: 'env:QD_OKX_TRADE' },
        'okx-withdraw': { venue: 'okx', env: 'sim', key: 'env:QD_OKX_WITHDRAW' },
      },
    }),
    home.env,
  );
  // One child per account, side by side: each pays the CLI's start-up once.
  await Promise.all(
    Object.entries(CHECKS).map(async ([name, extra]) => {
      results.set(name, await runCli(['keys', 'check', name, ...extra()], { env: { ...home.env, ...keyEnv } }));
    }),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([binance?.close(), okx?.close()]);
  home?.cleanup();
});

const result = (name: string): CliResult => {
  const r = results.get(name);
  if (r === undefined) throw new Error(`no run for ${name}`);
  return r;
};

describe('quantdeck keys check against the local venues', () => {
  it('accepts a trade-only Binance key and shows its rights and IP binding', () => {
    const r = result('bn-trade');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bn-trade: binance sim key \S+ from env:QD_BN_TRADE: ok\n/);
    expect(r.stdout).toContain('· binance key is not bound to an IP (ipRestrict: false)');
    expect(r.stdout).toContain('rights: read, trade · no withdraw · no transfer · not IP-bound');
  });

  it('refuses a withdraw-enabled Binance key, naming enableWithdrawals', () => {
    const r = result('bn-withdraw');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bn-withdraw: binance sim key');
    expect(r.stdout).toContain(': REFUSED');
    expect(r.stdout).toContain('✗ binance key can withdraw (enableWithdrawals: true)');
    expect(r.stdout).toContain('CAN WITHDRAW');
  });

  it('a key the venue does not know is one line with the venue code, no stack', () => {
    const r = result('bn-stranger');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^quantdeck keys: bn-stranger: the venue could not be asked what the key may do: apiRestrictions: -2015 .*\n$/);
  });

  it('accepts a trade-only OKX key and refuses a withdraw-enabled one, naming perm', () => {
    const ok = result('okx-trade');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('okx-trade: okx sim key');
    expect(ok.stdout).toContain('rights: read, trade · no withdraw · no transfer · not IP-bound');
    const refused = result('okx-withdraw');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('✗ okx key can withdraw (perm: read_only,trade,withdraw)');
  });

  it('no secret reached any output or the log', () => {
    const log = `${home.env['XDG_STATE_HOME']}/quantdeck/quantdeck.log`;
    assertNoSecrets(
      [
        ...[...results].flatMap(([name, r]) => [
          { name: `${name} stdout`, text: r.stdout },
          { name: `${name} stderr`, text: r.stderr },
        ]),
        { name: 'log file', text: readFileSync(log) },
      ],
      planted,
    );
  });
});
