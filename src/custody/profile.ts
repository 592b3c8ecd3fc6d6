/**
 * The profile config: non-secret metadata in $XDG_CONFIG_HOME/quantdeck/profile.json (an example
 * is in docs/profile.md).
 *
 * `keys` are the keys quantdeck stores (keyring or encrypted file); `accounts` are what the
 * cockpit connects with, and may also point at `env:PREFIX`. Validation names the bad field.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { quantdeckConfigDir } from '../log/xdg.js';
import type { Env } from '../venues/venue.js';
import { CustodyError } from './errors.js';
import { formatKeyRef, type KeyRef, parseKeyRef, validateKeyName } from './key-ref.js';
import { parseEnv } from './env-name.js';
import { venueFamily } from './key-family.js';
import { writeFileAtomic } from './safe-file.js';

export interface KeyEntry {
  venue: string;
  env: Env;
  ref: KeyRef;
  keyId: string;
  createdAt: string;
  rotatedAt?: string;
}

export interface AccountEntry {
  venue: string;
  env: Env;
  key: KeyRef;
}

export interface Profile {
  version: 1;
  keys: Record<string, KeyEntry>;
  accounts: Record<string, AccountEntry>;
}

export function profilePath(env: ProcessEnv = process.env): string {
  return join(quantdeckConfigDir(env), 'profile.json');
}

export function emptyProfile(): Profile {
  return { version: 1, keys: {}, accounts: {} };
}

type Json = Record<string, unknown>;

function object(where: string, value: unknown): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new CustodyError(`${where}: expected an object`);
  return value as Json;
}

function string(where: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new CustodyError(`${where}: expected a non-empty string`);
  return value;
}

function onlyFields(where: string, record: Json, allowed: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key))
      throw new CustodyError(`${where}.${key}: unknown field (expected ${allowed.join(', ')})`);
  }
}

function venue(where: string, value: unknown): string {
  const text = string(where, value);
  try {
    venueFamily(text);
  } catch (error) {
    throw new CustodyError(`${where}: ${(error as Error).message}`);
  }
  return text;
}

/** Validates parsed JSON; `file` prefixes every message. */
export function validateProfile(parsed: unknown, file = 'profile.json'): Profile {
  const root = object(file, parsed);
  onlyFields(file, root, ['version', 'keys', 'accounts']);
  if (root['version'] !== 1)
    throw new CustodyError(`${file}: version: expected 1, got ${JSON.stringify(root['version'])}`);
  const profile = emptyProfile();
  for (const [name, raw] of Object.entries(object(`${file}: keys`, root['keys'] ?? {}))) {
    const where = `${file}: keys.${name}`;
    validateKeyName(name, where);
    const entry = object(where, raw);
    onlyFields(where, entry, ['venue', 'env', 'ref', 'keyId', 'createdAt', 'rotatedAt']);
    const ref = parseKeyRef(string(`${where}.ref`, entry['ref']), `${where}.ref`);
    if (ref.kind === 'env')
      throw new CustodyError(`${where}.ref: stored keys live in the keyring or a file, not env:`);
    profile.keys[name] = {
      venue: venue(`${where}.venue`, entry['venue']),
      env: parseEnv(string(`${where}.env`, entry['env']), `${where}.env`),
      ref,
      keyId: string(`${where}.keyId`, entry['keyId']),
      createdAt: string(`${where}.createdAt`, entry['createdAt']),
      ...(entry['rotatedAt'] !== undefined
        ? { rotatedAt: string(`${where}.rotatedAt`, entry['rotatedAt']) }
        : {}),
    };
  }
  for (const [name, raw] of Object.entries(object(`${file}: accounts`, root['accounts'] ?? {}))) {
    const where = `${file}: accounts.${name}`;
    validateKeyName(name, where);
    const entry = object(where, raw);
    onlyFields(where, entry, ['venue', 'env', 'key']);
    profile.accounts[name] = {
      venue: venue(`${where}.venue`, entry['venue']),
      // "default is the local venue, then testnet": an account that names no env is a testnet one.
      env:
        entry['env'] === undefined
          ? 'testnet'
          : parseEnv(string(`${where}.env`, entry['env']), `${where}.env`),
      key: parseKeyRef(string(`${where}.key`, entry['key']), `${where}.key`),
    };
  }
  return profile;
}

export function loadProfile(env: ProcessEnv = process.env): Profile {
  const path = profilePath(env);
  if (!existsSync(path)) return emptyProfile();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CustodyError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return validateProfile(parsed, path);
}

function toJson(profile: Profile): Json {
  const keys: Json = {};
  for (const [name, k] of Object.entries(profile.keys)) keys[name] = { ...k, ref: formatKeyRef(k.ref) };
  const accounts: Json = {};
  for (const [name, a] of Object.entries(profile.accounts))
    accounts[name] = { ...a, key: formatKeyRef(a.key) };
  return { version: 1, keys, accounts };
}

/** Writes through a temp file and a rename, 0600 (it names where keys are, if not the keys). */
export function saveProfile(profile: Profile, env: ProcessEnv = process.env): void {
  const path = profilePath(env);
  mkdirSync(quantdeckConfigDir(env), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${JSON.stringify(toJson(profile), null, 2)}\n`, 'the profile');
}
