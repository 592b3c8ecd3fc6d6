import { afterEach, describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/store/batcher.js';
import { createQuantStore } from '../../src/store/store.js';
import { fill, liveSession, T0 } from './fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('batcher', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  it('folds a burst into the store with one setState', async () => {
    const store = createQuantStore({ initialEvents: liveSession() });
    let notifications = 0;
    closers.push(store.subscribe(() => notifications++));
    const flushes: number[] = [];
    const batcher = createBatcher(store, { intervalMs: 20, onFlush: (n) => flushes.push(n) });
    closers.push(() => batcher.close());
    for (let n = 0; n < 500; n++) batcher.push({ type: 'fill', at: T0 + n, fill: fill(n) });
    expect(batcher.pending).toBe(500);
    expect(store.getState().fillCount).toBe(0);
    await sleep(60);
    expect(notifications).toBe(1);
    expect(flushes).toEqual([500]);
    expect(store.getState().fillCount).toBe(500);
    expect(store.getState().fills[0]?.tradeId).toBe('t499');
  });

  it('preserves order across flushes and stays idle without events', async () => {
    const store = createQuantStore({ initialEvents: liveSession() });
    let notifications = 0;
    closers.push(store.subscribe(() => notifications++));
    const batcher = createBatcher(store, { intervalMs: 10 });
    closers.push(() => batcher.close());
    batcher.push({ type: 'connection', at: T0 + 1, socket: 'user', role: 'account', state: 'reconnecting', attempt: 1 });
    await sleep(30);
    batcher.push({ type: 'connection', at: T0 + 2, socket: 'user', role: 'account', state: 'live' });
    await sleep(30);
    expect(notifications).toBe(2);
    await sleep(40);
    expect(notifications).toBe(2);
    expect(store.getState().sockets['user']).toMatchObject({ state: 'live', reconnects: 1 });
  });

  it('flushes at once past maxQueue and after close', () => {
    const store = createQuantStore();
    const batcher = createBatcher(store, { intervalMs: 10_000, maxQueue: 3 });
    batcher.push({ type: 'log', at: T0, level: 'info', text: 'a' });
    batcher.push({ type: 'log', at: T0, level: 'info', text: 'b' });
    expect(store.getState().log).toHaveLength(0);
    batcher.push({ type: 'log', at: T0, level: 'info', text: 'c' });
    expect(store.getState().log.map((e) => e.text)).toEqual(['a', 'b', 'c']);
    batcher.push({ type: 'log', at: T0, level: 'info', text: 'd' });
    batcher.close();
    expect(store.getState().log).toHaveLength(4);
    batcher.push({ type: 'log', at: T0, level: 'info', text: 'e' });
    expect(store.getState().log.at(-1)?.text).toBe('e');
    expect(batcher.pending).toBe(0);
  });
});
