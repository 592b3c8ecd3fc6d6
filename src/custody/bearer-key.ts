/**
 * A key that is one bearer token, not a venue's key: L3's LLM endpoint (docs/signals.md §L3). The
 * same references as an account's key, read for their `api-key` part only: `env:PREFIX` is
 * PREFIX_API_KEY, a keyring item or an encrypted file holds it as `api-key`, a `cmd:` prints an
 * `api-key:` line. No venue's key shape applies, so none is checked; the key is registered with the
 * log scrubber the moment it is read, before anything can fail.
 */
import type { Secret } from '../core/secret.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { registerSecret } from '../log/secret-registry.js';
import { readKeyFile } from './encrypted-file.js';
import { envVarName, readEnvKey } from './env-store.js';
import { CustodyError } from './errors.js';
import { readKeyCommand } from './key-command.js';
import { formatKeyRef, type KeyRef } from './key-ref.js';
import { keyringLoad } from './keyring-store.js';
import type { KeyMaterial } from './material.js';
import { readPassphrase } from './passphrase.js';

export interface BearerKeyOptions {
  processEnv?: ProcessEnv;
  /** For `file:` keys; default: ask on the terminal or read --passphrase-fd / QUANTDECK_PASSPHRASE_FD. */
  passphrase?: (path: string) => Promise<Secret>;
  passphraseFd?: number;
  /** What the key is for, in messages: 'the LLM key (signals.llm.key)'. */
  what?: string;
}

export async function loadBearerKey(ref: KeyRef, options: BearerKeyOptions = {}): Promise<Secret> {
  const processEnv = options.processEnv ?? process.env;
  const what = options.what ?? 'the key';
  const material = await materialOf(ref, processEnv, options);
  for (const part of ['apiKey', 'apiSecret', 'passphrase', 'privateKey'] as const) registerSecret(material[part]);
  if (material.apiKey === undefined) {
    const where = ref.kind === 'env' ? envVarName(ref.prefix, 'apiKey') : `an api-key in ${formatKeyRef(ref)}`;
    throw new CustodyError(`${what} needs ${where}, which is missing`);
  }
  return material.apiKey;
}

async function materialOf(ref: KeyRef, processEnv: ProcessEnv, options: BearerKeyOptions): Promise<KeyMaterial> {
  switch (ref.kind) {
    case 'env':
      return readEnvKey(ref.prefix, processEnv);
    case 'keyring':
      return keyringLoad(ref.name);
    case 'file': {
      const ask =
        options.passphrase ??
        ((path: string) =>
          readPassphrase({ path, env: processEnv, ...(options.passphraseFd === undefined ? {} : { fd: options.passphraseFd }) }));
      return readKeyFile(ref.path, await ask(ref.path));
    }
    case 'cmd':
      return readKeyCommand(ref.argv, processEnv);
  }
}
