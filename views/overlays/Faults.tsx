/** SIM faults menu: pick a fault and watch the engine recover in the panes around it. */
import { Box, Text } from 'ink';
import { selectSim } from '../../src/store/selectors.js';
import { FAULTS } from '../../src/store/sim-actions.js';
import { useQuant } from '../context.js';
import { pad } from '../format.js';
import { Rule } from '../widgets/Rule.js';

export function Faults({ width, rows, index }: { width: number; rows: number; index: number }) {
  const sim = useQuant(selectSim);
  const active = sim?.activeFaults ?? [];
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title="Faults (SIM)" width={width} focused right={`${FAULTS[0].key}-${FAULTS.at(-1)?.key} or Enter inject · q back`} />
      {FAULTS.map((f, i) => (
        <Text key={f.kind} inverse={i === index} wrap="truncate">
          {pad(` ${f.key}  ${f.kind.padEnd(20)} ${f.label}`, width)}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor wrap="truncate">
        {active.length === 0 ? 'no faults active' : `active: ${active.join(', ')}`}
      </Text>
      <Text dimColor wrap="truncate">
        {`regime: ${sim?.regime ?? '—'} (v switches)`}
      </Text>
    </Box>
  );
}
