/**
 * Kraken spot enumerations ↔ domain values, shared by the REST parsers (parse.ts) and the v2
 * stream parsers (stream.ts), so REST and stream never disagree.
 */
import type { OrderState, OrderType, Side, TimeInForce } from '../../core/types.js';

/**
 * REST order `status`. `pending`: accepted, not yet in the book; `closed`: fully filled (a partly
 * filled order that ends otherwise is `canceled` or `expired`, with `vol_exec` > 0). `open` reads
 * partially filled once anything executed (parse.ts).
 */
export const ORDER_STATES: Readonly<Record<string, OrderState>> = {
  pending: 'new',
  open: 'new',
  closed: 'filled',
  canceled: 'canceled',
  expired: 'expired',
};

/** v2 `order_status` on the executions channel. */
export const STREAM_ORDER_STATES: Readonly<Record<string, OrderState>> = {
  pending_new: 'new',
  new: 'new',
  partially_filled: 'partially_filled',
  filled: 'filled',
  canceled: 'canceled',
  expired: 'expired',
};

/** Only market and limit orders are placed; others (stop-loss, take-profit…) are read as what they execute as. */
export const ORDER_TYPES: Readonly<Record<string, OrderType>> = {
  market: 'market',
  limit: 'limit',
  'stop-loss': 'market',
  'take-profit': 'market',
  'stop-loss-limit': 'limit',
  'take-profit-limit': 'limit',
  'trailing-stop': 'market',
  'trailing-stop-limit': 'limit',
  'settle-position': 'market',
  iceberg: 'limit',
};

export const SIDES: Readonly<Record<string, Side>> = { buy: 'buy', sell: 'sell' };

/** `timeinforce` as AddOrder takes it (FOK since 2026-05-12); post-only is the `post` flag, not a time in force. */
export const WIRE_TIME_IN_FORCE: Readonly<Record<Exclude<TimeInForce, 'gtx'>, string>> = {
  gtc: 'GTC',
  ioc: 'IOC',
  fok: 'FOK',
};

/** v2 `time_in_force` as the executions channel reports it. */
export const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = {
  GTC: 'gtc',
  gtc: 'gtc',
  IOC: 'ioc',
  ioc: 'ioc',
  FOK: 'fok',
  fok: 'fok',
};
