// The id memory behind the engine's fill dedupe: exactly the last `bound` distinct ids, whatever
// the sequence of adds (repeats included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/core/recent-ids.js';

describe('RecentIds', () => {
  it('holds exactly the last `bound` distinct ids', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 200 }),
        (bound, draws) => {
          const ids = new RecentIds(bound);
          const order: string[] = [];
          for (const d of draws) {
            const id = String(d);
            if (!ids.has(id)) order.push(id);
            ids.add(id);
          }
          const kept = new Set(order.slice(-bound));
          expect(ids.size).toBe(kept.size);
          for (let d = 0; d <= 60; d++) expect(ids.has(String(d))).toBe(kept.has(String(d)));
        },
      ),
    );
  });

  it('forgets the oldest first, and a repeat does not make an id young again', () => {
    const ids = new RecentIds(2);
    ids.add('a');
    ids.add('b');
    ids.add('a');
    ids.add('c');
    expect([ids.has('a'), ids.has('b'), ids.has('c')]).toEqual([false, true, true]);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new RecentIds(0)).toThrow(/positive integer/);
    expect(() => new RecentIds(1.5)).toThrow(/positive integer/);
  });
});
