/**
 * Waiting, bounded, for a chaos run to settle: a promise at most so long, a condition within a
 * deadline, and a reconcile pass retried until one gets through the end of a fault. Shared by the
 * run (run.ts), its spot end (spot-end.ts) and its verdict (verdict.ts).
 */
import type { Engine } from '../engine/engine.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for `p` at most `ms`; the timer never outlives the wait (it would hold the process open). */
export async function atMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** One reconcile pass, retried (a pass can meet the end of a fault); false when none succeeded. */
export async function reconcile(e: Engine): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    try {
      await e.resyncer.pass('manual');
      return true;
    } catch {
      await sleep(500);
    }
  }
  return false;
}

