/**
 * The store itself: a zustand vanilla store holding `QuantState`. Only the batcher (fed by the
 * engine) writes it; views read it with `useStore(store, selector)` and never write.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyEvents } from './apply.js';
import type { EngineEvent } from '../engine/events.js';
import { initialState, type QuantState, type StoreLimits } from './state.js';

export type QuantStore = StoreApi<QuantState>;

export interface QuantStoreOptions {
  limits?: Partial<StoreLimits>;
  /** Events folded in before anyone subscribes (fixtures, a replay). */
  initialEvents?: readonly EngineEvent[];
}

export function createQuantStore(options: QuantStoreOptions = {}): QuantStore {
  const start = applyEvents(initialState(options.limits), options.initialEvents ?? []);
  return createStore<QuantState>()(() => start);
}

/** Folds a batch into the store with ONE setState (one notification, one render at most). */
export function dispatchEvents(store: QuantStore, events: readonly EngineEvent[]): void {
  if (events.length === 0) return;
  store.setState(applyEvents(store.getState(), events), true);
}
