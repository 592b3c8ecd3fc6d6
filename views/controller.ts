/**
 * The cockpit's keyboard logic as a pure function: (UI state, key, store snapshot) → new UI
 * state + effects (engine action calls, quit). The App only feeds keys in and runs effects, so
 * every flow (ticket, confirm, quit) can be followed key by key without a terminal.
 */
import { abs, sign } from '../src/core/decimal.js';
import type { ActionResult, CockpitActions, FaultKind } from '../src/store/actions.js';
import {
  selectOpenOrders,
  selectPositions,
  selectSymbolPosition,
  selectTradingBlock,
} from '../src/store/selectors.js';
import type { QuantState } from '../src/store/state.js';
import { type Binding, type KeyName, type Mode, resolveKey } from './keymap.js';
import {
  acceptEdit,
  checkTicket,
  choosePreset,
  describeTicket,
  dropEdit,
  eraseChar,
  openTicket,
  startEdit,
  stepPrice,
  type TicketContext,
  type TicketDraft,
  toggleMarket,
  toggleReduceOnly,
  toOrderTicket,
  typeChar,
} from './ticket.js';

export type Focus = 'orders' | 'fills' | 'positions';
export const FOCUS_ORDER: readonly Focus[] = ['orders', 'fills', 'positions'];

export interface Confirm {
  kind: 'cancel-all' | 'flatten' | 'quit';
  text: string;
}

export type MessageLevel = 'info' | 'warn' | 'error';

export interface UiState {
  mode: Mode;
  focus: Focus;
  /** clientOrderId of the selected open order (null: the first one). */
  selectedOrder: string | null;
  /** First row shown in Fills, Positions, the log view and help. */
  scroll: { fills: number; positions: number; log: number; help: number };
  faultIndex: number;
  ticket: TicketDraft | null;
  confirm: Confirm | null;
  command: string;
  message: { text: string; level: MessageLevel; at: number } | null;
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
  | { kind: 'call'; label: string; run: (actions: CockpitActions) => Promise<ActionResult> }
  | { kind: 'quit' };

/** What a key is judged against: the store as it is now, and the session's options. */
export interface KeyContext {
  state: QuantState;
  now: number;
  actions: CockpitActions;
  presets: readonly string[];
  defaultLeverage: string;
  /** Rows a page of the log view or help scrolls. */
  pageRows: number;
}

export const FAULTS: ReadonlyArray<{ kind: FaultKind; label: string }> = [
  { kind: 'drop-socket', label: 'drop the sockets (reconnect, resync, then live)' },
  { kind: 'skew-clock', label: 'step the venue clock back 2 s (our timestamps run ahead: -1021, resync)' },
  { kind: 'drop-order-response', label: 'drop the next order response (unknown, then query)' },
  { kind: 'rate-limit-storm', label: '429 storm (background waits, orders use the reserve)' },
];

export interface KeyOutcome {
  ui: UiState;
  effects: Effect[];
}

const say = (ui: UiState, ctx: KeyContext, text: string, level: MessageLevel = 'info'): UiState => ({
  ...ui,
  message: { text, level, at: ctx.now },
});

type Run = Extract<Effect, { kind: 'call' }>['run'];
const call = (label: string, run: Run): Effect => ({ kind: 'call', label, run });

/** The ticket's view of the world: book, rules, money, position. */
export function ticketContextOf(s: QuantState, defaultLeverage: string): TicketContext {
  const instrument = s.session?.instrument;
  const position = selectSymbolPosition(s);
  const out: TicketContext = { leverage: position?.leverage ?? defaultLeverage };
  if (instrument !== undefined) {
    out.instrument = instrument;
    const bal = s.balances[instrument.quote];
    if (bal !== undefined) out.available = bal.available;
  }
  if (s.ticker !== null) {
    out.bid = s.ticker.bid;
    out.ask = s.ticker.ask;
  }
  if (position !== null) out.positionQty = position.qty;
  return out;
}

function selectedIndex(ui: UiState, s: QuantState): number {
  const orders = selectOpenOrders(s);
  if (orders.length === 0) return -1;
  const i = orders.findIndex((o) => o.clientOrderId === ui.selectedOrder);
  return Math.max(0, i);
}

function move(ui: UiState, ctx: KeyContext, delta: number): UiState {
  const s = ctx.state;
  if (ui.mode === 'faults')
    return { ...ui, faultIndex: (ui.faultIndex + delta + FAULTS.length) % FAULTS.length };
  // The log view counts lines scrolled back from the newest: down goes toward newer.
  if (ui.mode === 'log') {
    const log = Math.min(Math.max(0, s.log.length - 1), Math.max(0, ui.scroll.log - delta));
    return { ...ui, scroll: { ...ui.scroll, log } };
  }
  if (ui.mode === 'help')
    return { ...ui, scroll: { ...ui.scroll, help: Math.max(0, ui.scroll.help + delta) } };
  if (ui.focus === 'orders') {
    const orders = selectOpenOrders(s);
    if (orders.length === 0) return ui;
    const i = Math.min(orders.length - 1, Math.max(0, selectedIndex(ui, s) + delta));
    return { ...ui, selectedOrder: orders[i]!.clientOrderId };
  }
  const total = ui.focus === 'fills' ? s.fills.length : selectPositions(s).length;
  const next = Math.min(Math.max(0, total - 1), Math.max(0, ui.scroll[ui.focus] + delta));
  return { ...ui, scroll: { ...ui.scroll, [ui.focus]: next } };
}

function askQuit(ui: UiState, ctx: KeyContext): KeyOutcome {
  const open = Object.keys(ctx.state.orders).length;
  if (open === 0) return { ui, effects: [{ kind: 'quit' }] };
  const deadman = ctx.state.deadman.armed ? "the dead-man's switch is armed" : "the dead-man's switch is OFF";
  const text = `${open} order${open === 1 ? ' is' : 's are'} still open (${deadman}). Quit anyway?`;
  return { ui: { ...ui, mode: 'confirm', confirm: { kind: 'quit', text } }, effects: [] };
}

/** Actions that change the account go ahead only while the account is live. */
function refused(ui: UiState, ctx: KeyContext, binding: Binding): UiState | null {
  if (!binding.guarded) return null;
  const block = selectTradingBlock(ctx.state);
  return block === null ? null : say(ui, ctx, `${binding.help.split(' (')[0]}: refused, ${block}`, 'warn');
}

function mainKey(ui: UiState, b: Binding, ctx: KeyContext): KeyOutcome {
  const s = ctx.state;
  const none: Effect[] = [];
  const isSim = s.session?.env === 'sim';
  if (b.simOnly && (!isSim || ctx.actions.injectFault === undefined || ctx.actions.setRegime === undefined)) {
    return {
      ui: say(
        ui,
        ctx,
        `${b.keys[0]}: SIM only (this session trades against ${s.session?.env ?? 'no venue'})`,
        'warn',
      ),
      effects: none,
    };
  }
  const refusal = refused(ui, ctx, b);
  if (refusal !== null) return { ui: refusal, effects: none };
  switch (b.action) {
    case 'buy':
    case 'sell': {
      const ticket = openTicket(b.action, ticketContextOf(ctx.state, ctx.defaultLeverage), ctx.presets);
      return { ui: { ...ui, mode: 'ticket', ticket, message: null }, effects: none };
    }
    case 'focus-next':
    case 'focus-prev': {
      const step = b.action === 'focus-next' ? 1 : FOCUS_ORDER.length - 1;
      return {
        ui: { ...ui, focus: FOCUS_ORDER[(FOCUS_ORDER.indexOf(ui.focus) + step) % FOCUS_ORDER.length]! },
        effects: none,
      };
    }
    case 'down':
      return { ui: move(ui, ctx, 1), effects: none };
    case 'up':
      return { ui: move(ui, ctx, -1), effects: none };
    case 'cancel-selected': {
      const orders = selectOpenOrders(s);
      const order = orders[selectedIndex(ui, s)];
      if (order === undefined) return { ui: say(ui, ctx, 'no open order to cancel'), effects: none };
      const id = order.clientOrderId;
      return { ui: say(ui, ctx, `cancelling ${id}…`), effects: [call(`cancel ${id}`, (a) => a.cancel(id))] };
    }
    case 'cancel-all': {
      const n = Object.keys(s.orders).length;
      if (n === 0) return { ui: say(ui, ctx, 'no open orders to cancel'), effects: none };
      const text = `Cancel ALL ${n} open order${n === 1 ? '' : 's'}?`;
      return {
        ui: { ...ui, mode: 'confirm', confirm: { kind: 'cancel-all', text }, message: null },
        effects: none,
      };
    }
    case 'flatten': {
      const p = selectSymbolPosition(s);
      if (p === null || sign(p.qty) === 0)
        return { ui: say(ui, ctx, `no ${s.session?.symbol ?? ''} position to flatten`), effects: none };
      const side = sign(p.qty) > 0 ? 'SELL' : 'BUY';
      const text = `Flatten ${p.symbol}: ${side} ${abs(p.qty)} at market, reduce-only?`;
      return {
        ui: { ...ui, mode: 'confirm', confirm: { kind: 'flatten', text }, message: null },
        effects: none,
      };
    }
    case 'reconnect':
      return {
        ui: say(ui, ctx, 'reconnecting every socket…'),
        effects: [call('reconnect', (a) => a.reconnect())],
      };
    case 'deadman': {
      const verb = s.deadman.armed ? 'disarming' : 'arming';
      return {
        ui: say(ui, ctx, `${verb} the dead-man's switch…`),
        effects: [call(`dead-man ${verb}`, (a) => a.toggleDeadman())],
      };
    }
    case 'faults':
      return { ui: { ...ui, mode: 'faults', faultIndex: 0, message: null }, effects: none };
    case 'regime': {
      const next = s.sim?.regime === 'volatile' ? 'calm' : 'volatile';
      return {
        ui: say(ui, ctx, `switching the price regime to ${next}…`),
        effects: [call(`regime ${next}`, (a) => a.setRegime!(next))],
      };
    }
    case 'log':
      return { ui: { ...ui, mode: 'log', scroll: { ...ui.scroll, log: 0 } }, effects: none };
    case 'help':
      return { ui: { ...ui, mode: 'help', scroll: { ...ui.scroll, help: 0 } }, effects: none };
    case 'command':
      return { ui: { ...ui, mode: 'command', command: '' }, effects: none };
    case 'back':
      return { ui: say(ui, ctx, 'nothing to close — :q Enter or Ctrl-C quits'), effects: none };
    default:
      return { ui, effects: none };
  }
}

function ticketKey(ui: UiState, b: Binding, name: KeyName, ctx: KeyContext): KeyOutcome {
  const t = ui.ticket!;
  const ins = ctx.state.session?.instrument;
  const set = (ticket: TicketDraft): KeyOutcome => ({ ui: { ...ui, ticket }, effects: [] });
  switch (b.action) {
    case 'preset':
      return set(choosePreset(t, Number(name), ctx.presets));
    case 'tick-up':
      return set(stepPrice(t, 1, ins));
    case 'tick-down':
      return set(stepPrice(t, -1, ins));
    case 'ticks-up':
      return set(stepPrice(t, 10, ins));
    case 'ticks-down':
      return set(stepPrice(t, -10, ins));
    case 'toggle-market':
      return set(toggleMarket(t));
    case 'toggle-reduce':
      return set(toggleReduceOnly(t));
    case 'edit-price':
      return { ui: { ...ui, mode: 'edit', ticket: startEdit(t, 'price') }, effects: [] };
    case 'edit-size':
      return { ui: { ...ui, mode: 'edit', ticket: startEdit(t, 'size') }, effects: [] };
    case 'send': {
      const block = selectTradingBlock(ctx.state);
      if (block !== null) return set({ ...t, error: `not sent: ${block}` });
      const problem = checkTicket(t, ticketContextOf(ctx.state, ctx.defaultLeverage));
      if (problem !== null) return set({ ...t, error: problem });
      const symbol = ctx.state.session!.symbol;
      const order = toOrderTicket(t, symbol);
      const text = describeTicket(t, symbol);
      const next: UiState = {
        ...ui,
        mode: 'main',
        ticket: null,
        message: { text: `sending ${text}…`, level: 'info', at: ctx.now },
      };
      return { ui: next, effects: [call(`place ${text}`, (a) => a.place(order))] };
    }
    case 'back':
      return {
        ui: say({ ...ui, mode: 'main', ticket: null }, ctx, 'ticket closed, nothing sent'),
        effects: [],
      };
    default:
      return { ui, effects: [] };
  }
}

function editKey(ui: UiState, b: Binding, name: KeyName): UiState {
  if (ui.mode === 'command') {
    if (b.action === 'type') return { ...ui, command: (ui.command + name).slice(0, 40) };
    if (b.action === 'erase') return { ...ui, command: ui.command.slice(0, -1) };
    return { ...ui, mode: 'main', command: '' };
  }
  const t = ui.ticket!;
  if (b.action === 'type') return { ...ui, ticket: typeChar(t, name) };
  if (b.action === 'erase') return { ...ui, ticket: eraseChar(t) };
  if (b.action === 'accept') return { ...ui, mode: 'ticket', ticket: acceptEdit(t) };
  return { ...ui, mode: 'ticket', ticket: dropEdit(t) };
}

function runCommand(ui: UiState, ctx: KeyContext): KeyOutcome {
  const cmd = ui.command.trim();
  const back: UiState = { ...ui, mode: 'main', command: '' };
  if (cmd === 'q' || cmd === 'quit' || cmd === 'qa') return askQuit(back, ctx);
  if (cmd === '') return { ui: back, effects: [] };
  return { ui: say(back, ctx, `unknown command ':${cmd}' (:q quits)`, 'warn'), effects: [] };
}

function confirmKey(ui: UiState, b: Binding, ctx: KeyContext): KeyOutcome {
  const kind = ui.confirm?.kind;
  const back: UiState = { ...ui, mode: 'main', confirm: null, message: null };
  if (b.action !== 'confirm') {
    const what = kind === 'quit' ? 'not quitting' : 'cancelled — nothing was sent';
    return { ui: say(back, ctx, what), effects: [] };
  }
  if (kind === 'quit') return { ui: back, effects: [{ kind: 'quit' }] };
  if (kind === 'cancel-all') return { ui: back, effects: [call('cancel all', (a) => a.cancelAll())] };
  return { ui: back, effects: [call('flatten', (a) => a.flatten())] };
}

/** One key: the whole of the cockpit's keyboard behaviour. */
export function handleKey(ui: UiState, name: KeyName, ctx: KeyContext): KeyOutcome {
  // Ctrl-C works everywhere; a second Ctrl-C at the quit question quits.
  if (name === 'ctrl+c') {
    if (ui.mode === 'confirm' && ui.confirm?.kind === 'quit') return { ui, effects: [{ kind: 'quit' }] };
    return askQuit({ ...ui, ticket: null, confirm: null, command: '' }, ctx);
  }
  const b = resolveKey(ui.mode, name);
  if (b === null) return { ui, effects: [] };
  switch (ui.mode) {
    case 'main':
      return mainKey(ui, b, ctx);
    case 'ticket':
      return ticketKey(ui, b, name, ctx);
    case 'edit':
      return { ui: editKey(ui, b, name), effects: [] };
    case 'command':
      return b.action === 'accept' ? runCommand(ui, ctx) : { ui: editKey(ui, b, name), effects: [] };
    case 'confirm':
      return confirmKey(ui, b, ctx);
    case 'faults': {
      if (b.action === 'back') return { ui: { ...ui, mode: 'main' }, effects: [] };
      if (b.action === 'choose') {
        const index = name === 'enter' ? ui.faultIndex : Number(name) - 1;
        const fault = FAULTS[index];
        if (fault === undefined) return { ui, effects: [] };
        const next = say({ ...ui, mode: 'main', faultIndex: index }, ctx, `injecting fault: ${fault.label}`);
        return { ui: next, effects: [call(`fault ${fault.kind}`, (a) => a.injectFault!(fault.kind))] };
      }
      return { ui: move(ui, ctx, b.action === 'down' ? 1 : -1), effects: [] };
    }
    case 'log':
    case 'help': {
      if (b.action === 'back') return { ui: { ...ui, mode: 'main' }, effects: [] };
      const delta =
        b.action === 'down'
          ? 1
          : b.action === 'up'
            ? -1
            : b.action === 'page-down'
              ? ctx.pageRows
              : -ctx.pageRows;
      return { ui: move(ui, ctx, delta), effects: [] };
    }
  }
}
