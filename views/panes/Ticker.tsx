/**
 * Ticker: best bid/ask, last, spread, and a sparkline of the last price (one point per second).
 * Prices at the tick's precision; when the line is too narrow the spread leaves first, then the
 * last price: a price is never cut.
 */
import { Box, Text } from 'ink';
import { sub } from '../../src/core/decimal.js';
import { selectMarketProblem, selectSession, selectTicker } from '../../src/store/selectors.js';
import { useNowFor, useQuant } from '../context.js';
import { age, fitSegments, type Segment, sparkline } from '../format.js';
import { formatPrice } from '../quantity.js';

interface Piece extends Segment {
  colour?: string;
  bold?: boolean;
  dim?: boolean;
}

export function Ticker({ width, rows }: { width: number; rows: number }) {
  const ticker = useQuant(selectTicker);
  const problem = useQuant(selectMarketProblem);
  const session = useQuant(selectSession);
  const now = useNowFor((t) => (ticker === null || problem === null ? '' : age(t, ticker.at)));
  if (ticker === null) return <Text dimColor>no prices yet</Text>;
  const ins = session?.instrument;
  const stale = problem !== null;
  let spread = '';
  try {
    spread = formatPrice(sub(ticker.ask, ticker.bid), ins);
  } catch {
    spread = '?';
  }
  const pieces: Piece[] = [
    { text: formatPrice(ticker.bid, ins), priority: 0, ...(stale ? {} : { colour: 'green' }) },
    { text: '×', priority: 0, dim: true },
    { text: formatPrice(ticker.ask, ins), priority: 0, ...(stale ? {} : { colour: 'red' }) },
    { text: stale ? '' : ` spr ${spread}`, priority: 3, dim: true },
    { text: ` last ${formatPrice(ticker.last, ins)}`, priority: 2, bold: !stale },
    { text: stale ? `(${age(now, ticker.at)} old)` : '', priority: 1, colour: 'yellow' },
  ];
  const kept = fitSegments(pieces, width, ' ');
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Text wrap="truncate" dimColor={stale}>
        {kept.map((p, i) => (
          <Text key={String(i)} color={p.colour} bold={p.bold} dimColor={p.dim}>
            {(i > 0 ? ' ' : '') + p.text}
          </Text>
        ))}
      </Text>
      {rows > 1 && (
        <Text wrap="truncate" color={stale ? 'gray' : 'cyan'}>
          {sparkline(ticker.history, width)}
        </Text>
      )}
    </Box>
  );
}
