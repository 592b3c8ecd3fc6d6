/**
 * The seeded crash of `npm run chaos -- --crash-every N`: the chaos child (src/chaos/crash-child.ts)
 * wraps its journal sink with this, and the process SIGKILLs itself at a named step of an intent's
 * life — the engine never knows (its normal path has no check, no variable read, no cost). Only the
 * chaos child reads the variable, `QUANTDECK_CHAOS_CRASH_AT`, which its parent sets per leg.
 *
 * Points (each the k-th time its step is journaled in that process):
 * - `after-intent`: the intent is on disk and its send has not started (journal write → send).
 * - `after-sent`: the send's line is on disk and its request has not left.
 * - `mid-send`: the send's line is on disk and the request has had a moment to leave: the process
 *   dies a few milliseconds later, whether the venue has it yet or not.
 * - `before-acked`: the venue's ack has arrived and its line is not yet written.
 * - `after-acked`: the ack's line is on disk.
 * - `after-cancel`: a cancel's line is on disk and the cancel has not been sent.
 */
import type { JournalRecord } from '../core/journal.js';
import type { JournalSink } from '../engine/journal-file.js';

export const CRASH_ENV = 'QUANTDECK_CHAOS_CRASH_AT';

export const CRASH_POINTS = ['after-intent', 'after-sent', 'mid-send', 'before-acked', 'after-acked', 'after-cancel'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export interface CrashSpec {
  point: CrashPoint;
  /** The k-th time the point's step is journaled (1-based). */
  nth: number;
}

const STEP: Record<CrashPoint, { event: JournalRecord['event']; when: 'before' | 'after' }> = {
  'after-intent': { event: 'intent', when: 'after' },
  'after-sent': { event: 'sent', when: 'after' },
  'mid-send': { event: 'sent', when: 'after' },
  'before-acked': { event: 'acked', when: 'before' },
  'after-acked': { event: 'acked', when: 'after' },
  'after-cancel': { event: 'cancel', when: 'after' },
};

/** `after-sent:12` → the spec; undefined for anything else. */
export function parseCrashSpec(text: string | undefined): CrashSpec | undefined {
  const m = /^([a-z-]+):(\d{1,6})$/.exec(text ?? '');
  if (m === null || !(CRASH_POINTS as readonly string[]).includes(m[1] as string)) return undefined;
  const nth = Number(m[2]);
  return nth >= 1 ? { point: m[1] as CrashPoint, nth } : undefined;
}

export function formatCrashSpec(spec: CrashSpec): string {
  return `${spec.point}:${spec.nth}`;
}

/** The journal sink, dying at the spec's step; `die` is SIGKILL of this process unless a test says otherwise. */
export function crashingSink(sink: JournalSink, spec: CrashSpec, die: () => void = () => process.kill(process.pid, 'SIGKILL')): JournalSink {
  const { event, when } = STEP[spec.point];
  let seen = 0;
  return {
    append(record) {
      const hit = record.event === event && ++seen === spec.nth;
      if (hit && when === 'before') die();
      sink.append(record);
      if (!hit || when === 'before') return;
      // The request leaves on a later turn of the event loop than its line: a few ms is mid-send.
      if (spec.point === 'mid-send') setTimeout(die, 1 + (spec.nth % 4));
      else die();
    },
  };
}
