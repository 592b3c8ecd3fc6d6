// Orders inside the matching engine, in venue-neutral terms. Dialects translate their wire parameters into
// a NewOrderRequest and the engine's RejectReason back into their own codes and messages.
export type Side = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface NewOrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  quantity: string;
  /** LIMIT only. */
  price?: string;
  reduceOnly: boolean;
  clientOrderId: string;
}

export interface Order {
  orderId: number;
  clientOrderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  origQty: string;
  /** '0' for market orders. */
  price: string;
  executedQty: string;
  cumQuote: string;
  status: OrderStatus;
  reduceOnly: boolean;
  time: number;
  updateTime: number;
  /** Set on the market order a conditional order sent when it fired (triggers.ts). */
  trigger?: { triggerId: number; type: 'STOP_MARKET' | 'TAKE_PROFIT_MARKET'; price: string; closePosition: boolean };
}

export interface Fill {
  tradeId: number;
  orderId: number;
  clientOrderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  realizedPnl: string;
  maker: boolean;
  time: number;
}

/** Why the engine refused an order; dialects map each to the venue's code and message. */
export type RejectReason =
  | 'unknown-symbol'
  | 'qty-not-positive'
  | 'qty-below-min'
  | 'qty-above-max'
  | 'step-size'
  | 'price-not-positive'
  | 'price-below-min'
  | 'price-above-max'
  | 'tick-size'
  | 'price-above-band'
  | 'price-below-band'
  | 'min-notional'
  | 'max-open-orders'
  | 'duplicate-client-order-id'
  | 'reduce-only'
  | 'insufficient-margin'
  | 'post-only-would-cross'
  | 'unknown-order';

export interface Reject {
  reject: RejectReason;
  /** A number the message needs (the band limit, the min notional). */
  detail?: string;
}

export function isReject(x: unknown): x is Reject {
  return typeof x === 'object' && x !== null && 'reject' in x;
}

export function isOpen(o: Order): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
}
