/**
 * `quantdeck keys add|list|rm|check|rotate`. Secrets come in on hidden prompts or stdin, never
 * argv; what goes out is names, venues, envs, stores and masked key ids. Every failure is one
 * line without a stack; the details (redacted) go to the log file.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CommandLineError,
  type CommandSpec,
  formatGroupHelp,
  formatHelp,
  type ParsedCommand,
  parseCommand,
  usageErrorText,
} from '../core/command-line.js';
import { processLog } from '../log/logger.js';
import { safeMessage } from '../log/secret-registry.js';
import { type Env as ProcessEnv, quantdeckConfigDir } from '../log/xdg.js';
import { buildCredentials } from './credentials.js';
import { readKeyFile, writeKeyFile } from './encrypted-file.js';
import { CustodyError, UsageError } from './errors.js';
import { formatKeyRef, type KeyRef, validateKeyName } from './key-ref.js';
import { keyringDelete, keyringExists, keyringSave, probeKeyring } from './keyring-store.js';
import { refuseSymlink, removeFile } from './safe-file.js';
import type { CheckDeps } from './keys-check.js';
import type { KeyMaterial } from './material.js';
import { parseFd, readPassphrase } from './passphrase.js';
import { type KeyEntry, loadProfile, type Profile, saveProfile } from './profile.js';
import { parseKeyInput, promptKeyInput, readStdin } from './secret-input.js';
import { openTerminal, PromptCancelled } from './tty-prompt.js';
import { KEYS_COMMANDS, KEYS_NOTES, keysCommand } from './command-lines.js';
import { AWAITING_API_KEY, completeGenerated, generateKey } from './keys-gen.js';
import { envLabel, parseEnv } from './env-name.js';
import { keyFacts, venueFamily } from './key-family.js';
import { tradedVenueFor, venueIds } from '../venues/descriptors.js';

export const KEYS_USAGE = formatGroupHelp(
  'quantdeck keys',
  'keys: where they are stored, what they may do',
  KEYS_COMMANDS,
  KEYS_NOTES,
);

interface Writer {
  write(text: string): unknown;
}

export interface KeysDeps extends CheckDeps {
  env: ProcessEnv;
  stdout: Writer;
  stderr: Writer;
  /** Whether secrets are typed (a terminal) or piped. */
  stdinIsTTY: boolean;
  readStdin: () => Promise<string>;
}

function defaultDeps(): KeysDeps {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
    readStdin,
  };
}

export async function main(argv: string[], overrides: Partial<KeysDeps> = {}): Promise<number> {
  const deps = { ...defaultDeps(), ...overrides };
  const [word, ...rest] = argv;
  const log = processLog().logger;
  if (word === undefined || word === 'help' || word === '--help' || word === '-h') {
    (word === undefined ? deps.stderr : deps.stdout).write(KEYS_USAGE);
    return word === undefined ? 2 : 0;
  }
  const spec = keysCommand(word);
  if (spec === undefined) {
    // Never echoed: a secret pasted in the command's place must not be printed back.
    deps.stderr.write(
      `quantdeck keys: unknown command (the word after 'keys' is not one of ${KEYS_COMMANDS.map((c) => c.command.split(' ')[2]).join(', ')}; not shown)\n${KEYS_USAGE}`,
    );
    return 2;
  }
  const command = spec.command.split(' ')[2] as string;
  try {
    const args = parseCommand(spec, rest);
    if (args.help) {
      deps.stdout.write(formatHelp(spec));
      return 0;
    }
    switch (command) {
      case 'add':
        return await add(args, deps);
      case 'gen': {
        const name = oneName(args);
        return await generateKey({ name, args, passphraseFd: passphraseFd(args), defaultFile: defaultKeyFile(deps.env, name) }, deps);
      }
      case 'list':
        return list(args, deps);
      case 'rm':
        return await remove(args, deps);
      case 'check': {
        const name = oneName(args);
        // Loaded on demand: the HTTP client and venue parsers cost every other command startup time.
        const { checkKey } = await import('./keys-check.js');
        return await checkKey(name, args, deps);
      }
      default:
        return await rotate(args, deps);
    }
  } catch (error) {
    return failed(error, spec, deps, log);
  }
}

function failed(error: unknown, spec: CommandSpec, deps: KeysDeps, log: ReturnType<typeof processLog>['logger']): number {
  if (error instanceof CommandLineError || error instanceof UsageError) {
    deps.stderr.write(usageErrorText(spec, error.message));
    return 2;
  }
  const expected = error instanceof CustodyError || error instanceof PromptCancelled;
  if (!expected) log.error({ err: error, command: spec.command }, 'keys command failed');
  deps.stderr.write(`quantdeck keys: ${safeMessage(error)}\n`);
  return 1;
}

export function oneName(args: ParsedCommand): string {
  const [name] = args.positionals;
  if (name === undefined) throw new UsageError('a key NAME is needed');
  return validateKeyName(name);
}

function passphraseFd(args: ParsedCommand): number | undefined {
  const text = args.values.get('passphrase-fd');
  return text === undefined ? undefined : parseFd(text, '--passphrase-fd');
}

async function readMaterial(deps: KeysDeps, venue: string): Promise<KeyMaterial> {
  if (!deps.stdinIsTTY) return parseKeyInput(await deps.readStdin());
  const terminal = openTerminal();
  if (terminal === undefined)
    throw new CustodyError('no terminal to type the key on: pipe it on stdin instead');
  try {
    return await promptKeyInput(terminal, keyFacts(venue));
  } finally {
    terminal.close();
  }
}

function defaultKeyFile(env: ProcessEnv, name: string): string {
  return join(quantdeckConfigDir(env), 'keys', `${name}.qdkey`);
}

async function add(args: ParsedCommand, deps: KeysDeps): Promise<number> {
  const name = oneName(args);
  const generated = loadProfile(deps.env).keys[name];
  if (generated?.keyId === AWAITING_API_KEY) {
    // A pair made by `keys gen`: what is left is the API key the venue issued for its public key.
    if (args.values.has('venue') || args.values.has('env') || args.values.has('store') || args.values.has('file'))
      throw new UsageError(`key '${name}' was generated here: keys add ${name} takes only its API key (no --venue, --env, --store, --file)`);
    return completeGenerated(name, generated, loadProfile(deps.env), passphraseFd(args), deps, linkAccount);
  }
  const venue = args.values.get('venue');
  const envText = args.values.get('env');
  if (venue === undefined || envText === undefined) throw new UsageError('keys add needs --venue and --env');
  const family = venueFamily(venue);
  const env = parseEnv(envText, '--env');
  // Stored and refused later at connect or check is worse than refused now, before any secret is read.
  if (tradedVenueFor(venue) === undefined) {
    throw new CustodyError(
      `quantdeck has no ${family} session yet (it trades ${venueIds().join(', ')}): a ${family} key could neither be checked nor used, so it is not stored`,
    );
  }
  const store = args.values.get('store') ?? 'keyring';
  if (args.values.has('file') && store !== 'file') throw new UsageError('--file goes with --store file');
  const profile = loadProfile(deps.env);
  const existing = profile.keys[name];
  if (existing !== undefined) {
    throw new CustodyError(
      `key '${name}' exists (${existing.venue} ${envLabel(existing.env)}, ${existing.ref.kind}): replace its secret with quantdeck keys rotate ${name}, or remove it with quantdeck keys rm ${name}`,
    );
  }
  let ref: KeyRef;
  if (store === 'keyring') {
    const probe = await probeKeyring();
    if (!probe.reachable) throw new CustodyError(`the OS keyring is not reachable: ${probe.detail}`);
    if (await keyringExists(name)) {
      throw new CustodyError(
        `the keyring already holds quantdeck/${name} (not in the profile): remove it with quantdeck keys rm ${name}`,
      );
    }
    ref = { kind: 'keyring', name };
  } else {
    const path = resolve(args.values.get('file') ?? defaultKeyFile(deps.env, name));
    ref = { kind: 'file', path };
    if (existsSync(path)) throw new CustodyError(`${path} exists; choose another --file or remove it first`);
  }
  // The passphrase first: a descriptor that fails must fail before any key material is in memory.
  const fd = passphraseFd(args);
  const passphrase =
    ref.kind === 'file'
      ? await readPassphrase({ path: ref.path, env: deps.env, creating: true, ...(fd !== undefined ? { fd } : {}) })
      : undefined;
  const material = await readMaterial(deps, venue);
  const source = formatKeyRef(ref);
  const credentials = buildCredentials(material, { venue, env, source });
  const now = new Date().toISOString();
  if (ref.kind === 'keyring') {
    await keyringSave(name, material);
  } else if (passphrase !== undefined) {
    await writeKeyFile(ref.path, material, passphrase, {
      venue,
      env,
      keyId: credentials.keyId,
      createdAt: now,
    });
  }
  profile.keys[name] = { venue, env, ref, keyId: credentials.keyId, createdAt: now };
  const accountLine =
    profile.accounts[name] === undefined ? linkAccount(profile, name, profile.keys[name]) : '';
  saveProfile(profile, deps.env);
  processLog().logger.info({ key: name, venue, env, store: ref.kind, keyId: credentials.keyId }, 'key added');
  const where = ref.kind === 'keyring' ? 'the OS keyring' : `${ref.path} (encrypted, 0600)`;
  deps.stdout.write(
    `stored ${venue} ${envLabel(env)} key '${name}' in ${where}; key id ${credentials.keyId}\n${accountLine}`,
  );
  deps.stdout.write(`next: quantdeck keys check ${name}\n`);
  return 0;
}

function linkAccount(profile: Profile, name: string, entry: KeyEntry): string {
  profile.accounts[name] = { venue: entry.venue, env: entry.env, key: entry.ref };
  return `account '${name}' → ${formatKeyRef(entry.ref)}\n`;
}

function list(args: ParsedCommand, deps: KeysDeps): number {
  const profile = loadProfile(deps.env);
  const rows = Object.entries(profile.keys).map(([name, k]) => ({
    name,
    venue: k.venue,
    env: k.env,
    store: k.ref.kind,
    keyId: k.keyId,
    ...(k.ref.kind === 'file' ? { file: k.ref.path } : {}),
    createdAt: k.createdAt,
    ...(k.rotatedAt !== undefined ? { rotatedAt: k.rotatedAt } : {}),
  }));
  const accounts = Object.entries(profile.accounts).map(([name, a]) => ({
    name,
    venue: a.venue,
    env: a.env,
    key: formatKeyRef(a.key),
  }));
  if (args.switches.has('json')) {
    deps.stdout.write(`${JSON.stringify({ keys: rows, accounts }, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    deps.stdout.write('no keys yet: quantdeck keys add NAME --venue V --env E\n');
  } else {
    const table = [
      ['NAME', 'VENUE', 'ENV', 'STORE', 'KEY ID'],
      ...rows.map((r) => [r.name, r.venue, r.env, r.store, r.keyId]),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
    for (const row of table)
      deps.stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
      );
  }
  for (const a of accounts) deps.stdout.write(`account ${a.name}: ${a.venue} ${a.env} → ${a.key}\n`);
  return 0;
}

async function remove(args: ParsedCommand, deps: KeysDeps): Promise<number> {
  const name = oneName(args);
  const profile = loadProfile(deps.env);
  const entry = profile.keys[name];
  if (entry === undefined) {
    // An item left behind by an earlier profile: let the user clear it by name.
    if ((await probeKeyring()).reachable && (await keyringDelete(name))) {
      deps.stdout.write(`removed keyring item quantdeck/${name} (it was not in the profile)\n`);
      return 0;
    }
    throw new CustodyError(`no key '${name}' (quantdeck keys list shows the keys)`);
  }
  // A link is refused before anything is removed: removing it would leave the key file behind.
  if (entry.ref.kind === 'file') refuseSymlink(entry.ref.path, 'key file');
  if (entry.ref.kind === 'keyring') await keyringDelete(entry.ref.name);
  else if (entry.ref.kind === 'file' && existsSync(entry.ref.path)) removeFile(entry.ref.path, 'key file');
  delete profile.keys[name];
  const ref = formatKeyRef(entry.ref);
  const dropped = Object.entries(profile.accounts).filter(([, a]) => formatKeyRef(a.key) === ref);
  for (const [account] of dropped) delete profile.accounts[account];
  dropFromGroups(profile, new Set(dropped.map(([account]) => account)));
  saveProfile(profile, deps.env);
  processLog().logger.info({ key: name, store: entry.ref.kind }, 'key removed');
  deps.stdout.write(`removed key '${name}' (${ref})\n`);
  for (const [account] of dropped) deps.stdout.write(`removed account '${account}', which used it\n`);
  return 0;
}

/** A removed account leaves its groups too (a group left empty goes): the profile stays valid. */
function dropFromGroups(profile: Profile, accounts: ReadonlySet<string>): void {
  if (profile.groups === undefined) return;
  for (const [group, members] of Object.entries(profile.groups)) {
    const kept = members.filter((m) => !accounts.has(m));
    if (kept.length === 0) delete profile.groups[group];
    else profile.groups[group] = kept;
  }
}

async function rotate(args: ParsedCommand, deps: KeysDeps): Promise<number> {
  const name = oneName(args);
  const profile = loadProfile(deps.env);
  const entry = profile.keys[name];
  if (entry === undefined)
    throw new CustodyError(`no key '${name}' to rotate (quantdeck keys list shows the keys)`);
  const source = formatKeyRef(entry.ref);
  // For a file, prove the passphrase on the old file first: a mistyped one must not re-key it.
  let passphrase: Awaited<ReturnType<typeof readPassphrase>> | undefined;
  if (entry.ref.kind === 'file') {
    const fd = passphraseFd(args);
    passphrase = await readPassphrase({
      path: entry.ref.path,
      env: deps.env,
      ...(fd !== undefined ? { fd } : {}),
    });
    await readKeyFile(entry.ref.path, passphrase);
  } else {
    const probe = await probeKeyring();
    if (!probe.reachable) throw new CustodyError(`the OS keyring is not reachable: ${probe.detail}`);
  }
  const material = await readMaterial(deps, entry.venue);
  const credentials = buildCredentials(material, { venue: entry.venue, env: entry.env, source });
  const now = new Date().toISOString();
  if (entry.ref.kind === 'keyring') await keyringSave(entry.ref.name, material);
  else if (entry.ref.kind === 'file' && passphrase !== undefined) {
    await writeKeyFile(entry.ref.path, material, passphrase, {
      venue: entry.venue,
      env: entry.env,
      keyId: credentials.keyId,
      createdAt: entry.createdAt,
    });
  }
  const old = entry.keyId;
  profile.keys[name] = { ...entry, keyId: credentials.keyId, rotatedAt: now };
  saveProfile(profile, deps.env);
  processLog().logger.info({ key: name, from: old, to: credentials.keyId }, 'key rotated');
  deps.stdout.write(
    `rotated key '${name}' in place: key id ${old} → ${credentials.keyId}; the old secret is gone from ${source}\n`,
  );
  return 0;
}
