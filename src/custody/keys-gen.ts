/**
 * `quantdeck keys gen NAME --venue binance --env E`: an Ed25519 key pair made on this machine. The
 * private key goes straight into the chosen store (keyring or encrypted file) and never leaves
 * it; the public key is printed as PEM to paste into the venue's API management page ("self-
 * generated" / Ed25519 key), which stores only that useless-to-a-thief half. The venue then issues
 * an API key id for it, and `quantdeck keys add NAME` takes that id (typed, or piped as
 * `api-key: …`) into the same entry; only then does the key become an account and `keys check`
 * ask the venue what it may do.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParsedCommand } from '../core/command-line.js';
import { Secret } from '../core/secret.js';
import { processLog } from '../log/logger.js';
import { registerSecret } from '../log/secret-registry.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { buildCredentials } from './credentials.js';
import { readKeyFile, writeKeyFile } from './encrypted-file.js';
import { envLabel, parseEnv } from './env-name.js';
import { CustodyError, UsageError } from './errors.js';
import { formatKeyRef, type KeyRef } from './key-ref.js';
import { keyFamilies } from '../venues/descriptors.js';
import { keyFacts, venueFamily } from './key-family.js';
import { keyringExists, keyringLoad, keyringSave, probeKeyring } from './keyring-store.js';
import type { KeyMaterial } from './material.js';
import { readPassphrase } from './passphrase.js';
import { type KeyEntry, loadProfile, type Profile, saveProfile } from './profile.js';
import { parseKeyInput } from './secret-input.js';
import { ask, openTerminal } from './tty-prompt.js';

/** The profile's key id of a generated pair the venue has not issued an API key for yet. */
export const AWAITING_API_KEY = 'awaiting-api-key';

/** The venue families that accept an Ed25519 key pair made by the client (their key facts say so). */
const ed25519Families = (): string[] =>
  keyFamilies()
    .filter((f) => f.clientKeyPair === 'Ed25519')
    .map((f) => f.family);

export interface GenDeps {
  env: ProcessEnv;
  stdout: { write(text: string): unknown };
  stdinIsTTY: boolean;
  readStdin: () => Promise<string>;
}

export interface GenArgs {
  name: string;
  args: ParsedCommand;
  passphraseFd: number | undefined;
  defaultFile: string;
}

export async function generateKey({ name, args, passphraseFd, defaultFile }: GenArgs, deps: GenDeps): Promise<number> {
  const venue = args.values.get('venue');
  const envText = args.values.get('env');
  if (venue === undefined || envText === undefined) throw new UsageError('keys gen needs --venue and --env');
  const family = venueFamily(venue);
  if (!ed25519Families().includes(family))
    throw new CustodyError(
      `${family} issues its own keys (quantdeck keys add stores one); key pairs are made here for ${ed25519Families().join(', ')}`,
    );
  const env = parseEnv(envText, '--env');
  const store = args.values.get('store') ?? 'keyring';
  if (args.values.has('file') && store !== 'file') throw new UsageError('--file goes with --store file');
  const profile = loadProfile(deps.env);
  if (profile.keys[name] !== undefined)
    throw new CustodyError(`key '${name}' exists: remove it with quantdeck keys rm ${name}, or choose another name`);
  let ref: KeyRef;
  if (store === 'keyring') {
    const probe = await probeKeyring();
    if (!probe.reachable) throw new CustodyError(`the OS keyring is not reachable: ${probe.detail}`);
    if (await keyringExists(name))
      throw new CustodyError(`the keyring already holds quantdeck/${name} (not in the profile): remove it with quantdeck keys rm ${name}`);
    ref = { kind: 'keyring', name };
  } else {
    const path = resolve(args.values.get('file') ?? defaultFile);
    if (existsSync(path)) throw new CustodyError(`${path} exists; choose another --file or remove it first`);
    ref = { kind: 'file', path };
  }
  // The passphrase first: a descriptor that fails must fail before the key exists.
  const passphrase =
    ref.kind === 'file'
      ? await readPassphrase({ path: ref.path, env: deps.env, creating: true, ...(passphraseFd === undefined ? {} : { fd: passphraseFd }) })
      : undefined;
  const pair = generateKeyPairSync('ed25519');
  const privateKey = new Secret(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(), 'private-key');
  registerSecret(privateKey);
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
  const material: KeyMaterial = { privateKey };
  const createdAt = new Date().toISOString();
  if (ref.kind === 'keyring') await keyringSave(name, material);
  else if (passphrase !== undefined)
    await writeKeyFile(ref.path, material, passphrase, { venue, env, keyId: AWAITING_API_KEY, createdAt });
  profile.keys[name] = { venue, env, ref, keyId: AWAITING_API_KEY, createdAt };
  saveProfile(profile, deps.env);
  processLog().logger.info({ key: name, venue, env, store: ref.kind }, 'key pair generated');
  const where = ref.kind === 'keyring' ? 'the OS keyring' : `${ref.path} (encrypted, 0600)`;
  deps.stdout.write(
    `generated an Ed25519 key pair '${name}' for ${venue} ${envLabel(env)}; the private key is in ${where} and stays there.\n` +
      `Register this public key with the venue (API Management → Create API → self-generated / Ed25519):\n\n${publicPem}\n\n` +
      `then give quantdeck the API key the venue issues for it:\n  quantdeck keys add ${name}    (typed hidden, or piped as 'api-key: …')\n`,
  );
  return 0;
}

/** Reads the one part the venue issued: the API key, typed hidden or piped as `api-key: …`. */
async function readApiKey(deps: GenDeps): Promise<Secret> {
  if (!deps.stdinIsTTY) {
    const material = parseKeyInput(await deps.readStdin());
    const extra = (['apiSecret', 'passphrase', 'privateKey', 'walletAddress'] as const).filter((p) => material[p] !== undefined);
    if (extra.length > 0) throw new CustodyError('a generated key takes only its api-key line (the private key is already stored)');
    if (material.apiKey === undefined) throw new CustodyError("no 'api-key: …' line on stdin");
    return material.apiKey;
  }
  const terminal = openTerminal();
  if (terminal === undefined) throw new CustodyError('no terminal to type the API key on: pipe it on stdin instead');
  try {
    const text = (await ask(terminal, 'API key the venue issued for this public key (hidden): ')).trim();
    if (text === '') throw new CustodyError('the API key is empty');
    const secret = new Secret(text, 'api-key');
    registerSecret(secret);
    return secret;
  } finally {
    terminal.close();
  }
}

/**
 * `keys add NAME` on a generated pair: its API key joins the stored private key, the entry gets
 * its key id, and an account of the same name is made (as `keys add` does for a new key).
 */
export async function completeGenerated(
  name: string,
  entry: KeyEntry,
  profile: Profile,
  passphraseFd: number | undefined,
  deps: GenDeps,
  linkAccount: (profile: Profile, name: string, entry: KeyEntry) => string,
): Promise<number> {
  const source = formatKeyRef(entry.ref);
  let stored: KeyMaterial;
  let passphrase: Secret | undefined;
  if (entry.ref.kind === 'file') {
    passphrase = await readPassphrase({ path: entry.ref.path, env: deps.env, ...(passphraseFd === undefined ? {} : { fd: passphraseFd }) });
    stored = await readKeyFile(entry.ref.path, passphrase);
  } else if (entry.ref.kind === 'keyring') {
    stored = await keyringLoad(entry.ref.name);
  } else {
    throw new CustodyError(`key '${name}' is not in the keyring or a file`);
  }
  const apiKey = await readApiKey(deps);
  const material: KeyMaterial = { ...stored, apiKey };
  const credentials = buildCredentials(material, { venue: entry.venue, env: entry.env, source });
  if (entry.ref.kind === 'keyring') await keyringSave(entry.ref.name, material);
  else if (entry.ref.kind === 'file' && passphrase !== undefined)
    await writeKeyFile(entry.ref.path, material, passphrase, {
      venue: entry.venue,
      env: entry.env,
      keyId: credentials.keyId,
      createdAt: entry.createdAt,
    });
  const done: KeyEntry = { ...entry, keyId: credentials.keyId };
  profile.keys[name] = done;
  const accountLine = profile.accounts[name] === undefined ? linkAccount(profile, name, done) : '';
  saveProfile(profile, deps.env);
  processLog().logger.info({ key: name, keyId: credentials.keyId }, 'api key added to a generated key pair');
  deps.stdout.write(
    `stored the API key of ${entry.venue} ${envLabel(entry.env)} key '${name}' (${keyFacts(entry.venue).family} Ed25519); key id ${credentials.keyId}\n${accountLine}next: quantdeck keys check ${name}\n`,
  );
  return 0;
}
