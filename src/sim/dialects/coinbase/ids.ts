// Coinbase's ids are UUIDs (`order_id`, `trade_id`, `entry_id`, account `uuid`). The sim's are the
// engine's numbers written into a fixed UUID frame (version 4, variant 8; the first group says what the
// id is), so an id read back from a client leads to the engine's order or fill without a table.
const FRAMES = { order: '0000c0de', trade: '0000f111' } as const;
type Kind = keyof typeof FRAMES;

function encode(kind: Kind, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${FRAMES[kind]}-0000-4000-8000-${hex}`;
}

function decode(kind: Kind, id: string): number | undefined {
  const m = /^([0-9a-f]{8})-0000-4000-8000-([0-9a-f]{12})$/.exec(id);
  if (m === null || m[1] !== FRAMES[kind]) return undefined;
  const n = Number.parseInt(m[2]!, 16);
  return Number.isSafeInteger(n) ? n : undefined;
}

export const orderUuid = (orderId: number) => encode('order', orderId);
export const tradeUuid = (tradeId: number) => encode('trade', tradeId);
export const orderIdOf = (uuid: string) => decode('order', uuid);
