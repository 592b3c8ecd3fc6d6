// The process the desk bench measures (test/bench/desk.bench.ts): a desk of the accounts its
// config file names, composed as the entry composes one (src/cli/desk.ts composeDesk, the cockpit
// with the Desk), trading local venues the bench runs in ANOTHER process — so this process's CPU
// and RSS are the desk's alone. It draws in the pty the bench gives it, waits until every account
// trades, lets the market streams run, measures its own idle CPU and RSS, and writes one JSON line.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import pino from 'pino';
import { Secret } from '../../src/core/secret.js';
import { DEFAULT_GUARD_LIMITS } from '../../src/core/order-guard.js';
import { DEFAULT_SLIPPAGE_PCT } from '../../src/core/slippage.js';
import { SharedPools } from '../../src/core/shared-pools.js';
import { startCockpit } from '../../src/cli/cockpit.js';
import { composeDesk } from '../../src/cli/desk.js';
import { simCredentials } from '../../src/cli/local-venue.js';
import type { SimAccount } from '../../src/sim/index.js';
import { venueDescriptor } from '../../src/venues/descriptors.js';
import { threadCpu, threadCpuSince } from './thread-cpu.js';

export interface DeskChildConfig {
  venues: Array<{
    venue: string;
    restUrl: string;
    wsUrl: string;
    accounts: Array<{ name: string; apiKey: string; secret: string; passphrase?: string }>;
  }>;
  /** Idle measurement window after every account trades, ms. */
  idleMs: number;
  /** Settling time before it (first snapshots, leverage reads), ms. */
  settleMs: number;
  out: string;
}

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as DeskChildConfig;
const logger = pino({ level: 'silent' });
const accounts = config.venues.flatMap((v) => v.accounts.map((a) => ({ ...a, venue: v.venue, urls: { rest: v.restUrl, wsPublic: v.wsUrl, wsPrivate: v.wsUrl } })));
const running = composeDesk(
  {
    accounts: accounts.map((a) => ({
      name: a.name,
      venue: a.venue,
      env: 'sim' as const,
      symbol: venueDescriptor(a.venue).defaultSymbol,
      guard: { ...DEFAULT_GUARD_LIMITS },
      slippagePct: DEFAULT_SLIPPAGE_PCT,
    })),
    groups: { desk: accounts.map((a) => a.name) },
    targets: new Map(),
  },
  {
    shared: {
      logger,
      sharedPools: new SharedPools(),
      // Off unless QD_BENCH_DESK_SIGNALS=on: every account's real stack, as `--demo-desk` runs it.
      ...(process.env['QD_BENCH_DESK_SIGNALS'] === 'on'
        ? { signals: async (parts) => (await import('../../src/cli/signals-stack.js')).signalStackFor({ ...parts, processEnv: process.env }) }
        : {}),
    },
    startNow: false,
    wiring: async (name) => {
      const a = accounts.find((x) => x.name === name);
      if (a === undefined) throw new Error(`no account ${name}`);
      const simAccount = {
        name,
        keys: [
          {
            type: 'hmac',
            apiKey: a.apiKey,
            secret: new Secret(a.secret, 'bench api secret'),
            ...(a.passphrase === undefined ? {} : { passphrase: new Secret(a.passphrase, 'bench passphrase') }),
          },
        ],
      } as unknown as SimAccount;
      return { credentials: simCredentials(a.venue, simAccount), simUrls: a.urls };
    },
  },
);

// Bytes the cockpit writes to its terminal (each frame's diff): what the synchronous pty write costs.
let written = 0;
const stdoutWrite = process.stdout.write.bind(process.stdout) as (...a: unknown[]) => boolean;
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
  if (process.env['QD_BENCH_FRAMES'] !== undefined) appendFileSync(process.env['QD_BENCH_FRAMES'], `${JSON.stringify(String(chunk))}\n`);
  return stdoutWrite(chunk, ...rest);
}) as typeof process.stdout.write;

const first = running.members[0];
if (first === undefined) throw new Error('no accounts');
let firstFrameMs = 0;
let frames = 0;
let renderMs = 0;
// QD_BENCH_DESK_HEADLESS=1: the same desk with no cockpit (nothing drawn): what the engines and
// stores cost alone, so the rest of the idle CPU is the drawing's.
const headless = process.env['QD_BENCH_DESK_HEADLESS'] === '1';
if (headless) {
  firstFrameMs = Math.round(performance.now());
  void running.start();
}
const cockpit = headless
  ? { stop: () => undefined, done: Promise.resolve(undefined) }
  : startCockpit({
  store: first.account.store,
  actions: first.account.actions,
  desk: running.desk,
  onFrame: (ms) => {
    frames++;
    renderMs += ms;
  },
  onFirstFrame: () => {
    // performance.now() counts from process start: the whole start-up, imports included.
    firstFrameMs = Math.round(performance.now());
    void running.start();
  },
  });

const started = await running.started;
const tradingMs = Math.round(performance.now());
await new Promise((r) => setTimeout(r, config.settleMs));
// QD_BENCH_CPU_PROFILE=FILE: a V8 CPU profile of the idle window alone (open it in DevTools).
const profileFile = process.env['QD_BENCH_CPU_PROFILE'];
const profiler = profileFile === undefined ? undefined : new Session();
if (profiler !== undefined) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
// QD_BENCH_HEAP_PROFILE=FILE: a sampling heap profile of what the idle window allocates (collected or not).
const heapFile = process.env['QD_BENCH_HEAP_PROFILE'];
const heapProfiler = heapFile === undefined ? undefined : new Session();
if (heapProfiler !== undefined) {
  heapProfiler.connect();
  await heapProfiler.post('HeapProfiler.enable');
  await heapProfiler.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
}
// Garbage collections in the idle window, by kind: count and pause (main thread) ms.
const gcKinds: Record<number, string> = {
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const gcs: Record<string, { count: number; ms: number }> = {};
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = gcKinds[(e as unknown as { detail: { kind: number } }).detail.kind] ?? 'other';
    const g = gcs[kind] ?? { count: 0, ms: 0 };
    gcs[kind] = g;
    g.count++;
    g.ms += e.duration;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
const cpu0 = process.cpuUsage();
const threads0 = threadCpu();
const written0 = written;
const frames0 = frames;
const render0 = renderMs;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, config.idleMs));
const cpu = process.cpuUsage(cpu0);
const threads = threadCpuSince(threads0);
gcObserver.disconnect();
const wall = performance.now() - t0;
if (profiler !== undefined && profileFile !== undefined) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
}
if (heapProfiler !== undefined && heapFile !== undefined) {
  const { profile } = await heapProfiler.post('HeapProfiler.stopSampling');
  writeFileSync(heapFile, JSON.stringify(profile));
}
const rss = process.memoryUsage().rss;
const live = running.members.filter((m) => Object.values(m.account.store.getState().sockets).some((s) => s.state === 'live')).length;
writeFileSync(
  config.out,
  `${JSON.stringify({
    accounts: accounts.length,
    trading: started.filter(Boolean).length,
    live,
    firstFrameMs,
    tradingMs,
    idleCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / wall) * 10_000) / 100,
    // Where it goes: user and kernel time; the main thread (JavaScript) and V8's helper threads.
    userPct: Math.round((cpu.user / 1000 / wall) * 10_000) / 100,
    systemPct: Math.round((cpu.system / 1000 / wall) * 10_000) / 100,
    mainThreadPct: threads === undefined ? undefined : Math.round((threads.mainMs / wall) * 10_000) / 100,
    otherThreadsPct: threads === undefined ? undefined : Math.round((threads.otherMs / wall) * 10_000) / 100,
    gc: Object.entries(gcs).map(([kind, g]) => `${kind} ${g.count}× ${Math.round(g.ms)} ms`).join(', ') || 'none',
    bytesPerFrame: frames === frames0 ? 0 : Math.round((written - written0) / (frames - frames0)),
    rssMb: Math.round(rss / 1024 / 1024),
    heapMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
    // What the idle CPU goes to: frames drawn (every account's row can change the overview).
    framesPerS: Math.round(((frames - frames0) / wall) * 10_000) / 10,
    renderMsPerFrame: frames === frames0 ? 0 : Math.round(((renderMs - render0) / (frames - frames0)) * 100) / 100,
  })}\n`,
);
cockpit.stop();
await cockpit.done;
await running.stop();
process.exit(0);
