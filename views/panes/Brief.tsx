/**
 * The Brief pane: L1's picture of a symbol (docs/signals.md §L1 brief) — the selected row's
 * symbol when the store has its brief, else the session's. With room, a line per timeframe and
 * the agreement, funding and open interest (and its change over the window) on the title; on a
 * short terminal the title line alone carries each timeframe's arrow and the agreement; on a narrow
 * one the open interest's change, then the open interest, then funding give way. Before any bars, it says it is waiting for
 * klines rather than showing zeros.
 */
import { Box, Text } from 'ink';
import type { Brief as BriefData } from '../../src/core/signals/types.js';
import { TIMEFRAMES } from '../../src/core/signals/types.js';
import type { QuantState } from '../../src/store/state.js';
import { extrasText, frameLine, summaryText, WAITING, waitingLine } from '../brief-text.js';
import { useQuant } from '../context.js';
import { Rule } from '../widgets/Rule.js';

/** The brief shown: the row's symbol's if there is one, else the session's. */
export function briefShown(s: QuantState, symbol: string | undefined): BriefData | undefined {
  const briefs = s.signals.briefs;
  return (symbol === undefined ? undefined : briefs[symbol]) ?? (s.session === null ? undefined : briefs[s.session.symbol]);
}

const agreementColour = (a: number) => (a >= 0.6 ? 'green' : a <= -0.6 ? 'red' : undefined);

export function Brief({ width, rows, symbol }: { width: number; rows: number; symbol: string | undefined }) {
  const brief = useQuant((s) => briefShown(s, symbol));
  const sessionSymbol = useQuant((s) => s.session?.symbol);
  const title = `Brief ${brief?.symbol ?? symbol ?? sessionSymbol ?? ''}`.trimEnd();
  // The Rule's right text has the line less the title, its spaces and two rule cells at each end.
  const room = Math.max(0, width - title.length - 8);
  if (rows <= 1) {
    return <Rule title={title} width={width} right={summaryText(brief, room)} {...colourOf(brief)} />;
  }
  return (
    <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
      <Rule title={title} width={width} right={brief === undefined ? WAITING : extrasText(brief, room)} {...colourOf(brief)} />
      {brief === undefined ? (
        <Text dimColor>{WAITING}</Text>
      ) : (
        TIMEFRAMES.slice(0, rows - 1).map((tf) => {
          const f = brief.frames[tf];
          if (f === undefined) {
            return (
              <Text key={tf} dimColor wrap="truncate">
                {waitingLine(tf, width)}
              </Text>
            );
          }
          return (
            <Text key={tf} wrap="truncate" color={f.trend === 'up' ? 'green' : f.trend === 'down' ? 'red' : undefined}>
              {frameLine(f, width)}
            </Text>
          );
        })
      )}
    </Box>
  );
}

function colourOf(brief: BriefData | undefined): { rightColour?: string } {
  const c = brief === undefined ? undefined : agreementColour(brief.agreement);
  return c === undefined ? {} : { rightColour: c };
}
