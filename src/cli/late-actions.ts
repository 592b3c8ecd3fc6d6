/**
 * The cockpit draws before the engine exists (the local venue takes a moment to start in its
 * worker), so it gets these actions: each one answers "not connected yet" until `attach` hands
 * over the engine, then forwards. The SIM actions exist exactly when the session is a SIM one,
 * because the views offer the faults menu by their presence; they forward once `attachSim` hands
 * over the local venue's steering.
 */
import type { ActionResult, CancelAllOptions, CockpitActions, FlattenOptions, OrderTicket, PlaceOptions, ProtectOptions, SignalActions } from '../store/actions.js';
import type { Trigger } from '../core/types.js';
import type { FaultKind, PriceRegime, SimActions } from '../store/sim-actions.js';
import type { MarginMode } from '../core/types.js';

export interface LateActions {
  actions: CockpitActions;
  /** From now on every call goes to `target`. */
  attach(target: CockpitActions): void;
  /** From now on every SIM call goes to `target`. */
  attachSim(target: SimActions): void;
  /** From now on every signal-stack call goes to `target`. */
  attachSignals(target: SignalActions): void;
  /** Why calls are refused until attached ('starting the local venue…'). */
  setPending(reason: string): void;
}

/** `signals`: the account runs the signal stack (the views offer the Signals pane by its actions' presence). */
export function createLateActions(sim: boolean, pending = 'still connecting', signals = false): LateActions {
  let target: CockpitActions | undefined;
  let simTarget: SimActions | undefined;
  let signalsTarget: SignalActions | undefined;
  let reason = pending;
  const refuse = (): Promise<ActionResult> => Promise.resolve({ ok: false, error: `not ready: ${reason}` });

  const simActions: SimActions = {
    setRegime: (regime: PriceRegime) => (simTarget === undefined ? refuse() : simTarget.setRegime(regime)),
    injectFault: (kind: FaultKind) => (simTarget === undefined ? refuse() : simTarget.injectFault(kind)),
  };
  const signalActions: SignalActions = {
    accept: (id: string, options?: PlaceOptions) => (signalsTarget === undefined ? refuse() : signalsTarget.accept(id, options)),
    decline: (id: string) => (signalsTarget === undefined ? refuse() : signalsTarget.decline(id)),
    setAuto: (on: boolean) => (signalsTarget === undefined ? refuse() : signalsTarget.setAuto(on)),
  };
  const actions: CockpitActions = {
    place: (ticket: OrderTicket, options?: PlaceOptions) => (target === undefined ? refuse() : target.place(ticket, options)),
    cancel: (id: string) => (target === undefined ? refuse() : target.cancel(id)),
    cancelAll: (options?: CancelAllOptions) => (target === undefined ? refuse() : target.cancelAll(options)),
    protect: (kind: Trigger['kind'], price: string, options?: ProtectOptions) => (target === undefined ? refuse() : target.protect(kind, price, options)),
    bracket: (stop: string, aim: string) => (target === undefined ? refuse() : target.bracket(stop, aim)),
    flatten: (options?: FlattenOptions) => (target === undefined ? refuse() : target.flatten(options)),
    amend: (clientOrderId, change) => (target === undefined ? refuse() : target.amend(clientOrderId, change)),
    closePart: (percent: string) => (target === undefined ? refuse() : target.closePart(percent)),
    reverse: () => (target === undefined ? refuse() : target.reverse()),
    reconnect: () => (target === undefined ? refuse() : target.reconnect()),
    toggleDeadman: () => (target === undefined ? refuse() : target.toggleDeadman()),
    readLeverage: () => (target === undefined ? refuse() : target.readLeverage()),
    setLeverage: (leverage: number) => (target === undefined ? refuse() : target.setLeverage(leverage)),
    setMarginMode: (mode: MarginMode) => (target === undefined ? refuse() : target.setMarginMode(mode)),
    setSymbol: (symbol: string) => (target === undefined ? refuse() : target.setSymbol(symbol)),
    showSymbol: (symbol: string | undefined) => (target === undefined ? refuse() : target.showSymbol(symbol)),
    ...(sim ? { sim: simActions } : {}),
    ...(signals ? { signals: signalActions } : {}),
  };
  return {
    actions,
    attach(next) {
      target = next;
    },
    attachSim(next) {
      simTarget = next;
    },
    attachSignals(next) {
      signalsTarget = next;
    },
    setPending(next) {
      reason = next;
    },
  };
}
