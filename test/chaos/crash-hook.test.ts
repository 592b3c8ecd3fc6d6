// The chaos child's seeded crash (src/chaos/crash-hook.ts): the process dies at the k-th time a named
// step is journaled, before or after its line as the point says; the legs' points cover the three
// the issue names first, from the seed.
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/journal.js';
import { CRASH_POINTS, crashingSink, parseCrashSpec } from '../../src/chaos/crash-hook.js';
import { planCrashes } from '../../src/chaos/crash-legs.js';
import { until } from '../support/until.js';

const rec = (event: JournalRecord['event'], id: string): JournalRecord => ({ v: 1, at: new Date().toISOString(), account: 'a', venue: 'v', env: 'sim', event, clientOrderId: id });

function run(spec: string, events: Array<[JournalRecord['event'], string]>): { written: string[]; diedAfter: number | undefined } {
  const written: string[] = [];
  let diedAfter: number | undefined;
  const sink = crashingSink({ append: (r) => void written.push(`${r.event} ${r.clientOrderId}`) }, parseCrashSpec(spec)!, () => {
    diedAfter ??= written.length;
  });
  for (const [e, id] of events) sink.append(rec(e, id));
  return { written, diedAfter };
}

describe('the crash hook', () => {
  const steps: Array<[JournalRecord['event'], string]> = [
    ['intent', '1'],
    ['sent', '1'],
    ['acked', '1'],
    ['intent', '2'],
    ['sent', '2'],
    ['acked', '2'],
  ];

  it('dies right after the k-th intent line, or before the k-th ack line is written', () => {
    expect(run('after-intent:2', steps).diedAfter).toBe(4);
    expect(run('after-sent:1', steps).diedAfter).toBe(2);
    // The venue's ack has arrived; its line is not on disk when the process dies.
    expect(run('before-acked:2', steps).diedAfter).toBe(5);
    expect(run('after-acked:1', steps).diedAfter).toBe(3);
  });

  it('mid-send dies a moment after the send line, not at it', async () => {
    let died = false;
    const sink = crashingSink({ append: () => undefined }, parseCrashSpec('mid-send:1')!, () => {
      died = true;
    });
    sink.append(rec('sent', '1'));
    expect(died).toBe(false);
    await until(() => died, 'the delayed kill');
  });

  it('reads only point:n with a known point', () => {
    expect(parseCrashSpec('after-cancel:3')).toEqual({ point: 'after-cancel', nth: 3 });
    for (const bad of [undefined, '', 'after-sent', 'after-sent:0', 'sideways:2', 'after-sent:2:3']) expect(parseCrashSpec(bad)).toBeUndefined();
  });

  it('the first three legs of any seed are the journal write → send, mid-send and after-ack points', () => {
    for (const seed of ['1', '2', '3', 'x']) {
      const plan = planCrashes(seed, 8, 20);
      expect(plan.slice(0, 3).map((s) => s.point).sort()).toEqual(['after-intent', 'before-acked', 'mid-send']);
      for (const s of plan) {
        expect(CRASH_POINTS).toContain(s.point);
        expect(s.nth).toBeGreaterThanOrEqual(1);
        expect(s.nth).toBeLessThanOrEqual(20);
      }
      expect(planCrashes(seed, 8, 20)).toEqual(plan);
    }
  });
});
