/** The help overlay, generated from the keymap table: every binding, grouped by where it works. */
import { Box, Text } from 'ink';
import { useQuant } from '../context.js';
import { type Binding, KEYMAP, keyLabel, MODE_TITLES, type Mode } from '../keymap.js';
import { selectIsSim } from '../../src/store/selectors.js';
import { commandHelpLines } from '../commands.js';
import { Rule } from '../widgets/Rule.js';

export interface HelpLine {
  key: string;
  text: string;
  heading?: boolean;
  dim?: boolean;
}

/** Every binding as a line under the first mode it belongs to (plus headings). */
export function helpLines(isSim: boolean): HelpLine[] {
  // The commands first: short, and what `:help` is asked for.
  const lines: HelpLine[] = [{ key: 'h:commands', text: 'Commands (: then the name, Enter)', heading: true }];
  for (const text of commandHelpLines()) lines.push({ key: `cmd:${text}`, text });
  const seen = new Set<Binding>();
  for (const [mode, title] of MODE_TITLES) {
    const here = KEYMAP.filter((b) => b.modes[0] === mode && !seen.has(b));
    if (here.length === 0) continue;
    lines.push({ key: `h:${mode}`, text: title, heading: true });
    for (const b of here) {
      seen.add(b);
      const keys = b.keys.map(keyLabel).join(' ');
      const also =
        b.modes.length > 1
          ? ` (also ${b.modes
              .slice(1)
              .map((m: Mode) => m)
              .join(', ')})`
          : '';
      const sim = b.simOnly && !isSim ? ' [SIM only]' : '';
      lines.push({
        key: `${mode}:${b.action}:${b.keys.join()}`,
        text: `${keys.padEnd(12)} ${b.help}${also}${sim}`,
        dim: b.simOnly && !isSim,
      });
    }
  }
  return lines;
}

export function Help({ width, rows, scroll }: { width: number; rows: number; scroll: number }) {
  const isSim = useQuant(selectIsSim);
  const lines = helpLines(isSim);
  const body = rows - 1;
  // Two columns when the terminal is wide enough, so that more of the table fits at once.
  const columns = width >= 100 ? 2 : 1;
  const colWidth = Math.floor((width - (columns - 1) * 2) / columns);
  const perColumn = body;
  const start = Math.min(scroll, Math.max(0, lines.length - perColumn * columns));
  const shown = lines.slice(start, start + perColumn * columns);
  const cols = Array.from({ length: columns }, (_, i) => shown.slice(i * perColumn, (i + 1) * perColumn));
  const more = lines.length - start - shown.length;
  const right = more > 0 ? `j/k scroll · ${more} more below` : 'q / Esc / ? close';
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title="Keys" width={width} focused right={right} />
      <Box flexDirection="row" gap={2}>
        {cols.map((col, i) => (
          <Box key={String(i)} flexDirection="column" width={colWidth}>
            {col.map((l) => (
              <Text
                key={l.key}
                bold={l.heading}
                color={l.heading ? 'cyan' : undefined}
                dimColor={l.dim}
                wrap="truncate"
              >
                {l.text}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
