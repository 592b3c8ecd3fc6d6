// Which accounts a desk starts (src/cli/desk-plan.ts): the profile's accounts by --accounts or
// --group, resolved exactly as --account resolves one, every mainnet one confirmed by its typed
// name before anything starts; and the demo desk's three accounts on two venues.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoDesk, profileDesk } from '../../src/cli/desk-plan.js';
import { parseCockpitFlags } from '../../src/cli/flags.js';
import { defaultVenue } from '../../src/venues/descriptors.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-desk-plan-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
mkdirSync(join(dir, 'config', 'quantdeck'), { recursive: true });
const LIVE_GUARD = { maxOrderNotional: '5000', maxPositionNotional: '20000', priceBandPct: '2' };
writeFileSync(
  join(dir, 'config', 'quantdeck', 'profile.json'),
  JSON.stringify({
    version: 1,
    accounts: {
      'bn-a': { venue: 'binance', env: 'testnet', key: 'env:BN_A' },
      'bn-b': { venue: 'binance', env: 'testnet', key: 'env:BN_B', sizing: { multiplier: '0.5' } },
      'okx-c': { venue: 'okx', env: 'demo', key: 'env:OKX_C', sizing: { equityShare: '0.1' } },
      'bn-live': { venue: 'binance', env: 'live', key: 'keyring:bn-live', guard: LIVE_GUARD },
    },
    groups: { desk: ['bn-a', 'bn-b', 'okx-c'], binance: ['bn-a', 'bn-b'], live: ['bn-live', 'bn-a'] },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = (argv: string[], confirm?: () => Promise<boolean>) => profileDesk(parseCockpitFlags(argv), env, confirm);

describe('a desk from the profile', () => {
  it('--group: its accounts in order, each with its venue, env, guard and sizing; the groups wholly on the desk', async () => {
    const p = await plan(['--group', 'desk']);
    expect(p.accounts.map((a) => [a.name, a.venue, a.env, a.symbol])).toEqual([
      ['bn-a', 'binance-usdm', 'testnet', 'BTCUSDT'],
      ['bn-b', 'binance-usdm', 'testnet', 'BTCUSDT'],
      ['okx-c', 'okx', 'demo', 'BTC-USDT-SWAP'],
    ]);
    expect(p.accounts.map((a) => a.sizing)).toEqual([undefined, { multiplier: '0.5' }, { equityShare: '0.1' }]);
    expect(p.groups).toEqual({ desk: ['bn-a', 'bn-b', 'okx-c'], binance: ['bn-a', 'bn-b'] });
    expect(p.targets.get('okx-c')?.key).toEqual({ kind: 'env', prefix: 'OKX_C' });
  });

  it("--accounts: a group named 'desk' of them, and the profile's groups it holds", async () => {
    const p = await plan(['--accounts', 'okx-c,bn-b', '--dead-man', '30']);
    expect(p.accounts.map((a) => [a.name, a.deadmanSeconds])).toEqual([
      ['okx-c', 30],
      ['bn-b', 30],
    ]);
    expect(p.groups).toEqual({ desk: ['okx-c', 'bn-b'] });
  });

  it('names what is wrong: an account or a group not in the file, an env that disagrees', async () => {
    await expect(plan(['--accounts', 'bn-a,bn-z'])).rejects.toThrow(/no account 'bn-z' in the profile \(accounts: bn-a, bn-b, okx-c, bn-live\)/);
    await expect(plan(['--group', 'desks'])).rejects.toThrow("no group 'desks' in the profile (groups: desk, binance, live)");
    await expect(plan(['--group', 'desk', '--env', 'testnet'])).rejects.toThrow(/account 'okx-c' is for demo, but --env testnet was given/);
  });

  it('a mainnet account needs --live and its typed name before anything starts', async () => {
    await expect(plan(['--group', 'live'])).rejects.toThrow(/--live/);
    let asked = 0;
    const yes = async () => {
      asked++;
      return true;
    };
    const p = await plan(['--group', 'live', '--live'], yes);
    expect(asked).toBe(1);
    expect(p.accounts.map((a) => [a.name, a.env])).toEqual([
      ['bn-live', 'live'],
      ['bn-a', 'testnet'],
    ]);
    await expect(plan(['--group', 'live', '--live'], async () => false)).rejects.toThrow(/mainnet not confirmed/);
    await expect(plan(['--group', 'binance', '--live'], yes)).rejects.toThrow('--live was given, but no account of the desk is on mainnet');
  });
});

describe('the demo desk', () => {
  it('three sim accounts on two venues, named by venue and sizing, in one group', () => {
    const p = demoDesk({});
    const first = defaultVenue();
    expect(p.accounts.map((a) => a.env)).toEqual(['sim', 'sim', 'sim']);
    expect(p.accounts[0]?.venue).toBe(first.id);
    expect(p.accounts[1]?.venue).toBe(first.id);
    expect(p.accounts[2]?.venue).not.toBe(first.id);
    expect(new Set(p.accounts.map((a) => a.name)).size).toBe(3);
    expect(p.accounts.map((a) => a.sizing)).toEqual([{ multiplier: '1' }, { multiplier: '0.5' }, { equityShare: '0.05' }]);
    expect(p.groups).toEqual({ desk: p.accounts.map((a) => a.name) });
    expect(p.targets.size).toBe(0);
  });
});
