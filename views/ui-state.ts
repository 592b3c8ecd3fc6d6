/**
 * The cockpit's UI state and what one key produces (new state + effects), shared by the
 * controller, the command table and the quit question. Pure data: no React, no I/O.
 */
import type { ActionResult, CockpitActions, OrderTicket, QuitPlan } from '../src/store/actions.js';
import type { DeskActions, FanOutSizing, GroupOutcome } from '../src/store/desk.js';
import type { QuantState } from '../src/store/state.js';
import type { Mode } from './keymap.js';
import type { TicketDraft } from './ticket.js';

export type Focus = 'orders' | 'protection' | 'fills' | 'positions';
/** Tab's order; Protection is passed over while it has no rows (no stop or take-profit resting). */
export const FOCUS_ORDER: readonly Focus[] = ['orders', 'protection', 'fills', 'positions'];

export interface Confirm {
  /** 'cancel-all-stops': the second question of a cancel-all when protective orders rest: a no keeps them. */
  /** 'spot-sell': a spot flatten or close, selling base back to the quote (views/spot-flatten.ts). */
  /** 'group': a fan-out or a group cancel-all/flatten/close, listing the accounts (views/fan-out.ts). */
  /** 'proposal': the guard's question about a proposal's order (views/signals.ts): a yes accepts it, confirmed. */
  kind: 'cancel-all' | 'cancel-all-stops' | 'flatten' | 'quit' | 'deadman-off' | 'send' | 'close' | 'reverse' | 'spot-sell' | 'group' | 'proposal';
  text: string;
  /** What a yes to the quit question does with the dead-man's switch. */
  quit?: QuitPlan;
  /** Protective orders a cancel-all would also cancel, if asked (kinds 'cancel-all', 'cancel-all-stops'). */
  protective?: number;
  /** The question follows a yes to the cancel-all itself: a no still cancels the others, keeping the stops. */
  second?: true;
  /** The share of the position a yes closes (kind 'close'), in percent. */
  percent?: string;
  /** The order the guard asked about (kind 'send'): a yes sends this very ticket, confirmed; kind 'spot-sell': the sell a yes places. */
  send?: { ticket: OrderTicket; label: string };
  /** What a yes to a group question does (kind 'group'). */
  group?: GroupCall;
  /** The proposal the guard asked about (kind 'proposal'). */
  proposal?: string;
}

/** A group action the desk runs once the trader said yes: one line per account comes back. */
export interface GroupCall {
  label: string;
  run: (desk: DeskActions) => Promise<GroupOutcome[]>;
}

export type MessageLevel = 'info' | 'warn' | 'error';

export interface Message {
  text: string;
  level: MessageLevel;
  at: number;
  /** The order this message follows to its outcome (sent → accepted / refused / held). */
  orderId?: string;
  /** Stays until dismissed (Esc) or replaced, instead of fading. */
  sticky?: boolean;
  /** A group action's answer: the line follows each account's order to its outcome (views/fan-out.ts). */
  group?: { label: string; outcomes: readonly GroupOutcome[] };
}

export interface UiState {
  mode: Mode;
  focus: Focus;
  /** clientOrderId of the selected order of Open orders or Protection (null: the first one). */
  selectedOrder: string | null;
  /** First row shown in Fills, Positions, the log view and help. */
  scroll: { fills: number; positions: number; log: number; help: number };
  faultIndex: number;
  ticket: TicketDraft | null;
  confirm: Confirm | null;
  command: string;
  message: Message | null;
  /** The `/` symbol picker's typed letters and chosen match (views/symbol-picker.ts), while it is open. */
  pick?: { query: string; index: number } | undefined;
  /** A desk's selected account by name (views/accounts.ts); absent: its first. Unused for a single session. */
  account?: string;
  /** The group a ticket is sent to (`:fan GROUP`, views/fan-out.ts); absent: the selected account alone. */
  fan?: string;
  /** The Signals pane's chosen proposal by id (views/signals.ts); absent: the newest open one. */
  proposal?: string;
}

export const initialUi: UiState = {
  mode: 'main',
  focus: 'orders',
  selectedOrder: null,
  scroll: { fills: 0, positions: 0, log: 0, help: 0 },
  faultIndex: 0,
  ticket: null,
  confirm: null,
  command: '',
  message: null,
};

export type Effect =
  | {
      kind: 'call';
      label: string;
      run: (actions: CockpitActions) => Promise<ActionResult>;
      /** The message line follows the order this call returns (place, flatten). */
      follow?: string;
      /** The ticket a place sends: when the guard asks first, the question is about it. */
      ticket?: OrderTicket;
      /** The proposal an accept sends: when the guard asks first, a yes accepts it confirmed. */
      proposal?: string;
    }
  | ({ kind: 'group' } & GroupCall)
  | { kind: 'quit'; plan: QuitPlan };

/** What a key is judged against: the store as it is now, and the session's options. */
export interface KeyContext {
  state: QuantState;
  now: number;
  actions: CockpitActions;
  /** Fixed size presets from the options; default: from the instrument's minimums. */
  sizePresets?: readonly string[];
  defaultLeverage: string;
  /** Rows a page of the log view or help scrolls. */
  pageRows: number;
  /** A desk's account names, in its order; absent for a single session. */
  accounts?: readonly string[];
  /** A desk's groups and every account's store as it is now: what a group question is judged on. */
  desk?: DeskKeyContext;
}

export interface DeskKeyContext {
  groups: Readonly<Record<string, readonly string[]>>;
  accounts: readonly { name: string; state: QuantState; sizing?: FanOutSizing }[];
}

export interface KeyOutcome {
  ui: UiState;
  effects: Effect[];
}

export const say = (ui: UiState, ctx: KeyContext, text: string, level: MessageLevel = 'info', sticky = false): UiState => ({
  ...ui,
  message: { text, level, at: ctx.now, ...(sticky ? { sticky } : {}) },
});

type Run = Extract<Effect, { kind: 'call' }>['run'];
export const call = (label: string, run: Run, follow?: string): Effect =>
  follow === undefined ? { kind: 'call', label, run } : { kind: 'call', label, run, follow };
