/**
 * What the cockpit may ask: the engine's actions (src/engine/actions.ts) and, against the local
 * venue, the SIM steering the entry composes beside them. The views call these and nothing else.
 */
import type { EngineActions } from '../engine/actions.js';
import type { SignalActions } from '../engine/signals/actions.js';
import type { SimActions } from './sim-actions.js';

export type { SignalActions } from '../engine/signals/actions.js';

export type { ActionResult, CancelAllOptions, FlattenOptions, OrderTicket, PlaceOptions, ProtectOptions } from '../engine/actions.js';

/** The engine's actions, and the SIM steering beside them when the session trades the local venue. */
export interface CockpitActions extends EngineActions {
  /**
   * The local venue's steering (price regime, faults): present exactly when the session runs
   * against the local venue. Composed by the entry beside the engine's actions, never the engine's.
   */
  readonly sim?: SimActions;
  /** The signal stack's actions (docs/signals.md): present when the entry runs it for this account. */
  readonly signals?: SignalActions;
}

/**
 * What quitting does with the dead-man's switch: `leave-armed` stops re-arming it, so the venue
 * cancels the open orders when it expires (the cockpit said when); `disarm` turns it off first.
 */
export interface QuitPlan {
  deadman: 'disarm' | 'leave-armed';
}
