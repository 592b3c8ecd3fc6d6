// The published JSON Schema (schema/profile.schema.json) is generated from the same definition
// quantdeck validates with, is current, accepts the documented example, and refuses what quantdeck
// refuses wherever JSON Schema can say so — with quantdeck's own message naming the field.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/custody/profile.js';
import { profileJsonSchemaText, SCHEMA_FILE } from './profile-json-schema.js';

const published = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
const editor = new Ajv({ strict: false }).compile(published);

/** The example profile of docs/profile.md: what a person reading the docs would copy. */
function documentedExample(): unknown {
  const doc = readFileSync(resolve(import.meta.dirname, '../../docs/profile.md'), 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(doc);
  if (block?.[1] === undefined) throw new Error('docs/profile.md has no json example');
  return JSON.parse(block[1]);
}

const sample = documentedExample() as {
  keys: Record<string, Record<string, unknown>>;
  accounts: Record<string, Record<string, unknown>>;
};

function edited(change: (p: typeof sample) => void): unknown {
  const copy = structuredClone(sample);
  change(copy);
  return copy;
}

describe('the published profile JSON Schema', () => {
  it('is what the profile definition generates now (npm run schema rewrites it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(profileJsonSchemaText());
  });

  it('accepts the documented example, and so does quantdeck', () => {
    expect(editor(sample), JSON.stringify(editor.errors)).toBe(true);
    const profile = validateProfile(sample);
    expect(Object.keys(profile.keys)).toEqual(['bn-test']);
    expect(profile.accounts['bn-test']?.key).toEqual({ kind: 'keyring', name: 'bn-test' });
  });

  it('takes a $schema line for editors, and quantdeck keeps it', () => {
    const withSchema = { $schema: '../schema/profile.schema.json', ...sample };
    expect(editor(withSchema)).toBe(true);
    expect(validateProfile(withSchema).$schema).toBe('../schema/profile.schema.json');
  });

  it('refuses what quantdeck refuses, and quantdeck names the field', () => {
    const cases: Array<[unknown, string]> = [
      [edited((p) => (p.keys['bn-test']!['env'] = 'prod')), "P: keys.bn-test.env: 'prod' is not one of sim, testnet, demo, live"],
      [edited((p) => (p.keys['bn-test']!['ref'] = 'env:BN')), 'P: keys.bn-test.ref: stored keys live in the keyring or a file, not env:'],
      [edited((p) => delete p.keys['bn-test']!['keyId']), 'P: keys.bn-test.keyId: missing'],
      [edited((p) => (p.accounts['bn-test']!['secret'] = 'x')), 'P: accounts.bn-test.secret: unknown field (expected venue, env, key, guard, slippagePct, rateTier, sizing)'],
      [edited((p) => (p.accounts['bn-test']!['key'] = 'vault:x')), "P: accounts.bn-test.key: 'vault:x' is not env:PREFIX, keyring:NAME, file:PATH or cmd:COMMAND"],
      [edited((p) => (p.accounts['-bad'] = { venue: 'okx', key: 'env:OKX' })), "P: accounts.-bad: name '-bad' is not valid"],
      [edited((p) => (p.keys['bn-test']!['createdAt'] = '')), 'P: keys.bn-test.createdAt: expected a non-empty string'],
      [{ ...sample, version: 2 }, 'P: version: expected 1, got 2'],
      [edited((p) => (p.accounts['bn-test']!['sizing'] = { share: '1' })), 'P: accounts.bn-test.sizing.share: unknown field (expected multiplier, equityShare)'],
      [{ ...sample, groups: { desk: [] } }, 'P: groups.desk: a group needs at least one account'],
      [{ ...sample, groups: { desk: 'bn-test' } }, 'P: groups.desk: expected a list of account names'],
    ];
    for (const [profile, message] of cases) {
      expect([message, editor(profile)]).toEqual([message, false]);
      expect(() => validateProfile(profile, 'P')).toThrow(message);
    }
  });

  it('leaves to quantdeck what JSON Schema cannot state: an unknown venue passes the editor, not quantdeck', () => {
    const ftx = edited((p) => (p.accounts['bn-test']!['venue'] = 'ftx'));
    expect(editor(ftx)).toBe(true);
    expect(() => validateProfile(ftx, 'P')).toThrow(/^P: accounts\.bn-test\.venue: unknown venue 'ftx'; known: binance, okx/);
    // A group member that is no account: the editor sees a list of names, quantdeck reads them.
    const typo = { ...sample, groups: { desk: ['bn-tset'] } };
    expect(editor(typo)).toBe(true);
    expect(() => validateProfile(typo, 'P')).toThrow("P: groups.desk.0: no account 'bn-tset' in accounts (accounts: bn-test)");
  });
});
