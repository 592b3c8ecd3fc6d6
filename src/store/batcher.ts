/**
 * Coalesces engine events and flushes them into the store at ~20 Hz: one setState per flush,
 * so 1,000 events/s become 20 store notifications/s (and at most 20 renders), not 1,000.
 * Idle costs nothing: a flush timer exists only while events are waiting. Order is preserved.
 * While the engine holds it (an urgent request on its way out) the timer's flushes wait, for at
 * most the hold's bound: the close goes out first, the screen catches up right after.
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
}

export interface Batcher extends EventSink {
  push(event: EngineEvent): void;
  /** Folds what is queued now, synchronously. */
  flush(): void;
  /** Events waiting for the next flush. */
  readonly pending: number;
  hold(maxMs: number): () => void;
  /** Flushes once more and stops the timer; later pushes are folded at once (after shutdown). */
  close(): void;
}

export function createBatcher(store: QuantStore, options: BatcherOptions = {}): Batcher {
  const intervalMs = options.intervalMs ?? 50;
  const maxQueue = options.maxQueue ?? 10_000;
  let queue: EngineEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let holds = 0;
  let heldUntil = 0;

  const arm = (ms: number): void => {
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
      if (timer === undefined) arm(intervalMs);
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
