// Binance USD-M JSON shapes for orders, trades and the ORDER_TRADE_UPDATE / ACCOUNT_UPDATE events.
// Prices and quantities are written with the symbol's precision, like the venue does.
import * as D from '../../../core/decimal.js';
import type { SymbolMarket } from '../../market/market.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { AccountState } from '../../matching/accounts.js';
import type { Fill, Order } from '../../matching/orders.js';

export const px = (v: string, s: SymbolSpec) =>
  D.isZero(v) ? '0' : D.toFixed(v, s.pricePrecision, 'half_up');
export const qty = (v: string, s: SymbolSpec) => D.toFixed(v, s.quantityPrecision, 'half_up');
export const quote = (v: string, s: SymbolSpec) =>
  D.toFixed(v, s.pricePrecision + s.quantityPrecision, 'half_up');
export const usd = (v: string) => D.toFixed(v, 8, 'half_up');

/** Best bid and ask as the venue writes them ('0' for an empty side): REST bookTicker and the stream share it. */
export function topOfBook(m: SymbolMarket): { bidPrice: string; bidQty: string; askPrice: string; askQty: string } {
  const bid = m.book.bestBid();
  const ask = m.book.bestAsk();
  return {
    bidPrice: bid ? px(bid.price, m.spec) : '0',
    bidQty: bid ? qty(bid.qty, m.spec) : '0',
    askPrice: ask ? px(ask.price, m.spec) : '0',
    askQty: ask ? qty(ask.qty, m.spec) : '0',
  };
}

export function avgPrice(o: Order, s: SymbolSpec): string {
  const places = Math.max(5, s.pricePrecision);
  if (D.isZero(o.executedQty)) return D.toFixed('0', places, 'half_up');
  return D.toFixed(D.div(o.cumQuote, o.executedQty, places + 2, 'half_up'), places, 'half_up');
}

/** `GET /fapi/v1/order` and friends. */
export function orderJson(o: Order, s: SymbolSpec): Record<string, unknown> {
  return {
    avgPrice: avgPrice(o, s),
    clientOrderId: o.clientOrderId,
    cumQuote: quote(o.cumQuote, s),
    executedQty: qty(o.executedQty, s),
    orderId: o.orderId,
    origQty: qty(o.origQty, s),
    // The market order a conditional order sent shows what it came from, as on the stream (`ot`, `sp`).
    origType: o.trigger?.type ?? o.type,
    price: px(o.price, s),
    reduceOnly: o.reduceOnly,
    side: o.side,
    positionSide: 'BOTH',
    status: o.status,
    stopPrice: o.trigger ? px(o.trigger.price, s) : '0',
    closePosition: o.trigger?.closePosition ?? false,
    symbol: o.symbol,
    time: o.time,
    timeInForce: o.timeInForce,
    type: o.type,
    updateTime: o.updateTime,
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
  };
}

/** `POST /fapi/v1/order` / `DELETE /fapi/v1/order`: the order plus cumQty, without `time`. */
export function orderReplyJson(o: Order, s: SymbolSpec): Record<string, unknown> {
  const { time: _time, ...rest } = orderJson(o, s);
  return { ...rest, cumQty: qty(o.executedQty, s) };
}

/** The ACK reply shows the order as accepted, before any match. */
export function ackJson(o: Order, s: SymbolSpec): Record<string, unknown> {
  return orderReplyJson({ ...o, status: 'NEW', executedQty: '0', cumQuote: '0', updateTime: o.time }, s);
}

export function tradeJson(f: Fill, s: SymbolSpec): Record<string, unknown> {
  return {
    buyer: f.side === 'BUY',
    commission: usd(f.commission),
    commissionAsset: f.commissionAsset,
    id: f.tradeId,
    maker: f.maker,
    orderId: f.orderId,
    price: px(f.price, s),
    qty: qty(f.qty, s),
    quoteQty: quote(f.quoteQty, s),
    realizedPnl: usd(f.realizedPnl),
    side: f.side,
    positionSide: 'BOTH',
    symbol: f.symbol,
    time: f.time,
  };
}

export function orderTradeUpdate(
  o: Order,
  exec: string,
  s: SymbolSpec,
  fill: Fill | undefined,
  now: number,
): string {
  return JSON.stringify({
    e: 'ORDER_TRADE_UPDATE',
    E: now,
    T: fill?.time ?? o.updateTime,
    o: {
      s: o.symbol,
      c: o.clientOrderId,
      S: o.side,
      o: o.type,
      f: o.timeInForce,
      q: qty(o.origQty, s),
      p: px(o.price, s),
      ap: avgPrice(o, s),
      sp: o.trigger ? px(o.trigger.price, s) : '0',
      x: exec,
      X: o.status,
      i: o.orderId,
      l: fill ? qty(fill.qty, s) : '0',
      z: qty(o.executedQty, s),
      L: fill ? px(fill.price, s) : '0',
      N: 'USDT',
      n: fill ? usd(fill.commission) : '0',
      T: fill?.time ?? o.updateTime,
      t: fill?.tradeId ?? 0,
      b: '0',
      a: '0',
      m: fill?.maker ?? false,
      R: o.reduceOnly,
      wt: 'CONTRACT_PRICE',
      ot: o.trigger?.type ?? o.type,
      ps: 'BOTH',
      cp: o.trigger?.closePosition ?? false,
      rp: fill ? usd(fill.realizedPnl) : '0',
      pP: false,
      si: 0,
      ss: 0,
      V: 'EXPIRE_MAKER',
      pm: 'NONE',
      gtd: 0,
    },
  });
}

export function accountUpdate(
  a: AccountState,
  symbol: string,
  mark: string,
  realizedTotal: string,
  now: number,
): string {
  const p = a.position(symbol);
  return JSON.stringify({
    e: 'ACCOUNT_UPDATE',
    E: now,
    T: a.updateTime,
    a: {
      m: 'ORDER',
      B: [{ a: 'USDT', wb: usd(a.wallet()), cw: usd(a.wallet()), bc: '0' }],
      P: [
        {
          s: symbol,
          pa: p.amount === '0' ? '0' : D.normalize(p.amount),
          ep: D.normalize(p.entryPrice),
          bep: D.normalize(p.entryPrice),
          cr: usd(realizedTotal),
          up: usd(a.unrealized(symbol, mark)),
          mt: 'cross',
          iw: '0',
          ps: 'BOTH',
        },
      ],
    },
  });
}
