// A desk's account that is not on screen (src/store/batcher.ts `show`): its market chatter waits
// for the slow pace, anything else goes at the normal one and takes the chatter with it, and the
// account shown again is flushed at once. Timed by conditions: a shown batcher at the same pace is
// the witness that a hidden one held its ticker.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { createBatcher } from '../../src/store/batcher.js';
import { createQuantStore } from '../../src/store/store.js';
import { until } from '../support/until.js';
import { fill, liveSession, T0 } from './fixtures.js';

const tick = (bid: string): EngineEvent => ({ type: 'ticker', at: T0 + 1, symbol: 'BTCUSDT', bid, ask: '64001.0', last: bid });

describe('a hidden account’s batcher', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  const pair = () => {
    const make = () => {
      const store = createQuantStore({ initialEvents: liveSession() });
      const batcher = createBatcher(store, { intervalMs: 5, hiddenMs: 600_000 });
      closers.push(() => batcher.close());
      return { store, batcher };
    };
    const shown = make();
    const hidden = make();
    hidden.batcher.show(false);
    return { shown, hidden };
  };

  it('holds its tickers while a shown one folds them at the normal pace', async () => {
    const { shown, hidden } = pair();
    shown.batcher.push(tick('64000.5'));
    hidden.batcher.push(tick('64000.5'));
    await until(() => shown.store.getState().ticker?.bid === '64000.5', 'the shown ticker folded');
    // A second shown flush, later still: the hidden one had every chance.
    shown.batcher.push({ type: 'socket-activity', at: T0 + 2, socket: 'market' });
    await until(() => shown.batcher.pending === 0, 'the shown activity folded');
    expect(hidden.store.getState().ticker?.bid).not.toBe('64000.5');
    expect(hidden.batcher.pending).toBe(1);
  });

  it('folds them with the next event that must not wait (a fill), at the normal pace', async () => {
    const { hidden } = pair();
    hidden.batcher.push(tick('64000.5'));
    hidden.batcher.push({ type: 'fill', at: T0 + 2, fill: fill(1) });
    await until(() => hidden.store.getState().fillCount === 1, 'the fill folded');
    expect(hidden.store.getState().ticker?.bid).toBe('64000.5');
  });

  it('is flushed at once when shown, and asked to flush (a group question) folds everything now', () => {
    const { hidden } = pair();
    hidden.batcher.push(tick('64000.5'));
    hidden.batcher.show(true);
    expect(hidden.store.getState().ticker?.bid).toBe('64000.5');
    hidden.batcher.show(false);
    hidden.batcher.push(tick('64000.7'));
    hidden.batcher.flush();
    expect(hidden.store.getState().ticker?.bid).toBe('64000.7');
  });
});
