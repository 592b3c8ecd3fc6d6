/** The full event log (bounded in the store), newest at the bottom, scrolled back with k. */
import { Box } from 'ink';
import { selectLog } from '../../src/store/selectors.js';
import { useQuant } from '../context.js';
import { LogLine } from '../panes/Events.js';
import { Rule } from '../widgets/Rule.js';

export function LogView({ width, rows, back }: { width: number; rows: number; back: number }) {
  const log = useQuant(selectLog);
  const body = rows - 1;
  const end = Math.max(0, log.length - back);
  const shown = log.slice(Math.max(0, end - body), end);
  const right = back > 0 ? `${back} newer below · G newest · j/k PgUp/PgDn · q back` : 'g oldest · j/k PgUp/PgDn · q back';
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title={`Log (${log.length})`} width={width} focused right={right} />
      {shown.map((e) => (
        <LogLine key={e.seq} entry={e} width={width} />
      ))}
    </Box>
  );
}
