import { describe, expect, it } from 'vitest';
import { SlidingCount } from '../../src/core/sliding-count.js';

describe('SlidingCount', () => {
  it('counts the events of the last window and forgets one exactly a window old', () => {
    const c = new SlidingCount(60_000);
    expect(c.count(0)).toBe(0);
    c.add(1_000);
    c.add(2_000);
    c.add(30_000);
    expect(c.count(30_000)).toBe(3);
    expect(c.count(60_999)).toBe(3);
    expect(c.count(61_000)).toBe(2);
    expect(c.count(89_999)).toBe(1);
    expect(c.count(90_000)).toBe(0);
  });
});
