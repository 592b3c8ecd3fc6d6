/**
 * A standalone `quantdeck sim --dialect binance-usdm` in the background, for end-to-end tests that
 * run the cockpit in tmux against it (`--sim-url`): the venue is its own process, as in real use.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cockpit-run.js';

export interface Sim {
  child: ChildProcessWithoutNullStreams;
  rest: string;
  apiKey: string;
  apiSecret: string;
  /** The run's secret for the loopback control endpoint (`/_sim/...`). */
  controlToken: string;
}

/** Resolves once the sim printed its address, its key and its control token. */
export function startSim(extraArgs: readonly string[] = []): Promise<Sim> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.tsx', 'sim', '--dialect', 'binance-usdm', ...extraArgs], {
    cwd: ROOT,
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`quantdeck sim exited ${code}: ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const rest = /^sim listening rest=(http:\/\/127\.0\.0\.1:\d+)/m.exec(out)?.[1];
      const apiKey = /^api-key (\S+)$/m.exec(out)?.[1];
      const apiSecret = /^api-secret (\S+)$/m.exec(out)?.[1];
      const controlToken = /^control-token (\S+)$/m.exec(out)?.[1];
      if (rest !== undefined && apiKey !== undefined && apiSecret !== undefined && controlToken !== undefined)
        resolve({ child, rest, apiKey, apiSecret, controlToken });
    });
  });
}

/**
 * The environment of a cockpit in tmux on `sim`: its own XDG dirs under `dir` (so the log file is
 * the run's), the sim's key as `env:NAME` (`NAME_API_KEY`, `NAME_API_SECRET`), CI removed (ink
 * renders only the last frame under CI).
 */
export function cockpitEnv(dir: string, sim: Sim, keyName: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TERM: 'xterm-256color',
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    [`${keyName}_API_KEY`]: sim.apiKey,
    [`${keyName}_API_SECRET`]: sim.apiSecret,
  };
  delete env['CI'];
  return env;
}

/** Polls `probe` until it gives a value; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
