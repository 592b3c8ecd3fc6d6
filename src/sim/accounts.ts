// Accounts and API keys of the sim: generated demo keys or loaded from a `--keys` file. The key store maps
// an API key to what the verifier needs (HMAC secret or public key) and what the key may do.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeAddress } from 'ethers';
import { Secret } from '../core/secret.js';
import { firstJsonError } from './json-where.js';
import { AccountState } from './matching/accounts.js';
import type { KeyType, SimAccount, SimAccountSpec, SimKey, SimKeyPermissions, SimKeySpec } from './types.js';

export interface StoredKey {
  apiKey: string;
  accountId: string;
  type: KeyType;
  /** HMAC secret (raw) — the verifier's own copy. */
  hmacSecret?: string;
  /** HMAC keys: the passphrase (dialects whose venue has one check it). */
  passphrase?: string;
  /** evm keys: the master address the agent trades for (`apiKey` is the agent's own address). */
  walletAddress?: string;
  publicKey?: KeyObject;
  /** In the dialect's shape (its permissions.ts reads them back). */
  permissions: SimKeyPermissions;
  createTime: number;
}

/** A `--keys` file or accounts option that cannot be used; the message says which entry and why. */
export class KeysFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysFileError';
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}

/** What buildAccounts needs of the dialect: its demo keys and its permission shape. */
export interface KeyDialect {
  demoKeys: readonly SimKeySpec[];
  /** An account's balances when its spec gives none (default `{ USDT: '100000' }`). */
  defaultBalances?: Readonly<Record<string, string>>;
  /** A generated HMAC secret in the venue's format (default 64 letters and digits). */
  newSecret?(): string;
  /** A generated key name in the venue's format (default 64 letters and digits). */
  newApiKey?(): string;
  permissions: {
    tradeOnly: unknown;
    read(raw: Readonly<Record<string, unknown>>, where: string): unknown;
  };
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A random secp256k1 private key as 0x-hex (a draw ≥ n is redrawn). */
function randomEvmKey(): string {
  for (;;) {
    const hex = `0x${randomBytes(32).toString('hex')}`;
    const d = BigInt(hex);
    if (d > 0n && d < SECP256K1_N) return hex;
  }
}

/** An evm agent key: its address (the `apiKey`), its private key, and the master it signs for. */
function evmKey(k: SimKeySpec, master: string, where: string): { apiKey: string; privateKey: string } {
  const privateKey = k.secret ?? randomEvmKey();
  let apiKey: string;
  try {
    apiKey = computeAddress(privateKey).toLowerCase();
  } catch {
    throw new KeysFileError(`${where}: secret must be a secp256k1 private key (0x + 64 hex digits)`);
  }
  if (k.apiKey !== undefined && k.apiKey.toLowerCase() !== apiKey) {
    throw new KeysFileError(`${where}: apiKey is not the address of its private key`);
  }
  if (apiKey === master) throw new KeysFileError(`${where}: an agent cannot be its own master (walletAddress)`);
  return { apiKey, privateKey };
}

export interface BuiltAccounts {
  accounts: SimAccount[];
  states: Map<string, AccountState>;
  keys: Map<string, StoredKey>;
}

/** Builds accounts and keys; generated private keys are written as PEM files into `keyDir`. */
export function buildAccounts(
  specs: SimAccountSpec[] | undefined,
  keyDir: string,
  now: number,
  dialect: KeyDialect,
): BuiltAccounts {
  const list = specs && specs.length > 0 ? specs : [{ name: 'demo' }];
  const out: BuiltAccounts = { accounts: [], states: new Map(), keys: new Map() };
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  list.forEach((spec, i) => {
    const id = `account-${i + 1}`;
    const name = spec.name ?? id;
    const state = new AccountState(id, name, spec.balances ?? { ...(dialect.defaultBalances ?? { USDT: '100000' }) });
    for (const [symbol, leverage] of Object.entries(spec.leverage ?? {})) state.leverage.set(symbol, leverage);
    // The venue reports the time of the last balance change; a fresh account's is its funding time.
    state.updateTime = now;
    out.states.set(id, state);
    const keys: SimKey[] = [];
    if (spec.walletAddress !== undefined && !ADDRESS.test(spec.walletAddress)) {
      throw new KeysFileError(`account #${i + 1}: walletAddress must be 0x + 40 hex digits`);
    }
    const master = (spec.walletAddress ?? `0x${randomBytes(20).toString('hex')}`).toLowerCase();
    (spec.keys ?? dialect.demoKeys).forEach((k, j) => {
      const where = `account #${i + 1} key #${j + 1}`;
      if (!KEY_TYPES.has(k.type)) {
        throw new KeysFileError(`${where}: type must be hmac, ed25519, rsa, ec or evm`);
      }
      const evm = k.type === 'evm' ? evmKey(k, master, where) : undefined;
      const apiKey = evm?.apiKey ?? k.apiKey ?? dialect.newApiKey?.() ?? randomToken(64);
      if (out.keys.has(apiKey)) throw new KeysFileError(`${where}: api key listed twice`);
      const permissions = (
        k.permissions === undefined ? structuredClone(dialect.permissions.tradeOnly) : dialect.permissions.read(k.permissions, where)
      ) as SimKeyPermissions;
      const stored: StoredKey = { apiKey, accountId: id, type: k.type, permissions, createTime: now };
      const key: SimKey = { type: k.type, apiKey, permissions };
      if (evm !== undefined) {
        stored.walletAddress = master;
        key.walletAddress = master;
        key.secret = new Secret(evm.privateKey, `sim ${name} agent private key`);
      } else if (k.type === 'hmac') {
        const secret = k.secret ?? dialect.newSecret?.() ?? randomToken(64);
        stored.hmacSecret = secret;
        key.secret = new Secret(secret, `sim ${name} hmac secret`);
        const passphrase = k.passphrase ?? randomToken(16);
        stored.passphrase = passphrase;
        key.passphrase = new Secret(passphrase, `sim ${name} passphrase`);
      } else if (k.publicKeyPem !== undefined) {
        try {
          stored.publicKey = createPublicKey(k.publicKeyPem);
        } catch {
          throw new KeysFileError(`${where}: publicKeyPem is not a PEM public key`);
        }
        key.publicKeyPem = k.publicKeyPem;
      } else {
        const pair =
          k.secret !== undefined
            ? givenPair(k.type, k.secret, where)
            : k.type === 'ed25519'
              ? generateKeyPairSync('ed25519')
              : k.type === 'ec'
                ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
                : generateKeyPairSync('rsa', { modulusLength: 2048 });
        // EC keys as SEC1 (`BEGIN EC PRIVATE KEY`), the form Coinbase hands out; the others PKCS#8.
        const privatePem = pair.privateKey.export({ type: k.type === 'ec' ? 'sec1' : 'pkcs8', format: 'pem' }).toString();
        const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const file = join(keyDir, `${id}-${k.type}${j === 0 ? '' : `-${j + 1}`}`);
        writeFileSync(`${file}.pem`, privatePem, { mode: 0o600 });
        writeFileSync(`${file}.pub.pem`, publicPem, { mode: 0o644 });
        stored.publicKey = pair.publicKey;
        key.secret = new Secret(privatePem, `sim ${name} ${k.type} private key`);
        key.privateKeyFile = `${file}.pem`;
        key.publicKeyPem = publicPem;
      }
      out.keys.set(apiKey, stored);
      keys.push(key);
    });
    out.accounts.push({
      id,
      name,
      keys,
      hmac: keys.find((k) => k.type === 'hmac'),
      ed25519: keys.find((k) => k.type === 'ed25519'),
      rsa: keys.find((k) => k.type === 'rsa'),
      ec: keys.find((k) => k.type === 'ec'),
      evm: keys.find((k) => k.type === 'evm'),
      walletAddress: master,
    });
  });
  return out;
}

/**
 * A key pair from a private key the file gives (PEM), for a client that must sign with a known key
 * (a test planting a secret). Its type must be the key's: an EC key is P-256, as Coinbase's are.
 */
function givenPair(type: KeyType, pem: string, where: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new KeysFileError(`${where}: secret is not a PEM private key`);
  }
  const kind = privateKey.asymmetricKeyType;
  const fits = type === 'ec' ? kind === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1' : kind === type;
  if (!fits) throw new KeysFileError(`${where}: secret is not a${type === 'ec' ? ' P-256' : type === 'ed25519' ? 'n Ed25519' : ' RSA'} private key`);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const KEY_TYPES = new Set<string>(['hmac', 'ed25519', 'rsa', 'ec', 'evm']);
const KEY_STRINGS = ['apiKey', 'secret', 'passphrase', 'publicKeyPem'] as const;

/** The file's own words never appear in these messages: it is made of secrets. Places and field names do. */
function checkAccount(a: unknown, where: string): void {
  if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new KeysFileError(`keys file: ${where} is not an object`);
  const o = a as Record<string, unknown>;
  for (const f of ['name', 'walletAddress'] as const) {
    if (o[f] !== undefined && typeof o[f] !== 'string') throw new KeysFileError(`keys file: ${where}: ${f} must be a string`);
  }
  if (o.balances !== undefined) {
    if (typeof o.balances !== 'object' || o.balances === null || Array.isArray(o.balances))
      throw new KeysFileError(`keys file: ${where}: balances must be an object of asset → decimal string`);
    for (const [i, v] of Object.values(o.balances).entries()) {
      if (typeof v !== 'string' || !/^\d{1,20}(\.\d{1,18})?$/.test(v))
        throw new KeysFileError(`keys file: ${where}: balance #${i + 1} must be a decimal string`);
    }
  }
  if (o.keys === undefined) return;
  if (!Array.isArray(o.keys)) throw new KeysFileError(`keys file: ${where}: keys must be an array`);
  for (const [j, k] of o.keys.entries()) {
    const at = `${where} key #${j + 1}`;
    if (typeof k !== 'object' || k === null || Array.isArray(k)) throw new KeysFileError(`keys file: ${at} is not an object`);
    const key = k as Record<string, unknown>;
    if (typeof key.type !== 'string' || !KEY_TYPES.has(key.type))
      throw new KeysFileError(`keys file: ${at}: type must be hmac, ed25519, rsa, ec or evm`);
    for (const f of KEY_STRINGS) {
      if (key[f] !== undefined && typeof key[f] !== 'string') throw new KeysFileError(`keys file: ${at}: ${f} must be a string`);
    }
    if (key.permissions !== undefined && (typeof key.permissions !== 'object' || key.permissions === null || Array.isArray(key.permissions)))
      throw new KeysFileError(`keys file: ${at}: permissions must be an object`);
  }
}

/**
 * Parses the JSON of a `--keys` file: `{"accounts":[SimAccountSpec...]}` or a bare array. Errors name
 * the line and column or the account, key and field, and quote nothing of the file.
 */
export function parseKeysFile(text: string): SimAccountSpec[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const at = firstJsonError(text);
    throw new KeysFileError(`keys file is not JSON${at === undefined ? '' : ` (line ${at.line}, column ${at.column})`}`);
  }
  const list = Array.isArray(data) ? data : (data as { accounts?: unknown })?.accounts;
  if (!Array.isArray(list))
    throw new KeysFileError('keys file: expected {"accounts":[...]} or an array of accounts');
  for (const [i, a] of list.entries()) checkAccount(a, `account #${i + 1}`);
  return list as SimAccountSpec[];
}
