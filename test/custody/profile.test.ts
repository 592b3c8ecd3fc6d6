import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  emptyProfile,
  loadProfile,
  profilePath,
  saveProfile,
  validateProfile,
} from '../../src/custody/profile.js';
import { validateKeyName } from '../../src/custody/key-ref.js';

const dir = mkdtempSync(join(tmpdir(), 'qd-profile-'));
const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = {
  version: 1,
  keys: {
    'bn-test': {
      venue: 'binance',
      env: 'testnet',
      ref: 'keyring:bn-test',
      keyId: 'vmPU…Eh8A',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  },
  accounts: {
    main: { venue: 'binance-usdm', env: 'mainnet', key: 'keyring:bn-test' },
    okx: { venue: 'okx', key: 'env:OKX_DEMO' },
  },
};

describe('profile config', () => {
  it('lives in $XDG_CONFIG_HOME/quantdeck/profile.json, 0600, and round-trips', () => {
    expect(profilePath(env)).toBe(join(dir, 'config', 'quantdeck', 'profile.json'));
    expect(loadProfile(env)).toEqual(emptyProfile());
    const profile = validateProfile(valid);
    saveProfile(profile, env);
    expect(statSync(profilePath(env)).mode & 0o777).toBe(0o600);
    expect(loadProfile(env)).toEqual(profile);
    expect(JSON.parse(readFileSync(profilePath(env), 'utf8')).accounts.main.env).toBe('live');
  });

  it('maps accounts to venue, env (testnet when absent; mainnet = live) and key', () => {
    const profile = validateProfile(valid);
    expect(profile.accounts['main']).toEqual({
      venue: 'binance-usdm',
      env: 'live',
      key: { kind: 'keyring', name: 'bn-test' },
    });
    expect(profile.accounts['okx']).toEqual({
      venue: 'okx',
      env: 'testnet',
      key: { kind: 'env', prefix: 'OKX_DEMO' },
    });
  });

  it('names the bad field', () => {
    const bad = (patch: (p: typeof valid) => unknown) => () =>
      validateProfile(patch(structuredClone(valid)), 'P');
    expect(bad((p) => ({ ...p, version: 2 }))).toThrow('P: version: expected 1, got 2');
    expect(
      bad((p) => {
        (p.accounts.main as Record<string, unknown>)['env'] = 'prod';
        return p;
      }),
    ).toThrow("P: accounts.main.env: 'prod' is not one of sim, testnet, demo, live");
    expect(
      bad((p) => {
        (p.keys['bn-test'] as Record<string, unknown>)['venue'] = 'ftx';
        return p;
      }),
    ).toThrow(/P: keys\.bn-test\.venue: unknown venue 'ftx'/);
    expect(
      bad((p) => {
        (p.keys['bn-test'] as Record<string, unknown>)['ref'] = 'env:X';
        return p;
      }),
    ).toThrow('P: keys.bn-test.ref: stored keys live in the keyring or a file, not env:');
    expect(
      bad((p) => {
        (p.accounts.okx as Record<string, unknown>)['secret'] = 'x';
        return p;
      }),
    ).toThrow('P: accounts.okx.secret: unknown field (expected venue, env, key, guard, slippagePct, rateTier, sizing)');
    expect(
      bad((p) => {
        delete (p.keys['bn-test'] as Record<string, unknown>)['keyId'];
        return p;
      }),
    ).toThrow('P: keys.bn-test.keyId: missing');
    const guard = (g: unknown) =>
      bad((p) => {
        (p.accounts.okx as Record<string, unknown>)['guard'] = g;
        return p;
      });
    expect(guard({ maxOrderNotional: '-5' })).toThrow("P: accounts.okx.guard.maxOrderNotional: '-5' is not a positive number");
    expect(guard({ priceBandPct: 0 })).toThrow('P: accounts.okx.guard.priceBandPct: 0 is not a positive number');
    expect(guard({ maxOrdersPerMinute: 2.5 })).toThrow('P: accounts.okx.guard.maxOrdersPerMinute: expected a whole number of orders');
    expect(guard({ maxOrdersPerMinute: 0 })).toThrow('P: accounts.okx.guard.maxOrdersPerMinute: expected at least 1 order a minute');
    expect(guard({ maxNotional: '5' })).toThrow(
      'P: accounts.okx.guard.maxNotional: unknown field (expected maxOrderNotional, maxPositionNotional, priceBandPct, sweepConfirmPct, maxOrdersPerMinute)',
    );
  });

  it("reads an account's guard limits, numbers as decimal strings", () => {
    const p = structuredClone(valid) as typeof valid & { accounts: { okx: Record<string, unknown> } };
    p.accounts.okx['guard'] = { maxOrderNotional: 2500.5, sweepConfirmPct: '0.25', maxOrdersPerMinute: 30 };
    expect(validateProfile(p, 'P').accounts['okx']?.guard).toEqual({ maxOrderNotional: '2500.5', sweepConfirmPct: '0.25', maxOrdersPerMinute: 30 });
  });

  it('refuses what the schema library would pass silently: names it skips, lists for objects', () => {
    const accounts = JSON.parse('{"constructor": {"venue": "okx", "key": "env:OKX"}}');
    expect(() => validateProfile({ ...valid, accounts }, 'P')).toThrow("P: accounts.constructor: the name 'constructor' is reserved");
    expect(() => validateProfile({ ...valid, keys: [] }, 'P')).toThrow('P: keys: expected an object, not a list');
    expect(() => validateProfile({ ...valid, accounts: { a: [] } }, 'P')).toThrow('P: accounts.a: expected an object, not a list');
    expect(() => validateKeyName('prototype')).toThrow(/key name 'prototype' is not valid/);
  });

  it("reads an account's fan-out sizing and the groups, and round-trips them", () => {
    const p = structuredClone(valid) as typeof valid & { groups?: unknown };
    (p.accounts.main as Record<string, unknown>)['sizing'] = { multiplier: 0.5 };
    (p.accounts.okx as Record<string, unknown>)['sizing'] = { equityShare: '0.25' };
    p.groups = { desk: ['main', 'okx'], solo: ['okx'] };
    const profile = validateProfile(p, 'P');
    expect(profile.accounts['main']?.sizing).toEqual({ multiplier: '0.5' });
    expect(profile.accounts['okx']?.sizing).toEqual({ equityShare: '0.25' });
    expect(profile.groups).toEqual({ desk: ['main', 'okx'], solo: ['okx'] });
    saveProfile(profile, env);
    expect(loadProfile(env)).toEqual(profile);
    expect(validateProfile(valid).groups).toBeUndefined();
  });

  it('names the bad sizing or group field', () => {
    const withSizing = (sizing: unknown) => () => {
      const p = structuredClone(valid);
      (p.accounts.okx as Record<string, unknown>)['sizing'] = sizing;
      return validateProfile(p, 'P');
    };
    expect(withSizing({ multiplier: '0' })).toThrow("P: accounts.okx.sizing.multiplier: '0' is not a positive number");
    expect(withSizing({ equityShare: '1.5' })).toThrow("P: accounts.okx.sizing.equityShare: '1.5' is more than 1 (the whole equity)");
    expect(withSizing({ multiplier: '1', equityShare: '0.5' })).toThrow(
      'P: accounts.okx.sizing: give one of multiplier or equityShare, not both and not neither',
    );
    expect(withSizing({})).toThrow('P: accounts.okx.sizing: give one of multiplier or equityShare');
    expect(withSizing({ share: '0.5' })).toThrow('P: accounts.okx.sizing.share: unknown field (expected multiplier, equityShare)');
    const withGroups = (groups: unknown) => () => validateProfile({ ...valid, groups }, 'P');
    expect(withGroups({ desk: ['main', 'bnb'] })).toThrow("P: groups.desk.1: no account 'bnb' in accounts (accounts: main, okx)");
    expect(withGroups({ desk: ['main', 'okx', 'main'] })).toThrow("P: groups.desk.2: 'main' is listed twice");
    expect(withGroups({ desk: [] })).toThrow('P: groups.desk: a group needs at least one account');
    expect(withGroups({ desk: 'main' })).toThrow('P: groups.desk: expected a list of account names');
    expect(withGroups(['main'])).toThrow('P: groups: expected an object, not a list');
    expect(withGroups(JSON.parse('{"__proto__": ["main"]}'))).toThrow("P: groups.__proto__: the name '__proto__' is reserved");
  });

  it('names a file that is not JSON', () => {
    writeFileSync(profilePath(env), '{ "version": 1, ');
    expect(() => loadProfile(env)).toThrow(/profile\.json: not valid JSON/);
  });
});
