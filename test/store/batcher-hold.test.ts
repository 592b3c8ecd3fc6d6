// The batcher's hold: while an urgent request is on its way out, the timer's flushes (each a frame
// of the cockpit) wait — until released, never past the hold's bound — and lose nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatcher } from '../../src/store/batcher.js';
import { createQuantStore } from '../../src/store/store.js';
import { fill, liveSession, T0 } from './fixtures.js';

describe('batcher hold', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = () => {
    const store = createQuantStore({ initialEvents: liveSession() });
    const flushes: number[] = [];
    const batcher = createBatcher(store, { intervalMs: 50, onFlush: (n) => flushes.push(n) });
    return { store, batcher, flushes };
  };

  it('keeps events queued while held, and flushes them in order as soon as released', () => {
    const { store, batcher, flushes } = setup();
    const release = batcher.hold(200);
    for (let n = 0; n < 3; n++) batcher.push({ type: 'fill', at: T0 + n, fill: fill(n) });
    vi.advanceTimersByTime(150);
    expect(flushes).toEqual([]);
    expect(batcher.pending).toBe(3);
    release();
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([3]);
    expect(store.getState().fills.map((f) => f.tradeId)).toEqual(['t2', 't1', 't0']);
    batcher.close();
  });

  it('never holds past its bound, and a second release changes nothing', () => {
    const { batcher, flushes } = setup();
    const release = batcher.hold(120);
    batcher.push({ type: 'fill', at: T0, fill: fill(1) });
    vi.advanceTimersByTime(119);
    expect(flushes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual([1]);
    release();
    release();
    batcher.push({ type: 'fill', at: T0, fill: fill(2) });
    vi.advanceTimersByTime(49);
    expect(flushes).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual([1, 1]);
    batcher.close();
  });

  it('two holds: the flush waits for the last release', () => {
    const { batcher, flushes } = setup();
    const first = batcher.hold(500);
    const second = batcher.hold(500);
    batcher.push({ type: 'fill', at: T0, fill: fill(1) });
    first();
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual([]);
    second();
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([1]);
    batcher.close();
  });
});
