import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SectionFigures } from './figures.js';

/** What one benchmark file reports: a titled table of figures measured side by side in one run. */
export interface BenchSection {
  title: string;
  /** Each row is one line of the table; numbers are printed as measured. */
  rows: Array<Record<string, string | number>>;
  /** Goals and ratios in words, e.g. "build+sign / raw HMAC = 1.4x (goal ≤ 2x)". */
  notes?: string[];
  /** Figures held to a goal (test/bench/figures.ts names them and states the goal). */
  figures?: SectionFigures;
}

/** A benchmark file's default export. `filter` is the optional name given on the command line. */
export type Bench = () => Promise<BenchSection>;

/** Runs `fn` for about `ms` milliseconds (after a warm-up) and returns operations per second. */
export function opsPerSecond(fn: () => unknown, ms = 500): number {
  const warmUntil = performance.now() + Math.min(100, ms / 5);
  while (performance.now() < warmUntil) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    ops += 100;
    now = performance.now();
  }
  return Math.round((ops * 1000) / (now - start));
}

/** The p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * A full collection, with or without `--expose-gc` on the command line (`npm run bench` has none):
 * heap figures compare collected heaps, and a measurement should not pay for earlier garbage.
 */
export const collectGarbage: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

/**
 * Runs `load` (the cockpit's imports) as `quantdeck` runs them: ink decides at import time whether
 * it is under CI (and then draws no frames), and React's build is chosen before React loads, so
 * both are set around the imports; CI is put back afterwards for the rest of the run.
 */
export async function asCockpitProcess<T>(load: () => Promise<T>): Promise<T> {
  const ci = process.env.CI;
  process.env.CI = 'false';
  process.env.NODE_ENV ??= 'production';
  try {
    return await load();
  } finally {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  }
}
