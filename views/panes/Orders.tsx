/** Open orders: every open order (protective ones too, typed STP/TP at @trigger) and its state, newest first, with a selection for `c`. */
import { Box } from 'ink';
import type { Order } from '../../src/core/types.js';
import { selectAccountProblem, selectInstruments, selectOpenOrders, selectSession } from '../../src/store/selectors.js';
import { useAccountTag, useNowFor, useQuant } from '../context.js';
import { age } from '../format.js';
import { formatPrice, formatQty } from '../quantity.js';
import { orderStateColour, sideColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';
import { type Cell, type Column, Table } from '../widgets/Table.js';

const STATE_LABEL: Partial<Record<Order['state'], string>> = {
  pending_new: 'sending',
  partially_filled: 'partial',
  pending_cancel: 'cancelling',
  unknown: 'UNKNOWN?',
};

export interface OrdersProps {
  width: number;
  rows: number;
  /** The chosen order's id ('' = the first row), or null: no row is selected (pane not focused). */
  selected: string | null;
  focused: boolean;
}

export function Orders({ width, rows, selected, focused }: OrdersProps) {
  const orders = useQuant(selectOpenOrders);
  const tag = useAccountTag();
  const problem = useQuant(selectAccountProblem);
  const orderAge = (o: Order, now: number) => age(now, o.createdAt ?? o.updatedAt);
  const now = useNowFor((t) => orders.map((o) => orderAge(o, t)).join(' '));
  const session = useQuant(selectSession);
  const instruments = useQuant(selectInstruments);
  // Every symbol's orders, each at its own instrument's tick and step.
  const ins = (symbol: string) => (session?.instrument?.symbol === symbol ? session.instrument : instruments[symbol]);
  // Dropped right to left as the terminal narrows: venue id, flags, filled, type, age, client id.
  const columns: Column[] = [
    // As wide as the longest symbol listed (at most 14): the client id keeps the rest.
    { header: 'symbol', width: Math.min(14, Math.max(6, ...orders.map((o) => o.symbol.length))), cut: 'end' },
    { header: 'side', width: 4 },
    { header: 'type', width: 4, priority: 3 },
    { header: 'qty', width: 9, align: 'right' },
    { header: 'price', width: 11, align: 'right' },
    { header: 'filled', width: 9, align: 'right', priority: 4 },
    { header: 'state', width: 10 },
    { header: 'flags', width: 5, priority: 5 },
    { header: 'client id', width: 0, minWidth: 10, priority: 1, cut: 'start' },
    { header: 'venue id', width: 14, priority: 6, cut: 'start' },
    { header: 'age', width: 6, align: 'right', priority: 2 },
  ];
  const rowsOut: Cell[][] = orders.map((o) => [
    // The ticket's symbol bright, the others plain: which rows cancel-all and flatten act on.
    { text: o.symbol, bold: o.symbol === session?.symbol },
    { text: o.side.toUpperCase(), colour: sideColour(o.side), bold: true },
    { text: o.trigger !== undefined ? (o.trigger.kind === 'stop' ? 'STP' : 'TP') : o.type === 'market' ? 'MKT' : 'LMT' },
    { text: o.closePosition === true ? 'all' : formatQty(o.qty, ins(o.symbol)) },
    // A protective order's price is its trigger: at market once crossed.
    { text: o.trigger !== undefined ? `@${formatPrice(o.trigger.price, ins(o.symbol))}` : o.type === 'market' || o.price === undefined ? 'market' : formatPrice(o.price, ins(o.symbol)) },
    { text: o.filledQty, dim: o.filledQty === '0' },
    { text: STATE_LABEL[o.state] ?? o.state, colour: orderStateColour(o.state) },
    { text: `${o.reduceOnly ? 'R' : ''}${o.postOnly ? 'P' : ''}`, dim: true },
    { text: o.clientOrderId, dim: true },
    { text: o.venueOrderId ?? '—', dim: true },
    { text: orderAge(o, now), dim: true },
  ]);
  const index = selected === null || orders.length === 0 ? -1 : Math.max(0, orders.findIndex((o) => o.clientOrderId === selected));
  return (
    <Box flexDirection="column" width={width} height={rows + 2} overflowY="hidden">
      <Rule title={`Open orders${tag} (${orders.length})`} width={width} focused={focused} stale={problem} />
      <Table
        columns={columns}
        rows={rowsOut}
        keys={orders.map((o) => o.clientOrderId)}
        width={width}
        height={rows}
        selected={index}
        marker
        dim={problem !== null}
        empty="no open orders — b buy, s sell"
      />
    </Box>
  );
}
