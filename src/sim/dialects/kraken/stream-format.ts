// What Kraken's WebSocket v2 pushes, as its docs show it (docs.kraken.com api-reference websocket-v2:
// ticker, book, executions, balances; read 2026-12-07): numbers are JSON numbers, times RFC 3339 with
// microseconds, symbols `BTC/USD`, assets `BTC`/`USD`. The book carries the venue's CRC32 checksum
// over its top ten levels (asks ascending then bids descending; each price then quantity with the
// decimal point and leading zeros removed).
import * as D from '../../../core/decimal.js';
import type { SymbolMarket } from '../../market/market.js';
import type { Fill, Order } from '../../matching/orders.js';
import { orderTxid, tradeTxid } from './ids.js';
import type { OrderExtras } from './order-book.js';
import type { KrakenPair } from './pairs.js';

export const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');
const num = (s: string) => Number(s);

export function tickerV2(m: SymbolMarket, p: KrakenPair): Record<string, unknown> {
  const bid = m.book.bestBid();
  const ask = m.book.bestAsk();
  const st = m.stats;
  const change = D.sub(st.last, st.open);
  const vwap = D.isZero(st.volume)
    ? st.last
    : D.div(st.quoteVolume, st.volume, p.pairDecimals + 3, 'half_up');
  return {
    symbol: p.symbol,
    bid: num(bid?.price ?? m.mid),
    bid_qty: num(bid?.qty ?? '0'),
    ask: num(ask?.price ?? m.mid),
    ask_qty: num(ask?.qty ?? '0'),
    last: num(st.last),
    volume: num(st.volume),
    vwap: num(D.toFixed(vwap, p.pairDecimals, 'half_up')),
    low: num(st.low),
    high: num(st.high),
    change: num(D.toFixed(change, p.pairDecimals, 'half_up')),
    change_pct: num(D.toFixed(D.mul(D.div(change, st.open, 8, 'half_up'), '100'), 2, 'half_up')),
  };
}

export interface Levels {
  bids: Map<string, string>;
  asks: Map<string, string>;
}

/** The book's top `depth` levels per side (prices and quantities as the pair's decimals). */
export function levels(m: SymbolMarket, p: KrakenPair, depth: number): Levels {
  const side = (ls: { price: string; qty: string }[]) =>
    new Map(
      ls
        .filter((l) => !D.isZero(l.qty))
        .slice(0, depth)
        .map((l) => [D.toFixed(l.price, p.pairDecimals, 'half_up'), D.toFixed(l.qty, p.lotDecimals, 'down')]),
    );
  return { bids: side(m.book.bids), asks: side(m.book.asks) };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(text: string): number {
  let c = 0xffffffff;
  for (const b of Buffer.from(text, 'utf8')) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The book checksum: top ten asks (low to high) then bids (high to low), price and qty digits only. */
export function checksum(book: Levels): number {
  const digits = (s: string) => s.replace('.', '').replace(/^0+/, '');
  const sorted = (m: Map<string, string>, asc: boolean) =>
    [...m].sort(([a], [b]) => (asc ? D.cmp(a, b) : D.cmp(b, a))).slice(0, 10);
  let text = '';
  for (const [price, qty] of sorted(book.asks, true)) text += digits(price) + digits(qty);
  for (const [price, qty] of sorted(book.bids, false)) text += digits(price) + digits(qty);
  return crc32(text);
}

export const levelList = (m: Map<string, string>, asc: boolean) =>
  [...m]
    .sort(([a], [b]) => (asc ? D.cmp(a, b) : D.cmp(b, a)))
    .map(([price, qty]) => ({ price: num(price), qty: num(qty) }));

const ORDER_STATUS = {
  NEW: 'new',
  PARTIALLY_FILLED: 'partially_filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  EXPIRED: 'expired',
} as const;

/** One `executions` entry for an order event (exec_type new, trade, filled, canceled, expired). */
export function executionV2(
  o: Order,
  x: OrderExtras,
  execType: 'new' | 'trade' | 'filled' | 'canceled' | 'expired',
  pair: KrakenPair,
  fill?: Fill,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    order_id: orderTxid(o.orderId),
    symbol: pair.symbol,
    order_qty: num(o.origQty),
    cum_qty: num(o.executedQty),
    cum_cost: num(o.cumQuote),
    fee_usd_equiv: num(x.fee),
    avg_price: D.isZero(o.executedQty)
      ? 0
      : num(D.div(o.cumQuote, o.executedQty, pair.pairDecimals + 4, 'half_up')),
    order_type: o.type === 'MARKET' ? 'market' : 'limit',
    ...(o.type === 'LIMIT' ? { limit_price: num(o.price) } : {}),
    side: o.side === 'BUY' ? 'buy' : 'sell',
    order_status: ORDER_STATUS[o.status],
    time_in_force: o.timeInForce === 'IOC' ? 'IOC' : 'GTC',
    post_only: o.timeInForce === 'GTX',
    timestamp: rfc3339(fill?.time ?? o.updateTime),
    exec_type: execType,
    order_userref: x.userref,
    ...(x.clOrdId === undefined ? {} : { cl_ord_id: x.clOrdId }),
  };
  if (fill !== undefined) {
    Object.assign(out, {
      // The trade's REST id (TradesHistory's key), so a fill seen on both is one fill to a client.
      exec_id: tradeTxid(fill.tradeId),
      trade_id: fill.tradeId,
      last_qty: num(fill.qty),
      last_price: num(fill.price),
      liquidity_ind: fill.maker ? 'm' : 't',
      cost: num(fill.quoteQty),
      fees: [{ asset: fill.commissionAsset, qty: num(fill.commission) }],
    });
  }
  if (execType === 'canceled') out['reason'] = x.reason ?? 'User requested';
  return out;
}

export function balanceV2(asset: string, balance: string): Record<string, unknown> {
  return {
    asset,
    asset_class: 'currency',
    balance: num(balance),
    wallets: [{ type: 'spot', id: 'main', balance: num(balance) }],
  };
}

/** A `balances` update for one asset a trade moved. */
export function ledgerV2(
  asset: string,
  amount: string,
  fee: string,
  balance: string,
  fill: Fill,
): Record<string, unknown> {
  return {
    ledger_id: `L${tradeTxid(fill.tradeId).slice(1)}`,
    ref_id: tradeTxid(fill.tradeId),
    timestamp: rfc3339(fill.time),
    asset,
    asset_class: 'currency',
    type: 'trade',
    subtype: '',
    category: 'trade',
    wallet_type: 'spot',
    wallet_id: 'main',
    amount: num(amount),
    fee: num(fee),
    balance: num(balance),
  };
}
