// OKX v5 JSON shapes for instruments, orders, fills, positions, balances and tickers. The shared market
// lists symbols in base units (BTCUSDT, 0.001 BTC steps); OKX lists them as swaps (BTC-USDT-SWAP) sized
// in contracts of `ctVal` base units, so sizes are converted here and nowhere else. Numbers are strings,
// absent values are '' — like the venue.
import * as D from '../../../core/decimal.js';
import type { Market, SymbolMarket } from '../../market/market.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { AccountState } from '../../matching/accounts.js';
import { positionRisk } from '../../matching/margin.js';
import type { Fill, Order } from '../../matching/orders.js';

/** Contract value per base symbol (the venue's own: 0.01 BTC, 0.1 ETH, 1 SOL, 100 XRP). */
const CT_VAL: Readonly<Record<string, string>> = { BTC: '0.01', ETH: '0.1', SOL: '1', XRP: '100' };

export interface Swap {
  instId: string;
  spec: SymbolSpec;
  ctVal: string;
  /** Contracts per lot and minimum, derived from the market's base-unit step. */
  lotSz: string;
  minSz: string;
  maxSz: string;
  maxMktSz: string;
}

export function swapOf(spec: SymbolSpec): Swap {
  const ctVal = CT_VAL[spec.baseAsset] ?? '1';
  const contracts = (base: string) => D.div(base, ctVal, 12, 'down');
  return {
    instId: `${spec.baseAsset}-${spec.quoteAsset}-SWAP`,
    spec,
    ctVal,
    lotSz: D.normalize(contracts(spec.stepSize)),
    minSz: D.normalize(contracts(spec.minQty)),
    maxSz: D.normalize(contracts(spec.maxQty)),
    maxMktSz: D.normalize(contracts(spec.marketMaxQty)),
  };
}

/** Base units → contracts (exact: every base quantity the engine holds is a whole number of lots). */
export const toContracts = (base: string, s: Swap) => D.normalize(D.div(base, s.ctVal, 12, 'half_up'));
export const toBase = (contracts: string, s: Swap) => D.normalize(D.mul(contracts, s.ctVal));
const px = (v: string) => (D.isZero(v) ? '' : D.normalize(v));
export const money = (v: string) => D.normalize(D.round(v, 8, 'half_up'));

export function instrumentJson(s: Swap, now: number): Record<string, string> {
  return {
    instType: 'SWAP',
    instId: s.instId,
    instFamily: `${s.spec.baseAsset}-${s.spec.quoteAsset}`,
    uly: `${s.spec.baseAsset}-${s.spec.quoteAsset}`,
    ctType: 'linear',
    ctVal: s.ctVal,
    ctMult: '1',
    ctValCcy: s.spec.baseAsset,
    settleCcy: s.spec.marginAsset,
    tickSz: D.normalize(s.spec.tickSize),
    lotSz: s.lotSz,
    minSz: s.minSz,
    maxLmtSz: s.maxSz,
    maxMktSz: s.maxMktSz,
    lever: String(s.spec.maxLeverage),
    listTime: String(s.spec.onboardDate),
    state: 'live',
    ts: String(now),
  };
}

const STATE: Readonly<Record<Order['status'], string>> = {
  NEW: 'live',
  PARTIALLY_FILLED: 'partially_filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  // OKX has no expired state: an IOC/FOK remainder or a market order's rest is canceled.
  EXPIRED: 'canceled',
};

export function ordTypeOf(o: Pick<Order, 'type' | 'timeInForce'>): string {
  if (o.type === 'MARKET') return 'market';
  return { GTC: 'limit', GTX: 'post_only', IOC: 'ioc', FOK: 'fok' }[o.timeInForce];
}

function avgPx(o: Order): string {
  if (D.isZero(o.executedQty)) return '';
  return D.normalize(D.div(o.cumQuote, o.executedQty, 10, 'half_up'));
}

/** Extra fields of an order the engine does not keep. */
export interface OrderExtras {
  cancelSource?: string;
  cancelSourceReason?: string;
  fee?: string;
  /** The algo order that sent it, when a TP/SL fired (format-algo.ts `algoIdsOf`). */
  algoId?: string;
  algoClOrdId?: string;
}

export function orderJson(o: Order, s: Swap, extras: OrderExtras = {}): Record<string, string> {
  const cancelSource = extras.cancelSource ?? (o.status === 'EXPIRED' ? '14' : '');
  return {
    instType: 'SWAP',
    instId: s.instId,
    ordId: String(o.orderId),
    clOrdId: o.clientOrderId,
    tag: '',
    px: o.type === 'LIMIT' ? px(o.price) : '',
    sz: toContracts(o.origQty, s),
    ordType: ordTypeOf(o),
    side: o.side === 'BUY' ? 'buy' : 'sell',
    posSide: 'net',
    tdMode: 'cross',
    accFillSz: toContracts(o.executedQty, s),
    avgPx: avgPx(o),
    state: STATE[o.status],
    reduceOnly: o.reduceOnly ? 'true' : 'false',
    lever: '20',
    fee: extras.fee ?? '0',
    algoId: extras.algoId ?? '',
    algoClOrdId: extras.algoClOrdId ?? '',
    feeCcy: 'USDT',
    cancelSource,
    cancelSourceReason:
      extras.cancelSourceReason ??
      (cancelSource === '14' ? 'Order canceled: IOC/FOK or market remainder' : ''),
    cTime: String(o.time),
    uTime: String(o.updateTime),
  };
}

/** The fill fields of an `orders` channel push (empty when the update is no execution). */
export function fillFields(f: Fill | undefined, s: Swap): Record<string, string> {
  if (f === undefined)
    return { tradeId: '', fillPx: '', fillSz: '0', fillFee: '0', fillFeeCcy: '', fillTime: '', execType: '' };
  return {
    tradeId: String(f.tradeId),
    fillPx: D.normalize(f.price),
    fillSz: toContracts(f.qty, s),
    fillFee: money(D.neg(f.commission)),
    fillFeeCcy: f.commissionAsset,
    fillTime: String(f.time),
    execType: f.maker ? 'M' : 'T',
  };
}

/** `GET /api/v5/trade/fills` item. */
export function fillJson(f: Fill, s: Swap): Record<string, string> {
  return {
    instType: 'SWAP',
    instId: s.instId,
    tradeId: String(f.tradeId),
    ordId: String(f.orderId),
    clOrdId: f.clientOrderId,
    billId: String(f.tradeId * 10 + (f.maker ? 1 : 0)),
    tag: '',
    fillPx: D.normalize(f.price),
    fillSz: toContracts(f.qty, s),
    side: f.side === 'BUY' ? 'buy' : 'sell',
    posSide: 'net',
    execType: f.maker ? 'M' : 'T',
    feeCcy: f.commissionAsset,
    fee: money(D.neg(f.commission)),
    fillPnl: money(f.realizedPnl),
    ts: String(f.time),
    fillTime: String(f.time),
  };
}

export function positionJson(a: AccountState, m: SymbolMarket, s: Swap, now: number, market: Market): Record<string, string> {
  const p = a.position(m.spec.symbol);
  const flat = D.isZero(p.amount);
  const risk = positionRisk(a, market, m.spec.symbol);
  const price = (v: string | undefined) => (v === undefined ? '' : D.toFixed(v, m.spec.pricePrecision, 'half_up'));
  return {
    instType: 'SWAP',
    instId: s.instId,
    mgnMode: risk.mode,
    posSide: 'net',
    pos: toContracts(p.amount, s),
    avgPx: flat ? '' : D.normalize(D.round(p.entryPrice, 8, 'half_up')),
    markPx: D.normalize(m.mark),
    upl: money(a.unrealized(m.spec.symbol, m.mark)),
    // Cross: `imr` holds the margin and `margin` is ''; isolated: the other way round (OKX's fields).
    imr: risk.mode === 'cross' ? money(risk.margin) : '',
    margin: risk.mode === 'isolated' ? money(risk.margin) : '',
    mmr: money(risk.maint),
    liqPx: price(risk.liquidation),
    bePx: price(risk.breakEven),
    lever: String(a.leverageOf(m.spec.symbol)),
    ccy: 'USDT',
    cTime: String(p.updateTime || now),
    uTime: String(p.updateTime || now),
    pTime: String(now),
  };
}

export function balanceDetails(
  a: AccountState,
  marks: Map<string, string>,
  now: number,
): Record<string, string>[] {
  let upl = '0';
  for (const [symbol, mark] of marks) upl = D.add(upl, a.unrealized(symbol, mark));
  return [...a.balances.entries()].map(([ccy, cash]) => {
    const usdt = ccy === 'USDT';
    return {
      ccy,
      cashBal: money(cash),
      availBal: usdt ? money(a.available(marks)) : money(cash),
      availEq: usdt ? money(a.available(marks)) : money(cash),
      eq: usdt ? money(D.add(cash, upl)) : money(cash),
      upl: usdt ? money(upl) : '0',
      frozenBal: '0',
      uTime: String(a.updateTime || now),
    };
  });
}

export function tickerJson(m: SymbolMarket, s: Swap, now: number): Record<string, string> {
  const bid = m.book.bestBid();
  const ask = m.book.bestAsk();
  return {
    instType: 'SWAP',
    instId: s.instId,
    last: D.normalize(m.stats.last),
    lastSz: toContracts(m.stats.lastQty, s),
    bidPx: bid ? D.normalize(bid.price) : '',
    bidSz: bid ? toContracts(D.round(bid.qty, 12, 'down'), s) : '0',
    askPx: ask ? D.normalize(ask.price) : '',
    askSz: ask ? toContracts(D.round(ask.qty, 12, 'down'), s) : '0',
    open24h: D.normalize(m.stats.open),
    high24h: D.normalize(m.stats.high),
    low24h: D.normalize(m.stats.low),
    vol24h: toContracts(m.stats.volume, s),
    ts: String(now),
  };
}
