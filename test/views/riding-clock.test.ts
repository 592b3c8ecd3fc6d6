// The cockpit's clock (views/context.tsx ridingClock): a tick that is due rides on the next store
// change, in the same turn (so React draws both in one frame), and goes alone once `rideMs` has
// passed without one. Fake timers: the test moves time, it never waits for it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQuantStore, dispatchEvents } from '../../src/store/store.js';
import { ridingClock } from '../../views/context.js';
import { T0 } from '../store/fixtures.js';

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const log = (text: string) => ({ type: 'log' as const, at: T0, level: 'info' as const, text });

describe('the riding clock', () => {
  it('ticks with the first store change after its period, in the same turn, at that time', () => {
    const store = createQuantStore();
    const clock = ridingClock({ periodMs: 1000, rideMs: 250, store });
    const ticks: number[] = [];
    const stop = clock.subscribe(() => ticks.push(clock.now()));
    // A change before the period is up moves nothing.
    vi.advanceTimersByTime(500);
    dispatchEvents(store, [log('a')]);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(ticks).toEqual([]);
    dispatchEvents(store, [log('b')]);
    expect(ticks).toEqual([T0 + 1100]);
    // Counted from that tick: the next is due at +1000, and rides again.
    vi.advanceTimersByTime(1050);
    dispatchEvents(store, [log('c')]);
    expect(ticks).toEqual([T0 + 1100, T0 + 2150]);
    // Another store shown: the old one's changes no longer carry a tick, the new one's do.
    const other = createQuantStore();
    clock.ride?.(other);
    vi.advanceTimersByTime(1000);
    dispatchEvents(store, [log('x')]);
    expect(ticks).toHaveLength(2);
    dispatchEvents(other, [log('y')]);
    expect(ticks).toEqual([T0 + 1100, T0 + 2150, T0 + 3150]);
    stop();
  });

  it('ticks alone once rideMs has passed without a store change', () => {
    const store = createQuantStore();
    const clock = ridingClock({ periodMs: 1000, rideMs: 250, store });
    const ticks: number[] = [];
    const stop = clock.subscribe(() => ticks.push(clock.now()));
    vi.advanceTimersByTime(1249);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ticks).toEqual([T0 + 1250]);
    stop();
    // Nobody listening: no timer, no store subscription.
    vi.advanceTimersByTime(10_000);
    dispatchEvents(store, [log('d')]);
    expect(ticks).toEqual([T0 + 1250]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
