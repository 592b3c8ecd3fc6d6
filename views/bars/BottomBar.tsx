/**
 * The bottom line: the confirm question, the command line, the last message, or key hints.
 * Exactly one row, so the layout above never jumps.
 */
import { Text } from 'ink';
import { useNow } from '../context.js';
import type { UiState } from '../controller.js';
import { clip } from '../format.js';

/** Messages fade back to the key hints after this long. */
export const MESSAGE_MS = 8000;

const HINTS =
  'b/s ticket · c cancel · C cancel all · X flatten · R reconnect · D dead-man · Tab focus · ? help';
const SIM_HINTS = ' · f faults · v regime';

export function BottomBar({ ui, width, isSim }: { ui: UiState; width: number; isSim: boolean }) {
  const now = useNow();
  if (ui.mode === 'confirm' && ui.confirm !== null) {
    return (
      <Text wrap="truncate">
        <Text
          inverse
          bold
          color={ui.confirm.kind === 'quit' ? 'yellow' : 'red'}
        >{` ${ui.confirm.text} `}</Text>
        <Text bold>{'  y = yes'}</Text>
        <Text dimColor>{', any other key = no'}</Text>
      </Text>
    );
  }
  if (ui.mode === 'command') {
    return <Text wrap="truncate">{clip(`:${ui.command}▌`, width)}</Text>;
  }
  const m = ui.message;
  if (m !== null && now - m.at < MESSAGE_MS) {
    const colour = m.level === 'error' ? 'red' : m.level === 'warn' ? 'yellow' : 'cyan';
    return (
      <Text wrap="truncate" color={colour}>
        {clip(m.text, width)}
      </Text>
    );
  }
  return (
    <Text wrap="truncate" dimColor>
      {clip(HINTS + (isSim ? SIM_HINTS : ''), width)}
    </Text>
  );
}
