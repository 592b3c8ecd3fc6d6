/**
 * A small table from Text rows: right-aligned numbers, a colour per cell, no rules between rows,
 * a window that follows the selection. Each row is ONE Text line (no Box per cell), which keeps
 * layout work per frame small.
 *
 * Narrow terminals: columns leave in their declared priority order (highest number first) until
 * the rest fit; a number column widens to its longest value and a number is never cut (it loses
 * trailing zeros, then decimals, then is abbreviated with a visible unit: 100.0k). Rows that do
 * not fit are counted on the last line ("+3 more below").
 */
import { Box, Text } from 'ink';
import { clip, pad } from '../format.js';
import { fitNumber } from '../quantity.js';

export interface Column {
  header: string;
  /** Cells; 0 = take what the other columns leave (at least `minWidth`, default 6). */
  width: number;
  align?: 'left' | 'right';
  /** 0 (default) = never dropped; higher numbers are dropped first when the table is too narrow. */
  priority?: number;
  minWidth?: number;
  /** Where a too-long text loses characters: ids keep their distinguishing tail ('…4321'). */
  cut?: 'end' | 'start';
}

export interface Cell {
  text: string;
  colour?: string;
  bold?: boolean;
  dim?: boolean;
}

export interface TableProps {
  columns: Column[];
  rows: Cell[][];
  /** Row keys (React keys), same length as rows. */
  keys: string[];
  width: number;
  /** Body rows shown (the last one says how many more when not all fit). */
  height: number;
  /** Selected row, or -1. Drawn with '>' (readable without colour) and inverse. */
  selected?: number;
  /** Rows are selectable: a two-cell marker column leads every row. */
  marker?: boolean;
  /** Everything dimmed: the data is stale. */
  dim?: boolean;
  empty?: string;
  /** Rows above the first one given (a scrolled pane), for the "more" line. */
  above?: number;
  /** Rows below the last one given, for the "more" line. */
  below?: number;
}

const trimZeros = (t: string) => (/^-?\d+\.\d+$/.test(t) ? t.replace(/0+$/, '').replace(/\.$/, '') : t);

/** The columns shown and their widths: fills `width` exactly (one space between columns). */
export function layoutColumns(columns: Column[], rows: Cell[][], width: number): { index: number; width: number }[] {
  const need = columns.map((c, i) => {
    if (c.width === 0) return c.minWidth ?? 6;
    if (c.align !== 'right') return c.width;
    let n = Math.max(c.width, c.header.length);
    for (const r of rows) n = Math.max(n, trimZeros(r[i]?.text ?? '').length);
    return n;
  });
  let active = columns.map((_, i) => i);
  const total = (xs: number[]) => xs.reduce((n, i) => n + need[i]!, 0) + Math.max(0, xs.length - 1);
  while (total(active) > width) {
    let drop = -1;
    for (const i of active) {
      const p = columns[i]!.priority ?? 0;
      if (p > 0 && (drop < 0 || p >= (columns[drop]!.priority ?? 0))) drop = i;
    }
    if (drop < 0) break;
    active = active.filter((i) => i !== drop);
  }
  // Still too wide (nothing left to drop): number columns shrink back to their declared width.
  if (total(active) > width) for (const i of active) if (columns[i]!.align === 'right') need[i] = columns[i]!.width;
  const flex = active.filter((i) => columns[i]!.width === 0);
  const left = Math.max(0, width - total(active) + flex.reduce((n, i) => n + need[i]!, 0));
  return active.map((i) => ({
    index: i,
    width: columns[i]!.width === 0 ? Math.floor(left / Math.max(1, flex.length)) : need[i]!,
  }));
}

/** First row to show so that `selected` stays in a window of `height` rows. */
export function windowStart(selected: number, height: number, total: number): number {
  if (total <= height || selected < 0) return 0;
  return Math.min(Math.max(0, selected - height + 1), total - height);
}

/** The last `width` cells of `text`, marked '…' at the front. */
const clipStart = (text: string, width: number) => (width <= 1 ? '…' : `…${text.slice(text.length - width + 1)}`);

function numberText(text: string, width: number): string {
  const fitted = fitNumber(text, width);
  // Not even abbreviated: say so with a mark that reads as no number at all.
  return (fitted ?? '#'.repeat(Math.max(1, width))).padStart(width);
}

export function Table({
  columns,
  rows,
  keys,
  width,
  height,
  selected = -1,
  marker = false,
  dim = false,
  empty,
  above = 0,
  below = 0,
}: TableProps) {
  const lead = marker ? 2 : 0;
  const layout = layoutColumns(columns, rows, Math.max(1, width - lead));
  const overflow = rows.length > height || above > 0 || below > 0;
  const bodyRows = overflow ? Math.max(1, height - 1) : height;
  const start = windowStart(selected, bodyRows, rows.length);
  const shown = rows.slice(start, start + bodyRows);
  const hiddenAbove = above + start;
  const hiddenBelow = below + Math.max(0, rows.length - start - shown.length);
  const header =
    ' '.repeat(lead) + layout.map(({ index, width: w }) => pad(columns[index]!.header, w, columns[index]!.align)).join(' ');
  const more = [hiddenAbove > 0 ? `+${hiddenAbove} more above` : '', hiddenBelow > 0 ? `+${hiddenBelow} more below` : '']
    .filter((x) => x !== '')
    .join(', ');
  return (
    <Box flexDirection="column" height={height + 1} overflowY="hidden">
      <Text dimColor wrap="truncate">
        {clip(header.trimEnd(), width)}
      </Text>
      {rows.length === 0 && (
        <Text dimColor wrap="truncate">
          {clip(empty ?? '(none)', width)}
        </Text>
      )}
      {shown.map((cells, r) => {
        const index = start + r;
        const isSelected = index === selected;
        return (
          <Text key={keys[index]} wrap="truncate" inverse={isSelected}>
            {marker ? (isSelected ? '> ' : '  ') : ''}
            {layout.map(({ index: i, width: w }, k) => {
              const cell = cells[i]!;
              const column = columns[i]!;
              const shown = column.cut === 'start' && cell.text.length > w ? clipStart(cell.text, w) : cell.text;
              const text =
                column.align === 'right'
                  ? numberText(shown, w)
                  : k === layout.length - 1
                    ? clip(shown, w)
                    : pad(shown, w);
              return (
                <Text key={column.header} color={dim ? undefined : cell.colour} bold={cell.bold} dimColor={dim || cell.dim}>
                  {(k > 0 ? ' ' : '') + text}
                </Text>
              );
            })}
          </Text>
        );
      })}
      {more !== '' && (
        <Text dimColor wrap="truncate">
          {clip(`${' '.repeat(lead)}${more}`, width)}
        </Text>
      )}
    </Box>
  );
}
