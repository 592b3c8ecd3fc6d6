/** The event line (latest event, levelled) and, on tall terminals, a tail of the log above it. */
import { Box, Text } from 'ink';
import { selectLastEvent, selectLog } from '../../src/store/selectors.js';
import type { LogEntry } from '../../src/store/state.js';
import { useQuant } from '../context.js';
import { clip, clockTime } from '../format.js';
import { levelColour } from '../theme.js';
import { Rule } from '../widgets/Rule.js';

export function LogLine({ entry, width }: { entry: LogEntry; width: number }) {
  const level = entry.level === 'info' ? '' : `${entry.level.toUpperCase()} `;
  return (
    <Text wrap="truncate" color={levelColour[entry.level]} dimColor={entry.level === 'debug'}>
      <Text dimColor>{`${clockTime(entry.at)} `}</Text>
      {clip(`${level}${entry.text}`, Math.max(0, width - 9))}
    </Text>
  );
}

export function EventLine({ width }: { width: number }) {
  const last = useQuant(selectLastEvent);
  if (last === null) return <Text dimColor>{clip('no events yet', width)}</Text>;
  return <LogLine entry={last} width={width} />;
}

export function LogTail({ width, rows }: { width: number; rows: number }) {
  const log = useQuant(selectLog);
  const shown = log.slice(-rows - 1, -1);
  return (
    <Box flexDirection="column" width={width} height={rows + 1} overflowY="hidden">
      <Rule title="Events" width={width} right={`${log.length} kept · l full log`} />
      {shown.map((e) => (
        <LogLine key={e.seq} entry={e} width={width} />
      ))}
    </Box>
  );
}
