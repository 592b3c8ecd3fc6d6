/**
 * Positions: size, entry, mark, uPnL; under them, the balance and what reconciliation said
 * ("reconciled 3s ago", or what it corrected and when).
 */
import { Box, Text } from 'ink';
import {
  selectAccountProblem,
  selectBalances,
  selectPositions,
  selectReconcile,
  selectSession,
} from '../../src/store/selectors.js';
import { useNow, useQuant } from '../context.js';
import { age, clip } from '../format.js';
import { pnlColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';
import { type Cell, type Column, Table } from '../widgets/Table.js';
import type { ScrollPaneProps } from './pane-props.js';

/** Corrections stay highlighted this long after the pass that made them. */
const RECENT_CORRECTION_MS = 60_000;

function ReconcileLine({ width }: { width: number }) {
  const r = useQuant(selectReconcile);
  const now = useNow();
  if (r.lastError !== undefined) {
    return (
      <Text color="red" wrap="truncate">
        {clip(`reconcile failed ${age(now, r.lastAt)} ago: ${r.lastError}`, width)}
      </Text>
    );
  }
  if (r.lastAt === undefined) return <Text dimColor>{clip('not reconciled yet', width)}</Text>;
  const recent = r.lastCorrectionAt !== undefined && now - r.lastCorrectionAt < RECENT_CORRECTION_MS;
  if (recent && r.corrections.length > 0) {
    const more = r.corrections.length > 1 ? ` (+${r.corrections.length - 1})` : '';
    return (
      <Text color="yellow" wrap="truncate">
        {clip(`corrected ${age(now, r.lastCorrectionAt)} ago: ${r.corrections[0]!.text}${more}`, width)}
      </Text>
    );
  }
  return (
    <Text color="green" wrap="truncate">
      {clip(
        `reconciled ${age(now, r.lastAt)} ago (${r.lastTrigger})${r.totalCorrections > 0 ? `, ${r.totalCorrections} corrections so far` : ''}`,
        width,
      )}
    </Text>
  );
}

function BalanceLine({ width }: { width: number }) {
  const balances = useQuant(selectBalances);
  const session = useQuant(selectSession);
  const quote = session?.instrument?.quote;
  const b = (quote === undefined ? undefined : balances[quote]) ?? Object.values(balances)[0];
  if (b === undefined) return <Text dimColor>{clip('no balance yet', width)}</Text>;
  return (
    <Text wrap="truncate">
      <Text dimColor>{`${b.asset} avail `}</Text>
      {b.available}
      <Text dimColor>{' wallet '}</Text>
      {b.wallet}
      {b.equity !== undefined && <Text dimColor>{` equity ${b.equity}`}</Text>}
    </Text>
  );
}

export function Positions({
  width,
  rows,
  scroll,
  focused,
}: ScrollPaneProps) {
  const positions = useQuant(selectPositions);
  const problem = useQuant(selectAccountProblem);
  const tableRows = Math.max(1, rows - 2);
  const withMark = width >= 50;
  const columns: Column[] = [
    { header: 'symbol', width: 0 },
    { header: 'qty', width: 8, align: 'right' },
    { header: 'entry', width: 10, align: 'right' },
    ...(withMark ? [{ header: 'mark', width: 10, align: 'right' as const }] : []),
    { header: 'uPnL', width: 9, align: 'right' },
  ];
  const shown = positions.slice(scroll, scroll + tableRows);
  const cells: Cell[][] = shown.map((p) => [
    { text: p.symbol, bold: true },
    { text: p.qty, colour: p.qty.startsWith('-') ? 'red' : 'green' },
    { text: p.entryPrice },
    ...(withMark ? [{ text: p.markPrice, dim: true }] : []),
    { text: p.unrealizedPnl, colour: pnlColour(p.unrealizedPnl) },
  ]);
  return (
    <Box flexDirection="column" width={width} height={rows + 2} overflowY="hidden">
      <Rule title={`Positions (${positions.length})`} width={width} focused={focused} stale={problem} />
      <Table
        columns={columns}
        rows={cells}
        keys={shown.map((p) => p.symbol)}
        width={width}
        height={tableRows}
        dim={problem !== null}
        empty="flat"
      />
      {rows >= 2 && <BalanceLine width={width} />}
      {rows >= 3 && <ReconcileLine width={width} />}
    </Box>
  );
}
