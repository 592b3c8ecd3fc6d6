// The controller driven directly, without ink: a store snapshot built from engine events, keys
// typed one by one into `handleKey`, and each effect run against a recorder to see which engine
// action it calls with which arguments. Fast enough for mutation runs over the whole controller.
import type { EngineEvent } from '../../../src/engine/events.js';
import type { OrderTicket, QuitPlan } from '../../../src/store/actions.js';
import { applyEvents } from '../../../src/store/apply.js';
import { initialState } from '../../../src/store/state.js';
import { type Effect, handleKey, type KeyContext, type KeyOutcome, type UiState } from '../../../views/controller.js';
import { liveSession, order, T0 } from '../../store/fixtures.js';
import { type Call, RecordingActions } from '../recording-actions.js';

/** The clock the controller sees in these tests. */
export const NOW = T0 + 3000;

export interface SceneOptions {
  /** SIM actions present (default: when the session's environment is sim). */
  sim?: boolean;
  sizePresets?: readonly string[];
  pageRows?: number;
}

/** What a key is judged against: the store after `events`, at NOW. */
export function contextOf(events: readonly EngineEvent[], options: SceneOptions = {}): KeyContext {
  const state = applyEvents(initialState(), events);
  const actions = new RecordingActions(options.sim ?? state.session?.env === 'sim');
  return {
    state,
    now: NOW,
    actions,
    defaultLeverage: '1',
    pageRows: options.pageRows ?? 10,
    ...(options.sizePresets === undefined ? {} : { sizePresets: options.sizePresets }),
  };
}

/** The same context after more engine events (the store moved on between two keys). */
export const after = (ctx: KeyContext, ...events: EngineEvent[]): KeyContext => ({
  ...ctx,
  state: applyEvents(ctx.state, events),
});

/** Keys typed one by one from `ui`: the UI after the last, and every key's effects in order. */
export function press(ctx: KeyContext, ui: UiState, ...keys: string[]): KeyOutcome {
  let now = ui;
  const effects: Effect[] = [];
  for (const key of keys) {
    const out = handleKey(now, key, ctx);
    now = out.ui;
    effects.push(...out.effects);
  }
  return { ui: now, effects };
}

/**
 * An effect as the trader meets it: a quit and its plan, or a call's label, the order it follows,
 * the ticket it sends (a question from the guard is about that ticket) and what it asked the engine.
 */
export type Done = { quit: QuitPlan } | { label: string; follow?: string; ticket?: OrderTicket; calls: Call[] };

/** Runs each call effect against its own recorder (with SIM actions) and reports what it did. */
export function done(outcome: KeyOutcome): Done[] {
  return outcome.effects.map((e) => {
    if (e.kind === 'quit') return { quit: e.plan };
    // The App runs anything that is not a quit as a call: a kind misspelt would still run, unseen.
    if (e.kind !== 'call') throw new Error(`an effect of no known kind: ${JSON.stringify(e)}`);
    const actions = new RecordingActions(true);
    void e.run(actions);
    return {
      label: e.label,
      ...(e.follow === undefined ? {} : { follow: e.follow }),
      ...(e.ticket === undefined ? {} : { ticket: e.ticket }),
      calls: actions.calls,
    };
  });
}

/** The SIM session with two resting orders: qd-new (SELL @ 64300.0, listed first) and qd-old (BUY @ 64200.0). */
export const withOrders = (): EngineEvent[] => [
  ...liveSession(),
  { type: 'order', at: T0, order: order({ clientOrderId: 'qd-old', createdAt: T0 - 5000 }) },
  { type: 'order', at: T0, order: order({ clientOrderId: 'qd-new', side: 'sell', price: '64300.0', createdAt: T0 }) },
];

/** The account socket dropped: every key that changes the account is refused, saying why. */
export const accountDown: EngineEvent = {
  type: 'connection',
  at: T0 + 1000,
  socket: 'user',
  role: 'account',
  state: 'reconnecting',
  attempt: 3,
  nextRetryAt: T0 + 9000,
};
export const DOWN = 'account not live: user socket reconnecting (attempt 3)';
