import { Secret } from '../core/secret.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { CustodyError } from './errors.js';
import type { KeyMaterial } from './material.js';
import type { KeyPart } from '../venues/descriptor.js';

const SUFFIXES: Record<KeyPart, string> = {
  apiKey: 'API_KEY',
  apiSecret: 'API_SECRET',
  passphrase: 'PASSPHRASE',
  privateKey: 'PRIVATE_KEY',
  walletAddress: 'WALLET_ADDRESS',
};

export function envVarName(prefix: string, part: KeyPart): string {
  return `${prefix}_${SUFFIXES[part]}`;
}

/**
 * `env:PREFIX` → PREFIX_API_KEY, PREFIX_API_SECRET, PREFIX_PASSPHRASE, PREFIX_PRIVATE_KEY,
 * PREFIX_WALLET_ADDRESS. A variable that is set but empty is refused (a blank secret from a
 * broken shell profile must not start a session that fails later at the venue).
 */
export function readEnvKey(prefix: string, env: ProcessEnv): KeyMaterial {
  const material: KeyMaterial = {};
  for (const part of Object.keys(SUFFIXES) as KeyPart[]) {
    const name = envVarName(prefix, part);
    const raw = env[name];
    if (raw === undefined) continue;
    if (raw.trim() === '')
      throw new CustodyError(
        `${name} is set but empty; set it to the key's ${SUFFIXES[part].toLowerCase().replace('_', ' ')} or unset it`,
      );
    // A PEM in one line with literal \n (how many .env files carry them).
    const value =
      raw.startsWith('-----BEGIN') && raw.includes('\\n') ? raw.replace(/\\n/g, '\n') : raw.trim();
    if (part === 'walletAddress') material.walletAddress = value;
    else material[part] = new Secret(value, name);
  }
  return material;
}
