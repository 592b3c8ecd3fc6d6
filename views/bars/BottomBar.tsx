/**
 * The bottom line: the confirm question, the command line, the last message (following an order
 * to its outcome), or key hints. Exactly one row, so the layout above never jumps; at any width
 * the keys that answer a question (`y = yes`) and the way out (`:q quit`) stay on it.
 */
import { Box, Text } from 'ink';
import { useNow, useQuant } from '../context.js';
import type { UiState } from '../controller.js';
import { clip, fitSegments, type Segment } from '../format.js';
import { messageLine } from '../outcome.js';

/** Messages fade back to the key hints after this long (refusals stay until dismissed). */
export const MESSAGE_MS = 8000;

const HINTS: Segment[] = [
  { text: 'b/s ticket', priority: 1 },
  { text: 'c cancel', priority: 2 },
  { text: 'C cancel all', priority: 3 },
  { text: 'X flatten', priority: 3 },
  { text: 'R reconnect', priority: 5 },
  { text: 'D dead-man', priority: 5 },
  { text: 'Tab focus', priority: 4 },
  { text: '? help', priority: 0 },
  { text: ':q quit', priority: 0 },
];
const SIM_HINTS: Segment[] = [
  { text: 'f faults', priority: 6 },
  { text: 'v regime', priority: 6 },
];

const ANSWER = '  y = yes';

/** The question in one line, or two (split at a word) when one cannot hold it and `y = yes`. */
function confirmLines(text: string, width: number): [string] | [string, string] {
  const room = width - ANSWER.length - 2;
  if (text.length <= room) return [text];
  const cut = text.lastIndexOf(' ', Math.min(text.length, width - 2));
  const at = cut > 0 ? cut : width - 2;
  return [text.slice(0, at), clip(text.slice(at).trimStart(), room)];
}

/** Rows the confirm bar needs for a question at this width. */
export const confirmRows = (text: string, width: number): 1 | 2 => (confirmLines(text, width).length === 2 ? 2 : 1);

/** The key hints that fit `width`, in order; `? help` and `:q quit` always. */
export function hintLine(width: number, isSim: boolean): string {
  const all = isSim ? [...HINTS.slice(0, -2), ...SIM_HINTS, ...HINTS.slice(-2)] : HINTS;
  return fitSegments(all, width, ' · ')
    .map((s) => s.text)
    .join(' · ');
}

export function BottomBar({ ui, width, isSim }: { ui: UiState; width: number; isSim: boolean }) {
  const now = useNow();
  const state = useQuant((s) => (ui.message?.orderId === undefined ? null : s));
  if (ui.mode === 'confirm' && ui.confirm !== null) {
    const colour = ui.confirm.kind === 'quit' ? 'yellow' : 'red';
    const [first, second] = confirmLines(ui.confirm.text, width);
    const answer = fitSegments(
      [
        { text: '  y = yes', priority: 0 },
        { text: ', any other key = no', priority: 1 },
      ],
      width - (second ?? first).length - 2,
    )
      .map((x) => x.text)
      .join('');
    return (
      <Box flexDirection="column">
        {second !== undefined && (
          <Text wrap="truncate" inverse bold color={colour}>
            {` ${first} `}
          </Text>
        )}
        <Text wrap="truncate">
          <Text inverse bold color={colour}>{` ${second ?? first} `}</Text>
          <Text bold>{answer.slice(0, 9)}</Text>
          <Text dimColor>{answer.slice(9)}</Text>
        </Text>
      </Box>
    );
  }
  if (ui.mode === 'command') {
    return <Text wrap="truncate">{clip(`:${ui.command}▌`, width)}</Text>;
  }
  const m = ui.message;
  const line = m === null ? null : state === null ? { text: m.text, level: m.level, sticky: m.sticky === true, at: m.at } : messageLine(m, state, now);
  if (line !== null && (line.sticky || now - line.at < MESSAGE_MS)) {
    const colour = line.level === 'error' ? 'red' : line.level === 'warn' ? 'yellow' : 'cyan';
    // A refusal is read in full: it takes the line, wrapping is not an option in one row.
    const text = fitSegments(
      [
        { text: line.text, priority: 0 },
        { text: line.detail ?? '', priority: 2 },
        { text: line.hint ?? '', priority: 1 },
      ],
      width,
      ' ',
    )
      .map((x) => x.text)
      .join(' ');
    return (
      <Text wrap="truncate" color={colour} bold={line.level === 'error'}>
        {clip(text, width)}
      </Text>
    );
  }
  return (
    <Text wrap="truncate" dimColor>
      {hintLine(width, isSim)}
    </Text>
  );
}
