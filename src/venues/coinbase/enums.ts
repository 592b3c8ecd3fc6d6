/**
 * Coinbase Advanced Trade enumerations ↔ domain values, shared by the REST parsers (parse.ts) and
 * the WebSocket parsers (stream.ts) so the two never disagree. REST writes UPPER_CASE words; the
 * `user` channel writes statuses the same way but order types in words (`Limit`, `Stop Limit`),
 * which `typeWord` folds to the REST spelling.
 */
import type { OrderState, OrderType, Side, TimeInForce } from '../../core/types.js';

/**
 * Order `status` (REST and the `user` channel). PENDING and QUEUED: accepted, not yet in the book;
 * OPEN reads partially filled once anything executed (parse.ts, stream.ts); CANCEL_QUEUED: the
 * cancel is accepted and not yet done; FAILED: the venue refused it after accepting the request.
 */
export const ORDER_STATES: Readonly<Record<string, OrderState>> = {
  PENDING: 'new',
  QUEUED: 'new',
  OPEN: 'new',
  EDIT_QUEUED: 'new',
  CANCEL_QUEUED: 'pending_cancel',
  FILLED: 'filled',
  CANCELLED: 'canceled',
  EXPIRED: 'expired',
  FAILED: 'rejected',
  UNKNOWN_ORDER_STATUS: 'unknown',
};

/** Only market and limit orders are placed; the others are read as what they execute as. */
export const ORDER_TYPES: Readonly<Record<string, OrderType>> = {
  MARKET: 'market',
  LIMIT: 'limit',
  STOP: 'market',
  STOP_LIMIT: 'limit',
  BRACKET: 'limit',
  TWAP: 'limit',
};

/** `Stop Limit` → `STOP_LIMIT`: the channel's words in the REST spelling. */
export function typeWord(text: string): string {
  return text.trim().toUpperCase().replace(/[\s-]+/g, '_');
}

export const SIDES: Readonly<Record<string, Side>> = { BUY: 'buy', SELL: 'sell' };

export const WIRE_SIDES: Readonly<Record<Side, string>> = { buy: 'BUY', sell: 'SELL' };

/** `time_in_force` as orders report it (a good-till-date order reads as resting: gtc). */
export const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = {
  GOOD_UNTIL_CANCELLED: 'gtc',
  GOOD_UNTIL_DATE_TIME: 'gtc',
  IMMEDIATE_OR_CANCEL: 'ioc',
  FILL_OR_KILL: 'fok',
};
