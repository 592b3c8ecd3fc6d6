// The cockpit's actions as a recorder: every call the views make, with its arguments, answered
// ok (or with what `reply` says). Shared by the ink harness and the controller's direct tests.
import type { ActionResult, CockpitActions, OrderTicket, PlaceOptions, ProtectOptions } from '../../src/store/actions.js';
import type { AmendChange } from '../../src/core/amend-target.js';
import type { SimActions } from '../../src/store/sim-actions.js';
import type { SignalActions } from '../../src/engine/signals/actions.js';
import type { CancelAllOptions } from '../../src/engine/actions.js';
import type { Trigger } from '../../src/core/types.js';

export interface Call {
  name: string;
  args: unknown[];
}

/** A CockpitActions that records every call and answers ok (or what `reply` says). */
export class RecordingActions implements CockpitActions {
  readonly calls: Call[] = [];
  reply: ActionResult = { ok: true, clientOrderId: 'qd-test-1' };
  readonly sim?: SimActions;
  /** The signal stack's actions: on by default in sim, as the entry composes them. */
  readonly signals?: SignalActions;

  constructor(sim: boolean, signals = sim) {
    if (sim) {
      this.sim = {
        setRegime: (regime) => this.record('setRegime', [regime]),
        injectFault: (kind) => this.record('injectFault', [kind]),
      };
    }
    if (signals) {
      this.signals = {
        accept: (id, options) => this.record('accept', options === undefined ? [id] : [id, options]),
        decline: (id) => this.record('decline', [id]),
        setAuto: (on) => this.record('setAuto', [on]),
      };
    }
  }

  private record(name: string, args: unknown[]): Promise<ActionResult> {
    this.calls.push({ name, args });
    return Promise.resolve(this.reply);
  }

  place(ticket: OrderTicket, options?: PlaceOptions) {
    return this.record('place', options === undefined ? [ticket] : [ticket, options]);
  }
  cancel(clientOrderId: string) {
    return this.record('cancel', [clientOrderId]);
  }
  cancelAll(options?: CancelAllOptions) {
    return this.record('cancelAll', options === undefined ? [] : [options]);
  }
  protect(kind: Trigger['kind'], price: string, options?: ProtectOptions) {
    return this.record('protect', options === undefined ? [kind, price] : [kind, price, options]);
  }
  bracket(stop: string, target: string) {
    return this.record('bracket', [stop, target]);
  }
  flatten() {
    return this.record('flatten', []);
  }
  amend(clientOrderId: string, change: AmendChange) {
    return this.record('amend', [clientOrderId, change]);
  }
  closePart(percent: string) {
    return this.record('closePart', [percent]);
  }
  reverse() {
    return this.record('reverse', []);
  }
  reconnect() {
    return this.record('reconnect', []);
  }
  toggleDeadman() {
    return this.record('toggleDeadman', []);
  }
  readLeverage() {
    return this.record('readLeverage', []);
  }
  setLeverage(leverage: number) {
    return this.record('setLeverage', [leverage]);
  }
  setMarginMode(mode: 'cross' | 'isolated') {
    return this.record('setMarginMode', [mode]);
  }
  setSymbol(symbol: string) {
    return this.record('setSymbol', [symbol]);
  }
  /** Kept apart from `calls`: the cockpit tells the engine the selected row's symbol as the selection moves. */
  readonly shown: (string | undefined)[] = [];
  showSymbol(symbol: string | undefined) {
    this.shown.push(symbol);
    return Promise.resolve<ActionResult>({ ok: true });
  }
}
