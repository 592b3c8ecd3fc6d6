/**
 * Binance USD-M enumerations ↔ domain values, shared by the REST parsers (parse.ts) and usable
 * by the stream parsers: one table per enumeration, so REST and stream never disagree.
 */
import type { OrderState, OrderType, Side, TimeInForce } from '../../core/types.js';

export const ORDER_STATES: Readonly<Record<string, OrderState>> = {
  NEW: 'new',
  PARTIALLY_FILLED: 'partially_filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
  EXPIRED_IN_MATCH: 'expired',
  NEW_INSURANCE: 'new',
  NEW_ADL: 'new',
};

/** Conditional types collapse to what executes once triggered: a limit or a market order. */
export const ORDER_TYPES: Readonly<Record<string, OrderType>> = {
  LIMIT: 'limit',
  STOP: 'limit',
  TAKE_PROFIT: 'limit',
  MARKET: 'market',
  STOP_MARKET: 'market',
  TAKE_PROFIT_MARKET: 'market',
  TRAILING_STOP_MARKET: 'market',
  LIQUIDATION: 'market',
};

export const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = { GTC: 'gtc', IOC: 'ioc', FOK: 'fok', GTX: 'gtx' };

export const SIDES: Readonly<Record<string, Side>> = { BUY: 'buy', SELL: 'sell' };

export const WIRE_SIDE: Readonly<Record<Side, string>> = { buy: 'BUY', sell: 'SELL' };
export const WIRE_TYPE: Readonly<Record<OrderType, string>> = { limit: 'LIMIT', market: 'MARKET' };
export const WIRE_TIF: Readonly<Record<TimeInForce, string>> = { gtc: 'GTC', ioc: 'IOC', fok: 'FOK', gtx: 'GTX' };
