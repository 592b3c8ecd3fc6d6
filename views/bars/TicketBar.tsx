/** The order ticket (3 rows): side, type, size, price, flags, the check's verdict, the keys. */
import { Box, Text } from 'ink';
import { clip } from '../format.js';
import { sideColour } from '../theme.js';
import type { TicketDraft } from '../ticket.js';

export function TicketBar({
  ticket,
  width,
  symbol,
  verdict,
}: {
  ticket: TicketDraft;
  width: number;
  symbol: string;
  verdict: string | null;
}) {
  const t = ticket;
  const editing = t.editing;
  const sizeText = editing?.field === 'size' ? `${editing.text}▌` : t.qty;
  const priceText =
    t.type === 'market' ? 'MARKET' : editing?.field === 'price' ? `${editing.text}▌` : t.price;
  const keys =
    editing !== null
      ? 'type digits · Enter accept · Esc drop'
      : '1-5 size · ↑↓ +- tick · ←→ 10 ticks · m mkt/lmt · r reduce · p price · z size · Enter send · Esc';
  const message = t.error ?? verdict;
  return (
    <Box flexDirection="column" width={width} height={3} overflowY="hidden">
      <Text wrap="truncate">
        <Text inverse bold color={sideColour(t.side)}>{` ${t.side.toUpperCase()} `}</Text>
        <Text bold>{` ${symbol} `}</Text>
        <Text dimColor>{t.type === 'market' ? 'market ' : 'limit '}</Text>
        <Text dimColor>size </Text>
        <Text bold inverse={editing?.field === 'size'}>
          {sizeText}
        </Text>
        <Text dimColor>{t.preset === null ? '' : ` (preset ${t.preset})`}</Text>
        <Text dimColor>{' price '}</Text>
        <Text bold inverse={editing?.field === 'price'}>
          {priceText}
        </Text>
        <Text color="yellow">{t.reduceOnly ? '  REDUCE-ONLY' : ''}</Text>
      </Text>
      <Text wrap="truncate" color={t.error !== null ? 'red' : message === null ? 'green' : 'yellow'}>
        {clip(message === null ? 'ok to send' : t.error !== null ? `✗ ${message}` : `! ${message}`, width)}
      </Text>
      <Text dimColor wrap="truncate">
        {clip(keys, width)}
      </Text>
    </Box>
  );
}
