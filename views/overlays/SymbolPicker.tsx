/**
 * The `/` symbol picker: the venue's symbols the typed letters match (src/core/fuzzy.ts), best
 * first, the chosen one marked; each with its kind, base/quote, tick and step, and the ticket's
 * symbol named. Enter trades the chosen one (views/symbol-picker.ts).
 */
import { Box, Text } from 'ink';
import type { Instrument } from '../../src/core/types.js';
import { neutralise } from '../../src/core/untrusted.js';
import { selectInstruments, selectSession } from '../../src/store/selectors.js';
import { useQuant } from '../context.js';
import { clip } from '../format.js';
import { pickMatches } from '../symbol-picker.js';
import { Rule } from '../widgets/Rule.js';

function describe(i: Instrument | undefined): string {
  if (i === undefined) return '';
  return `${i.kind.padEnd(6)} ${neutralise(`${i.base}/${i.quote}`).padEnd(12)} tick ${i.tickSize}  step ${i.stepSize}`;
}

export function SymbolPicker({ width, rows, query, index }: { width: number; rows: number; query: string; index: number }) {
  const instruments = useQuant(selectInstruments);
  const session = useQuant(selectSession);
  const matches = pickMatches({ instruments }, query);
  const body = Math.max(1, rows - 1);
  // The chosen row stays in view as ↑/↓ move past the bottom.
  const first = Math.max(0, Math.min(index - body + 1, matches.length - body));
  const shown = matches.slice(Math.max(0, first), Math.max(0, first) + body);
  const total = Object.keys(instruments).length;
  const right = `${matches.length === 50 ? '50+' : matches.length} of ${total} · Enter trades · Esc closes`;
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title={`Symbol /${neutralise(query)}`} width={width} focused right={right} />
      {shown.length === 0 ? (
        <Text dimColor>{clip(`no symbol of the venue matches '${neutralise(query)}'`, width)}</Text>
      ) : (
        shown.map((symbol, i) => {
          const chosen = first + i === index;
          const mark = chosen ? '>' : ' ';
          const ticket = symbol === session?.symbol ? '  (the ticket now)' : '';
          const line = `${mark} ${neutralise(symbol).padEnd(16)} ${describe(instruments[symbol])}${ticket}`;
          return (
            <Text key={symbol} wrap="truncate" inverse={chosen} bold={chosen}>
              {clip(line, width)}
            </Text>
          );
        })
      )}
    </Box>
  );
}
