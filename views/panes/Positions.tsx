/**
 * Positions: size, entry, mark, liquidation price, uPnL; under them, the balance, what
 * reconciliation said ("reconciled 3s ago", or what it corrected and when), and — given the rows —
 * the session position's risk line and the account's (RiskLines.tsx).
 */
import { Box, Text } from 'ink';
import {
  selectAccountProblem,
  selectBalances,
  selectPositions,
  selectInstruments,
  selectReconcile,
  selectSession,
} from '../../src/store/selectors.js';
import { useAccountTag, useNowFor, useQuant } from '../context.js';
import { age, clip, fitSegments } from '../format.js';
import { formatMoney, formatPrice, formatQty } from '../quantity.js';
import { pnlColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';
import { type Cell, type Column, Table } from '../widgets/Table.js';
import type { ScrollPaneProps } from './pane-props.js';
import { AccountRiskLine, PositionRiskLine } from './RiskLines.js';

/** Corrections stay highlighted this long after the pass that made them. */
const RECENT_CORRECTION_MS = 60_000;

type Reconcile = ReturnType<typeof selectReconcile>;

/** What reconciliation said, as of `now`: failed, corrected recently, or reconciled how long ago. */
function reconcileLine(r: Reconcile, now: number): { text: string; colour: 'red' | 'yellow' | 'green' | undefined } {
  if (r.lastError !== undefined) return { text: `reconcile failed ${age(now, r.lastAt)} ago: ${r.lastError}`, colour: 'red' };
  if (r.lastAt === undefined) return { text: 'not reconciled yet', colour: undefined };
  const recent = r.lastCorrectionAt !== undefined && now - r.lastCorrectionAt < RECENT_CORRECTION_MS;
  if (recent && r.corrections.length > 0) {
    const more = r.corrections.length > 1 ? ` (+${r.corrections.length - 1})` : '';
    return { text: `corrected ${age(now, r.lastCorrectionAt)} ago: ${r.corrections[0]!.text}${more}`, colour: 'yellow' };
  }
  const so = r.totalCorrections > 0 ? `, ${r.totalCorrections} corrections so far` : '';
  return { text: `reconciled ${age(now, r.lastAt)} ago (${r.lastTrigger})${so}`, colour: 'green' };
}

export function ReconcileLine({ width }: { width: number }) {
  const r = useQuant(selectReconcile);
  const now = useNowFor((t) => {
    const line = reconcileLine(r, t);
    return `${line.colour} ${line.text}`;
  });
  const { text, colour } = reconcileLine(r, now);
  if (colour === undefined) return <Text dimColor>{clip(text, width)}</Text>;
  return (
    <Text color={colour} wrap="truncate">
      {clip(text, width)}
    </Text>
  );
}

/** Balance: available, wallet, equity at the asset's precision; equity leaves first, never cut. */
function BalanceLine({ width }: { width: number }) {
  const balances = useQuant(selectBalances);
  const session = useQuant(selectSession);
  const quote = session?.instrument?.quote;
  const b = (quote === undefined ? undefined : balances[quote]) ?? Object.values(balances)[0];
  if (b === undefined) return <Text dimColor>{clip('no balance yet', width)}</Text>;
  const money = (v: string) => formatMoney(v, b.asset);
  const pieces = fitSegments(
    [
      { text: `${b.asset} avail ${money(b.available)}`, priority: 0 },
      { text: `wallet ${money(b.wallet)}`, priority: 1 },
      { text: b.equity === undefined ? '' : `equity ${money(b.equity)}`, priority: 2 },
    ],
    width,
    ' ',
  );
  return <Text wrap="truncate">{clip(pieces.map((p) => p.text).join(' '), width)}</Text>;
}

export function Positions({
  width,
  rows,
  scroll,
  focused,
}: ScrollPaneProps) {
  const positions = useQuant(selectPositions);
  const tag = useAccountTag();
  const problem = useQuant(selectAccountProblem);
  // Lines under the table, most needed first: balance, reconcile, position risk, account risk.
  const lines = Math.min(4, Math.max(0, rows - 1));
  const tableRows = Math.max(1, rows - lines);
  const session = useQuant(selectSession);
  const instruments = useQuant(selectInstruments);
  const ins = (symbol: string) => (session?.instrument?.symbol === symbol ? session.instrument : instruments[symbol]);
  const columns: Column[] = [
    { header: 'symbol', width: 0, minWidth: 7 },
    { header: 'qty', width: 8, align: 'right' },
    { header: 'entry', width: 10, align: 'right', priority: 2 },
    { header: 'mark', width: 10, align: 'right', priority: 3 },
    { header: 'liq', width: 10, align: 'right', priority: 4 },
    { header: 'uPnL', width: 9, align: 'right', priority: 1 },
  ];
  const cells: Cell[][] = positions.slice(scroll).map((p) => [
    { text: p.symbol, bold: p.symbol === session?.symbol },
    { text: formatQty(p.qty, ins(p.symbol)), colour: p.qty.startsWith('-') ? 'red' : 'green' },
    { text: formatPrice(p.entryPrice, ins(p.symbol)) },
    { text: formatPrice(p.markPrice, ins(p.symbol)), dim: true },
    { text: p.liquidationPrice === undefined ? '—' : formatPrice(p.liquidationPrice, ins(p.symbol)), dim: p.liquidationPrice === undefined },
    { text: formatMoney(p.unrealizedPnl, ins(p.symbol)?.quote ?? 'USD'), colour: pnlColour(p.unrealizedPnl) },
  ]);
  return (
    <Box flexDirection="column" width={width} height={rows + 2} overflowY="hidden">
      <Rule title={`Positions${tag} (${positions.length})`} width={width} focused={focused} stale={problem} />
      <Table
        columns={columns}
        rows={cells}
        keys={positions.slice(scroll).map((p) => p.symbol)}
        above={scroll}
        width={width}
        height={tableRows}
        // The top row is the selected position while the pane has the focus: the market pane follows it.
        selected={focused && positions.length > scroll ? 0 : -1}
        marker={focused}
        dim={problem !== null}
        empty="flat"
      />
      {lines >= 1 && <BalanceLine width={width} />}
      {lines >= 2 && <ReconcileLine width={width} />}
      {lines >= 3 && <PositionRiskLine width={width} />}
      {lines >= 4 && <AccountRiskLine width={width} />}
    </Box>
  );
}
