/**
 * Holdings: the Positions pane of a spot session. What the account holds of each asset — free,
 * locked by resting orders, its value at the mark in the quote currency — and, on the session's
 * base, the session's average cost, unrealized and realized PnL from its own fills. Under them,
 * the session's PnL in one line (with fees paid in a third asset and sells of older holdings,
 * which are outside it, named apart) and what reconciliation said. No liquidation, leverage or
 * margin: a spot holding has none.
 */
import { Box, Text } from 'ink';
import { selectAccountProblem, selectSession } from '../../src/store/selectors.js';
import {
  type HoldingRow,
  type SessionSpotPnl,
  selectHoldingRows,
  selectSpotPnl,
} from '../../src/store/spot-selectors.js';
import { useAccountTag, useQuant } from '../context.js';
import { clip, fitSegments } from '../format.js';
import { formatMoney, formatPrice } from '../quantity.js';
import { pnlColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';
import { type Cell, type Column, Table } from '../widgets/Table.js';
import type { ScrollPaneProps } from './pane-props.js';
import { ReconcileLine } from './Positions.js';

const signed = (v: string, asset: string) => `${v.startsWith('-') ? '' : '+'}${formatMoney(v, asset)}`;

/**
 * 'session PnL +1481.72 USD · realized +487.99 · unrealized +993.72 · fees apart 0.75 KFEE · sold 0.1 BTC
 * held from before for 6400.00 USD': the total always; on a narrow pane the split goes before
 * what is outside the PnL (fees in a third asset, sells of older holdings).
 */
export function pnlLine(p: SessionSpotPnl, base: string, width: number): string {
  const q = p.quote;
  const fees = Object.entries(p.otherFees).map(([asset, v]) => `${v} ${asset}`);
  const pieces = fitSegments(
    [
      {
        text:
          p.total === undefined
            ? `session PnL realized ${signed(p.realized, q)} ${q} (no mark yet)`
            : `session PnL ${signed(p.total, q)} ${q}`,
        priority: 0,
      },
      { text: p.total === undefined ? '' : `realized ${signed(p.realized, q)}`, priority: 3 },
      { text: p.unrealized === undefined ? '' : `unrealized ${signed(p.unrealized, q)}`, priority: 4 },
      { text: fees.length === 0 ? '' : `fees apart ${fees.join(', ')}`, priority: 1 },
      {
        text:
          p.priorSold === '0'
            ? ''
            : `sold ${p.priorSold} ${base} held from before for ${formatMoney(p.priorProceeds, q)} ${q}`,
        priority: 2,
      },
    ],
    width,
    ' · ',
  );
  return clip(pieces.map((x) => x.text).join(' · '), width);
}

function PnlLine({ width }: { width: number }) {
  const pnl = useQuant(selectSpotPnl);
  const session = useQuant(selectSession);
  if (pnl === null) return <Text dimColor>{clip('no spot session', width)}</Text>;
  const colour = pnlColour(pnl.total ?? pnl.realized);
  const text = pnlLine(pnl, session?.instrument?.base ?? '', width);
  return colour === undefined ? (
    <Text wrap="truncate">{text}</Text>
  ) : (
    <Text color={colour} wrap="truncate">
      {text}
    </Text>
  );
}

function cells(h: HoldingRow, quote: string, ins: Parameters<typeof formatPrice>[1]): Cell[] {
  const dash = { text: '—', dim: true };
  return [
    { text: h.asset, bold: h.base },
    { text: formatMoney(h.free, h.asset) },
    { text: formatMoney(h.locked, h.asset), dim: h.locked === '0' },
    h.value === undefined ? dash : { text: formatMoney(h.value, quote), dim: true },
    h.avgCost === undefined ? dash : { text: formatPrice(h.avgCost, ins) },
    h.unrealized === undefined
      ? dash
      : { text: formatMoney(h.unrealized, quote), colour: pnlColour(h.unrealized) },
    h.realized === undefined ? dash : { text: formatMoney(h.realized, quote), colour: pnlColour(h.realized) },
  ];
}

export function Holdings({ width, rows, scroll, focused }: ScrollPaneProps) {
  const holdings = useQuant(selectHoldingRows);
  const tag = useAccountTag();
  const problem = useQuant(selectAccountProblem);
  const session = useQuant(selectSession);
  const ins = session?.instrument;
  const quote = ins?.quote ?? '';
  // Lines under the table, most needed first: the session's PnL, reconcile.
  const lines = Math.min(2, Math.max(0, rows - 1));
  const columns: Column[] = [
    { header: 'asset', width: 0, minWidth: 5 },
    { header: 'free', width: 10, align: 'right' },
    { header: 'locked', width: 9, align: 'right', priority: 3 },
    { header: 'value', width: 10, align: 'right', priority: 2 },
    { header: 'avg cost', width: 10, align: 'right', priority: 4 },
    { header: 'uPnL', width: 9, align: 'right', priority: 1 },
    { header: 'rPnL', width: 9, align: 'right', priority: 5 },
  ];
  const shown = holdings.slice(scroll);
  return (
    <Box flexDirection="column" width={width} height={rows + 2} overflowY="hidden">
      <Rule title={`Holdings${tag} (${holdings.length})`} width={width} focused={focused} stale={problem} />
      <Table
        columns={columns}
        rows={shown.map((h) => cells(h, quote, ins))}
        keys={shown.map((h) => h.asset)}
        above={scroll}
        width={width}
        height={Math.max(1, rows - lines)}
        dim={problem !== null}
        empty="no balances yet"
      />
      {lines >= 1 && <PnlLine width={width} />}
      {lines >= 2 && <ReconcileLine width={width} />}
    </Box>
  );
}
