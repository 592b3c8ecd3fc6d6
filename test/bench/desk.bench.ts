// A desk of ten accounts on three dialects in one process (docs/desk.md): four on binance-usdm,
// three on OKX, three on Bybit, each with its own engine, store and sockets, in one cockpit drawn
// in a pseudo-terminal. The local venues run in THIS process and the desk in a child (bundled like
// the shipped entry, React's production build), so the child's CPU and RSS are the desk's alone:
// node start to the first frame, to every account trading, then its CPU while idle (no orders; the
// market streams on, the venues ticking every 250 ms; dead-man re-arms and reconciles running) and
// its resident memory. Goals: RSS ≤ 250 MB, idle CPU ≤ 3 % of a core.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_FLAGS } from '../../bin/node-flags.js';
import { type SimHandle, startSim } from '../../src/sim/index.js';
import type { SimDialect } from '../../src/sim/dialects/ids.js';
import type { DeskChildConfig } from './desk-child.js';
import type { BenchSection } from './section.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAYOUT: Array<[SimDialect, number]> = [
  ['binance-usdm', 4],
  ['okx', 3],
  ['bybit', 3],
];
const SETTLE_MS = 5_000;
const IDLE_MS = 20_000;

interface ChildResult {
  accounts: number;
  trading: number;
  live: number;
  firstFrameMs: number;
  tradingMs: number;
  idleCpuPct: number;
  rssMb: number;
  heapMb: number;
  framesPerS: number;
  renderMsPerFrame: number;
  userPct: number;
  systemPct: number;
  mainThreadPct?: number;
  otherThreadsPct?: number;
  bytesPerFrame: number;
  gc: string;
}

const hex = (n: number) => randomBytes(n).toString('hex');

export default async function bench(): Promise<BenchSection> {
  const title = `desk: ten accounts on three dialects in one process (${LAYOUT.map(([d, n]) => `${n} ${d}`).join(', ')}), cockpit in a 160x50 pty`;
  if (!existsSync('/usr/bin/script')) return { title, rows: [], notes: ['skipped: script(1) is missing (Debian package bsdutils)'] };
  const dir = mkdtempSync(join(tmpdir(), 'qd-desk-bench-'));
  const sims: SimHandle[] = [];
  try {
    const venues: DeskChildConfig['venues'] = [];
    for (const [dialect, n] of LAYOUT) {
      const accounts = Array.from({ length: n }, (_, i) => ({
        name: `${dialect.slice(0, 3)}-${i + 1}`,
        apiKey: hex(16),
        secret: hex(32),
        passphrase: `Pp${hex(6)}`,
      }));
      const sim = await startSim({
        dialect,
        seed: 11,
        accounts: accounts.map((a) => ({ name: a.name, keys: [{ type: 'hmac', apiKey: a.apiKey, secret: a.secret, passphrase: a.passphrase }] })),
      });
      sims.push(sim);
      venues.push({ venue: dialect, restUrl: sim.restUrl, wsUrl: sim.wsUrl, accounts });
    }
    const out = join(dir, 'result.json');
    const configFile = join(dir, 'config.json');
    const config: DeskChildConfig = { venues, idleMs: IDLE_MS, settleMs: SETTLE_MS, out };
    writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });

    // Bundled as the shipped entry is (bin/bundle.js): no compiler in the measured process.
    // Under the project's node_modules, so its externals (the keyring's native module) resolve.
    // Split like the shipped bundle: ink's optional devtools import stays in a chunk never loaded.
    const outdir = join(root, 'node_modules', '.cache', 'quantdeck-bench');
    const bundle = join(outdir, 'desk-child.js');
    await build({
      absWorkingDir: root,
      entryPoints: { 'desk-child': join(root, 'test/bench/desk-child.tsx') },
      outdir,
      outExtension: { '.js': '.js' },
      splitting: true,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['@napi-rs/keyring', 'react-devtools-core'],
      jsx: 'automatic',
      banner: { js: "import { createRequire as __qdCreateRequire } from 'node:module'; const require = __qdCreateRequire(import.meta.url);" },
      logLevel: 'warning',
    });

    const load = loadavg().map((x) => Math.round(x * 100) / 100);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_STATE_HOME: join(dir, 'state'),
      TERM: 'xterm-256color',
      NODE_ENV: 'production',
      ...(process.env['QD_BENCH_CPU_PROFILE'] === undefined ? {} : { QD_BENCH_CPU_PROFILE: process.env['QD_BENCH_CPU_PROFILE'] }),
      // Diagnostics (docs/desk.md §Measured): every terminal write appended to a file as a JSON
      // string; a sampling heap profile of what the idle window allocates.
      ...(process.env['QD_BENCH_DESK_HEADLESS'] === undefined ? {} : { QD_BENCH_DESK_HEADLESS: process.env['QD_BENCH_DESK_HEADLESS'] }),
      ...(process.env['QD_BENCH_FRAMES'] === undefined ? {} : { QD_BENCH_FRAMES: process.env['QD_BENCH_FRAMES'] }),
      ...(process.env['QD_BENCH_HEAP_PROFILE'] === undefined ? {} : { QD_BENCH_HEAP_PROFILE: process.env['QD_BENCH_HEAP_PROFILE'] }),
      // The desk's signal stacks are off in this bench unless asked (docs/signals.md §Desk gives their cost).
      ...(process.env['QD_BENCH_DESK_SIGNALS'] === undefined ? {} : { QD_BENCH_DESK_SIGNALS: process.env['QD_BENCH_DESK_SIGNALS'] }),
    };
    // QD_BENCH_NODE_FLAGS: other V8 flags for the child than the shipped ones (experiments only).
    const child = spawn(
      'script',
      ['-qfc', `stty cols 160 rows 50; exec ${process.execPath} ${process.env['QD_BENCH_NODE_FLAGS'] ?? NODE_FLAGS.join(' ')} ${bundle} ${configFile}`, '/dev/null'],
      { cwd: root, env, stdio: ['pipe', 'pipe', 'ignore'] },
    );
    child.stdin.on('error', () => undefined);
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen = (seen + d.toString('utf8')).slice(-2_000);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = setTimeout(() => child.kill('SIGKILL'), 120_000 + IDLE_MS + SETTLE_MS);
    const code = await exited;
    clearTimeout(deadline);
    if (!existsSync(out))
      throw new Error(`the desk child wrote no result (exit ${code}); its terminal's last lines: ${JSON.stringify(seen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').slice(-600))}`);
    const r = JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
    return {
      title,
      rows: [
        { what: 'node start → first frame (all ten accounts on the overview)', value: r.firstFrameMs, unit: 'ms' },
        { what: 'node start → every account trading (engines started)', value: r.tradingMs, unit: 'ms' },
        { what: 'accounts trading / with a live socket', value: `${r.trading} / ${r.live} of ${r.accounts}`, unit: '' },
        { what: `CPU while idle (${IDLE_MS / 1000} s, market streams on, no orders)`, value: r.idleCpuPct, unit: '% of a core' },
        { what: '  of which user / kernel', value: `${r.userPct} / ${r.systemPct}`, unit: '% of a core' },
        { what: '  of which main thread / V8 helper threads', value: `${r.mainThreadPct ?? '?'} / ${r.otherThreadsPct ?? '?'}`, unit: '% of a core' },
        { what: 'garbage collections while idle (count, pause)', value: r.gc, unit: '' },
        { what: 'frames drawn while idle', value: r.framesPerS, unit: 'per s' },
        { what: 'bytes written to the terminal per frame', value: r.bytesPerFrame, unit: 'B' },
        { what: 'render time per frame while idle', value: r.renderMsPerFrame, unit: 'ms' },
        { what: 'RSS after the idle window', value: r.rssMb, unit: 'MB' },
        { what: 'JS heap used', value: r.heapMb, unit: 'MB' },
      ],
      notes: [
        `RSS ${r.rssMb} MB (goal ≤ 250), idle CPU ${r.idleCpuPct} % of a core (goal ≤ 3); load average ${load.join(' ')} when the child started`,
        'the local venues run in the bench process, not the measured one; the fan-out figure (last order on the wire within 5 ms of the keypress) is not measured here',
      ],
      figures: { 'desk.rss_mb': r.rssMb, 'desk.idle_cpu_pct': r.idleCpuPct },
    };
  } finally {
    await Promise.all(sims.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
