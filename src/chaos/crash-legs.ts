/**
 * `npm run chaos -- --crash-every N`, the parent's side: before the run's own engine starts, N legs
 * of the engine in a child process (src/chaos/crash-child.ts) against this process's local venue,
 * which outlives them; each child restarts from the journal the earlier ones left and is killed
 * with SIGKILL at a seeded step (src/chaos/crash-hook.ts). The run's own engine is the last
 * restart. At the end `lostIntents` judges every intent of the run against the venue's own ledger.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JournalRecord } from '../core/journal.js';
import { journalStanding, type JournalScope } from '../core/journal-recovery.js';
import { revealSecret } from '../core/secret.js';
import { safeMessage } from '../log/index.js';
import { Rng } from '../sim/market/random.js';
import type { SimAccount } from '../sim/index.js';
import type { Credentials } from '../venues/venue.js';
import type { LegMessage, LegStart, PlainCredentials } from './crash-child.js';
import { CRASH_ENV, CRASH_POINTS, type CrashPoint, type CrashSpec, formatCrashSpec } from './crash-hook.js';

/** The points every run with three legs or more covers first: journal write → send, mid-send, after the ack. */
const FIRST: readonly CrashPoint[] = ['after-intent', 'mid-send', 'before-acked'];

/**
 * The legs' crash points, from the seed: the three the issue names first (in a seeded order),
 * then any point. `perLeg` bounds the step count a leg dies at (cancels are rarer: a quarter).
 */
export function planCrashes(seed: string, legs: number, perLeg: number): CrashSpec[] {
  const rng = new Rng(`${seed}/crash-points`);
  const first = [...FIRST];
  for (let i = first.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [first[i], first[j]] = [first[j] as CrashPoint, first[i] as CrashPoint];
  }
  const out: CrashSpec[] = [];
  for (let i = 0; i < legs; i++) {
    const point = i < first.length ? (first[i] as CrashPoint) : (CRASH_POINTS[rng.int(CRASH_POINTS.length)] as CrashPoint);
    const most = Math.max(1, point === 'after-cancel' ? Math.floor(perLeg / 4) : perLeg);
    out.push({ point, nth: 1 + rng.int(most) });
  }
  return out;
}

export interface CrashLeg {
  leg: number;
  crashAt: string;
  /** 'itself' when the seeded step came; 'parent' when it did not within the leg's time and the run killed it. */
  killedBy: 'itself' | 'parent' | 'none';
  signal: string | null;
  code: number | null;
  /** Intents an earlier leg left in flight that this one found at its start. */
  recovering: number;
  ms: number;
}

export interface LegsOptions {
  venue: string;
  seed: string;
  sim: { restUrl: string; wsUrl: string };
  account: SimAccount;
  credentials: Credentials;
  journalDir: string;
  logFile: string;
  rate: number;
  specs: CrashSpec[];
  /** Longest a leg may trade before the run kills it itself. */
  legMs?: number;
  /**
   * The run's fault plan, held while a leg starts and resumed once it trades: as the run's own
   * engine, a leg starts on a quiet venue (under 5 MiB frames and socket drops every 0.4 s a quote
   * could take longer than the leg's start allows); its crash comes while the faults run.
   */
  faults?: { pause(): Promise<void>; resume(): Promise<void> };
  progress?(line: string): void;
}

function plain(c: Credentials): PlainCredentials {
  const out: PlainCredentials = { venue: c.venue, apiKey: revealSecret(c.apiKey) };
  if (c.apiSecret !== undefined) out.apiSecret = revealSecret(c.apiSecret);
  if (c.passphrase !== undefined) out.passphrase = revealSecret(c.passphrase);
  if (c.privateKey !== undefined) out.privateKey = revealSecret(c.privateKey);
  if (c.walletAddress !== undefined) out.walletAddress = c.walletAddress;
  return out;
}

export interface LegsOutcome {
  legs: CrashLeg[];
  /** Uncaught exceptions and unhandled rejections in the children. */
  crashes: number;
  unhandledRejections: number;
  samples: string[];
}

/** Runs the legs one after another; a leg that ends other than by SIGKILL fails the run. */
export async function runCrashLegs(o: LegsOptions): Promise<LegsOutcome> {
  const out: LegsOutcome = { legs: [], crashes: 0, unhandledRejections: 0, samples: [] };
  const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
  for (const [i, spec] of o.specs.entries()) {
    const t0 = performance.now();
    const crashAt = formatCrashSpec(spec);
    await o.faults?.pause();
    const proc = fork(child, [], {
      env: { ...process.env, [CRASH_ENV]: crashAt },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    let recovering = 0;
    let counts = { crashes: 0, unhandledRejections: 0, samples: [] as string[] };
    let killedBy: CrashLeg['killedBy'] = 'itself';
    let timer: NodeJS.Timeout | undefined;
    proc.on('message', (m: LegMessage) => {
      if (m.type === 'counts') counts = m;
      else if (m.type === 'ready') {
        recovering = m.recovering;
        void o.faults?.resume();
        // Trading from here; the seeded step comes or the run ends the leg itself.
        timer = setTimeout(() => {
          killedBy = 'parent';
          proc.kill('SIGKILL');
        }, o.legMs ?? 60_000);
      }
    });
    const start: LegStart = {
      venue: o.venue,
      seed: o.seed,
      leg: i + 1,
      sim: o.sim,
      account: { id: o.account.id, name: o.account.name },
      credentials: plain(o.credentials),
      journalDir: o.journalDir,
      logFile: `${o.logFile}.leg${i + 1}`,
      rate: o.rate,
    };
    proc.send(start);
    // A leg that never gets to trade (stuck at its start) is ended too.
    const startTimer = setTimeout(() => {
      if (timer === undefined) {
        killedBy = 'parent';
        proc.kill('SIGKILL');
      }
    }, 120_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => proc.once('exit', (c, s) => resolve([c, s])));
    clearTimeout(timer);
    clearTimeout(startTimer);
    out.crashes += counts.crashes;
    out.unhandledRejections += counts.unhandledRejections;
    out.samples.push(...counts.samples);
    const leg: CrashLeg = { leg: i + 1, crashAt, killedBy: signal === 'SIGKILL' ? killedBy : 'none', signal, code, recovering, ms: Math.round(performance.now() - t0) };
    out.legs.push(leg);
    o.progress?.(`chaos crash leg ${leg.leg}/${o.specs.length}: killed at ${crashAt} by ${leg.killedBy} after ${(leg.ms / 1000).toFixed(1)} s (${recovering} in flight at its start)`);
    if (signal !== 'SIGKILL') throw new Error(`chaos crash leg ${i + 1} ended with ${signal ?? `exit ${code}`}, not SIGKILL: ${safeMessage(stderr.trim().slice(-500))}`);
  }
  return out;
}

/** What a crash run's end knows, for the lost-intent verdict. */
export interface LostInputs {
  records: readonly JournalRecord[];
  scope: JournalScope;
  /** Orders the venue accepted, per client id (its ledger). */
  accepted: ReadonlyMap<string, number>;
  /** Client ids the venue holds open now. */
  openAtVenue: ReadonlySet<string>;
  /** Whether the last engine holds the id as its own order. */
  held(clientOrderId: string): boolean;
}

/**
 * Intents whose fate the desk does not truly know at the end, each with why:
 * - accepted at the venue and never journaled (the write-ahead failed);
 * - accepted at the venue and journaled as never placed or rejected (a wrong verdict);
 * - no outcome in the journal and the last engine does not hold it (nobody resolves it);
 * - open at the venue and not the last engine's own (nobody cancels it).
 */
export function lostIntents(i: LostInputs): { lost: number; evidence: string[] } {
  const mine = i.records.filter((r) => r.account === i.scope.account && r.venue === i.scope.venue && r.env === i.scope.env);
  const intents = new Set(mine.filter((r) => r.event === 'intent').map((r) => r.clientOrderId));
  const saidNotPlaced = new Set(mine.filter((r) => r.event === 'never-placed' || r.event === 'rejected').map((r) => r.clientOrderId));
  const unended = new Set(journalStanding(mine, i.scope).inFlight.map((x) => x.clientOrderId));
  const evidence: string[] = [];
  for (const id of new Set([...intents, ...i.accepted.keys(), ...i.openAtVenue])) {
    const accepted = (i.accepted.get(id) ?? 0) > 0;
    if (accepted && !intents.has(id)) evidence.push(`${id}: accepted at the venue, never journaled`);
    else if (accepted && saidNotPlaced.has(id)) evidence.push(`${id}: accepted at the venue, journaled as never placed or rejected`);
    else if (unended.has(id) && !i.held(id)) evidence.push(`${id}: no outcome in the journal and no engine holds it`);
    else if (i.openAtVenue.has(id) && !i.held(id)) evidence.push(`${id}: open at the venue and not the session's own`);
  }
  return { lost: evidence.length, evidence };
}
