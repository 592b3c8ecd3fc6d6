// `quantdeck keys …` through the real CLI with the encrypted-file store, checked against the local venue.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealSecret } from '../../src/core/secret.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import { assertNoSecrets, type Planted } from '../support/secret-scan.js';
import { type CliResult, runCli, tempHome } from './cli.js';

const PASS = 'correct horse battery staple';
let sim: SimHandle;
let home: ReturnType<typeof tempHome>;
let tradeOnly: { apiKey: string; secret: string };
let withdrawing: { apiKey: string; secret: string };
const outputs: CliResult[] = [];

async function cli(args: string[], options: { stdin?: string; fd3?: string } = {}): Promise<CliResult> {
  const result = await runCli(args, { env: home.env, ...options });
  outputs.push(result);
  return result;
}

const keyInput = (k: { apiKey: string; secret: string }) => `api-key: ${k.apiKey}\napi-secret: ${k.secret}\n`;

beforeAll(async () => {
  sim = await startSim({
    tickMs: 0,
    accounts: [
      { name: 'trade-only', keys: [{ type: 'hmac' }] },
      { name: 'withdrawing', keys: [{ type: 'hmac', permissions: { enableWithdrawals: true } }] },
    ],
  });
  const pick = (i: number) => {
    const key = sim.accounts[i]?.hmac;
    if (key?.secret === undefined) throw new Error('sim account without an HMAC key');
    return { apiKey: key.apiKey, secret: revealSecret(key.secret) };
  };
  tradeOnly = pick(0);
  withdrawing = pick(1);
  home = tempHome();
});

afterAll(async () => {
  await sim?.close();
  home?.cleanup();
});

describe('keys with --store file', () => {
  let path = '';

  it('add stores an encrypted 0600 file and prints only the masked key id', async () => {
    const added = await cli(
      [
        'keys',
        'add',
        'bn-sim',
        '--venue',
        'binance-usdm',
        '--env',
        'sim',
        '--store',
        'file',
        '--passphrase-fd',
        '3',
      ],
      {
        stdin: keyInput(tradeOnly),
        fd3: `${PASS}\n`,
      },
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const masked = `${tradeOnly.apiKey.slice(0, 4)}…${tradeOnly.apiKey.slice(-4)}`;
    expect(added.stdout).toContain(`key id ${masked}`);
    path = /in (\S+\.qdkey) \(encrypted, 0600\)/.exec(added.stdout)?.[1] ?? '';
    expect(path).toBe(`${home.env['XDG_CONFIG_HOME']}/quantdeck/keys/bn-sim.qdkey`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain(tradeOnly.secret);

    const listed = await cli(['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`bn-sim\\s+binance-usdm\\s+sim\\s+file\\s+${masked}`));
    expect(listed.stdout).toContain('account bn-sim: binance-usdm sim → file:');
  });

  it('check accepts the trade-only key against the local venue', async () => {
    const checked = await cli(
      ['keys', 'check', 'bn-sim', '--base-url', sim.restUrl, '--passphrase-fd', '3'],
      { fd3: PASS },
    );
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/bn-sim: binance sim key .* from file:.*: ok/);
    expect(checked.stdout).toContain('rights: read, trade · no withdraw · no transfer · not IP-bound');
  });

  it('rotate replaces the secret in place; check then refuses the withdrawal key', async () => {
    const rotated = await cli(['keys', 'rotate', 'bn-sim', '--passphrase-fd', '3'], {
      stdin: keyInput(withdrawing),
      fd3: PASS,
    });
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`→ ${withdrawing.apiKey.slice(0, 4)}…${withdrawing.apiKey.slice(-4)}`);
    const refused = await cli(
      ['keys', 'check', 'bn-sim', '--base-url', sim.restUrl, '--passphrase-fd', '3'],
      { fd3: PASS },
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('REFUSED');
    expect(refused.stdout).toContain('binance key can withdraw (enableWithdrawals: true)');
  });

  it('rm deletes the file, the profile entry and its account, and takes the account out of its groups', async () => {
    const file = `${home.env['XDG_CONFIG_HOME']}/quantdeck/profile.json`;
    const before = JSON.parse(readFileSync(file, 'utf8'));
    before.accounts.other = { venue: 'okx', env: 'testnet', key: 'env:OKX_DEMO' };
    before.groups = { desk: ['bn-sim', 'other'], solo: ['bn-sim'] };
    writeFileSync(file, JSON.stringify(before), { mode: 0o600 });
    const removed = await cli(['keys', 'rm', 'bn-sim']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain("removed account 'bn-sim'");
    expect(existsSync(path)).toBe(false);
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    expect(profile).toEqual({
      version: 1,
      keys: {},
      accounts: { other: { venue: 'okx', env: 'testnet', key: 'env:OKX_DEMO' } },
      groups: { desk: ['other'] },
    });
  });

  it('no secret reached any output', () => {
    const planted: Planted[] = [
      { label: 'trade-only api-secret', value: tradeOnly.secret },
      { label: 'withdrawing api-secret', value: withdrawing.secret },
      { label: 'trade-only api-key', value: tradeOnly.apiKey },
      { label: 'withdrawing api-key', value: withdrawing.apiKey },
      { label: 'passphrase', value: PASS },
    ];
    const logFile = `${home.env['XDG_STATE_HOME']}/quantdeck/quantdeck.log`;
    assertNoSecrets(
      [
        ...outputs.flatMap((o, i) => [
          { name: `run ${i} stdout`, text: o.stdout },
          { name: `run ${i} stderr`, text: o.stderr },
        ]),
        { name: 'log file', text: readFileSync(logFile) },
        { name: 'profile', text: readFileSync(`${home.env['XDG_CONFIG_HOME']}/quantdeck/profile.json`) },
      ],
      planted,
    );
  });
});
