// Environment names as people type them and as custody prints them.
import { ENVS, type Env } from '../venues/venue.js';
import { CustodyError } from './errors.js';

/** Accepts `mainnet` for `live`: people say both. */
export function parseEnv(text: string, where = 'env'): Env {
  const value = text === 'mainnet' ? 'live' : text;
  if ((ENVS as readonly string[]).includes(value)) return value as Env;
  throw new CustodyError(`${where}: '${text}' is not one of ${ENVS.join(', ')} (mainnet = live)`);
}

export function envLabel(env: Env): string {
  return env === 'live' ? 'mainnet (live)' : env;
}
