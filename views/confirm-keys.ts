/**
 * The answer to a question on screen (mode 'confirm'): a yes runs the one action the question
 * named, anything else closes it with nothing sent. Part of the keyboard logic
 * (views/controller.ts), pure like it.
 */
import { cancelAllAnswer } from './cancel-all.js';
import type { Binding } from './keymap.js';
import { confirmedProposal } from './signals.js';
import { call, type Confirm, type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

/** The question answered yes, as the statement the message line follows: 'Flatten BTCUSDT: …'. */
const statement = (confirm: Confirm): string => confirm.text.replace(/\?$/, '');

export function confirmKey(ui: UiState, b: Binding, ctx: KeyContext): KeyOutcome {
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
