/**
 * Where a key's nonce floor lives (engine/nonce-floor.ts, kept by custody/nonce-file.ts): beside
 * the profile, one small file per venue, environment and key, named by a hash of the public key
 * (never the key itself). The local venue's keys are new at every start: theirs go under the state
 * folder, not the config. The engine opens the floor only for venues that keep every key's highest
 * nonce (Kraken); for the others the path is never touched.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { revealSecret } from '../core/secret.js';
import { NonceFile } from '../custody/nonce-file.js';
import type { NonceFloor } from '../engine/nonce-floor.js';
import { type Env as ProcessEnv, quantdeckConfigDir, quantdeckStateDir } from '../log/xdg.js';
import type { Credentials } from '../venues/venue.js';

export function nonceFilePath(
  credentials: Pick<Credentials, 'venue' | 'env' | 'apiKey'>,
  env: ProcessEnv = process.env,
): string {
  const id = createHash('sha256').update(revealSecret(credentials.apiKey), 'utf8').digest('hex').slice(0, 16);
  const base = credentials.env === 'sim' ? quantdeckStateDir(env) : quantdeckConfigDir(env);
  const venue = credentials.venue.replace(/[^a-z0-9-]/gi, '_');
  return join(base, 'nonces', `${venue}-${credentials.env}-${id}.json`);
}

/** What the engine is handed (EngineOptions.nonceFloor): opens the key's file when first asked. */
export function nonceFloorOf(
  credentials: Pick<Credentials, 'venue' | 'env' | 'apiKey'>,
  env: ProcessEnv = process.env,
): () => NonceFloor {
  return () => new NonceFile(nonceFilePath(credentials, env));
}
