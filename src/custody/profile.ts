/**
 * The profile config: non-secret metadata in $XDG_CONFIG_HOME/quantdeck/profile.json (an example
 * is in docs/profile.md).
 *
 * `keys` are the keys quantdeck stores (keyring or encrypted file); `accounts` are what the
 * cockpit connects with, and may also point at `env:PREFIX`. The file is checked against the one
 * schema definition (profile-schema.ts); every error names the file and the field.
 */
import type { GuardLimits } from '../core/order-guard.js';
import type { AlertsSettings } from '../core/signals/watcher-config.js';
import type { StrategySpec } from '../core/signals/types.js';
import { errorMessage } from '../core/error-message.js';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { quantdeckConfigDir } from '../log/xdg.js';
import type { Env } from '../venues/venue.js';
import { CustodyError } from './errors.js';
import { formatKeyRef, type KeyRef, parseKeyRef, RESERVED_NAMES } from './key-ref.js';
import { parseEnv } from './env-name.js';
import { type ProfileInput, parseProfile } from './profile-schema.js';
import { assertCommandsTrusted } from './profile-trust.js';
import { writeFileAtomic } from './safe-file.js';

export interface KeyEntry {
  venue: string;
  env: Env;
  ref: KeyRef;
  keyId: string;
  createdAt: string;
  rotatedAt?: string;
}

/**
 * How a fan-out sizes an account's order: the ticket's size × `multiplier`, or `equityShare` of
 * the account's equity at the ticket's price (the store's FanOutSizing; custody does not import
 * the store, so the shape is written here too and the entry checks they agree).
 */
export type AccountSizing = { multiplier: string } | { equityShare: string };

export interface AccountEntry {
  venue: string;
  env: Env;
  key: KeyRef;
  /** The account's fat-finger limits, as written (decimal strings). */
  guard?: GuardLimits;
  /** A market order's slippage cap, % through the reference price (decimal string). */
  slippagePct?: string;
  /** The account's rate-limit tier where the venue has tiers (Kraken's verification tier). */
  rateTier?: string;
  /** How a fan-out to a group sizes this account's order (docs/desk.md); absent: multiplier 1. */
  sizing?: AccountSizing;
}

/** L3's LLM endpoint (docs/signals.md §L3); absent fields take the entry's defaults. */
export interface LlmEntry {
  url: string;
  model: string;
  /** The endpoint's API key: its `apiKey` part (env:PREFIX reads PREFIX_API_KEY). */
  key: KeyRef;
  timeoutMs?: number;
  maxTokens?: number;
}

/** The signal stack's settings; each part of the stack reads its own field. */
export interface SignalsEntry {
  llm?: LlmEntry;
  /** L2's thresholds, bell and flash over the defaults (src/core/signals/watcher-config.ts). */
  alerts?: AlertsSettings;
  /** The strategies the stack runs (docs/signals.md §Strategies in the profile); absent, the built-ins. */
  strategies?: StrategySpec[];
  /** Accounts whose automatic mode starts on, and may be on at all on mainnet (docs/signals.md §Automatic mode). */
  auto?: string[];
}

export interface Profile {
  /** Where an editor finds the JSON Schema (schema/profile.schema.json); kept as written. */
  $schema?: string;
  version: 1;
  keys: Record<string, KeyEntry>;
  accounts: Record<string, AccountEntry>;
  /** Groups of accounts by name (`--group NAME`); every member is an account of `accounts`. */
  groups?: Record<string, string[]>;
  /** The signal stack (docs/signals.md). */
  signals?: SignalsEntry;
}

export function profilePath(env: ProcessEnv = process.env): string {
  return join(quantdeckConfigDir(env), 'profile.json');
}

export function emptyProfile(): Profile {
  return { version: 1, keys: {}, accounts: {} };
}

type Json = Record<string, unknown>;

/**
 * What the schema library lets through and the file must not: an array where an object belongs
 * (it would read as an empty one), and names it skips silently (refused by name here rather than
 * dropped, and lost at the next save).
 */
function precheck(file: string, root: unknown): void {
  const array = (where: string, value: unknown) => {
    if (Array.isArray(value)) throw new CustodyError(`${file}: ${where}expected an object, not a list`);
  };
  array('', root);
  if (root === null || typeof root !== 'object') return;
  for (const section of ['keys', 'accounts', 'groups']) {
    const names = (root as Json)[section];
    array(`${section}: `, names);
    if (names === null || typeof names !== 'object') continue;
    for (const name of RESERVED_NAMES) {
      if (Object.hasOwn(names, name)) throw new CustodyError(`${file}: ${section}.${name}: the name '${name}' is reserved`);
    }
    // A group is a list; the schema says so when it is not.
    if (section !== 'groups') for (const [name, entry] of Object.entries(names)) array(`${section}.${name}: `, entry);
  }
  const signals = (root as Json)['signals'];
  array('signals: ', signals);
  if (signals !== null && typeof signals === 'object') array('signals.alerts: ', (signals as Json)['alerts']);
  const strategies = signals !== null && typeof signals === 'object' ? (signals as Json)['strategies'] : undefined;
  if (Array.isArray(strategies))
    strategies.forEach((s, i) => {
      if (s !== null && typeof s === 'object') array(`signals.strategies.${i}.params: `, (s as Json)['params']);
    });
}

/** Validates parsed JSON against the profile schema (profile-schema.ts); `file` prefixes every message. */
export function validateProfile(parsed: unknown, file = 'profile.json'): Profile {
  precheck(file, parsed);
  const result = parseProfile(parsed);
  if (!result.ok) throw new CustodyError(`${file}: ${result.path === '' ? '' : `${result.path}: `}${result.message}`);
  const input = result.value;
  const profile = emptyProfile();
  if (input.$schema !== undefined) profile.$schema = input.$schema;
  for (const [name, entry] of Object.entries(input.keys ?? {})) {
    const where = `${file}: keys.${name}`;
    profile.keys[name] = {
      venue: entry.venue,
      env: parseEnv(entry.env, `${where}.env`),
      ref: parseKeyRef(entry.ref, `${where}.ref`),
      keyId: entry.keyId,
      createdAt: entry.createdAt,
      ...(entry.rotatedAt === undefined ? {} : { rotatedAt: entry.rotatedAt }),
    };
  }
  for (const [name, entry] of Object.entries(input.accounts ?? {})) {
    const where = `${file}: accounts.${name}`;
    profile.accounts[name] = {
      venue: entry.venue,
      // "default is the local venue, then testnet": an account that names no env is a testnet one.
      env: entry.env === undefined ? 'testnet' : parseEnv(entry.env, `${where}.env`),
      key: parseKeyRef(entry.key, `${where}.key`),
      ...(entry.guard === undefined ? {} : { guard: entry.guard }),
      ...(entry.slippagePct === undefined ? {} : { slippagePct: entry.slippagePct }),
      ...(entry.rateTier === undefined ? {} : { rateTier: entry.rateTier }),
      ...(entry.sizing === undefined ? {} : { sizing: sizingOf(entry.sizing) }),
    };
  }
  if (input.groups !== undefined) profile.groups = checkedGroups(file, input.groups, profile.accounts);
  if (input.signals !== undefined) profile.signals = signalsOf(file, input.signals);
  return profile;
}

/** The schema's output with key references parsed; other fields as written. */
function signalsOf(file: string, input: NonNullable<ProfileInput['signals']>): SignalsEntry {
  const { llm, strategies, ...fields } = input;
  // The schema checked every param a number in its kind's range.
  const rest: Omit<SignalsEntry, 'llm'> = {
    ...fields,
    ...(strategies === undefined
      ? {}
      : {
          strategies: strategies.map((s) => ({
            name: s.name,
            kind: s.kind,
            params: (s.params ?? {}) as Record<string, number>,
            ...(s.timeframes === undefined ? {} : { timeframes: s.timeframes }),
          })),
        }),
  };
  if (llm === undefined) return { ...rest };
  return { ...rest, llm: { ...llm, key: parseKeyRef(llm.key, `${file}: signals.llm.key`) } };
}

function sizingOf(entry: { multiplier?: string; equityShare?: string }): AccountSizing {
  // The schema let exactly one through.
  return entry.multiplier !== undefined ? { multiplier: entry.multiplier } : { equityShare: entry.equityShare ?? '1' };
}

/** Every member an account of the file, and none twice: a desk must not start half of a typo. */
function checkedGroups(
  file: string,
  groups: Record<string, string[]>,
  accounts: Record<string, AccountEntry>,
): Record<string, string[]> {
  const known = Object.keys(accounts);
  const out: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(groups)) {
    members.forEach((member, i) => {
      const where = `${file}: groups.${name}.${i}`;
      if (!Object.hasOwn(accounts, member))
        throw new CustodyError(
          `${where}: no account '${member}' in accounts${known.length > 0 ? ` (accounts: ${known.join(', ')})` : ''}`,
        );
      if (members.indexOf(member) !== i) throw new CustodyError(`${where}: '${member}' is listed twice`);
    });
    out[name] = [...members];
  }
  return out;
}

export function loadProfile(env: ProcessEnv = process.env): Profile {
  const path = profilePath(env);
  if (!existsSync(path)) return emptyProfile();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CustodyError(`${path}: not valid JSON (${errorMessage(error)})`);
  }
  const profile = validateProfile(parsed, path);
  assertCommandsTrusted(profile, path);
  return profile;
}

function toJson(profile: Profile): Json {
  const keys: Json = {};
  for (const [name, k] of Object.entries(profile.keys)) keys[name] = { ...k, ref: formatKeyRef(k.ref) };
  const accounts: Json = {};
  for (const [name, a] of Object.entries(profile.accounts))
    accounts[name] = { ...a, key: formatKeyRef(a.key) };
  const groups = profile.groups === undefined || Object.keys(profile.groups).length === 0 ? {} : { groups: profile.groups };
  const signals = profile.signals === undefined ? {} : { signals: signalsJson(profile.signals) };
  return { ...(profile.$schema === undefined ? {} : { $schema: profile.$schema }), version: 1, keys, accounts, ...groups, ...signals };
}

function signalsJson(signals: SignalsEntry): Json {
  const { llm, ...rest } = signals;
  return llm === undefined ? { ...rest } : { ...rest, llm: { ...llm, key: formatKeyRef(llm.key) } };
}

/** Writes through a temp file and a rename, 0600 (it names where keys are, if not the keys). */
export function saveProfile(profile: Profile, env: ProcessEnv = process.env): void {
  const path = profilePath(env);
  mkdirSync(quantdeckConfigDir(env), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${JSON.stringify(toJson(profile), null, 2)}\n`, 'the profile');
}
