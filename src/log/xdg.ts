import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The part of the environment the XDG base directories are read from. */
export type Env = Readonly<Record<string, string | undefined>>;

// The XDG spec says a relative path in these variables is invalid and must be ignored.
function base(env: Env, variable: string, fallback: string[]): string {
  const value = env[variable];
  if (value !== undefined && value !== '' && isAbsolute(value)) return value;
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return join(home, ...fallback);
}

/** Non-secret settings: the profile config and (by default) encrypted key files. */
export function quantdeckConfigDir(env: Env = process.env): string {
  return join(base(env, 'XDG_CONFIG_HOME', ['.config']), 'quantdeck');
}

/** State that outlives a run but is not configuration: the log file. */
export function quantdeckStateDir(env: Env = process.env): string {
  return join(base(env, 'XDG_STATE_HOME', ['.local', 'state']), 'quantdeck');
}

export function logFilePath(env: Env = process.env): string {
  return join(quantdeckStateDir(env), 'quantdeck.log');
}
