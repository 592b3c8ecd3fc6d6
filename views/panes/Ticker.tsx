/**
 * Ticker: best bid/ask, last, spread, and a sparkline of the last price (one point per second), of
 * the selected row's symbol (a position's, an order's), else the ticket's.
 * Prices at the tick's precision; when the line is too narrow the spread leaves first, then the
 * last price: a price is never cut.
 */
import { Box, Text } from 'ink';
import { sub } from '../../src/core/decimal.js';
import { selectMarketProblem } from '../../src/store/selectors.js';
import type { QuantState } from '../../src/store/state.js';
import { useNowFor, useQuant } from '../context.js';
import { age, fitSegments, type Segment, sparkline } from '../format.js';
import { formatPrice } from '../quantity.js';
import { neutralise } from '../../src/core/untrusted.js';

interface Piece extends Segment {
  colour?: string;
  bold?: boolean;
  dim?: boolean;
}

/** The symbol's ticker: the ticket's as the store keeps it, any other from the per-symbol ones. */
const tickerOf = (symbol: string | undefined) => (s: QuantState) =>
  symbol === undefined || symbol === s.session?.symbol ? s.ticker : (s.tickers[symbol] ?? null);
const instrumentOf = (symbol: string | undefined) => (s: QuantState) =>
  symbol === undefined || symbol === s.session?.symbol ? s.session?.instrument : s.instruments[symbol];

/** `symbol`: the selected row's; absent, the ticket's. */
export function Ticker({ width, rows, symbol }: { width: number; rows: number; symbol?: string | undefined }) {
  const ticker = useQuant(tickerOf(symbol));
  const problem = useQuant(selectMarketProblem);
  const ins = useQuant(instrumentOf(symbol));
  const now = useNowFor((t) => (ticker === null || problem === null ? '' : age(t, ticker.at)));
  if (ticker === null) return <Text dimColor>{symbol === undefined ? 'no prices yet' : `no ${neutralise(symbol)} prices yet`}</Text>;
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
