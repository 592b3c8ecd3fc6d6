// Which order the keys act on: the one Open orders or the Protection section marks with '>'.
import type { Order } from '../src/core/types.js';
import { selectOpenOrders, symbolProtective } from '../src/store/selectors.js';
import type { QuantState } from '../src/store/state.js';
import type { Focus, UiState } from './ui-state.js';

/**
 * The orders a pane with a selection lists, as it draws them: Open orders, or Protection (the
 * session symbol's stops and take-profits); undefined for a pane without one (Fills, Positions).
 */
export function selectableOrders(focus: Focus, s: QuantState): Order[] | undefined {
  if (focus === 'orders') return selectOpenOrders(s);
  if (focus === 'protection') return symbolProtective(s);
  return undefined;
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
