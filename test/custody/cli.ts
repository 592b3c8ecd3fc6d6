// Runs the real CLI (src/cli.tsx) in a child process, the way a user does, with its own XDG dirs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env: Record<string, string>;
  /** Written to stdin, then closed (a pipe: the CLI reads secrets from it). */
  stdin?: string;
  /** Written to fd 3, then closed: `--passphrase-fd 3`. */
  fd3?: string;
  timeoutMs?: number;
}

/**
 * `node --import tsx src/cli.tsx …` rather than `npx tsx …`: npx and tsx's own wrapper pass only
 * fds 0-2 to the final process, so `--passphrase-fd 3` could not be tested through them. Started
 * in its own session (detached), so it has no controlling terminal and can never sit at a prompt.
 */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.tsx', ...args], {
      cwd: REPO,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe', options.fd3 === undefined ? 'ignore' : 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`quantdeck ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    // A CLI that refuses before reading its stdin or fd 3 closes the pipe under our write: EPIPE is
    // its answer, read from its exit code and stderr, not an error of the test's own process.
    const closedEarly = (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') reject(err);
    };
    child.stdin?.on('error', closedEarly).end(options.stdin ?? '');
    const fd3 = child.stdio[3];
    if (options.fd3 !== undefined && fd3 !== null && fd3 !== undefined && 'end' in fd3) fd3.on('error', closedEarly).end(options.fd3);
  });
}

/** A fresh HOME and XDG dirs; PATH and (when given) the D-Bus session carried over. */
export function tempHome(): { dir: string; env: Record<string, string>; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'qd-cli-'));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
    FORCE_COLOR: '0',
  };
  const bus = process.env['DBUS_SESSION_BUS_ADDRESS'];
  if (bus !== undefined) env['DBUS_SESSION_BUS_ADDRESS'] = bus;
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
