/**
 * What a chaos run proves, as one flat record: the reliability figures and nothing else,
 * plus `run` (what was run and how much chaos actually fired, so a zero can be trusted). Counts
 * of accepted orders and venue fills come from the local venue's own ledger, never from the
 * engine: the witness is independent of the thing it judges.
 */
import type { CrashLeg } from './crash-legs.js';

export interface ChaosRunInfo {
  venue: string;
  seed: string;
  durationMs: number;
  /** Faults the venue actually fired, by kind (its own counters) plus the schedule's one-off actions. */
  faultsFired: Record<string, number>;
  /** Orders whose status the engine could not learn before the end (reconcile then settles them). */
  unresolvedOrders: number;
  /** Critical-lane waits that make up the p99 (waits during a 429/ban hold are left out). */
  criticalWaitSamples: number;
  /** The same p99 while background polling was idle: the baseline. */
  criticalWaitP99IdleMs: number;
  /** Background-lane wait p99, ms: shows the poller really saturated its share. */
  backgroundWaitP99Ms: number;
  /** 429s to requests sent while an earlier 429's Retry-After was known to run (failing to back off). */
  sentWhileRateLimited: number;
  /** Stream issues counted by the engine (malformed, oversized, unknown frames…). */
  streamIssues: Record<string, number>;
  /** Spot only: the end-of-run flatten and what the venue's balance says of it. */
  spotEnd?: SpotEndFigures;
  logFile?: string;
  /** --crash-every: each leg of the engine's process, where it was killed, and what it found in flight. */
  crashLegs?: CrashLeg[];
  /** --crash-every: the run's journal (the legs' and the last engine's). */
  journalDir?: string;
}

/** The end of a spot run: the engine's `flatten({ amount: 'session' })`, then the venue's balance. */
export interface SpotEndFigures {
  /** The flatten's own line. */
  flatten: string;
  /** Base its order filled. */
  sold: string;
  /** What the session still holds of what it bought, by the engine's ledger, after the flatten. */
  sessionLeft: string;
  /** The base wallet at the venue now minus at the start (BalanceEx or the venue's twin). */
  venueBaseMoved: string;
  /** The same by the engine's session ledger: bought and still held minus holdings from before sold. */
  ledgerBaseMoved: string;
}

export interface ChaosReport {
  run: ChaosRunInfo;
  intents: number;
  acceptedOrders: number;
  duplicates: number;
  /** --crash-every: times the engine's process was killed (SIGKILL) and restarted from the journal. */
  engineRestarts: number;
  /** --crash-every: intents whose fate the desk does not truly know at the end (src/chaos/crash-legs.ts); 0 without crashes. */
  lostIntents: number;
  venueFills: number;
  engineFills: number;
  missingFills: number;
  positionMismatches: number;
  /** Spot: 1 when, after the end-of-run flatten, the session still holds base a `:flatten session` would sell. */
  spotLeftUnsold: number;
  /** Spot: 1 when the venue's base balance did not move by what the engine's session ledger says. */
  spotBalanceMismatches: number;
  postResyncTimeRejections: number;
  requestsWhileBanned: number;
  status429: number;
  reconnects: number;
  timeToLiveMs: { median: number; max: number };
  criticalWaitP99Ms: number;
  crashes: number;
  unhandledRejections: number;
  /** Soak only: RSS each minute and its slope after warm-up. */
  soak?: SoakFigures;
}

export interface SoakSample {
  minute: number;
  rssMb: number;
  heapMb: number;
}

export interface SoakFigures {
  warmupMinutes: number;
  samples: SoakSample[];
  /** Least-squares slope of RSS after warm-up, MB per hour (NaN with fewer than two points). */
  rssSlopeMbPerHour: number;
  heapSlopeMbPerHour: number;
}

/** The counts that must be zero; any above zero fails the run (exit code 1). */
export const MUST_BE_ZERO = [
  'duplicates',
  'lostIntents',
  'missingFills',
  'positionMismatches',
  'spotLeftUnsold',
  'spotBalanceMismatches',
  'postResyncTimeRejections',
  'requestsWhileBanned',
  'crashes',
  'unhandledRejections',
] as const satisfies ReadonlyArray<keyof ChaosReport>;

/** The must-be-zero counts that are not, by name. */
export function failures(report: ChaosReport): string[] {
  return MUST_BE_ZERO.filter((k) => report[k] > 0);
}

const LABELS: Array<[keyof ChaosReport, string]> = [
  ['intents', 'intents'],
  ['acceptedOrders', 'orders the venue accepted'],
  ['duplicates', 'duplicates (accepted beyond one per intent)'],
  ['engineRestarts', "engine processes killed (SIGKILL) and restarted"],
  ['lostIntents', 'lost intents (after the restarts, by the venue ledger)'],
  ['venueFills', 'fills at the venue'],
  ['engineFills', 'fills the engine knows'],
  ['missingFills', 'missing fills after the final reconcile'],
  ['positionMismatches', 'position mismatches after the final reconcile'],
  ['spotLeftUnsold', 'spot: bought base left unsold after the end flatten'],
  ['spotBalanceMismatches', "spot: venue's base balance vs the session ledger"],
  ['postResyncTimeRejections', 'time rejections after a successful resync'],
  ['requestsWhileBanned', 'requests sent while known banned'],
  ['status429', '429s received'],
  ['reconnects', 'reconnects'],
  ['criticalWaitP99Ms', 'critical-lane wait p99, ms (background saturated)'],
  ['crashes', 'crashes (uncaught exceptions)'],
  ['unhandledRejections', 'unhandled rejections'],
];

const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : '-');

/** A two-column table for a person; must-be-zero rows say so. */
export function renderText(r: ChaosReport): string {
  const zero = new Set<string>(MUST_BE_ZERO);
  const rows: Array<[string, string, string]> = [];
  for (const [key, label] of LABELS) {
    const v = r[key] as number;
    const value = key === 'criticalWaitP99Ms' ? ms(v) : String(v);
    rows.push([label, value, zero.has(key) ? (v === 0 ? 'ok (must be 0)' : 'FAIL (must be 0)') : '']);
    if (key === 'reconnects') {
      rows.push(['time to live after a reconnect, median / max, ms', `${ms(r.timeToLiveMs.median)} / ${ms(r.timeToLiveMs.max)}`, '']);
    }
  }
  const width = Math.max(...rows.map((x) => x[0].length));
  const valueWidth = Math.max(...rows.map((x) => x[1].length));
  const lines = [
    `chaos: ${r.run.venue}, seed ${r.run.seed}, ${(r.run.durationMs / 1000).toFixed(1)} s`,
    ...rows.map(([l, v, note]) => `  ${l.padEnd(width)}  ${v.padStart(valueWidth)}  ${note}`.trimEnd()),
    `  faults fired: ${Object.entries(r.run.faultsFired).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  stream issues: ${Object.entries(r.run.streamIssues).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  critical-lane wait p99 with background idle: ${ms(r.run.criticalWaitP99IdleMs)} ms; background-lane wait p99 (saturated): ${ms(r.run.backgroundWaitP99Ms)} ms`,
    `  unresolved orders at the end: ${r.run.unresolvedOrders}; ` +
      `429s to requests sent during a known Retry-After: ${r.run.sentWhileRateLimited}`,
  ];
  if (r.soak !== undefined) {
    const s = r.soak;
    lines.push(`  RSS each minute (MB): ${s.samples.map((x) => x.rssMb.toFixed(1)).join(' ')}`);
    lines.push(`  heap each minute (MB): ${s.samples.map((x) => x.heapMb.toFixed(1)).join(' ')}`);
    lines.push(
      `  slope after ${s.warmupMinutes} min warm-up: RSS ${s.rssSlopeMbPerHour.toFixed(1)} MB/h, heap ${s.heapSlopeMbPerHour.toFixed(1)} MB/h`,
    );
  }
  const spot = r.run.spotEnd;
  if (spot !== undefined) {
    lines.push(`  end-of-run flatten: ${spot.flatten}; sold ${spot.sold}, session holds ${spot.sessionLeft} after it`);
    lines.push(`  base moved at the venue ${spot.venueBaseMoved}, by the session ledger ${spot.ledgerBaseMoved}`);
  }
  for (const leg of r.run.crashLegs ?? [])
    lines.push(`  crash leg ${leg.leg}: killed at ${leg.crashAt} by ${leg.killedBy}, ${(leg.ms / 1000).toFixed(1)} s; ${leg.recovering} in flight at its start`);
  if (r.run.journalDir !== undefined) lines.push(`  journal: ${r.run.journalDir}`);
  if (r.run.logFile !== undefined) lines.push(`  log: ${r.run.logFile}`);
  const bad = failures(r);
  lines.push(bad.length === 0 ? 'result: every must-be-zero count is zero' : `result: FAILED (${bad.join(', ')})`);
  return `${lines.join('\n')}\n`;
}
