/**
 * The order ticket (3 rows): side, symbol, size with its unit, price (following the book or
 * fixed), flags; the check's verdict, the order's value and a crossing warning; the keys. At
 * any width the keys to send and to close stay: lower-priority pieces drop first.
 */
import { Box, Text } from 'ink';
import type { Instrument } from '../../src/core/types.js';
import { clip, fitSegments, type Segment } from '../format.js';
import { sizeUnit } from '../quantity.js';
import { sideColour } from '../theme.js';
import type { TicketDraft, TicketNotes } from '../ticket.js';

interface Piece extends Segment {
  colour?: string;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
}

function Line({ pieces, width, sep = ' ' }: { pieces: Piece[]; width: number; sep?: string }) {
  const kept = fitSegments(pieces, width, sep);
  return (
    <Text wrap="truncate">
      {kept.map((p, i) => (
        <Text key={String(i)} color={p.colour} bold={p.bold} inverse={p.inverse} dimColor={p.dim}>
          {(i > 0 ? sep : '') + clip(p.text, width)}
        </Text>
      ))}
    </Text>
  );
}

const EDIT_KEYS: Piece[] = [
  { text: 'type digits', priority: 2 },
  { text: 'Enter accept', priority: 0 },
  { text: 'Esc drop', priority: 0 },
];

const TICKET_KEYS: Piece[] = [
  { text: '1-5 size', priority: 2 },
  { text: '↑↓ +- tick', priority: 3 },
  { text: '←→ 10 ticks', priority: 4 },
  { text: 'm mkt/lmt', priority: 3 },
  { text: 'r reduce', priority: 4 },
  { text: 'o post', priority: 5 },
  { text: 'i IOC', priority: 5 },
  { text: 'p price', priority: 2 },
  { text: 'z size', priority: 2 },
  { text: 'Enter send', priority: 0 },
  { text: 'Esc close', priority: 0 },
];

/** Reduce-only means nothing on spot (no position to reduce): its key is not offered there. */
const SPOT_TICKET_KEYS = TICKET_KEYS.filter((p) => p.text !== 'r reduce');
const ticketKeys = (instrument: Instrument | undefined): Piece[] => (instrument?.kind === 'spot' ? SPOT_TICKET_KEYS : TICKET_KEYS);

export function TicketBar({
  ticket,
  width,
  symbol,
  verdict,
  notes,
  instrument,
  fan,
}: {
  ticket: TicketDraft;
  width: number;
  symbol: string;
  verdict: string | null;
  notes?: TicketNotes;
  instrument?: Instrument;
  /** The group the ticket goes to (`:fan GROUP`): said on its first line, never dropped. */
  fan?: string;
}) {
  const t = ticket;
  const editing = t.editing;
  const unit = sizeUnit(instrument);
  const sizeText = editing?.field === 'size' ? `${editing.text}▌` : t.qty === '' ? '—' : `${t.qty}${unit ? ` ${unit}` : ''}`;
  const priceText =
    t.type === 'market' ? 'MARKET' : editing?.field === 'price' ? `${editing.text}▌` : t.price === '' ? '—' : t.price;
  const head: Piece[] = [
    { text: ` ${t.side.toUpperCase()} `, priority: 0, inverse: true, bold: true, colour: sideColour(t.side) },
    { text: symbol, priority: 0, bold: true },
    { text: t.type === 'market' ? 'market' : 'limit', priority: 0, dim: true },
    { text: 'size', priority: 5, dim: true },
    { text: sizeText, priority: 0, bold: true, inverse: editing?.field === 'size' },
    { text: t.preset === null ? '' : `(preset ${t.preset})`, priority: 3, dim: true },
    { text: 'price', priority: 5, dim: true },
    { text: priceText, priority: 0, bold: true, inverse: editing?.field === 'price' },
    { text: notes === undefined || t.type === 'market' ? '' : `(${notes.price})`, priority: 2, dim: true },
    // What a market order will be on the wire: an IOC limit at its slippage cap.
    { text: notes?.cap === undefined || t.type !== 'market' ? '' : notes.cap, priority: 1, colour: 'cyan' },
    { text: t.type === 'market' ? '' : t.timing === 'post-only' ? 'POST-ONLY' : t.timing === 'ioc' ? 'IOC' : '', priority: 0, colour: 'cyan' },
    { text: t.reduceOnly ? 'REDUCE-ONLY' : '', priority: 0, colour: 'yellow' },
    { text: fan ?? '', priority: 0, colour: 'magenta', bold: true },
  ];
  const failed = t.error !== null;
  const message = t.error ?? verdict;
  const verdictPiece: Piece =
    message === null
      ? { text: 'ok to send', priority: 1, colour: 'green' }
      : { text: failed ? `✗ ${message}` : `! ${message}`, priority: 0, colour: failed ? 'red' : 'yellow' };
  const second: Piece[] = [
    { text: notes?.cross === undefined ? '' : `⚠ ${notes.cross}`, priority: 0, colour: 'yellow', bold: true },
    verdictPiece,
    { text: notes?.value ?? '', priority: 2, dim: true },
    { text: notes?.margin ?? '', priority: 3, dim: true },
  ];
  return (
    <Box flexDirection="column" width={width} height={3} overflowY="hidden">
      <Line pieces={head} width={width} />
      <Line pieces={second} width={width} sep=" · " />
      <Line pieces={(editing !== null ? EDIT_KEYS : ticketKeys(instrument)).map((p) => ({ ...p, dim: true }))} width={width} sep=" · " />
    </Box>
  );
}
