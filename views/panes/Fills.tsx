/** Fills: the last executions, newest first (a bounded buffer; the title counts them all). */
import { Box } from 'ink';
import { selectAccountProblem, selectFillCount, selectFills, selectSession } from '../../src/store/selectors.js';
import { useAccountTag, useQuant } from '../context.js';
import { clockTime } from '../format.js';
import { formatPrice, formatQty } from '../quantity.js';
import { sideColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';
import { type Cell, type Column, Table } from '../widgets/Table.js';
import type { ScrollPaneProps } from './pane-props.js';

export function Fills({
  width,
  rows,
  scroll,
  focused,
}: ScrollPaneProps) {
  const fills = useQuant(selectFills);
  const count = useQuant(selectFillCount);
  const problem = useQuant(selectAccountProblem);
  const session = useQuant(selectSession);
  const ins = (symbol: string) => (session?.instrument?.symbol === symbol ? session.instrument : undefined);
  const spot = session?.instrument?.kind === 'spot';
  const columns: Column[] = [
    { header: 'time', width: 8, priority: 3 },
    { header: 'side', width: 4 },
    { header: 'qty', width: 8, align: 'right' },
    { header: 'price', width: 10, align: 'right' },
    // On spot a fee is paid in base, quote or a third asset, each counted differently: its asset shows.
    { header: 'fee', width: spot ? 12 : 8, align: 'right', priority: 4 },
    { header: 'm/t', width: 3, priority: 5 },
    { header: 'order', width: 0, minWidth: 6, priority: 2, cut: 'start' },
  ];
  const cells: Cell[][] = fills.slice(scroll).map((f) => [
    { text: clockTime(f.time), dim: true },
    { text: f.side.toUpperCase(), colour: sideColour(f.side), bold: true },
    { text: formatQty(f.qty, ins(f.symbol)) },
    { text: formatPrice(f.price, ins(f.symbol)) },
    { text: spot ? `${f.fee} ${f.feeAsset}` : f.fee, dim: true },
    { text: f.maker ? 'M' : 'T', dim: true },
    { text: f.clientOrderId ?? f.venueOrderId, dim: true },
  ]);
  const tag = useAccountTag();
  const title = scroll > 0 ? `Fills${tag} (${count}) ↓${scroll}` : `Fills${tag} (${count})`;
  return (
    <Box flexDirection="column" width={width} height={rows + 2} overflowY="hidden">
      <Rule title={title} width={width} focused={focused} stale={problem} />
      <Table
        columns={columns}
        rows={cells}
        keys={fills.slice(scroll).map((f) => `${f.symbol}:${f.tradeId}`)}
        above={scroll}
        width={width}
        height={rows}
        dim={problem !== null}
        empty="no fills yet"
      />
    </Box>
  );
}
