/**
 * `cmd:PROGRAM ARG…`: a secrets manager without its SDK. The program (`pass show quantdeck/bn`,
 * `vault kv get -field=quantdeck secret/bn`, `op read op://vault/bn/quantdeck`) is started with
 * its arguments and no shell, and prints the key on stdout in the lines `keys add` reads on stdin
 * (`api-key: …`, `api-secret: …`, a `private-key:` PEM…).
 *
 * Its stdin and stderr are the terminal's, so a manager can ask for its own unlock (pinentry) and
 * say what went wrong in its own words. Its stdout is the secret: held only until parsed, never
 * logged, never quoted in an error, its buffers zeroed. A command that fails is named with its exit
 * status or signal; one that hangs is stopped after QUANTDECK_KEY_COMMAND_TIMEOUT seconds (default
 * a minute, time enough to type a manager's passphrase).
 */
import { spawn } from 'node:child_process';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { CustodyError, UsageError } from './errors.js';
import type { KeyMaterial } from './material.js';
import { parseKeyInput } from './secret-input.js';

export const DEFAULT_KEY_COMMAND_TIMEOUT_MS = 60_000;
/** A key is a few hundred bytes; a PEM a few kilobytes. More is not a key. */
const MAX_OUTPUT = 64 * 1024;

function timeoutMs(env: ProcessEnv): number {
  const text = env['QUANTDECK_KEY_COMMAND_TIMEOUT'];
  if (text === undefined || text === '') return DEFAULT_KEY_COMMAND_TIMEOUT_MS;
  if (!/^\d{1,5}(\.\d{1,3})?$/.test(text) || Number(text) <= 0)
    throw new UsageError(`QUANTDECK_KEY_COMMAND_TIMEOUT must be a number of seconds, got '${text}'`);
  return Number(text) * 1000;
}

/** Runs the command; resolves with its stdout (the secret) or rejects with a CustodyError naming why. */
export function runKeyCommand(argv: readonly string[], env: ProcessEnv = process.env): Promise<string> {
  const [program, ...args] = argv;
  if (program === undefined || program === '') return Promise.reject(new CustodyError('cmd: names no command'));
  const limit = timeoutMs(env);
  const name = `key command '${program}'`;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const wipe = () => {
      for (const c of chunks) c.fill(0);
      chunks.length = 0;
    };
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      wipe();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      reject(new CustodyError(message));
    };
    const child = spawn(program, args, {
      shell: false,
      stdio: ['inherit', 'pipe', 'inherit'],
      env: env as NodeJS.ProcessEnv,
    });
    const timer = setTimeout(
      () =>
        fail(
          `${name} printed no key within ${limit / 1000} s and was stopped (QUANTDECK_KEY_COMMAND_TIMEOUT sets the limit in seconds)`,
        ),
      limit,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size > MAX_OUTPUT) fail(`${name} printed more than ${MAX_OUTPUT / 1024} KiB: that is not a key (its output is not shown)`);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? 'no such program (not found on PATH)' : err.code === 'EACCES' ? 'not executable' : (err.code ?? 'error');
      fail(`${name} could not start: ${why}`);
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      if (signal !== null) return fail(`${name} was ended by ${signal} (its output is not shown)`);
      if (code !== 0) return fail(`${name} failed with exit status ${code} (its output is not shown)`);
      if (size === 0) return fail(`${name} exited 0 but printed nothing`);
      settled = true;
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      wipe();
      resolve(text);
    });
  });
}

/** The key material a `cmd:` command prints. */
export async function readKeyCommand(argv: readonly string[], env: ProcessEnv = process.env): Promise<KeyMaterial> {
  const output = await runKeyCommand(argv, env);
  return parseKeyInput(output, `the output of key command '${argv[0]}'`);
}
