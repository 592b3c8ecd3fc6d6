/**
 * A desk's overview: one row per account — name, venue, environment badge, connection state,
 * equity, margin ratio, open orders, session PnL, dead-man — the selected account marked `>`.
 * Each row is its own component subscribed to its own account's store, so a fill storm on one
 * account redraws that row only; an account whose engine failed says so in its row while the
 * others go on. Shown only on a desk (src/store/desk.ts).
 */
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import {
  type AccountHealthLevel,
  selectEquity,
  selectEquityAsset,
  selectHealthLevel,
  selectHealthText,
  selectMarginRatio,
  selectSessionPnl,
} from '../../src/store/account-summary.js';
import type { DeskAccount } from '../../src/store/desk.js';
import { selectDeadman, selectOrderCount, selectSession } from '../../src/store/selectors.js';
import { toFixed } from '../../src/core/decimal.js';
import { useCockpit, useNowFor } from '../context.js';
import { deadmanText } from '../deadman-text.js';
import { clip, pad } from '../format.js';
import { fitNumber, formatMoney } from '../quantity.js';
import { type Colour, envBadge, pnlColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';
import { type Column, layoutColumns, windowStart } from '../widgets/Table.js';
import { marginRatioColour } from './RiskLines.js';

/**
 * Fixed widths, so that each row lays itself out alone. The connection cell keeps room for why an
 * account is down: when the row is narrow the venue leaves first (the header names the selected
 * account's), then the orders, dead-man, margin, equity and PnL.
 */
const columnsFor = (nameWidth: number): Column[] => [
  { header: 'account', width: nameWidth },
  { header: 'venue', width: 12, priority: 6 },
  { header: 'env', width: 7 },
  { header: 'connection', width: 0, minWidth: 16 },
  { header: 'equity', width: 9, align: 'right', priority: 2 },
  { header: 'margin', width: 6, align: 'right', priority: 3 },
  { header: 'orders', width: 6, align: 'right', priority: 5 },
  { header: 'session PnL', width: 11, align: 'right', priority: 1 },
  { header: 'dead-man', width: 8, priority: 4 },
];

const HEALTH_COLOUR: Record<AccountHealthLevel, Colour> = {
  live: 'green',
  starting: 'yellow',
  degraded: 'yellow',
  down: 'red',
  failed: 'red',
};

const MARK: Record<AccountHealthLevel, string> = { live: '●', starting: '◌', degraded: '●', down: '○', failed: '×' };

interface RowProps {
  account: DeskAccount;
  selected: boolean;
  columns: Column[];
  /** The columns shown and their widths (layoutColumns). */
  shown: Array<{ index: number; width: number }>;
}

interface Cell {
  text: string;
  colour?: Colour | undefined;
  bold?: boolean;
  dim?: boolean;
}

/** A cell's text as drawn in its column: numbers fitted and right-aligned, the last column clipped. */
function cellText(cell: Cell, column: Column, width: number, last: boolean): string {
  if (column.align === 'right') return (fitNumber(cell.text, width) ?? '#'.repeat(width)).padStart(width);
  return last ? clip(cell.text, width) : pad(cell.text, width);
}

/**
 * The dead-man cell, the only one that follows the clock: its countdown moves every second on
 * every armed account, and only this cell is drawn again for it, not the whole row.
 */
function DeadmanCell({ store, column, width, last, first }: { store: DeskAccount['store']; column: Column; width: number; last: boolean; first: boolean }) {
  const session = useStore(store, selectSession);
  const deadman = useStore(store, selectDeadman);
  const now = useNowFor((t) => deadmanText(session, deadman, t));
  // No session (starting, or failed before one): nothing to say about a switch yet.
  const cell: Cell =
    session === null
      ? { text: '—', dim: true }
      : { text: deadmanText(session, deadman, now), colour: deadman.armed ? 'green' : undefined, dim: !deadman.armed };
  return (
    <Text color={cell.colour} bold={cell.bold} dimColor={cell.dim}>
      {(first ? '' : ' ') + cellText(cell, column, width, last)}
    </Text>
  );
}

/** One account's row, reading that account's store only. */
const AccountRow = memo(function AccountRow({ account, selected, columns, shown }: RowProps) {
  const store = account.store;
  const session = useStore(store, selectSession);
  const level = useStore(store, selectHealthLevel);
  const health = useStore(store, selectHealthText);
  const equity = useStore(store, selectEquity);
  const asset = useStore(store, selectEquityAsset);
  const ratio = useStore(store, selectMarginRatio);
  const orders = useStore(store, selectOrderCount);
  const pnl = useStore(store, selectSessionPnl);
  const env = session?.env ?? account.env;
  const money = (v: string | undefined) => (v === undefined ? '—' : asset === undefined ? v : formatMoney(v, asset));
  const signed = (v: string) => (v.startsWith('-') || !/[1-9]/.test(v) ? v : `+${v}`);
  const cells: Cell[] = [
    { text: account.name, bold: true },
    { text: session?.venue ?? account.venue, dim: true },
    { text: envBadge[env].label, colour: envBadge[env].colour, bold: true },
    { text: `${MARK[level]} ${health}`, colour: HEALTH_COLOUR[level] },
    { text: money(equity) },
    { text: ratio === undefined ? '—' : `${toFixed(ratio, 1, 'half_up')}%`, colour: marginRatioColour(ratio) },
    { text: String(orders), dim: orders === 0 },
    pnl === undefined ? { text: '—', dim: true } : { text: signed(money(pnl)), colour: pnlColour(pnl) },
  ];
  return (
    <Text wrap="truncate" inverse={selected}>
      {selected ? '> ' : '  '}
      {shown.map(({ index, width }, k) => {
        const column = columns[index]!;
        const last = k === shown.length - 1;
        if (column.header === 'dead-man')
          return <DeadmanCell key={column.header} store={store} column={column} width={width} last={last} first={k === 0} />;
        const cell = cells[index]!;
        return (
          <Text key={column.header} color={cell.colour} bold={cell.bold} dimColor={cell.dim}>
            {(k > 0 ? ' ' : '') + cellText(cell, column, width, last)}
          </Text>
        );
      })}
    </Text>
  );
});

export interface OverviewProps {
  width: number;
  /** Account rows shown (title and column header on top): a window that keeps the selected one. */
  rows: number;
  /** The selected account's name. */
  selected: string | undefined;
}

export function Overview({ width, rows, selected }: OverviewProps) {
  const { desk } = useCockpit();
  const accounts = desk?.accounts ?? [];
  const at = accounts.findIndex((a) => a.name === selected);
  const start = windowStart(at, rows, accounts.length);
  const visible = accounts.slice(start, start + rows);
  const hidden = accounts.length - visible.length;
  // One layout per width and desk: the rows are memoised on it and redraw only when their account moves.
  const { columns, shown } = useMemo(() => {
    const columns = columnsFor(Math.min(16, Math.max(7, ...accounts.map((a) => a.name.length))));
    return { columns, shown: layoutColumns(columns, [], Math.max(1, width - 2)) };
  }, [accounts, width]);
  const header = `  ${shown.map(({ index, width: w }) => pad(columns[index]!.header, w, columns[index]!.align)).join(' ')}`;
  return (
    <Box flexDirection="column" width={width} height={rows + 2} overflowY="hidden">
      <Rule
        title={`Accounts (${accounts.length})`}
        width={width}
        right={hidden > 0 ? `+${hidden} more · a/A or :acct` : 'a/A or :acct NAME'}
      />
      <Text dimColor wrap="truncate">
        {clip(header.trimEnd(), width)}
      </Text>
      {visible.map((a) => (
        <AccountRow key={a.name} account={a} selected={a.name === selected} columns={columns} shown={shown} />
      ))}
    </Box>
  );
}
