/**
 * The SIM steering the cockpit offers when it trades against the local venue: the price regime
 * (`v`) and the faults menu (`f`). Not engine actions: the entry composes these beside the
 * engine's (`CockpitActions.sim`) only when the environment is sim, and the views offer the SIM
 * keys by their presence.
 *
 * FAULTS is the one table of faults: the keymap's number keys, the faults overlay's lines and the
 * entry's sim hooks (src/cli/sim-hooks.ts, one handler per kind) all read it.
 */
import type { PriceRegime } from '../engine/events.js';
import type { ActionResult } from './actions.js';

export type { PriceRegime };

export interface FaultEntry {
  readonly kind: string;
  /** What the trader sees in the faults menu: the fault, then the recovery to watch for. */
  readonly label: string;
  /** The key that injects it from the faults menu. */
  readonly key: string;
}

// The menu speaks of what happens, not in one venue's codes: the same menu steers every dialect
// (the venue's own words show in the log and the message line when the fault fires).
export const FAULTS = [
  { kind: 'drop-socket', label: 'drop the sockets (reconnect, resync, then live)', key: '1' },
  {
    kind: 'skew-clock',
    label: 'step the venue clock back 2 s (our timestamps run ahead: refused, resync, one retry)',
    key: '2',
  },
  { kind: 'drop-order-response', label: 'drop the next order response (unknown, then query)', key: '3' },
  { kind: 'rate-limit-storm', label: 'rate-limit storm (background waits, orders use the reserve)', key: '4' },
] as const satisfies readonly FaultEntry[];

/** Faults the SIM fault menu can inject. */
export type FaultKind = (typeof FAULTS)[number]['kind'];

export interface SimActions {
  setRegime(regime: PriceRegime): Promise<ActionResult>;
  /** The result's message says what was injected and what to watch for. */
  injectFault(kind: FaultKind): Promise<ActionResult>;
}
