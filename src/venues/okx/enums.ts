/**
 * OKX v5 enumerations ↔ domain values, shared by the REST parsers (parse.ts) and the stream
 * parsers (stream.ts), so REST and stream never disagree. OKX folds time in force into `ordType`.
 */
import type { OrderState, OrderType, Side, TimeInForce } from '../../core/types.js';

export const ORDER_STATES: Readonly<Record<string, OrderState>> = {
  live: 'new',
  partially_filled: 'partially_filled',
  filled: 'filled',
  canceled: 'canceled',
  mmp_canceled: 'canceled',
};

/** `optimal_limit_ioc` is a market order limited to the best price band: it executes like one. */
export const ORDER_TYPES: Readonly<Record<string, OrderType>> = {
  market: 'market',
  optimal_limit_ioc: 'market',
  limit: 'limit',
  post_only: 'limit',
  fok: 'limit',
  ioc: 'limit',
};

export const ORD_TYPE_TIF: Readonly<Record<string, TimeInForce>> = {
  limit: 'gtc',
  post_only: 'gtx',
  fok: 'fok',
  ioc: 'ioc',
  optimal_limit_ioc: 'ioc',
};

export const SIDES: Readonly<Record<string, Side>> = { buy: 'buy', sell: 'sell' };

/** `ordType` of a limit order by time in force. */
export const WIRE_LIMIT_TYPE: Readonly<Record<TimeInForce, string>> = {
  gtc: 'limit',
  gtx: 'post_only',
  ioc: 'ioc',
  fok: 'fok',
};

/** `cancelSource` codes worth a sentence (OKX order details). */
export const CANCEL_REASONS: Readonly<Record<string, string>> = {
  '31': 'post-only order would have traded',
  '32': 'self-trade prevention',
  '6': 'canceled by the cancel-all-after dead-man switch',
  '1': 'canceled by the system',
  '14': 'IOC/FOK remainder canceled',
};
