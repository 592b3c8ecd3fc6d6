/**
 * The passphrase of an encrypted key file: asked once on the terminal with echo off, or read
 * from a file descriptor the caller opened (`--passphrase-fd N`, or QUANTDECK_PASSPHRASE_FD) for
 * automation. Never from argv or a plain environment variable: both are visible to other users
 * of the machine (ps, /proc/PID/environ) and end up in shell history and crash reports.
 */
import { Secret } from '../core/secret.js';
import { registerSecret } from '../log/secret-registry.js';
import type { Env } from '../log/xdg.js';
import { CustodyError, UsageError } from './errors.js';
import { DEFAULT_PASSPHRASE_TIMEOUT_MS, readPassphraseFd } from './passphrase-fd.js';
import { ask, openTerminal } from './tty-prompt.js';

export const MIN_PASSPHRASE_LENGTH = 8;

export interface PassphraseOptions {
  /** From --passphrase-fd. */
  fd?: number;
  env?: Env;
  /** A new file: ask twice on a terminal, enforce the minimum length. */
  creating?: boolean;
  /** The file it unlocks, for the prompt. */
  path: string;
}

export function parseFd(text: string, where: string): number {
  if (!/^\d{1,4}$/.test(text))
    throw new UsageError(`${where} must be a file descriptor number, got '${text}'`);
  return Number(text);
}

/** The wait for a line on --passphrase-fd: QUANTDECK_PASSPHRASE_TIMEOUT seconds, default a minute. */
function fdTimeoutMs(env: Env): number {
  const text = env['QUANTDECK_PASSPHRASE_TIMEOUT'];
  if (text === undefined || text === '') return DEFAULT_PASSPHRASE_TIMEOUT_MS;
  if (!/^\d{1,5}(\.\d{1,3})?$/.test(text) || Number(text) <= 0)
    throw new UsageError(`QUANTDECK_PASSPHRASE_TIMEOUT must be a number of seconds, got '${text}'`);
  return Number(text) * 1000;
}

function check(value: string, creating: boolean, source: string): Secret {
  if (value === '') throw new CustodyError(`the passphrase from ${source} is empty`);
  if (creating && value.length < MIN_PASSPHRASE_LENGTH) {
    throw new CustodyError(
      `the passphrase from ${source} is shorter than ${MIN_PASSPHRASE_LENGTH} characters`,
    );
  }
  const secret = new Secret(value, 'key file passphrase');
  registerSecret(secret);
  return secret;
}

export async function readPassphrase(options: PassphraseOptions): Promise<Secret> {
  const env = options.env ?? process.env;
  const creating = options.creating === true;
  const envFd = env['QUANTDECK_PASSPHRASE_FD'];
  const fd =
    options.fd ??
    (envFd !== undefined && envFd !== '' ? parseFd(envFd, 'QUANTDECK_PASSPHRASE_FD') : undefined);
  if (fd !== undefined) return check(await readPassphraseFd(fd, fdTimeoutMs(env)), creating, `file descriptor ${fd}`);
  const terminal = openTerminal();
  if (terminal === undefined) {
    throw new CustodyError(
      `${options.path} needs its passphrase, and there is no terminal to ask on: pass --passphrase-fd N (or set QUANTDECK_PASSPHRASE_FD) with the passphrase readable on that descriptor`,
    );
  }
  try {
    const first = await ask(terminal, `passphrase for ${options.path} (input hidden): `);
    if (creating) {
      check(first, true, 'the terminal');
      const again = await ask(terminal, 'the same passphrase again: ');
      if (again !== first) throw new CustodyError('the two passphrases differ; nothing was written');
    }
    return check(first, creating, 'the terminal');
  } finally {
    terminal.close();
  }
}
