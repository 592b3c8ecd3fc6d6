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

/**
 * What makes an order protective (a conditional order resting on the venue): it waits for the
 * mark or last price to cross `price`, then executes as its type says (always a market order
 * here). stop: closes at a loss or protects a gain against an adverse move (a long's stop sits
 * below the price); take_profit: closes into a favourable move (a long's sits above).
 */
export interface Trigger {
  kind: 'stop' | 'take_profit';
  price: DecimalString;
  /** Which price the venue watches: its mark price or the last trade, where it offers the choice. */
  by: TriggerBy;
}

export type TriggerBy = 'mark' | 'last';

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
  /** Present on a protective (conditional) order: see `Trigger`. */
  trigger?: Trigger;
  /** A protective order that closes the whole position when it triggers, whatever its size then. */
  closePosition?: boolean;
}

/** A protective order: a conditional one resting on the venue until its trigger price is crossed. */
export function isProtective(order: { trigger?: Trigger | undefined }): boolean {
  return order.trigger !== undefined;
}

/**
 * Life of an order (transitions in order-state.ts).
 * pending_new: sent, no answer yet. unknown: the answer was ambiguous (timeout, 5xx): it may or
 * may not exist at the venue until a query by client id resolves it. pending_cancel: cancel sent.
 * triggered: a protective order whose trigger fired at a venue that then places a separate order
 * (Binance's algo service, OKX's algo orders): its fills arrive under that order, not this one.
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
  | 'triggered'
  | 'unknown';

/** States after which nothing more can happen to an order. */
export const TERMINAL_ORDER_STATES: readonly OrderState[] = ['filled', 'canceled', 'rejected', 'expired', 'triggered'];

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
  /** Present on a protective (conditional) order. */
  trigger?: Trigger;
  /** A protective order that closes whatever the position is when it triggers (qty '0' then). */
  closePosition?: boolean;
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
  /** Where the venue says it: cross or isolated margin. */
  marginMode?: MarginMode;
  /** The margin behind the position: its isolated margin, or its initial margin under cross. */
  margin?: DecimalString;
  /** Maintenance margin the venue holds against the position. */
  maintMargin?: DecimalString;
  /** The venue's break-even price (fees, and funding where the venue counts it). */
  breakEvenPrice?: DecimalString;
  updatedAt: number;
}

export type MarginMode = 'cross' | 'isolated';

/**
 * The account's margin picture in its margin asset, as the venue reports it: equity (wallet +
 * unrealized PnL), the initial margin in use (positions and open orders), and the maintenance
 * margin (the floor under which the venue liquidates). The margin ratio is core/risk.ts's.
 */
export interface AccountRisk {
  asset: string;
  equity: DecimalString;
  marginUsed: DecimalString;
  maintMargin?: DecimalString;
  updatedAt: number;
}

/** A perpetual's current funding rate (per funding interval) and when the next payment is. */
export interface Funding {
  symbol: string;
  rate: DecimalString;
  /** Venue ms; absent where the venue does not say it. */
  nextFundingTime?: number;
  /** Where the venue pays on a fixed clock instead (Hyperliquid: every hour on the hour), its period. */
  intervalMs?: number;
}

/**
 * A perpetual's open interest: the size of every open position counted once (one side), in the
 * base asset (BTC for BTC-USDT), whatever the venue counts in (contracts are converted by its parse).
 */
export interface OpenInterest {
  symbol: string;
  /** In base-asset units. */
  amount: DecimalString;
  /** Venue ms the figure is for, where the venue says it. */
  time?: number;
}

/**
 * The account's leverage for one symbol, as the venue holds it (set on the venue's site or by
 * its leverage endpoint): what an order's initial margin is judged at, with or without a position.
 */
export interface SymbolLeverage {
  symbol: string;
  leverage: DecimalString;
  /** Where the venue says it: cross or isolated margin. */
  marginMode?: MarginMode;
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
