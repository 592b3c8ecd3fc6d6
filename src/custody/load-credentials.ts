// From a key reference (or an account name in the profile) to `CustodyCredentials`.
import type { Secret } from '../core/secret.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import type { Env } from '../venues/venue.js';
import { buildCredentials, type CustodyCredentials } from './credentials.js';
import { readKeyFile, readKeyFileMeta } from './encrypted-file.js';
import { envVarName, readEnvKey } from './env-store.js';
import { CustodyError } from './errors.js';
import { formatKeyRef, type KeyRef } from './key-ref.js';
import { readKeyCommand } from './key-command.js';
import { keyringLoad } from './keyring-store.js';
import { PART_NAMES } from './material.js';
import { readPassphrase } from './passphrase.js';
import { loadProfile, type Profile } from './profile.js';
import { envLabel } from './env-name.js';
import { venueFamily } from './key-family.js';

export interface LoadOptions {
  venue: string;
  env: Env;
  processEnv?: ProcessEnv;
  /** For `file:` keys; default: ask on the terminal or read --passphrase-fd / QUANTDECK_PASSPHRASE_FD. */
  passphrase?: (path: string) => Promise<Secret>;
  passphraseFd?: number;
}

export async function loadCredentials(ref: KeyRef, options: LoadOptions): Promise<CustodyCredentials> {
  const processEnv = options.processEnv ?? process.env;
  const source = formatKeyRef(ref);
  const base = { venue: options.venue, env: options.env, source };
  switch (ref.kind) {
    case 'env':
      return buildCredentials(readEnvKey(ref.prefix, processEnv), {
        ...base,
        partLabel: (part) => envVarName(ref.prefix, part),
      });
    case 'keyring':
      return buildCredentials(await keyringLoad(ref.name), {
        ...base,
        partLabel: (part) => `${PART_NAMES[part]} (in keyring item quantdeck/${ref.name})`,
      });
    case 'file': {
      const meta = readKeyFileMeta(ref.path);
      if (venueFamily(meta.venue) !== venueFamily(options.venue) || meta.env !== options.env) {
        throw new CustodyError(
          `${ref.path} holds a ${meta.venue} ${envLabel(meta.env as Env)} key, but it was asked for ${options.venue} ${envLabel(options.env)}`,
        );
      }
      const ask =
        options.passphrase ??
        ((path: string) =>
          readPassphrase({
            path,
            env: processEnv,
            ...(options.passphraseFd !== undefined ? { fd: options.passphraseFd } : {}),
          }));
      const passphrase = await ask(ref.path);
      return buildCredentials(await readKeyFile(ref.path, passphrase), {
        ...base,
        partLabel: (part) => `${PART_NAMES[part]} (in ${ref.path})`,
      });
    }
    case 'cmd':
      return buildCredentials(await readKeyCommand(ref.argv, processEnv), {
        ...base,
        partLabel: (part) => `${PART_NAMES[part]} (a '${PART_NAMES[part]}:' line of the key command's output)`,
      });
  }
}

/** The credentials of a named account from the profile config. */
export async function loadAccount(
  name: string,
  options: Omit<LoadOptions, 'venue' | 'env'> & { profile?: Profile } = {},
): Promise<CustodyCredentials> {
  const profile = options.profile ?? loadProfile(options.processEnv ?? process.env);
  const account = profile.accounts[name];
  if (account === undefined) {
    const known = Object.keys(profile.accounts);
    throw new CustodyError(
      `no account '${name}' in the profile${known.length > 0 ? ` (accounts: ${known.join(', ')})` : ''}; quantdeck keys add ${name} … creates one`,
    );
  }
  return loadCredentials(account.key, { ...options, venue: account.venue, env: account.env });
}
