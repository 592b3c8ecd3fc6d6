// Cold start: `quantdeck` as a trader types it (bin/quantdeck.js, the bundle already built; no
// flags, so the cockpit on the local venue) in a pseudo-terminal, from spawn to the first frame on
// the terminal. Each run is a new process with an empty HOME (no profile, a new log file), so
// nothing is warm but the operating system's file cache. The program's own log line for the frame
// gives the same moment from inside (since its process started) and the CPU it took to get there
// (every thread: the local venue starts in a worker beside the cockpit), a figure a loaded box
// inflates far less than wall time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../../bin/node-flags.js';
import { type BenchSection, percentile } from './section.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = 7;

interface ColdRun {
  /** Spawn (of script(1), which starts node at once) to the header on the pty. */
  wallMs: number;
  /** From the log: performance.now() at the first frame, i.e. since node started. */
  sinceProcessStartMs: number;
  /** From the log: user + system CPU of the whole process at the first frame. */
  cpuMs: number;
  /** What the first frame said about the venue (it must not claim a connection it has not made). */
  frame: string;
}

interface FirstFrameLine {
  pid: number;
  msg: string;
  sinceProcessStartMs?: number;
  cpuMs?: number;
}

function firstFrameLine(logFile: string): FirstFrameLine | undefined {
  if (!existsSync(logFile)) return undefined;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"first frame"')) continue;
    return JSON.parse(line) as FirstFrameLine;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition, polling; gives up (undefined) after `ms`. */
async function waitFor<T>(probe: () => T | undefined, ms: number): Promise<T | undefined> {
  const until = performance.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined || performance.now() > until) return value;
    await sleep(20);
  }
}

async function coldRun(): Promise<ColdRun> {
  const home = mkdtempSync(join(tmpdir(), 'qd-start-bench-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    TERM: 'xterm-256color',
  };
  const logFile = join(home, 'state', 'quantdeck', 'quantdeck.log');
  try {
    const started = performance.now();
    // With the V8 flags of the launcher's shebang (`quantdeck` as typed runs with them; node given
    // the file by name would not read them).
    const child = spawn('script', ['-qfc', `stty cols 120 rows 40; exec ${process.execPath} ${NODE_FLAGS.join(' ')} bin/quantdeck.js`, '/dev/null'], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    child.stdin.on('error', () => undefined);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let seen = '';
    const frame = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no first frame within 60 s; the pty showed: ${JSON.stringify(seen.slice(0, 200))}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString('utf8');
        if (seen.includes('QUANTDECK')) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      child.once('exit', () => reject(new Error(`exited before its first frame: ${JSON.stringify(seen.slice(0, 200))}`)));
    });
    try {
      const wallMs = await frame;
      // The frame is written before the log line: wait for the line, then end the program the
      // way a signal does (the local venue closed, the worker joined).
      const line = await waitFor(() => firstFrameLine(logFile), 20_000);
      if (line === undefined) throw new Error('the log has no "first frame" line');
      // What the first frame said about the venue: the first line under the Connection pane's
      // title as it reached the pty (the header can arrive in a read of its own, before the rest
      // of the frame), escape sequences out.
      const plain = () => seen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      const connection = await waitFor(() => /─ Connection[^\n]*\n([^\r\n]*)/.exec(plain())?.[1], 5_000);
      const text = `${plain().slice(0, plain().indexOf('─ Connection'))}\n${connection ?? '(no Connection pane seen)'}`;
      try {
        process.kill(line.pid, 'SIGTERM');
      } catch {
        // Gone already.
      }
      return { wallMs, sinceProcessStartMs: line.sinceProcessStartMs ?? Number.NaN, cpuMs: line.cpuMs ?? Number.NaN, frame: text };
    } finally {
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<BenchSection> {
  const title = `cold start: \`quantdeck\` (bin/quantdeck.js, bundle built) to its first frame in a 120x40 pty, ${RUNS} runs`;
  if (!existsSync('/usr/bin/script')) return { title, rows: [], notes: ['skipped: script(1) is missing (Debian package bsdutils)'] };
  // The bundle is built (or found fresh) before the first timed run: the figure is a start, not a build.
  const built = spawnSync(process.execPath, ['bin/quantdeck.js', '--version'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`bin/quantdeck.js --version failed: ${built.stderr}`);
  const load = loadavg().map((n) => Math.round(n * 100) / 100);
  const runs: ColdRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await coldRun());
  const median = (values: number[]) => Math.round(percentile(values, 50));
  const wall = median(runs.map((r) => r.wallMs));
  const inside = median(runs.map((r) => r.sinceProcessStartMs));
  const cpu = median(runs.map((r) => r.cpuMs));
  // Honest first frame: the header is there and the connection pane says what is true.
  const honest = runs.every((r) => r.frame.includes('SIM') && r.frame.includes('no sockets yet'));
  return {
    title,
    rows: [
      { run: 'spawn → first frame on the pty', 'median ms': wall, 'min ms': Math.round(Math.min(...runs.map((r) => r.wallMs))), 'max ms': Math.round(Math.max(...runs.map((r) => r.wallMs))) },
      { run: 'node start → first frame (its log)', 'median ms': inside, 'min ms': Math.round(Math.min(...runs.map((r) => r.sinceProcessStartMs))), 'max ms': Math.round(Math.max(...runs.map((r) => r.sinceProcessStartMs))) },
      { run: 'CPU until the first frame, all threads (its log)', 'median ms': cpu, 'min ms': Math.round(Math.min(...runs.map((r) => r.cpuMs))), 'max ms': Math.round(Math.max(...runs.map((r) => r.cpuMs))) },
    ],
    notes: [
      `cold start ${wall} ms median (goal ≤ 400 ms); ${cpu} ms of CPU to get there; load average ${load.join(' ')} when the runs began`,
      honest
        ? 'every first frame showed SIM and "no sockets yet": the frame is drawn before the venue is reached and says so'
        : 'a first frame did not show SIM and "no sockets yet": check what it claimed',
    ],
    figures: { 'start.cold_first_frame_ms': wall },
  };
}
