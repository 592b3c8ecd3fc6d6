// Kraken's order and trade ids (`OQCLML-BW3P3-BUCMWZ`, `TCWJEG-FL4SZ-3FKGH6`: a letter, then 6-5-6
// characters of A-Z and 0-9). The sim's are the engine's numbers in base 36, so an id read back from a
// client leads to the engine's order or the ledger's fill without a table.
const PATTERN = /^([OT])([0-9A-Z]{5})-([0-9A-Z]{5})-([0-9A-Z]{6})$/;

function encode(prefix: 'O' | 'T', n: number): string {
  const d = n.toString(36).toUpperCase().padStart(16, '0');
  return `${prefix}${d.slice(0, 5)}-${d.slice(5, 10)}-${d.slice(10)}`;
}

function decode(prefix: 'O' | 'T', id: string): number | undefined {
  const m = PATTERN.exec(id);
  if (m === null || m[1] !== prefix) return undefined;
  const n = Number.parseInt(`${m[2]}${m[3]}${m[4]}`, 36);
  return Number.isSafeInteger(n) ? n : undefined;
}

export const orderTxid = (orderId: number) => encode('O', orderId);
export const tradeTxid = (tradeId: number) => encode('T', tradeId);
export const orderIdOf = (txid: string) => decode('O', txid);
export const tradeIdOf = (txid: string) => decode('T', txid);
