/**
 * A pane's title line: `─ Open orders (3) ── STALE: … ── right ─`. One row instead of a box
 * border's two, which is what lets eight panes fit in 80x24. Focus shows as an inverse title.
 * The line is exactly `width` cells: the STALE tag, then the right text, give way first.
 */
import { Text } from 'ink';
import { pad } from '../format.js';

export interface RuleProps {
  title: string;
  width: number;
  focused?: boolean;
  /** Why the pane's data is not fresh; shown as a yellow STALE tag. */
  stale?: string | null;
  /** Short text at the right end (a count, a state). */
  right?: string;
  rightColour?: string;
}

export function Rule({ title, width, focused = false, stale = null, right, rightColour }: RuleProps) {
  // Focus reads without colour too: the focused pane's title carries a '>' mark.
  const label = focused ? `> ${title}` : title;
  const head = pad(` ${label} `, Math.min(label.length + 2, Math.max(0, width - 2)));
  let room = Math.max(0, width - 2 - head.length);
  const tail = right === undefined || room < 6 ? '' : pad(` ${right} `, Math.min(right.length + 2, room - 2));
  room -= tail.length;
  const tag =
    stale === null || room < 10 ? '' : pad(` STALE: ${stale} `, Math.min(stale.length + 9, room - 2));
  room -= tag.length;
  return (
    <Text wrap="truncate">
      <Text dimColor>─</Text>
      <Text bold inverse={focused} color={focused ? 'cyan' : undefined}>
        {head}
      </Text>
      {tag !== '' && (
        <Text color="yellow" inverse>
          {tag}
        </Text>
      )}
      <Text dimColor>{'─'.repeat(Math.max(0, room))}</Text>
      {tail !== '' && <Text color={rightColour}>{tail}</Text>}
      {width >= 2 && <Text dimColor>─</Text>}
    </Text>
  );
}
