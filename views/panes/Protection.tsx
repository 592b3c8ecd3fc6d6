/**
 * Protection: the session symbol's protective orders resting on the venue — kind, side and size,
 * trigger (and which price it watches), distance from the mark in quote and in %, share of the
 * position each covers, state — and a loud line when a position has no stop at all. Shown only
 * while there is a position or a protective order (App gives it no rows otherwise). Tab focuses it
 * while it has rows: j/k choose one ('>'), c cancels it, + / - and :amend move its trigger.
 */
import { Box, Text } from 'ink';
import { abs } from '../../src/core/decimal.js';
import { protectionOf } from '../../src/core/protection.js';
import { selectProtectiveOrders, selectSession, selectSymbolPosition } from '../../src/store/selectors.js';
import { useQuant } from '../context.js';
import { clip } from '../format.js';
import { formatPrice, formatQty } from '../quantity.js';
import { orderStateColour, sideColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';
import { type Cell, type Column, Table } from '../widgets/Table.js';

const STATE_LABEL: Readonly<Record<string, string>> = { pending_new: 'sending', pending_cancel: 'cancelling', new: 'resting', unknown: 'UNKNOWN?' };

/**
 * Lines the section needs: none when there is neither a position nor a protective order; else its
 * title, the no-stop line when due, and the table (header + one line per order) when it has rows.
 */
export function protectionLines(orders: number, unprotected: boolean): number {
  if (orders === 0 && !unprotected) return 0;
  return 1 + (unprotected ? 1 : 0) + (orders > 0 ? 1 + orders : 0);
}

export interface ProtectionProps {
  width: number;
  rows: number;
  /** The chosen order's id ('' = the first row), or null: no row is selected (section not focused). */
  selected?: string | null;
  focused?: boolean;
}

export function Protection({ width, rows, selected = null, focused = false }: ProtectionProps) {
  const session = useQuant(selectSession);
  const position = useQuant(selectSymbolPosition);
  const orders = useQuant(selectProtectiveOrders);
  const symbol = session?.symbol;
  const ins = session?.instrument?.symbol === symbol ? session?.instrument : undefined;
  const mine = orders.filter((o) => o.symbol === symbol);
  const p = protectionOf(position ?? undefined, mine);
  const quote = ins?.quote ?? '';
  const columns: Column[] = [
    { header: 'kind', width: 4 },
    { header: 'side', width: 4 },
    { header: 'qty', width: 9, align: 'right' },
    { header: 'trigger', width: 11, align: 'right' },
    { header: 'on', width: 4, priority: 4 },
    { header: `from mark ${quote}`.trim(), width: 13, align: 'right', priority: 2 },
    { header: '%', width: 7, align: 'right', priority: 1 },
    { header: 'covers', width: 6, align: 'right', priority: 3 },
    { header: 'state', width: 0, minWidth: 8 },
  ];
  const cells: Cell[][] = p.rows.map((r) => [
    { text: r.kind === 'stop' ? 'STOP' : 'TP', colour: r.kind === 'stop' ? 'red' : 'green', bold: true },
    { text: r.order.side.toUpperCase(), colour: sideColour(r.order.side) },
    { text: r.order.closePosition === true ? 'all' : formatQty(r.order.qty, ins) },
    { text: formatPrice(r.trigger, ins) },
    { text: r.order.trigger!.by, dim: true },
    { text: r.distance === undefined ? '—' : formatPrice(r.distance, ins) },
    { text: r.distancePct === undefined ? '—' : `${r.distancePct}%` },
    { text: r.coverPct === undefined ? '—' : `${r.coverPct}%` },
    { text: STATE_LABEL[r.order.state] ?? r.order.state, colour: orderStateColour(r.order.state) },
  ]);
  const cramped = rows < 2 && p.unprotected;
  const title = cramped ? 'Protection · ⚠ NO STOP' : p.rows.length === 0 ? 'Protection' : `Protection (${p.rows.length}) · stops cover ${p.stopCoverPct}%`;
  const size = position === null ? '' : `${position.qty.startsWith('-') ? 'short' : 'long'} ${formatQty(abs(position.qty), ins)}`;
  const tableRows = Math.max(1, rows - 2 - (p.unprotected ? 1 : 0));
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title={title} width={width} focused={focused} />
      {p.unprotected && rows >= 2 && (
        <Text color="red" bold wrap="truncate">
          {clip(`⚠ ${symbol ?? ''} ${size} has NO STOP on the venue — :stop PRICE or :bracket STOP TARGET`, width)}
        </Text>
      )}
      {p.rows.length > 0 && rows >= 3 && (
        <Table
          columns={columns}
          rows={cells}
          keys={p.rows.map((r) => r.order.clientOrderId)}
          width={width}
          height={tableRows}
          empty="no protective orders"
          selected={selected === null ? -1 : Math.max(0, p.rows.findIndex((r) => r.order.clientOrderId === selected))}
          marker
        />
      )}
    </Box>
  );
}
