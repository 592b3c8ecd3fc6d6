/**
 * Domain types shared by every layer. Venue adapters parse into these; the engine, store and
 * views read only these. Every price, quantity and amount is a decimal STRING (see decimal.ts):
 * floats never decide a position. Times are venue milliseconds since the epoch (numbers).
 */

/** A decimal number written in plain notation ('0.001', '-2.5'): no exponent, no NaN. */
export type DecimalString = string;

export type Side = 'buy' | 'sell';

export type OrderType = 'limit' | 'market';

/** gtc: rests until canceled; ioc: fill what you can now; fok: all or nothing now; gtx: post-only. */
export type TimeInForce = 'gtc' | 'ioc' | 'fok' | 'gtx';

/** What the trader asked for, before any venue saw it. The client order id is fixed here, once. */
export interface OrderIntent {
  symbol: string;
  side: Side;
  type: OrderType;
  qty: DecimalString;
  /** Required for limit orders, absent for market orders. */
  price?: DecimalString;
  timeInForce?: TimeInForce;
  reduceOnly: boolean;
  postOnly: boolean;
  clientOrderId: string;
}

/**
 * Life of an order (transitions in order-state.ts).
 * pending_new: sent, no answer yet. unknown: the answer was ambiguous (timeout, 5xx): it may or
 * may not exist at the venue until a query by client id resolves it. pending_cancel: cancel sent.
 */
export type OrderState =
  | 'pending_new'
  | 'new'
  | 'partially_filled'
  | 'pending_cancel'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired'
  | 'unknown';

/** States after which nothing more can happen to an order. */
export const TERMINAL_ORDER_STATES: readonly OrderState[] = ['filled', 'canceled', 'rejected', 'expired'];

export function isTerminalOrderState(state: OrderState): boolean {
  return TERMINAL_ORDER_STATES.includes(state);
}

/** An order as we know it, local or from a venue snapshot. */
export interface Order {
  /** The venue's id; absent until the venue acknowledged the order. */
  venueOrderId?: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce;
  /** Limit price; absent (or '0' from some venues) for market orders. */
  price?: DecimalString;
  qty: DecimalString;
  filledQty: DecimalString;
  /** Average fill price; '0' while nothing is filled. */
  avgPrice: DecimalString;
  state: OrderState;
  reduceOnly: boolean;
  postOnly: boolean;
  /** Venue's rejection or cancel reason, as text a person can read. */
  reason?: string;
  createdAt?: number;
  updatedAt: number;
}

/** One execution. tradeId is unique per venue account and symbol: the dedupe key for fills. */
export interface Fill {
  tradeId: string;
  venueOrderId: string;
  clientOrderId?: string;
  symbol: string;
  side: Side;
  price: DecimalString;
  qty: DecimalString;
  /** Positive = paid, negative = rebate received. */
  fee: DecimalString;
  feeAsset: string;
  time: number;
  maker: boolean;
}

/** A derivatives position in one-way mode: qty is signed (negative = short). */
export interface Position {
  symbol: string;
  qty: DecimalString;
  entryPrice: DecimalString;
  markPrice: DecimalString;
  unrealizedPnl: DecimalString;
  liquidationPrice?: DecimalString;
  leverage?: DecimalString;
  updatedAt: number;
}

/**
 * The account's leverage for one symbol, as the venue holds it (set on the venue's site or by
 * its leverage endpoint): what an order's initial margin is judged at, with or without a position.
 */
export interface SymbolLeverage {
  symbol: string;
  leverage: DecimalString;
  /** Where the venue says it: cross or isolated margin. */
  marginMode?: 'cross' | 'isolated';
}

export interface Balance {
  asset: string;
  /** Total in the wallet, including what open orders and positions lock. */
  wallet: DecimalString;
  /** What can still be used for new orders or withdrawn. */
  available: DecimalString;
  /** Wallet plus unrealized PnL, where the venue reports it. */
  equity?: DecimalString;
  updatedAt: number;
}

/** Trading rules of one symbol, as the venue publishes them. */
export interface Instrument {
  symbol: string;
  base: string;
  quote: string;
  kind: 'spot' | 'perp' | 'future';
  /** Smallest price increment, e.g. '0.10'. */
  tickSize: DecimalString;
  /** Smallest quantity increment, e.g. '0.001'. */
  stepSize: DecimalString;
  minQty: DecimalString;
  maxQty?: DecimalString;
  /** Smallest price * qty accepted; '0' when the venue has none. */
  minNotional: DecimalString;
  /** Decimal places of the price on the wire. */
  pricePrecision: number;
  /** Decimal places of the quantity on the wire. */
  qtyPrecision: number;
  /** Contract multiplier for derivatives quoted in contracts; '1' otherwise. */
  contractSize?: DecimalString;
}
