/**
 * Bybit v5 enumerations ↔ domain values (docs `enum.mdx`), shared by the REST parsers (parse.ts)
 * and the stream parsers (stream.ts), so REST and stream never disagree.
 */
import type { OrderState, OrderType, Side, TimeInForce } from '../../core/types.js';

/**
 * `orderStatus`. `Cancelled` may carry an executed quantity in derivatives (a partly filled order
 * then cancelled); `Untriggered`/`Triggered`/`Deactivated` belong to conditional orders, which
 * quantdeck does not place, and read as open/open/canceled.
 */
export const ORDER_STATES: Readonly<Record<string, OrderState>> = {
  Created: 'new',
  New: 'new',
  PartiallyFilled: 'partially_filled',
  Untriggered: 'new',
  Triggered: 'new',
  Filled: 'filled',
  Cancelled: 'canceled',
  PartiallyFilledCanceled: 'canceled',
  Deactivated: 'canceled',
  Rejected: 'rejected',
};

export const ORDER_TYPES: Readonly<Record<string, OrderType>> = { Market: 'market', Limit: 'limit' };

export const SIDES: Readonly<Record<string, Side>> = { Buy: 'buy', Sell: 'sell' };

export const WIRE_SIDES: Readonly<Record<Side, string>> = { buy: 'Buy', sell: 'Sell' };

/** `timeInForce`; `RPI` is a post-only maker order of approved market makers (never sent here). */
export const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = {
  GTC: 'gtc',
  IOC: 'ioc',
  FOK: 'fok',
  PostOnly: 'gtx',
  RPI: 'gtx',
};

export const WIRE_TIME_IN_FORCE: Readonly<Record<TimeInForce, string>> = {
  gtc: 'GTC',
  ioc: 'IOC',
  fok: 'FOK',
  gtx: 'PostOnly',
};

/** `cancelType` values worth a sentence. */
export const CANCEL_REASONS: Readonly<Record<string, string>> = {
  CancelByUser: 'canceled',
  CancelByReduceOnly: 'canceled: reduce-only order would have grown the position',
  CancelByPrepareLiq: 'canceled before liquidation',
  CancelAllBeforeLiq: 'canceled before liquidation',
  CancelByPrepareAdl: 'canceled by auto-deleveraging',
  CancelAllBeforeAdl: 'canceled by auto-deleveraging',
  CancelByAdmin: 'canceled by the venue',
  CancelBySettle: 'canceled: contract delisted',
  CancelByTpSlTsClear: 'canceled: position closed',
  CancelBySmp: 'canceled by self-trade prevention',
  CancelByDCP: 'canceled by the disconnect dead-man switch (DCP)',
};

/** Executions that are not trades of an order (funding and settlement payments). */
export const NON_TRADE_EXEC_TYPES: ReadonlySet<string> = new Set(['Funding', 'Settle']);
