/**
 * Amending the selected order from the cockpit: `:amend PRICE [QTY]` and the tick keys of the main
 * screen (`+` / `-`). A resting limit order moves its price; a stop or take-profit moves its TRIGGER
 * (through the venue's modify, or a cancel-replace the answer names). The grammar is parsed here (a
 * typed value is a positive decimal, or the command says which word is wrong); the order's own checks
 * (its tick, its step, above what filled, a change at all, a trigger not already crossed) are the
 * engine's (src/core/amend-target.ts), and their words come back in the message line.
 */
import type { AmendChange } from '../src/core/amend-target.js';
import { gt, isDecimal } from '../src/core/decimal.js';
import type { Order } from '../src/core/types.js';
import { selectOpenOrders, selectTradingBlock } from '../src/store/selectors.js';
import { selectableOrders, selectedIndex } from './selection.js';
import { describeOrder } from './ticket.js';
import { call, type KeyContext, type KeyOutcome, say, type UiState } from './ui-state.js';

export const AMEND_USAGE = ':amend PRICE [QTY], e.g. :amend 64000 or :amend 64000 0.002 (the selected order; a stop or take-profit: its trigger)';

/** The typed words as a change, or the named reason they are not one. */
export function parseAmendArgs(args: readonly string[]): { change: Required<Pick<AmendChange, 'price'>> & Pick<AmendChange, 'qty'> } | { error: string } {
  const [price, qty, ...extra] = args;
  if (price === undefined) return { error: `a price is needed — ${AMEND_USAGE}` };
  if (extra.length > 0) return { error: `too many values — ${AMEND_USAGE}` };
  const positive = (w: string) => isDecimal(w) && gt(w, '0');
  if (!positive(price)) return { error: `price '${price.slice(0, 20)}' is not a positive number — ${AMEND_USAGE}` };
  if (qty !== undefined && !positive(qty)) return { error: `quantity '${qty.slice(0, 20)}' is not a positive number — ${AMEND_USAGE}` };
  return { change: qty === undefined ? { price } : { price, qty } };
}

/** The order the `>` marks in Open orders or Protection, or the words saying why none is. */
function selected(ui: UiState, ctx: KeyContext): Order | string {
  const orders = selectableOrders(ui.focus, ctx.state) ?? selectOpenOrders(ctx.state);
  if (orders.length === 0) return 'no open order to amend';
  const order = orders[selectedIndex(ui, ctx.state)];
  if (order === undefined) return 'no order selected: Tab to Open orders, j/k to pick one (marked >)';
  if (order.type !== 'limit' && order.trigger === undefined) return `${order.clientOrderId} is a market order: only a resting limit order or a stop/take-profit can be amended`;
  return order;
}

function send(ui: UiState, ctx: KeyContext, change: AmendChange): KeyOutcome {
  const block = selectTradingBlock(ctx.state);
  if (block !== null) return { ui: say(ui, ctx, `amend: refused, ${block}`, 'warn'), effects: [] };
  const order = selected(ui, ctx);
  if (typeof order === 'string') return { ui: say(ui, ctx, order, 'warn'), effects: [] };
  const id = order.clientOrderId;
  const ins = ctx.state.session?.instrument;
  const what = describeOrder(order, ins?.symbol === order.symbol ? ins : undefined);
  const to =
    change.ticks !== undefined
      ? `${change.ticks > 0 ? 'up' : 'down'} ${Math.abs(change.ticks)} tick${Math.abs(change.ticks) === 1 ? '' : 's'}`
      : `to ${order.trigger === undefined ? '' : 'trigger '}${change.price}${change.qty === undefined ? '' : ` for ${change.qty}`}`;
  return {
    ui: say(ui, ctx, `amending ${what} ${to}…`),
    // The engine's answer is the line: where the order rests now, or why it did not move.
    effects: [call('amend', (a) => a.amend(id, change))],
  };
}

/** `:amend PRICE [QTY]`. */
export function amendCommand(ui: UiState, ctx: KeyContext, args: readonly string[]): KeyOutcome {
  const parsed = parseAmendArgs(args);
  if ('error' in parsed) return { ui: say(ui, ctx, parsed.error, 'warn'), effects: [] };
  // The command line works on the selected order even when no order pane has the focus: the last one picked
  // in Open orders, or the first; with Protection focused, its selected stop or take-profit.
  return send(ui.focus === 'protection' ? ui : { ...ui, focus: 'orders' }, ctx, parsed.change);
}

/** `+` / `-` on the main screen: the selected order one tick up or down. */
export function amendTick(ui: UiState, ctx: KeyContext, ticks: number): KeyOutcome {
  return send(ui, ctx, { ticks });
}
