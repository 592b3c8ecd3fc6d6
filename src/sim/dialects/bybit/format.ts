// Bybit v5 JSON shapes for instruments, tickers, orders, executions, positions and the unified wallet
// (BYD `market/instrument.mdx`, `market/tickers.mdx`, `order/open-order.mdx`, `order/execution.mdx`,
// `position/position.mdx`, `account/wallet-balance.mdx`). Linear perpetuals are sized in the base coin
// like the shared symbol table, so nothing is converted; prices carry the tick's decimals and sizes
// the step's, numbers are strings, absent values '' — as the venue writes them.
import * as D from '../../../core/decimal.js';
import type { Market, SymbolMarket } from '../../market/market.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { AccountState } from '../../matching/accounts.js';
import { MAKER_FEE, TAKER_FEE } from '../../matching/accounts.js';
import { accountRisk, positionRisk } from '../../matching/margin.js';
import { type Fill, isOpen, type Order } from '../../matching/orders.js';

type Row = Record<string, unknown>;

export const px = (v: string, s: SymbolSpec) => D.toFixed(v, s.pricePrecision, 'half_up');
export const qty = (v: string, s: SymbolSpec) => D.toFixed(v, s.quantityPrecision, 'half_up');
const money = (v: string) => D.normalize(D.round(v, 8, 'half_up'));
const side = (s: 'BUY' | 'SELL') => (s === 'BUY' ? 'Buy' : 'Sell');

export function instrumentJson(s: SymbolSpec): Row {
  return {
    symbol: s.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: s.baseAsset,
    quoteCoin: s.quoteAsset,
    launchTime: String(s.onboardDate),
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(s.pricePrecision),
    leverageFilter: { minLeverage: '1', maxLeverage: `${s.maxLeverage}.00`, leverageStep: '0.01' },
    priceFilter: { minPrice: px(s.minPrice, s), maxPrice: px(s.maxPrice, s), tickSize: px(s.tickSize, s) },
    lotSizeFilter: {
      maxOrderQty: qty(s.maxQty, s),
      minOrderQty: qty(s.minQty, s),
      qtyStep: qty(s.stepSize, s),
      postOnlyMaxOrderQty: qty(s.maxQty, s),
      maxMktOrderQty: qty(s.marketMaxQty, s),
      minNotionalValue: D.normalize(s.minNotional),
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: s.marginAsset,
    copyTrading: 'both',
    upperFundingRate: '0.005',
    lowerFundingRate: '-0.005',
    isPreListing: false,
    preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.05', priceLimitRatioY: '0.1' },
    displayName: '',
  };
}

export function tickerJson(m: SymbolMarket, now: number): Row {
  const s = m.spec;
  const bid = m.book.bestBid();
  const ask = m.book.bestAsk();
  const change = D.isZero(m.stats.open) ? '0' : D.toFixed(D.div(D.sub(m.stats.last, m.stats.open), m.stats.open, 10, 'half_up'), 6, 'half_up');
  return {
    symbol: s.symbol,
    lastPrice: px(m.stats.last, s),
    indexPrice: px(m.mid, s),
    markPrice: px(m.mark, s),
    prevPrice24h: px(m.stats.open, s),
    price24hPcnt: change,
    highPrice24h: px(m.stats.high, s),
    lowPrice24h: px(m.stats.low, s),
    prevPrice1h: px(m.stats.open, s),
    openInterest: '0',
    openInterestValue: '0',
    turnover24h: money(m.stats.quoteVolume),
    volume24h: qty(m.stats.volume, s),
    fundingRate: '0.0001',
    nextFundingTime: String(Math.ceil(now / 28_800_000) * 28_800_000),
    predictedDeliveryPrice: '',
    basisRate: '',
    deliveryFeeRate: '',
    deliveryTime: '0',
    ask1Size: ask ? qty(D.round(ask.qty, s.quantityPrecision, 'down'), s) : '0',
    bid1Price: bid ? px(bid.price, s) : '',
    ask1Price: ask ? px(ask.price, s) : '',
    bid1Size: bid ? qty(D.round(bid.qty, s.quantityPrecision, 'down'), s) : '0',
    basis: '',
  };
}

/** The top of the book as `orderbook.1` and `/v5/market/orderbook?limit=1` give it. */
export function topOfBook(m: SymbolMarket): { b: string[][]; a: string[][] } {
  const s = m.spec;
  const bid = m.book.bestBid();
  const ask = m.book.bestAsk();
  const level = (l: { price: string; qty: string }) => [px(l.price, s), qty(D.round(l.qty, s.quantityPrecision, 'down'), s)];
  return { b: bid ? [level(bid)] : [], a: ask ? [level(ask)] : [] };
}

const STATUS: Readonly<Record<Order['status'], string>> = {
  NEW: 'New',
  PARTIALLY_FILLED: 'PartiallyFilled',
  FILLED: 'Filled',
  CANCELED: 'Cancelled',
  // An IOC/FOK remainder or a market order's unfilled rest: the venue cancels it.
  EXPIRED: 'Cancelled',
};

const TIF: Readonly<Record<Order['timeInForce'], string>> = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', GTX: 'PostOnly' };

/** Why an order was cancelled, when the engine does not know (a DCP sweep, a user cancel). */
export type CancelType = 'CancelByUser' | 'CancelByDCP' | 'UNKNOWN';

/** What the engine does not keep of an order: why it was cancelled, the fees paid so far. */
export interface OrderExtras {
  cancelType?: CancelType;
  fee?: string;
}

export function orderJson(o: Order, s: SymbolSpec, extras: OrderExtras = {}): Row {
  const cancelType = extras.cancelType;
  const leaves = isOpen(o) ? D.sub(o.origQty, o.executedQty) : '0';
  const finished = o.status === 'CANCELED' || o.status === 'EXPIRED';
  return {
    orderId: String(o.orderId),
    orderLinkId: o.clientOrderId,
    blockTradeId: '',
    symbol: o.symbol,
    price: o.type === 'LIMIT' ? px(o.price, s) : '0',
    qty: qty(o.origQty, s),
    side: side(o.side),
    isLeverage: '',
    positionIdx: 0,
    orderStatus: STATUS[o.status],
    cancelType: finished ? (cancelType ?? (o.status === 'EXPIRED' ? 'UNKNOWN' : 'CancelByUser')) : 'UNKNOWN',
    rejectReason: 'EC_NoError',
    avgPrice: D.isZero(o.executedQty) ? '' : D.normalize(D.div(o.cumQuote, o.executedQty, s.pricePrecision + 4, 'half_up')),
    leavesQty: qty(leaves, s),
    leavesValue: money(D.mul(leaves, o.price)),
    cumExecQty: qty(o.executedQty, s),
    cumExecValue: money(o.cumQuote),
    cumExecFee: money(extras.fee ?? '0'),
    timeInForce: o.type === 'MARKET' ? 'IOC' : TIF[o.timeInForce],
    orderType: o.type === 'MARKET' ? 'Market' : 'Limit',
    stopOrderType: '',
    orderIv: '',
    marketUnit: '',
    triggerPrice: '',
    takeProfit: '',
    stopLoss: '',
    tpslMode: '',
    ocoTriggerBy: '',
    tpLimitPrice: '',
    slLimitPrice: '',
    tpTriggerBy: '',
    slTriggerBy: '',
    triggerDirection: 0,
    triggerBy: '',
    lastPriceOnCreated: '',
    basePrice: '',
    reduceOnly: o.reduceOnly,
    closeOnTrigger: false,
    placeType: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    createdTime: String(o.time),
    updatedTime: String(o.updateTime),
  };
}

/** `GET /v5/execution/list` item and `execution` topic item. */
export function executionJson(f: Fill, o: Order | undefined, s: SymbolSpec, mark: string): Row {
  return {
    symbol: f.symbol,
    orderId: String(f.orderId),
    orderLinkId: f.clientOrderId,
    side: side(f.side),
    orderPrice: o === undefined || o.type === 'MARKET' ? '0' : px(o.price, s),
    orderQty: o === undefined ? '0' : qty(o.origQty, s),
    leavesQty: o === undefined ? '0' : qty(isOpen(o) ? D.sub(o.origQty, o.executedQty) : '0', s),
    createType: 'CreateByUser',
    orderType: o?.type === 'MARKET' ? 'Market' : 'Limit',
    stopOrderType: '',
    execFee: money(f.commission),
    execId: executionId(f.tradeId),
    execPrice: px(f.price, s),
    execQty: qty(f.qty, s),
    execType: 'Trade',
    execValue: money(f.quoteQty),
    execTime: String(f.time),
    feeCurrency: f.commissionAsset,
    isMaker: f.maker,
    feeRate: f.maker ? MAKER_FEE : TAKER_FEE,
    tradeIv: '',
    markIv: '',
    markPrice: px(mark, s),
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
    closedSize: '0',
    seq: f.tradeId,
    extraFees: '',
  };
}

/**
 * The venue's execution ids are UUIDs, opaque text to a client; here the engine's trade id in decimal,
 * so a fill the client reports is found in the sim's ledger (chaos, tests) by the same text.
 */
export function executionId(tradeId: number): string {
  return String(tradeId);
}

export function positionJson(a: AccountState, m: SymbolMarket, now: number, market: Market): Row {
  const risk = positionRisk(a, market, m.spec.symbol);
  const s = m.spec;
  const p = a.position(s.symbol);
  const flat = D.isZero(p.amount);
  const size = D.abs(p.amount);
  return {
    positionIdx: 0,
    riskId: 1,
    riskLimitValue: '2000000',
    symbol: s.symbol,
    side: flat ? '' : D.sign(p.amount) > 0 ? 'Buy' : 'Sell',
    size: qty(size, s),
    avgPrice: flat ? '0' : D.normalize(D.round(p.entryPrice, 8, 'half_up')),
    positionValue: flat ? '0' : money(D.mul(size, p.entryPrice)),
    tradeMode: 0,
    positionStatus: 'Normal',
    autoAddMargin: 0,
    adlRankIndicator: flat ? 0 : 2,
    leverage: String(a.leverageOf(s.symbol)),
    positionBalance: money(a.positionMargin(s.symbol, m.mark)),
    markPrice: px(m.mark, s),
    // '' where there is none (flat, or a long its margin fully covers), as the venue writes it.
    liqPrice: risk.liquidation === undefined ? '' : px(risk.liquidation, s),
    breakEvenPrice: risk.breakEven === undefined ? '' : px(risk.breakEven, s),
    bustPrice: '',
    positionMM: money(risk.maint),
    positionIM: money(risk.margin),
    tpslMode: 'Full',
    takeProfit: '0',
    stopLoss: '0',
    trailingStop: '0',
    unrealisedPnl: money(a.unrealized(s.symbol, m.mark)),
    curRealisedPnl: money(a.realized.get(s.symbol) ?? '0'),
    cumRealisedPnl: money(a.realized.get(s.symbol) ?? '0'),
    seq: p.updateTime,
    isReduceOnly: false,
    mmrSysUpdatedTime: '',
    leverageSysUpdatedTime: '',
    sessionAvgPrice: '',
    createdTime: String(p.updateTime || now),
    updatedTime: String(p.updateTime || now),
  };
}

/** One unified account as `GET /v5/account/wallet-balance` lists it (and the `wallet` topic pushes it). */
export function walletJson(a: AccountState, marks: Map<string, string>, market: Market, only?: readonly string[]): Row {
  const mm = accountRisk(a, market).maint;
  let upl = '0';
  let im = '0';
  for (const [symbol, mark] of marks) {
    upl = D.add(upl, a.unrealized(symbol, mark));
    im = D.add(im, D.add(a.positionMargin(symbol, mark), a.orderMargin.get(symbol) ?? '0'));
  }
  const available = money(a.available(marks));
  const coins = [...a.balances.entries()]
    .filter(([coin]) => only === undefined || only.includes(coin))
    .map(([coin, cash]) => {
      const usdt = coin === 'USDT';
      return {
        coin,
        equity: usdt ? money(D.add(cash, upl)) : money(cash),
        usdValue: usdt ? money(D.add(cash, upl)) : money(cash),
        walletBalance: money(cash),
        free: '',
        locked: '0',
        spotHedgingQty: '0',
        borrowAmount: '0',
        availableToWithdraw: '',
        accruedInterest: '0',
        totalOrderIM: usdt ? money(D.sum([...a.orderMargin.values()])) : '0',
        totalPositionIM: usdt ? money(D.sub(im, D.sum([...a.orderMargin.values()]))) : '0',
        totalPositionMM: usdt ? money(mm) : '0',
        unrealisedPnl: usdt ? money(upl) : '0',
        cumRealisedPnl: usdt ? money(D.sum([...a.realized.values()])) : '0',
        bonus: '0',
        marginCollateral: true,
        collateralSwitch: true,
        availableToBorrow: '',
      };
    });
  const equity = money(D.add(a.wallet(), upl));
  return {
    accountType: 'UNIFIED',
    accountLTV: '0',
    accountIMRate: D.sign(equity) > 0 ? D.toFixed(D.div(im, equity, 8, 'half_up'), 4, 'half_up') : '0',
    accountMMRate: D.sign(equity) > 0 ? D.toFixed(D.div(mm, equity, 8, 'half_up'), 4, 'half_up') : '0',
    totalEquity: equity,
    totalWalletBalance: money(a.wallet()),
    totalMarginBalance: equity,
    totalAvailableBalance: available,
    totalPerpUPL: money(upl),
    totalInitialMargin: money(im),
    totalMaintenanceMargin: money(mm),
    accountIMRateByMp: '0',
    accountMMRateByMp: '0',
    totalInitialMarginByMp: money(im),
    totalMaintenanceMarginByMp: '0',
    coin: coins,
  };
}
