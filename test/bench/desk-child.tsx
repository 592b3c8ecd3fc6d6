// The process the desk bench measures (test/bench/desk.bench.ts): a desk of the accounts its
// config file names, composed as the entry composes one (src/cli/desk.ts composeDesk, the cockpit
// with the Desk), trading local venues the bench runs in ANOTHER process — so this process's CPU
// and RSS are the desk's alone. It draws in the pty the bench gives it, waits until every account
// trades, lets the market streams run, measures its own idle CPU and RSS, and writes one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
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

const first = running.members[0];
if (first === undefined) throw new Error('no accounts');
let firstFrameMs = 0;
let frames = 0;
let renderMs = 0;
const cockpit = startCockpit({
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
const cpu0 = process.cpuUsage();
const frames0 = frames;
const render0 = renderMs;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, config.idleMs));
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
if (profiler !== undefined && profileFile !== undefined) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
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
