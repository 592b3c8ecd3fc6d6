// Which order the keys act on: the one Open orders or the Protection section marks with '>'.
import type { Order } from '../src/core/types.js';
import { selectOpenOrders, selectPositions, selectProtectiveCount, symbolProtective } from '../src/store/selectors.js';
import { selectIsSpot } from '../src/store/spot-selectors.js';
import type { QuantState } from '../src/store/state.js';
import type { Focus, UiState } from './ui-state.js';

/**
 * The orders a pane with a selection lists, as it draws them: Open orders, or Protection (the
 * session symbol's stops and take-profits); undefined for a pane without one (Fills, Positions).
 */
export function selectableOrders(focus: Focus, s: QuantState): Order[] | undefined {
  const f = focusShown(focus, selectProtectiveCount(s));
  if (f === 'orders') return selectOpenOrders(s);
  if (f === 'protection') return symbolProtective(s);
  return undefined;
}

/**
 * The pane that has the focus as drawn: Protection, once its last row is gone (a stop fired, a
 * flatten cleaned up), is not drawn, and the focus it held is Open orders' again.
 */
export function focusShown(focus: Focus, protectiveRows: number): Focus {
  return focus === 'protection' && protectiveRows === 0 ? 'orders' : focus;
}

/**
 * The row that is selected, as the focused pane draws it (the '>' row): the order chosen with
 * j/k, or the first one. -1: nothing selected (a pane without a selection has the focus, or no rows).
 */
export function selectedIndex(ui: Pick<UiState, 'focus' | 'selectedOrder'>, s: QuantState): number {
  const orders = selectableOrders(ui.focus, s);
  if (orders === undefined || orders.length === 0) return -1;
  const i = orders.findIndex((o) => o.clientOrderId === ui.selectedOrder);
  return Math.max(0, i);
}

/**
 * The selected row's symbol, as the panes draw it: the '>' order of Open orders or Protection, or
 * the top row of Positions (the one Positions marks while it has the focus). Undefined when the
 * focused pane has no selected row: the market pane then shows the ticket's symbol.
 */
export function selectedSymbol(ui: Pick<UiState, 'focus' | 'selectedOrder' | 'scroll'>, s: QuantState): string | undefined {
  const orders = selectableOrders(ui.focus, s);
  if (orders !== undefined) return orders[selectedIndex(ui, s)]?.symbol;
  if (ui.focus === 'positions' && !selectIsSpot(s)) return selectPositions(s)[ui.scroll.positions]?.symbol;
  return undefined;
}
