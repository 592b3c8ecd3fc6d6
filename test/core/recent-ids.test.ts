// The two-generation id memory behind the engine's fill dedupe: at least the last `bound` ids, at
// most twice that, for any sequence of adds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/core/recent-ids.js';

describe('RecentIds', () => {
  it('remembers at least the last `bound` distinct ids and holds fewer than twice that', () => {
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
            expect(ids.size).toBeLessThanOrEqual(2 * bound - 1);
          }
          for (const id of order.slice(-bound)) expect(ids.has(id)).toBe(true);
        },
      ),
    );
  });

  it('drops the older generation whole when the younger fills', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c']) ids.add(id);
    // a, b, c are now the old generation: all remembered.
    expect(['a', 'b', 'c'].every((id) => ids.has(id))).toBe(true);
    for (const id of ['d', 'e']) ids.add(id);
    expect(ids.size).toBe(5);
    ids.add('f');
    // d, e, f filled the young generation: it became the old one and a, b, c went.
    expect(ids.size).toBe(3);
    expect(['a', 'b', 'c'].some((id) => ids.has(id))).toBe(false);
    expect(['d', 'e', 'f'].every((id) => ids.has(id))).toBe(true);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new RecentIds(0)).toThrow(/positive integer/);
    expect(() => new RecentIds(1.5)).toThrow(/positive integer/);
  });
});
