/**
 * The cockpit's keyboard logic as a pure function: (UI state, key, store snapshot) → new UI
 * state + effects (engine action calls, quit). The App only feeds keys in and runs effects, so
 * every flow (ticket, confirm, quit) can be followed key by key without a terminal. The main
 * screen's keys are here; the ticket's, typing and a question's answer are ticket-keys.ts,
 * edit-keys.ts and confirm-keys.ts.
 */
import { abs, sign } from '../src/core/decimal.js';
import { cancelAllQuestion } from './cancel-all.js';
import type { CockpitActions } from '../src/store/actions.js';
import { FAULTS, type SimActions } from '../src/store/sim-actions.js';
import { selectOpenOrders, selectPositions, selectProtectiveCount, selectSymbolPosition, selectTradingBlock } from '../src/store/selectors.js';
import { selectHoldingRows, selectIsSpot } from '../src/store/spot-selectors.js';
import { cycleAccount } from './accounts.js';
import { amendTick } from './amend.js';
import { spotFlatten } from './spot-flatten.js';
import { selectableOrders, selectedIndex } from './selection.js';
import { openPicker, pickKey } from './symbol-picker.js';
import { openSignals, signalsKey } from './signals.js';
import { ticketKey } from './ticket-keys.js';
import { editKey } from './edit-keys.js';
import { confirmKey } from './confirm-keys.js';

export { selectedIndex } from './selection.js';
import { runCommandLine } from './commands.js';
import { ticketContextOf } from './ticket-context.js';
import { type ActionId, type Binding, KEYMAP, type KeyName, keyLabel, resolveKey } from './keymap.js';
import { formatSize } from './quantity.js';
import { messageLine } from './outcome.js';
import { askQuit } from './quit.js';
import { describeOrder, openTicket } from './ticket.js';
import {
  call,
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
