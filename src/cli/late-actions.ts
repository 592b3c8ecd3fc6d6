/**
 * The cockpit draws before the engine exists (the local venue takes a moment to start in its
 * worker), so it gets these actions: each one answers "not connected yet" until `attach` hands
 * over the engine, then forwards. The SIM methods exist exactly when the session is a SIM one,
 * because the views offer the faults menu by their presence.
 */
import type { ActionResult, CockpitActions, FaultKind, OrderTicket, SimRegime } from '../store/actions.js';

export interface LateActions {
  actions: CockpitActions;
  /** From now on every call goes to `target`. */
  attach(target: CockpitActions): void;
  /** Why calls are refused until attached ('starting the local venue…'). */
  setPending(reason: string): void;
}

export function createLateActions(sim: boolean, pending = 'still connecting'): LateActions {
  let target: CockpitActions | undefined;
  let reason = pending;
  const refuse = (): Promise<ActionResult> => Promise.resolve({ ok: false, error: `not ready: ${reason}` });

  const actions: CockpitActions = {
    place: (ticket: OrderTicket) => (target === undefined ? refuse() : target.place(ticket)),
    cancel: (id: string) => (target === undefined ? refuse() : target.cancel(id)),
    cancelAll: () => (target === undefined ? refuse() : target.cancelAll()),
    flatten: () => (target === undefined ? refuse() : target.flatten()),
    reconnect: () => (target === undefined ? refuse() : target.reconnect()),
    toggleDeadman: () => (target === undefined ? refuse() : target.toggleDeadman()),
  };
  if (sim) {
    actions.setRegime = (regime: SimRegime) =>
      target?.setRegime === undefined ? refuse() : target.setRegime(regime);
    actions.injectFault = (kind: FaultKind) =>
      target?.injectFault === undefined ? refuse() : target.injectFault(kind);
  }
  return {
    actions,
    attach(next) {
      target = next;
    },
    setPending(next) {
      reason = next;
    },
  };
}
