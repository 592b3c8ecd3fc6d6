/**
 * The ticket's keys (mode 'ticket'): presets, price ticks, the toggles, opening a field to type in,
 * and the send, which goes through the trading block and the ticket's own checks, and asks once
 * for a group. Part of the keyboard logic (views/controller.ts), pure like it.
 */
import { selectTradingBlock } from '../src/store/selectors.js';
import { selectIsSpot } from '../src/store/spot-selectors.js';
import { fanOutQuestion } from './fan-out.js';
import type { Binding, KeyName } from './keymap.js';
import { SPOT_NO_REDUCE } from './spot-flatten.js';
import {
  checkTicket,
  choosePreset,
  describeTicket,
  liveTicket,
  presetsFor,
  startEdit,
  stepPrice,
  type TicketDraft,
  toggleMarket,
  toggleReduceOnly,
  toggleTiming,
  toOrderTicket,
} from './ticket.js';
import { ticketContextOf } from './ticket-context.js';
import { type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

export function ticketKey(ui: UiState, b: Binding, name: KeyName, ctx: KeyContext): KeyOutcome {
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
