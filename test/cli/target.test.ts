import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCockpitFlags } from '../../src/cli/flags.js';
import { adapterIdFor, guardEnvironment, resolveTarget, StartupError } from '../../src/cli/target.js';
import { DEFAULT_GUARD_LIMITS } from '../../src/core/order-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-target-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
mkdirSync(join(dir, 'config', 'quantdeck'), { recursive: true });
writeFileSync(
  join(dir, 'config', 'quantdeck', 'profile.json'),
  JSON.stringify({
    version: 1,
    keys: {
      'bn-test': {
        venue: 'binance',
        env: 'testnet',
        ref: 'keyring:bn-test',
        keyId: 'abcd…wxyz',
        createdAt: '2026-01-01T00:00:00Z',
      },
    },
    accounts: {
      main: {
        venue: 'binance',
        env: 'live',
        key: 'keyring:bn-main',
        guard: { maxOrderNotional: '5000', maxPositionNotional: 20000, priceBandPct: '2' },
        slippagePct: 0.5,
      },
      bare: { venue: 'binance', env: 'live', key: 'keyring:bn-bare', guard: { priceBandPct: '2' } },
      paper: { venue: 'okx', env: 'demo', key: 'env:OKX_DEMO', guard: { maxOrderNotional: '100' } },
      'kr-pro': { venue: 'kraken', env: 'live', key: 'keyring:kr-pro', rateTier: 'pro' },
      'kr-gold': { venue: 'kraken', env: 'live', key: 'keyring:kr-gold', rateTier: 'gold' },
      'bn-tier': { venue: 'binance', env: 'live', key: 'keyring:bn-tier', rateTier: 'pro' },
    },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const target = (argv: string[]) => resolveTarget(parseCockpitFlags(argv), env);

describe('session target: flags + profile', () => {
  it('no flags: the local venue with its demo key', async () => {
    // A market order's slippage cap: 2 % unless the account says otherwise.
    expect(await target([])).toEqual({ venue: 'binance-usdm', env: 'sim', label: 'demo', guard: DEFAULT_GUARD_LIMITS, slippagePct: '2' });
  });

  it('an account brings venue (family → adapter id), env and key', async () => {
    expect(await target(['--account', 'main'])).toEqual({
      venue: 'binance-usdm',
      env: 'live',
      accountName: 'main',
      key: { kind: 'keyring', name: 'bn-main' },
      label: 'main',
      // Mainnet: the account's limits alone (numbers read as decimal strings), no defaults mixed in.
      guard: { maxOrderNotional: '5000', maxPositionNotional: '20000', priceBandPct: '2' },
      slippagePct: '0.5',
    });
    // Off mainnet the account's limits override the defaults field by field.
    expect(await target(['--account', 'paper'])).toMatchObject({
      venue: 'okx',
      env: 'demo',
      guard: { ...DEFAULT_GUARD_LIMITS, maxOrderNotional: '100' },
    });
  });

  it("an account's rateTier is carried where the venue has tiers, and refused by name where it has not or the tier is unknown", async () => {
    expect(await target(['--account', 'kr-pro'])).toMatchObject({ venue: 'kraken', rateTier: 'pro' });
    expect((await target(['--account', 'main'])).rateTier).toBeUndefined();
    await expect(target(['--account', 'kr-gold'])).rejects.toThrow(/rateTier "gold" is not one of starter, intermediate, pro/);
    await expect(target(['--account', 'bn-tier'])).rejects.toThrow(StartupError);
    await expect(target(['--account', 'bn-tier'])).rejects.toThrow(/binance-usdm's rate limits have no tiers/);
  });

  it('a bare --key name is a stored key of the profile', async () => {
    expect(await target(['--key', 'bn-test', '--env', 'testnet'])).toMatchObject({
      venue: 'binance-usdm',
      env: 'testnet',
      key: { kind: 'keyring', name: 'bn-test' },
      label: 'bn-test',
    });
  });

  it('a key reference is parsed as such', async () => {
    expect(await target(['--key', 'env:BN_TESTNET', '--env', 'testnet'])).toMatchObject({
      venue: 'binance-usdm',
      env: 'testnet',
      key: { kind: 'env', prefix: 'BN_TESTNET' },
    });
  });

  it.each([
    [['--account', 'nobody'], /no account 'nobody' in the profile \(accounts: main, bare, paper, kr-pro, kr-gold, bn-tier\)/],
    [['--account', 'main', '--env', 'testnet'], /account 'main' is for live, but --env testnet was given/],
    [['--account', 'paper', '--venue', 'binance-usdm'], /account 'paper' is for okx/],
    [['--key', 'bn-test', '--env', 'demo'], /key 'bn-test' is for testnet, but --env demo/],
    [['--key', 'nope', '--env', 'testnet'], /no stored key of that name/],
    [['--key', 'env:X', '--env', 'sim'], /its own demo key/],
    [['--env', 'testnet'], /testnet needs a key: --key/],
    [['--env', 'testnet', '--key', 'env:X', '--seed', '3'], /--seed seeds the local venue/],
    [['--venue', 'nasdaq'], /unknown venue 'nasdaq'/],
  ])('%j is refused with a reason', async (argv, message) => {
    await expect(target(argv)).rejects.toThrow(message);
  });

  it('--sim-url: a running local venue on loopback, reached with the given key; anything else refused', async () => {
    const base = parseCockpitFlags(['--sim-url', 'http://127.0.0.1:9000/', '--key', 'env:QD_SIM']);
    const t = await resolveTarget(base, {});
    expect(t).toMatchObject({ env: 'sim', key: { kind: 'env', prefix: 'QD_SIM' } });
    expect(t.simUrls).toEqual({ rest: 'http://127.0.0.1:9000', wsPublic: 'ws://127.0.0.1:9000', wsPrivate: 'ws://127.0.0.1:9000' });
    const elsewhere = parseCockpitFlags(['--sim-url', 'http://example.com:9000', '--key', 'env:QD_SIM']);
    await expect(resolveTarget(elsewhere, {})).rejects.toThrow(/must be the local venue's http\(s\):\/\/127\.0\.0\.1:PORT/);
    // A local venue under --tls: https, and the streams over wss.
    const secure = await resolveTarget(parseCockpitFlags(['--sim-url', 'https://127.0.0.1:9000', '--key', 'env:QD_SIM']), {});
    expect(secure.simUrls).toEqual({ rest: 'https://127.0.0.1:9000', wsPublic: 'wss://127.0.0.1:9000', wsPrivate: 'wss://127.0.0.1:9000' });
    const seeded = parseCockpitFlags(['--sim-url', 'http://127.0.0.1:9000', '--key', 'env:QD_SIM', '--seed', 's']);
    await expect(resolveTarget(seeded, {})).rejects.toThrow(/--sim-url\) has its own/);
  });

  it('a venue family names its registered adapter', async () => {
    expect(await adapterIdFor('binance')).toBe('binance-usdm');
    expect(await adapterIdFor('okx')).toBe('okx');
    expect(await adapterIdFor('kraken')).toBe('kraken');
    expect(await adapterIdFor('coinbase')).toBe('coinbase');
    // Every family custody holds is traded now: a name that is no family is refused.
    await expect(adapterIdFor('deribit')).rejects.toThrow(StartupError);
  });
});

describe('environment guard', () => {
  const never = async () => {
    throw new Error('must not ask');
  };

  it('sim and testnet go on without asking; --live off mainnet is refused', async () => {
    await expect(
      guardEnvironment({ venue: 'binance-usdm', env: 'sim', label: 'demo' }, false, never),
    ).resolves.toBeUndefined();
    await expect(
      guardEnvironment({ venue: 'binance-usdm', env: 'sim', label: 'demo' }, true, never),
    ).rejects.toThrow(/--live was given, but the session is on sim/);
  });

  it('mainnet without --live, or without an account, is refused before anything is asked', async () => {
    const main = { venue: 'binance-usdm', env: 'live' as const, label: 'main', accountName: 'main' };
    await expect(guardEnvironment(main, false, never)).rejects.toThrow(
      /MAINNET \(real money\): start again with --live/,
    );
    await expect(guardEnvironment({ ...main, accountName: undefined }, true, never)).rejects.toThrow(
      /named account/,
    );
  });

  it('a mainnet account without its own guard limits is refused after --live, before the name is asked', async () => {
    const bare = await target(['--account', 'bare', '--live']);
    expect(bare.guard).toEqual({ priceBandPct: '2' });
    await expect(guardEnvironment(bare, false, never)).rejects.toThrow(/start again with --live/);
    await expect(guardEnvironment(bare, true, never)).rejects.toThrow(
      "account 'bare' is on MAINNET without its own guard limits: set accounts.bare.guard.maxOrderNotional, accounts.bare.guard.maxPositionNotional in profile.json (docs/profile.md); nothing was sent",
    );
  });

  it('mainnet with --live asks for the account name and goes on only when it matches', async () => {
    const main = { venue: 'binance-usdm', env: 'live' as const, label: 'main', accountName: 'main', guard: { maxOrderNotional: '1', maxPositionNotional: '1', priceBandPct: '1' } };
    const asked: string[] = [];
    await expect(
      guardEnvironment(main, true, async (d) => {
        asked.push(d.expected);
        return true;
      }),
    ).resolves.toBeUndefined();
    expect(asked).toEqual(['main']);
    await expect(guardEnvironment(main, true, async () => false)).rejects.toThrow(
      /mainnet not confirmed.*nothing was sent/,
    );
  });
});
