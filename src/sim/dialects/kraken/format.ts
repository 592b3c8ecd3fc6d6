// Orders, trades and balances as Kraken's REST writes them (docs: api-reference OpenOrders,
// QueryOrders, TradesHistory, Balance, BalanceEx). Times are Unix seconds with a fraction; prices carry
// the pair's decimals, volumes 8, costs and fees the quote's 5 (USD pairs' `cost_decimals`).
import * as D from '../../../core/decimal.js';
import type { Fill, Order } from '../../matching/orders.js';
import { isOpen } from '../../matching/orders.js';
import { orderTxid, tradeTxid } from './ids.js';
import type { OrderExtras } from './order-book.js';
import { type KrakenPair, pairOf } from './pairs.js';

export const COST_DECIMALS = 5;

export const seconds = (ms: number) => Number((ms / 1000).toFixed(4));
export const px = (p: string, pair: KrakenPair) => D.toFixed(p, pair.pairDecimals, 'half_up');
export const vol = (q: string, pair: KrakenPair) => D.toFixed(q, pair.lotDecimals, 'half_up');
export const cost = (c: string) => D.toFixed(c, COST_DECIMALS, 'half_up');

export function statusOf(o: Order): 'open' | 'closed' | 'canceled' | 'expired' {
  if (isOpen(o)) return 'open';
  if (o.status === 'FILLED') return 'closed';
  if (o.status === 'CANCELED') return 'canceled';
  // A market or IOC order whose rest the book could not fill: closed if it traded at all.
  return D.isZero(o.executedQty) ? 'expired' : 'closed';
}

/** `descr.order`, e.g. "buy 1.25000000 XBTUSD @ limit 37500.0". */
export function describe(
  side: 'BUY' | 'SELL',
  type: 'LIMIT' | 'MARKET',
  quantity: string,
  price: string | undefined,
  pair: KrakenPair,
): string {
  const head = `${side === 'BUY' ? 'buy' : 'sell'} ${vol(quantity, pair)} ${pair.altname} @ `;
  return type === 'MARKET' ? `${head}market` : `${head}limit ${px(price ?? '0', pair)}`;
}

export function orderJson(o: Order, x: OrderExtras, withTrades: boolean): Record<string, unknown> {
  const pair = pairOf(o.symbol);
  const avg = D.isZero(o.executedQty)
    ? '0'
    : D.div(o.cumQuote, o.executedQty, pair.pairDecimals + 4, 'half_up');
  const out: Record<string, unknown> = {
    refid: null,
    userref: x.userref,
    ...(x.clOrdId === undefined ? {} : { cl_ord_id: x.clOrdId }),
    status: statusOf(o),
    opentm: seconds(o.time),
    starttm: 0,
    expiretm: 0,
    descr: {
      pair: pair.altname,
      type: o.side === 'BUY' ? 'buy' : 'sell',
      ordertype: o.type === 'MARKET' ? 'market' : 'limit',
      price: o.type === 'MARKET' ? '0' : px(o.price, pair),
      price2: '0',
      leverage: 'none',
      order: describe(o.side, o.type, o.origQty, o.price, pair),
      close: '',
    },
    vol: vol(o.origQty, pair),
    vol_exec: vol(o.executedQty, pair),
    cost: cost(o.cumQuote),
    fee: cost(x.fee),
    price: px(avg, pair),
    stopprice: '0.00000',
    limitprice: '0.00000',
    misc: '',
    oflags: (x.oflags.length === 0 ? ['fciq'] : x.oflags).join(','),
  };
  if (!isOpen(o)) {
    out['closetm'] = seconds(x.closeTime ?? o.updateTime);
    out['reason'] = x.reason ?? null;
  }
  if (withTrades && x.trades.length > 0) out['trades'] = x.trades.map(tradeTxid);
  return out;
}

export function tradeJson(f: Fill, o: Order | undefined): Record<string, unknown> {
  const pair = pairOf(f.symbol);
  return {
    ordertxid: orderTxid(f.orderId),
    postxid: 'TKH2SE-M7IF5-CFI7LT',
    pair: pair.key,
    time: seconds(f.time),
    type: f.side === 'BUY' ? 'buy' : 'sell',
    ordertype: o?.type === 'MARKET' ? 'market' : 'limit',
    price: px(f.price, pair),
    cost: cost(f.quoteQty),
    fee: cost(f.commission),
    vol: vol(f.qty, pair),
    margin: '0.00000',
    leverage: '0',
    misc: '',
    trade_id: f.tradeId,
    maker: f.maker,
  };
}

/** A balance as the venue writes it: 4 decimals for fiat, 10 for crypto. */
export function amount(asset: string, value: string): string {
  return D.toFixed(value, asset === 'USD' ? 4 : 10, 'down');
}
