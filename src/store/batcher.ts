/**
 * Coalesces engine events and flushes them into the store at ~20 Hz: one setState per flush,
 * so 1,000 events/s become 20 store notifications/s (and at most 20 renders), not 1,000.
 * Idle costs nothing: a flush timer exists only while events are waiting. Order is preserved.
 * While the engine holds it (an urgent request on its way out) the timer's flushes wait, for at
 * most the hold's bound: the close goes out first, the screen catches up right after.
 *
 * A desk's account that is not on screen is fed `hidden`: its market chatter (tickers, socket
 * activity: four ticks a second per symbol on every account) waits up to `hiddenMs` (1 s) for the
 * next flush, while anything else (an order, a fill, a socket state, a log line) still goes at the
 * normal pace and takes the waiting chatter with it. Only the overview row reads a hidden store on
 * screen, and it shows at most a second-old price; a group question flushes every store before it
 * reads (`flush`), and an account shown again is flushed at once.
 */
import type { EngineEvent, EventSink } from '../engine/events.js';
import { dispatchEvents, type QuantStore } from './store.js';

export interface BatcherOptions {
  /** Flush period; default 50 ms (20 Hz). 0 flushes on the next macrotask. */
  intervalMs?: number;
  /** Flush at once when this many events wait (a bound on memory and on one flush's cost). */
  maxQueue?: number;
  /** Called after each flush with the number of events folded (for benches and tests). */
  onFlush?: (count: number) => void;
  /** How long market chatter waits while the store is hidden; default 1,000 ms. */
  hiddenMs?: number;
}

/** Events that only refresh what a hidden account's overview row shows: they may wait. */
const CHATTER: ReadonlySet<EngineEvent['type']> = new Set(['ticker', 'socket-activity']);

export interface Batcher extends EventSink {
  push(event: EngineEvent): void;
  /** Folds what is queued now, synchronously. */
  flush(): void;
  /** Events waiting for the next flush. */
  readonly pending: number;
  hold(maxMs: number): () => void;
  /** Flushes once more and stops the timer; later pushes are folded at once (after shutdown). */
  close(): void;
  /** Whether the store is on screen (default true); hidden, market chatter waits longer. Shown again, it flushes at once. */
  show(shown: boolean): void;
}

export function createBatcher(store: QuantStore, options: BatcherOptions = {}): Batcher {
  const intervalMs = options.intervalMs ?? 50;
  const hiddenMs = options.hiddenMs ?? 1_000;
  const maxQueue = options.maxQueue ?? 10_000;
  let queue: EngineEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer fires (performance.now()), and the wait it was armed with. */
  let due = 0;
  let armedMs = 0;
  let closed = false;
  let holds = 0;
  let heldUntil = 0;
  let hidden = false;

  const arm = (ms: number): void => {
    due = performance.now() + ms;
    armedMs = ms;
    timer = setTimeout(onTimer, ms);
    // A pending cockpit refresh must not keep a finished process alive.
    timer.unref?.();
  };

  const onTimer = (): void => {
    timer = undefined;
    const left = heldUntil - performance.now();
    if (holds > 0 && left > 0) arm(left);
    else flush();
  };

  const flush = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    dispatchEvents(store, batch);
    options.onFlush?.(batch.length);
  };

  return {
    push(event) {
      queue.push(event);
      if (closed || queue.length >= maxQueue) {
        flush();
        return;
      }
      const ms = hidden && CHATTER.has(event.type) ? hiddenMs : intervalMs;
      if (timer === undefined) arm(ms);
      // Only a timer armed with a longer wait can be due later than this one (no clock read per event).
      else if (armedMs > ms && due > performance.now() + ms) {
        // Chatter's long wait is cut short by something that must not wait.
        clearTimeout(timer);
        arm(ms);
      }
    },
    show(shown) {
      hidden = !shown;
      if (shown) flush();
    },
    hold(maxMs) {
      holds++;
      heldUntil = Math.max(heldUntil, performance.now() + maxMs);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        // What waited goes out now, not a whole period later.
        if (holds === 0 && timer !== undefined) {
          clearTimeout(timer);
          arm(0);
        }
      };
    },
    flush,
    get pending() {
      return queue.length;
    },
    close() {
      flush();
      closed = true;
    },
  };
}
