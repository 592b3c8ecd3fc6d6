/** Ticker: best bid/ask, last, spread, and a sparkline of the last price (one point per second). */
import { Box, Text } from 'ink';
import { sub } from '../../src/core/decimal.js';
import { selectMarketProblem, selectTicker } from '../../src/store/selectors.js';
import { useNow, useQuant } from '../context.js';
import { age, sparkline } from '../format.js';

export function Ticker({ width, rows }: { width: number; rows: number }) {
  const ticker = useQuant(selectTicker);
  const problem = useQuant(selectMarketProblem);
  const now = useNow();
  if (ticker === null) return <Text dimColor>no prices yet</Text>;
  const stale = problem !== null;
  let spread = '';
  try {
    spread = sub(ticker.ask, ticker.bid);
  } catch {
    spread = '?';
  }
  const when = stale ? ` (${age(now, ticker.at)} old)` : '';
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Text wrap="truncate" dimColor={stale}>
        <Text color={stale ? undefined : 'green'}>{ticker.bid}</Text>
        <Text dimColor>{' × '}</Text>
        <Text color={stale ? undefined : 'red'}>{ticker.ask}</Text>
        <Text dimColor>{stale ? '  last ' : `  spr ${spread}  last `}</Text>
        <Text bold={!stale}>{ticker.last}</Text>
        <Text color="yellow">{when}</Text>
      </Text>
      {rows > 1 && (
        <Text wrap="truncate" color={stale ? 'gray' : 'cyan'}>
          {sparkline(ticker.history, width)}
        </Text>
      )}
    </Box>
  );
}
