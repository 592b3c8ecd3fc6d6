/**
 * The bottom line: the confirm question, the command line, the last message (following an order
 * to its outcome), or key hints. Exactly one row, so the layout above never jumps; at any width
 * the keys that answer a question (`y = yes`) and the way out (`:q quit`) stay on it.
 */
import { Box, Text } from 'ink';
import { useCockpit, useNowFor, useQuant } from '../context.js';
import type { Desk } from '../../src/store/desk.js';
import { groupLine } from '../fan-out.js';
import type { UiState } from '../controller.js';
import type { QuantState } from '../../src/store/state.js';
import { clip, fitSegments, type Segment } from '../format.js';
import { type Line, messageLine } from '../outcome.js';

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

/**
 * The question wrapped at words into as many lines as it needs (at most 4), the last one
 * leaving room for `y = yes`: a question is read in full before it is answered.
 */
function confirmLines(text: string, width: number): string[] {
  const full = Math.max(8, width - 2);
  const last = Math.max(8, width - ANSWER.length - 2);
  const lines: string[] = [];
  let rest = text;
  while (rest.length > last && lines.length < 3) {
    let cut = rest.lastIndexOf(' ', full);
    if (cut <= 0) cut = full;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  lines.push(clip(rest, last));
  return lines;
}

/** Rows the confirm bar needs for a question at this width. */
export const confirmRows = (text: string, width: number): number => confirmLines(text, width).length;

/** The key hints that fit `width`, in order; `? help` and `:q quit` always. */
export function hintLine(width: number, isSim: boolean): string {
  const all = isSim ? [...HINTS.slice(0, -2), ...SIM_HINTS, ...HINTS.slice(-2)] : HINTS;
  return fitSegments(all, width, ' · ')
    .map((s) => s.text)
    .join(' · ');
}

/** The message line as of `now`, or null when there is none or it has faded (a sticky one stays). */
function shownMessage(m: UiState['message'], state: QuantState | null, now: number, desk: Desk | undefined): Line | null {
  const line =
    m === null
      ? null
      : m.group !== undefined
        ? groupLine({ ...m, group: m.group }, desk)
        : state === null
          ? { text: m.text, level: m.level, sticky: m.sticky === true, at: m.at }
          : messageLine(m, state, now);
  return line !== null && (line.sticky || now - line.at < MESSAGE_MS) ? line : null;
}

export function BottomBar({ ui, width, isSim }: { ui: UiState; width: number; isSim: boolean }) {
  const state = useQuant((s) => (ui.message?.orderId === undefined ? null : s));
  // A group's answer follows orders in every account's store: read at each tick of the clock.
  const { desk } = useCockpit();
  // The clock matters to the main mode's message line only (its countdown, its fading).
  const now = useNowFor((t) => {
    if (ui.mode === 'confirm' || ui.mode === 'command') return '';
    const line = shownMessage(ui.message, state, t, desk);
    return line === null ? '' : `${line.level} ${line.text} ${line.detail} ${line.hint}`;
  });
  if (ui.mode === 'confirm' && ui.confirm !== null) {
    const colour = ui.confirm.kind === 'quit' ? 'yellow' : 'red';
    const lines = confirmLines(ui.confirm.text, width);
    const tail = lines.at(-1)!;
    const answer = fitSegments(
      [
        { text: '  y = yes', priority: 0 },
        { text: ', any other key = no', priority: 1 },
      ],
      width - tail.length - 2,
    )
      .map((x) => x.text)
      .join('');
    return (
      <Box flexDirection="column">
        {lines.slice(0, -1).map((line, i) => (
          <Text key={String(i)} wrap="truncate" inverse bold color={colour}>
            {` ${line} `}
          </Text>
        ))}
        <Text wrap="truncate">
          <Text inverse bold color={colour}>{` ${tail} `}</Text>
          <Text bold>{answer.slice(0, 9)}</Text>
          <Text dimColor>{answer.slice(9)}</Text>
        </Text>
      </Box>
    );
  }
  if (ui.mode === 'pick') {
    const prompt = `/${ui.pick?.query ?? ''}▌`;
    return (
      <Text wrap="truncate">
        {clip(prompt, width)}
        <Text dimColor>{clip(`   ${ui.message?.text ?? '↑/↓ choose · Enter trades it · Esc closes'}`, Math.max(0, width - prompt.length))}</Text>
      </Text>
    );
  }
  if (ui.mode === 'command') {
    // What Tab found (the candidates, or that nothing starts so) beside what is being typed.
    const prompt = `:${ui.command}▌`;
    const aside = ui.message === null ? '' : clip(`   ${ui.message.text}`, Math.max(0, width - prompt.length));
    return (
      <Text wrap="truncate">
        {clip(prompt, width)}
        <Text dimColor>{aside}</Text>
      </Text>
    );
  }
  const line = shownMessage(ui.message, state, now, desk);
  if (line !== null) {
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
