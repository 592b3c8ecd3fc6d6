// Which order of Open orders the keys act on: the one the pane marks with '>'.
import { selectOpenOrders } from '../src/store/selectors.js';
import type { QuantState } from '../src/store/state.js';
import type { UiState } from './ui-state.js';

/**
 * The row of Open orders that is selected, as the pane draws it: only while Open orders has
 * the focus (the '>' row); the order chosen with j/k, or the first one. -1: nothing selected.
 */
export function selectedIndex(ui: Pick<UiState, 'focus' | 'selectedOrder'>, s: QuantState): number {
  if (ui.focus !== 'orders') return -1;
  const orders = selectOpenOrders(s);
  if (orders.length === 0) return -1;
  const i = orders.findIndex((o) => o.clientOrderId === ui.selectedOrder);
  return Math.max(0, i);
}
