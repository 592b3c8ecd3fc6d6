/**
 * A small table from Text rows: fixed column widths, right-aligned numbers, a colour per cell,
 * no rules between rows, a window that follows the selection. Each row is ONE Text line (no Box
 * per cell), which keeps layout work per frame small.
 */
import { Box, Text } from 'ink';
import { clip, numberCell, pad } from '../format.js';

export interface Column {
  header: string;
  /** Cells; 0 = take what the other columns leave. */
  width: number;
  align?: 'left' | 'right';
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
  /** Body rows shown. */
  height: number;
  selected?: number;
  focused?: boolean;
  /** Everything dimmed: the data is stale. */
  dim?: boolean;
  empty?: string;
}

/** Column widths that fill `width` exactly (one space between columns). */
export function columnWidths(columns: Column[], width: number): number[] {
  const gaps = Math.max(0, columns.length - 1);
  const fixed = columns.reduce((n, c) => n + c.width, 0);
  const flex = columns.filter((c) => c.width === 0).length;
  const left = Math.max(0, width - gaps - fixed);
  return columns.map((c) => (c.width === 0 ? Math.floor(left / Math.max(1, flex)) : c.width));
}

/** First row to show so that `selected` stays in a window of `height` rows. */
export function windowStart(selected: number, height: number, total: number): number {
  if (total <= height || selected < 0) return 0;
  return Math.min(Math.max(0, selected - height + 1), total - height);
}

export function Table({
  columns,
  rows,
  keys,
  width,
  height,
  selected = -1,
  focused = false,
  dim = false,
  empty,
}: TableProps) {
  const widths = columnWidths(columns, width);
  const start = windowStart(selected, height, rows.length);
  const shown = rows.slice(start, start + height);
  const header = columns.map((c, i) => pad(c.header, widths[i]!, c.align)).join(' ');
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
          <Text
            key={keys[index]}
            wrap="truncate"
            inverse={isSelected && focused}
            bold={isSelected && !focused}
          >
            {cells.map((cell, i) => (
              <Text
                key={columns[i]!.header}
                color={dim ? undefined : cell.colour}
                bold={cell.bold}
                dimColor={dim || cell.dim}
              >
                {(i > 0 ? ' ' : '') +
                  (columns[i]!.align === 'right'
                    ? numberCell(cell.text, widths[i]!)
                    : i === cells.length - 1
                      ? clip(cell.text, widths[i]!)
                      : pad(cell.text, widths[i]!))}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}
