/**
 * What the cockpit may ask of the signal stack (docs/signals.md). The runner implements these; the
 * entry composes them beside the engine's actions (`CockpitActions.signals`), absent when the
 * stack is off. `accept` sends exactly the orders `Enter` showed, through the same guard and order
 * manager as a typed order.
 */
import type { ActionResult, PlaceOptions } from '../actions.js';

export interface SignalActions {
  /**
   * `y` on a proposal: its orders, through the engine's guard and order manager; its ids go to the
   * journal. When the guard asks first (`confirm: true`, the question in `error`), a yes to that
   * question calls again with `confirmed`.
   */
  accept(proposalId: string, options?: PlaceOptions): Promise<ActionResult>;
  /** `n` on a proposal: it ends as declined (the journal says so); nothing is sent. */
  decline(proposalId: string): Promise<ActionResult>;
  /** Automatic mode for this account: refused, saying why, unless the profile allows it (never on mainnet without guard limits). */
  setAuto(on: boolean): Promise<ActionResult>;
}
