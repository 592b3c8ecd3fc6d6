/**
 * The L2 watcher on the engine's event stream: a sink that passes every event on unchanged and
 * shows the watcher the ones it has rules for; each alert it starts goes into the same sink as a
 * `signals` event (part 'alert', which the store folds into `signals.alerts`), after the event
 * that caused it, and to `onAlert` (the runner's audit and the synthesizer's recent alerts). A
 * timer asks the watcher once a second whether a grace period ran out with no event.
 *
 *   const sink = watchSink(batcher, new Watcher({ alerts: profile.signals?.alerts }));
 *   new Engine({ …, sink });   …   sink.stop();
 */
import type { Alert } from '../../core/signals/types.js';
import type { Watcher } from '../../core/signals/watcher.js';
import { WATCHED_TYPES, type WatchedEvent } from '../../core/signals/watcher-input.js';
import type { EngineEvent, EventSink } from '../events.js';

export interface WatchSinkOptions {
  /** Every alert, as it is pushed. */
  onAlert?: (alert: Alert) => void;
  /** How often grace periods are checked with no event; 0: never (a test calls `tick`). Default 1000. */
  tickMs?: number;
  now?: () => number;
}

export interface WatchSink extends EventSink {
  /** Checks the grace periods now. */
  tick(): void;
  /** Stops the timer; events still pass through. */
  stop(): void;
}

/**
 * The engine's events the watcher reads, by the engine's own types: handing them to `observe` is
 * what holds watcher-input.ts's hand-written shapes to events.ts's (a field that drifts fails to
 * compile here; an intersection with the hand-written shapes would have hidden it).
 */
type EngineWatched = Extract<EngineEvent, { type: Exclude<WatchedEvent['type'], 'signals'> }> | Extract<EngineEvent, { type: 'signals'; part: 'brief' }>;

const isWatched = (e: EngineEvent): e is EngineWatched =>
  WATCHED_TYPES.has(e.type) && (e.type !== 'signals' || e.part === 'brief');

export function watchSink(inner: EventSink, watcher: Watcher, opts: WatchSinkOptions = {}): WatchSink {
  const now = opts.now ?? Date.now;
  const emit = (alerts: readonly Alert[]) => {
    for (const alert of alerts) {
      inner.push({ type: 'signals', at: alert.at, part: 'alert', alert });
      opts.onAlert?.(alert);
    }
  };
  const tickMs = opts.tickMs ?? 1000;
  const timer = tickMs > 0 ? setInterval(() => emit(watcher.tick(now())), tickMs) : undefined;
  timer?.unref?.();
  const sink: WatchSink = {
    push(event) {
      inner.push(event);
      if (isWatched(event)) emit(watcher.observe(event));
    },
    tick: () => emit(watcher.tick(now())),
    stop: () => clearInterval(timer),
  };
  if (inner.hold !== undefined) sink.hold = inner.hold.bind(inner);
  return sink;
}
