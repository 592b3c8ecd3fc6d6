/**
 * The cockpit's keyboard logic as a pure function: (UI state, key, store snapshot) → new UI
 * state + effects (engine action calls, quit). The App only feeds keys in and runs effects, so
 * every flow (ticket, confirm, quit) can be followed key by key without a terminal.
 */
import { abs, sign } from '../src/core/decimal.js';
import { cancelAllAnswer, cancelAllQuestion } from './cancel-all.js';
import type { CockpitActions } from '../src/store/actions.js';
import { FAULTS, type SimActions } from '../src/store/sim-actions.js';
import { selectOpenOrders, selectPositions, selectProtectiveCount, selectSymbolPosition, selectTradingBlock } from '../src/store/selectors.js';
import { selectHoldingRows, selectIsSpot } from '../src/store/spot-selectors.js';
import { cycleAccount } from './accounts.js';
import { amendTick } from './amend.js';
import { fanOutQuestion } from './fan-out.js';
import { SPOT_NO_REDUCE, spotFlatten } from './spot-flatten.js';
import { selectableOrders, selectedIndex } from './selection.js';
import { openPicker, pickKey } from './symbol-picker.js';
import { confirmedProposal, openSignals, signalsKey } from './signals.js';

export { selectedIndex } from './selection.js';
import { completeCommand, runCommandLine } from './commands.js';
import { ticketContextOf } from './ticket-context.js';
import { type ActionId, type Binding, KEYMAP, type KeyName, keyLabel, resolveKey } from './keymap.js';
import { formatSize } from './quantity.js';
import { messageLine } from './outcome.js';
import { askQuit } from './quit.js';
import {
  acceptEdit,
  checkTicket,
  choosePreset,
  describeOrder,
  describeTicket,
  dropEdit,
  eraseChar,
  liveTicket,
  openTicket,
  presetsFor,
  startEdit,
  stepPrice,
  type TicketDraft,
  toggleMarket,
  toggleReduceOnly,
  toggleTiming,
  toOrderTicket,
  typeChar,
} from './ticket.js';
import {
  call,
  type Confirm,
  type Effect,
  FOCUS_ORDER,
  type KeyContext,
  type KeyOutcome,
  say,
  type UiState,
} from './ui-state.js';

export {
  type Confirm,
  type Effect,
  FOCUS_ORDER,
  type Focus,
  initialUi,
  type KeyContext,
  type KeyOutcome,
  type Message,
  type MessageLevel,
  type UiState,
} from './ui-state.js';

/** SIM keys are offered only when the SIM actions exist (see mainKey), so they are there by now. */
function simOf(actions: CockpitActions): SimActions {
  if (actions.sim === undefined) throw new Error('SIM action without SIM actions');
  return actions.sim;
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
  if (ui.focus === 'orders' || ui.focus === 'protection') {
    const orders = selectableOrders(ui.focus, s) ?? [];
    if (orders.length === 0) return ui;
    const i = Math.min(orders.length - 1, Math.max(0, Math.max(0, selectedIndex(ui, s)) + delta));
    return { ...ui, selectedOrder: orders[i]!.clientOrderId };
  }
  const total = ui.focus === 'fills' ? s.fills.length : selectIsSpot(s) ? selectHoldingRows(s).length : selectPositions(s).length;
  const next = Math.min(Math.max(0, total - 1), Math.max(0, ui.scroll[ui.focus] + delta));
  return { ...ui, scroll: { ...ui.scroll, [ui.focus]: next } };
}

/** Actions that change the account go ahead only while the account is live. */
function refused(ui: UiState, ctx: KeyContext, binding: Binding): UiState | null {
  if (!binding.guarded) return null;
  const block = selectTradingBlock(ctx.state);
  return block === null ? null : say(ui, ctx, `${keyLabel(binding.keys[0]!)}: refused, ${block}`, 'warn');
}

function mainKey(ui: UiState, b: Binding, ctx: KeyContext): KeyOutcome {
  const s = ctx.state;
  const none: Effect[] = [];
  const isSim = s.session?.env === 'sim';
  if (b.simOnly && (!isSim || ctx.actions.sim === undefined)) {
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
      const ticket = openTicket(b.action, ticketContextOf(ctx.state, ctx.defaultLeverage, ctx.sizePresets));
      return { ui: { ...ui, mode: 'ticket', ticket, message: null }, effects: none };
    }
    case 'focus-next':
    case 'focus-prev': {
      // Protection takes the focus only while it has rows to select.
      const cycle = FOCUS_ORDER.filter((f) => f !== 'protection' || selectProtectiveCount(s) > 0);
      const at = Math.max(0, cycle.indexOf(ui.focus));
      const step = b.action === 'focus-next' ? 1 : cycle.length - 1;
      return { ui: { ...ui, focus: cycle[(at + step) % cycle.length]! }, effects: none };
    }
    case 'account-next':
    case 'account-prev':
      return cycleAccount(ui, ctx, b.action === 'account-next' ? 1 : -1);
    case 'down':
      return { ui: move(ui, ctx, 1), effects: none };
    case 'up':
      return { ui: move(ui, ctx, -1), effects: none };
    case 'cancel-selected': {
      const orders = selectableOrders(ui.focus, s) ?? selectOpenOrders(s);
      if (orders.length === 0) return { ui: say(ui, ctx, 'no open order to cancel'), effects: none };
      const order = orders[selectedIndex(ui, s)];
      if (order === undefined) {
        const text = 'no order selected: Tab to Open orders, j/k to pick one (marked >), then c';
        return { ui: say(ui, ctx, text, 'warn'), effects: none };
      }
      const id = order.clientOrderId;
      const what = describeOrder(order, s.session?.instrument?.symbol === order.symbol ? s.session.instrument : undefined);
      return {
        ui: say(ui, ctx, `cancelling ${what} (${id})…`),
        effects: [call(`cancel ${what}`, (a) => a.cancel(id), id)],
      };
    }
    case 'amend-up':
    case 'amend-down':
      return amendTick(ui, ctx, b.action === 'amend-up' ? 1 : -1);
    case 'cancel-all': {
      const confirm = cancelAllQuestion(s);
      if (confirm === undefined) {
        const others = Object.keys(s.orders).length > 0 ? ` (other symbols' stay: :sym SYMBOL to act on one)` : '';
        return { ui: say(ui, ctx, `no open ${others === '' ? '' : `${s.session?.symbol ?? ''} `}orders to cancel${others}`), effects: none };
      }
      return { ui: { ...ui, mode: 'confirm', confirm, message: null }, effects: none };
    }
    case 'flatten': {
      if (selectIsSpot(s)) return spotFlatten(ui, ctx, 'flatten');
      const p = selectSymbolPosition(s);
      if (p === null || sign(p.qty) === 0)
        return { ui: say(ui, ctx, `no ${s.session?.symbol ?? ''} position to flatten`), effects: none };
      const side = sign(p.qty) > 0 ? 'SELL' : 'BUY';
      const text = `Flatten ${p.symbol}: ${side} ${formatSize(abs(p.qty), s.session?.instrument)} at market, reduce-only?`;
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
      if (s.deadman.armed) {
        const n = Object.keys(s.orders).length;
        const text = `Disarm the dead-man's switch? ${n === 0 ? 'Orders placed later' : `The ${n} open order${n === 1 ? '' : 's'}`} would then stay on the venue if this terminal or link dies.`;
        return {
          ui: { ...ui, mode: 'confirm', confirm: { kind: 'deadman-off', text }, message: null },
          effects: none,
        };
      }
      return {
        ui: say(ui, ctx, "arming the dead-man's switch…"),
        effects: [call('dead-man', (a) => a.toggleDeadman())],
      };
    }
    case 'faults':
      return { ui: { ...ui, mode: 'faults', faultIndex: 0, message: null }, effects: none };
    case 'regime': {
      const next = s.sim?.regime === 'volatile' ? 'calm' : 'volatile';
      return {
        ui: say(ui, ctx, `switching the price regime to ${next}…`),
        effects: [call(`regime ${next}`, (a) => simOf(a).setRegime(next))],
      };
    }
    case 'log':
      return { ui: { ...ui, mode: 'log', scroll: { ...ui.scroll, log: 0 } }, effects: none };
    case 'signals':
      return openSignals(ui, ctx);
    case 'help':
      return { ui: { ...ui, mode: 'help', scroll: { ...ui.scroll, help: 0 } }, effects: none };
    case 'command':
      return { ui: { ...ui, mode: 'command', command: '', message: null }, effects: none };
    case 'pick-symbol':
      return openPicker(ui, ctx);
    case 'back':
      if (ui.message !== null && messageLine(ui.message, s, ctx.now).sticky)
        return { ui: { ...ui, message: null }, effects: none };
      return { ui: say(ui, ctx, 'nothing to close — :q Enter or Ctrl-C quits'), effects: none };
    default:
      return { ui, effects: none };
  }
}

function ticketKey(ui: UiState, b: Binding, name: KeyName, ctx: KeyContext): KeyOutcome {
  const tctx = ticketContextOf(ctx.state, ctx.defaultLeverage, ctx.sizePresets);
  // Keys act on the ticket as the trader sees it: the price the book gave it, the preset's size.
  const t = liveTicket(ui.ticket!, tctx);
  const ins = ctx.state.session?.instrument;
  const set = (ticket: TicketDraft): KeyOutcome => ({ ui: { ...ui, ticket }, effects: [] });
  switch (b.action) {
    case 'preset':
      return set(choosePreset(t, Number(name), presetsFor(t, tctx)));
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
      if (selectIsSpot(ctx.state)) return set({ ...t, error: SPOT_NO_REDUCE });
      return set(toggleReduceOnly(t));
    case 'toggle-post':
      return set(toggleTiming(t, 'post-only'));
    case 'toggle-ioc':
      return set(toggleTiming(t, 'ioc'));
    case 'edit-price':
      return { ui: { ...ui, mode: 'edit', ticket: startEdit(t, 'price') }, effects: [] };
    case 'edit-size':
      return { ui: { ...ui, mode: 'edit', ticket: startEdit(t, 'size') }, effects: [] };
    case 'send': {
      const block = selectTradingBlock(ctx.state);
      if (block !== null) return set({ ...t, error: `not sent: ${block}` });
      const problem = checkTicket(t, tctx);
      if (problem !== null) return set({ ...t, error: problem });
      const symbol = ctx.state.session!.symbol;
      const order = toOrderTicket(t, symbol);
      const text = describeTicket(t, symbol, ins);
      // A ticket sent to a group asks once, listing every account's size (views/fan-out.ts).
      if (ui.fan !== undefined) return fanOutQuestion(ui, ctx, order, text);
      const next: UiState = {
        ...ui,
        mode: 'main',
        ticket: null,
        message: { text: `sending ${text}…`, level: 'info', at: ctx.now },
      };
      return { ui: next, effects: [{ kind: 'call', label: text, run: (a) => a.place(order), follow: '', ticket: order }] };
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

function editKey(ui: UiState, b: Binding, name: KeyName, ctx: KeyContext): UiState {
  if (ui.mode === 'command') {
    if (b.action === 'type') return { ...ui, command: (ui.command + name).slice(0, 40), message: null };
    if (b.action === 'erase') return { ...ui, command: ui.command.slice(0, -1), message: null };
    if (b.action === 'complete') {
      const { text, candidates } = completeCommand(ui.command, ctx.accounts);
      const next = { ...ui, command: text };
      if (candidates.length > 1) return say(next, ctx, candidates.map((c) => (text.includes(' ') ? c : `:${c}`)).join('  '));
      if (candidates.length === 0 && ui.command.includes(' ') && ctx.accounts !== undefined)
        return say(next, ctx, `no account starts with '${ui.command.split(' ').pop()}' — the desk's: ${ctx.accounts.join(', ')}`, 'warn');
      if (candidates.length === 0) return say(next, ctx, `no command starts with '${ui.command}' — :help lists them`, 'warn');
      return next;
    }
    return { ...ui, mode: 'main', command: '' };
  }
  const t = ui.ticket!;
  if (b.action === 'type') return { ...ui, ticket: typeChar(t, name) };
  if (b.action === 'erase') return { ...ui, ticket: eraseChar(t) };
  if (b.action === 'accept') return { ...ui, mode: 'ticket', ticket: acceptEdit(t) };
  return { ...ui, mode: 'ticket', ticket: dropEdit(t) };
}

/** The question answered yes, as the statement the message line follows: 'Flatten BTCUSDT: …'. */
const statement = (confirm: Confirm): string => confirm.text.replace(/\?$/, '');

function confirmKey(ui: UiState, b: Binding, ctx: KeyContext): KeyOutcome {
  const confirm = ui.confirm;
  const back: UiState = { ...ui, mode: 'main', confirm: null, message: null };
  const cancelAll = cancelAllAnswer(confirm, b.action === 'confirm', back, ctx);
  if (cancelAll !== undefined) return cancelAll;
  if (b.action !== 'confirm') {
    const what = confirm?.kind === 'quit' ? 'not quitting' : 'cancelled — nothing was sent';
    return { ui: say(back, ctx, what), effects: [] };
  }
  switch (confirm?.kind) {
    case 'quit':
      return { ui: back, effects: [{ kind: 'quit', plan: confirm.quit ?? { deadman: 'disarm' } }] };
    case 'deadman-off':
      return {
        ui: say(back, ctx, "disarming the dead-man's switch…"),
        effects: [call('dead-man', (a) => a.toggleDeadman())],
      };
    case 'send': {
      const send = confirm.send;
      if (send === undefined) return { ui: back, effects: [] };
      return {
        ui: say(back, ctx, `sending ${send.label}…`),
        effects: [call(send.label, (a) => a.place(send.ticket, { confirmed: true }), '')],
      };
    }
    case 'flatten':
      return { ui: back, effects: [call(statement(confirm), (a) => a.flatten(), '')] };
    case 'spot-sell': {
      const send = confirm.send;
      if (send === undefined) return { ui: back, effects: [] };
      // Through the guard like a ticket: when it asks, its question is about this very order.
      return { ui: say(back, ctx, `sending ${send.label}…`), effects: [{ kind: 'call', label: send.label, run: (a) => a.place(send.ticket), follow: '', ticket: send.ticket }] };
    }
    case 'close': {
      const percent = confirm.percent;
      if (percent === undefined) return { ui: back, effects: [] };
      return { ui: back, effects: [call(statement(confirm), (a) => a.closePart(percent), '')] };
    }
    case 'reverse':
      return { ui: back, effects: [call(statement(confirm), (a) => a.reverse(), '')] };
    case 'group': {
      const group = confirm.group;
      if (group === undefined) return { ui: back, effects: [] };
      return { ui: say(back, ctx, `${group.label}…`), effects: [{ kind: 'group', ...group }] };
    }
    case 'proposal':
      return confirm.proposal === undefined ? { ui: back, effects: [] } : confirmedProposal(back, ctx, confirm.proposal);
    default:
      // A yes with no question on screen does nothing: never the last branch's action by default.
      return { ui: back, effects: [] };
  }
}

/** A main-screen binding run by name: what a typed command does when a key does the same. */
const pressFor =
  (ctx: KeyContext) =>
  (ui: UiState, action: ActionId): KeyOutcome => {
    const binding = KEYMAP.find((b) => b.action === action && b.modes.includes('main'));
    if (binding === undefined) throw new Error(`no main-screen key for ${action}`);
    return mainKey(ui, binding, ctx);
  };

/** One key: the whole of the cockpit's keyboard behaviour. */
export function handleKey(ui: UiState, name: KeyName, ctx: KeyContext): KeyOutcome {
  // Ctrl-C works everywhere; a second Ctrl-C at the quit question quits.
  if (name === 'ctrl+c') {
    if (ui.mode === 'confirm' && ui.confirm?.kind === 'quit')
      return { ui, effects: [{ kind: 'quit', plan: ui.confirm.quit ?? { deadman: 'disarm' } }] };
    // Every layer closes first: when nothing is open the cockpit quits at once, and a key that
    // still arrives must meet the main screen, not a ticket or a question without its data.
    return askQuit({ ...ui, mode: 'main', ticket: null, confirm: null, command: '' }, ctx);
  }
  const b = resolveKey(ui.mode, name);
  if (b === null) return { ui, effects: [] };
  switch (ui.mode) {
    case 'main':
      return mainKey(ui, b, ctx);
    case 'ticket':
      return ticketKey(ui, b, name, ctx);
    case 'edit':
      return { ui: editKey(ui, b, name, ctx), effects: [] };
    case 'command':
      return b.action === 'accept' ? runCommandLine(ui, ctx, pressFor(ctx)) : { ui: editKey(ui, b, name, ctx), effects: [] };
    case 'confirm':
      return confirmKey(ui, b, ctx);
    case 'pick':
      return pickKey(ui, b, name, ctx);
    case 'signals':
    case 'proposal': {
      const block = b.guarded ? selectTradingBlock(ctx.state) : null;
      if (block !== null) return { ui: say(ui, ctx, `${keyLabel(b.keys[0]!)}: refused, ${block}`, 'warn'), effects: [] };
      return signalsKey(ui, b, ctx);
    }
    case 'faults': {
      if (b.action === 'back') return { ui: { ...ui, mode: 'main' }, effects: [] };
      if (b.action === 'choose') {
        const index = name === 'enter' ? ui.faultIndex : FAULTS.findIndex((f) => f.key === name);
        const fault = FAULTS[index];
        if (fault === undefined) return { ui, effects: [] };
        const next = say({ ...ui, mode: 'main', faultIndex: index }, ctx, `injecting fault: ${fault.label}`);
        return { ui: next, effects: [call(`fault ${fault.kind}`, (a) => simOf(a).injectFault(fault.kind))] };
      }
      return { ui: move(ui, ctx, b.action === 'down' ? 1 : -1), effects: [] };
    }
    case 'log':
    case 'help': {
      if (b.action === 'back') return { ui: { ...ui, mode: 'main' }, effects: [] };
      // The log view counts lines back from the newest: 0 is the newest line.
      if (b.action === 'newest') return { ui: { ...ui, scroll: { ...ui.scroll, log: 0 } }, effects: [] };
      if (b.action === 'oldest') return { ui: move(ui, ctx, -ctx.state.log.length), effects: [] };
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
