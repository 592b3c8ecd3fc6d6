// Orders, fills and times as Coinbase Advanced Trade writes them: RFC 3339 times with a fraction,
// decimal strings, UPPER_CASE enums (`OPEN`, `FILLED`, `CANCELLED`, `EXPIRED`; `GOOD_UNTIL_CANCELLED`,
// `IMMEDIATE_OR_CANCEL`; `MAKER`/`TAKER`).
import * as D from '../../../core/decimal.js';
import type { Fill, Order } from '../../matching/orders.js';
import { orderUuid, tradeUuid } from './ids.js';
import type { OrderExtras } from './order-book.js';
import { productNamed } from './products.js';

export const rfc3339 = (ms: number) => new Date(ms).toISOString();

const STATUS: Record<Order['status'], string> = {
  NEW: 'OPEN',
  PARTIALLY_FILLED: 'OPEN',
  FILLED: 'FILLED',
  CANCELED: 'CANCELLED',
  EXPIRED: 'EXPIRED',
};

/** `time_in_force` as the venue writes it: a market order is IOC; FOK limits say so. */
export function timeInForceWord(o: Order): string {
  if (o.type === 'MARKET' || o.timeInForce === 'IOC') return 'IMMEDIATE_OR_CANCEL';
  return o.timeInForce === 'FOK' ? 'FILL_OR_KILL' : 'GOOD_UNTIL_CANCELLED';
}

export function orderStatus(o: Order): string {
  return STATUS[o.status];
}

export function orderJson(o: Order, x: OrderExtras, userId: string): Record<string, unknown> {
  const filled = o.executedQty;
  const avg = D.isZero(filled) ? '0' : D.div(o.cumQuote, filled, 8, 'half_up');
  const pct = D.isZero(o.origQty) ? '0' : D.div(D.mul(filled, '100'), o.origQty, 2, 'down');
  const buy = o.side === 'BUY';
  return {
    order_id: orderUuid(o.orderId),
    product_id: o.symbol,
    user_id: userId,
    order_configuration: x.configuration,
    side: o.side,
    client_order_id: o.clientOrderId,
    status: orderStatus(o),
    time_in_force: timeInForceWord(o),
    created_time: rfc3339(o.time),
    completion_percentage: pct,
    filled_size: filled,
    average_filled_price: avg,
    fee: '',
    number_of_fills: String(x.fills),
    filled_value: o.cumQuote,
    pending_cancel: false,
    size_in_quote: 'quote_size' in (x.configuration.market_market_ioc ?? {}),
    total_fees: x.fee,
    size_inclusive_of_fees: false,
    total_value_after_fees: buy ? D.add(o.cumQuote, x.fee) : D.sub(o.cumQuote, x.fee),
    trigger_status: 'INVALID_ORDER_TYPE',
    order_type: o.type,
    reject_reason: 'REJECT_REASON_UNSPECIFIED',
    settled: o.status === 'FILLED' || o.status === 'CANCELED' || o.status === 'EXPIRED',
    product_type: 'SPOT',
    reject_message: '',
    cancel_message: o.status === 'CANCELED' ? 'User requested cancel' : '',
    order_placement_source: 'RETAIL_ADVANCED',
    outstanding_hold_amount: '0',
    is_liquidation: false,
    last_fill_time: x.lastFillTime === undefined ? null : rfc3339(x.lastFillTime),
    edit_history: [],
    leverage: '',
    margin_type: 'UNKNOWN_MARGIN_TYPE',
    retail_portfolio_id: '',
  };
}

export function fillJson(f: Fill, userId: string): Record<string, unknown> {
  return {
    entry_id: tradeUuid(f.tradeId),
    trade_id: tradeUuid(f.tradeId),
    order_id: orderUuid(f.orderId),
    trade_time: rfc3339(f.time),
    trade_type: 'FILL',
    // Prices as the product's quote increment writes them (`63700.00`).
    price: D.toFixed(f.price, productNamed(f.symbol)?.quoteIncrement.split('.')[1]?.length ?? 2, 'half_up'),
    size: f.qty,
    commission: f.commission,
    product_id: f.symbol,
    sequence_timestamp: rfc3339(f.time),
    liquidity_indicator: f.maker ? 'MAKER' : 'TAKER',
    size_in_quote: false,
    user_id: userId,
    side: f.side,
    retail_portfolio_id: '',
  };
}
