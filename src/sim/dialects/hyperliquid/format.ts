// Hyperliquid JSON shapes of the sim's state: the universe (a coin per listed symbol, named by its
// base asset, numbered in listing order), orders as `orderStatus` / `frontendOpenOrders` /
// `orderUpdates` show them, fills as `userFills` shows them, and the `clearinghouseState` of an
// account. Written from the venue's info-endpoint docs, independently of any client parser.
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { AccountState } from '../../matching/accounts.js';
import { accountRisk, positionRisk } from '../../matching/margin.js';
import type { Fill, Order } from '../../matching/orders.js';

export interface Coin {
  coin: string;
  index: number;
  /** Size decimals: the symbol's quantity precision. */
  szDecimals: number;
  spec: SymbolSpec;
}

export interface Universe {
  list: Coin[];
  byCoin: Map<string, Coin>;
  bySymbol: Map<string, Coin>;
}

export function universeOf(core: SimCore): Universe {
  const list = [...core.market.symbols.values()].map((m, index) => ({
    coin: m.spec.baseAsset,
    index,
    szDecimals: m.spec.quantityPrecision,
    spec: m.spec,
  }));
  return {
    list,
    byCoin: new Map(list.map((c) => [c.coin, c])),
    bySymbol: new Map(list.map((c) => [c.spec.symbol, c])),
  };
}

const n = (x: string): string => D.normalize(x);

export const SIDE: Record<'BUY' | 'SELL', 'B' | 'A'> = { BUY: 'B', SELL: 'A' };
const TIF: Record<string, string> = { GTC: 'Gtc', IOC: 'Ioc', GTX: 'Alo', FOK: 'Ioc' };

/** The venue's status word for an order (cancel reasons the dialect knows override `canceled`). */
export function statusWord(o: Order, cancelReason: string | undefined): string {
  switch (o.status) {
    case 'NEW':
    case 'PARTIALLY_FILLED':
      return 'open';
    case 'FILLED':
      return 'filled';
    default:
      return cancelReason ?? 'canceled';
  }
}

/** `orderUpdates` / `openOrders` basic order. `sz` is what is left. */
export function basicOrder(o: Order, coin: string, cloid: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    coin,
    side: SIDE[o.side],
    limitPx: n(o.price),
    sz: n(D.sub(o.origQty, o.executedQty)),
    oid: o.orderId,
    timestamp: o.time,
    origSz: n(o.origQty),
  };
  if (cloid !== undefined) out.cloid = cloid;
  return out;
}

/** `frontendOpenOrders` / `orderStatus` order: the basic one plus type, tif and flags. */
export function frontendOrder(o: Order, coin: string, cloid: string | undefined): Record<string, unknown> {
  return {
    ...basicOrder(o, coin, cloid),
    orderType: 'Limit',
    tif: TIF[o.timeInForce] ?? null,
    reduceOnly: o.reduceOnly,
    isTrigger: false,
    triggerPx: '0.0',
    triggerCondition: 'N/A',
    isPositionTpsl: false,
    children: [],
  };
}

/** Direction words of a fill given the position before it. */
export function direction(start: string, side: 'BUY' | 'SELL', qty: string): string {
  if (side === 'BUY') {
    if (D.sign(start) >= 0) return 'Open Long';
    return D.lte(D.add(start, qty), '0') ? 'Close Short' : 'Short > Long';
  }
  if (D.sign(start) <= 0) return 'Open Short';
  return D.gte(D.sub(start, qty), '0') ? 'Close Long' : 'Long > Short';
}

/** A `userFills` fill; `startPosition` is the signed position before it. */
export function fillJson(f: Fill, coin: string, startPosition: string): Record<string, unknown> {
  return {
    coin,
    px: n(f.price),
    sz: n(f.qty),
    side: SIDE[f.side],
    time: f.time,
    startPosition: n(startPosition),
    dir: direction(startPosition, f.side, f.qty),
    closedPnl: n(f.realizedPnl),
    hash: `0x${f.tradeId.toString(16).padStart(64, '0')}`,
    oid: f.orderId,
    crossed: !f.maker,
    fee: n(f.commission),
    tid: f.tradeId,
    feeToken: 'USDC',
  };
}

/** `clearinghouseState`: cross margin, one-way positions, USDC as the sim's wallet asset. */
export function clearinghouse(core: SimCore, account: AccountState | undefined, universe: Universe): Record<string, unknown> {
  const time = core.clock.now();
  if (account === undefined) {
    const zero = { accountValue: '0.0', totalNtlPos: '0.0', totalRawUsd: '0.0', totalMarginUsed: '0.0' };
    return { marginSummary: zero, crossMarginSummary: zero, crossMaintenanceMarginUsed: '0.0', withdrawable: '0.0', assetPositions: [], time };
  }
  const marks = core.engine.marks();
  let upnl = '0';
  let ntl = '0';
  let signedNtl = '0';
  let margin = '0';
  const assetPositions: unknown[] = [];
  for (const [symbol, p] of account.positions) {
    const coin = universe.bySymbol.get(symbol);
    const mark = marks.get(symbol);
    if (coin === undefined || mark === undefined || D.isZero(p.amount)) continue;
    const risk = positionRisk(account, core.market, symbol);
    const u = risk.upnl;
    const value = D.mul(D.abs(p.amount), mark);
    const used = risk.mode === 'isolated' ? D.add(risk.margin, u) : risk.margin;
    upnl = D.add(upnl, u);
    ntl = D.add(ntl, value);
    signedNtl = D.add(signedNtl, D.mul(p.amount, mark));
    margin = D.add(margin, used);
    assetPositions.push({
      type: 'oneWay',
      position: {
        coin: coin.coin,
        szi: n(p.amount),
        leverage:
          risk.mode === 'isolated'
            ? { type: 'isolated', value: risk.leverage, rawUsd: n(D.sub(risk.margin, D.mul(p.amount, p.entryPrice))) }
            : { type: 'cross', value: risk.leverage },
        entryPx: n(p.entryPrice),
        positionValue: n(value),
        unrealizedPnl: n(u),
        returnOnEquity: D.isZero(used) ? '0.0' : n(D.div(u, used, 8, 'half_even')),
        liquidationPx: risk.liquidation === undefined ? null : n(risk.liquidation),
        marginUsed: n(used),
        maxLeverage: coin.spec.maxLeverage,
        cumFunding: { allTime: '0.0', sinceOpen: '0.0', sinceChange: '0.0' },
      },
    });
  }
  const accountValue = D.add(account.wallet(), upnl);
  const summary = {
    accountValue: n(accountValue),
    totalNtlPos: n(ntl),
    totalRawUsd: n(D.sub(accountValue, signedNtl)),
    totalMarginUsed: n(margin),
  };
  const available = account.available(marks);
  return {
    marginSummary: summary,
    crossMarginSummary: summary,
    crossMaintenanceMarginUsed: n(accountRisk(account, core.market).maint),
    withdrawable: n(D.sign(available) > 0 ? available : '0'),
    assetPositions,
    time,
  };
}

/** One side of the book as `l2Book` / `bbo` levels. */
export function levels(list: ReadonlyArray<{ price: string; qty: string }>, depth: number): Array<Record<string, unknown>> {
  return list
    .filter((l) => !D.isZero(l.qty))
    .slice(0, depth)
    .map((l) => ({ px: n(l.price), sz: n(l.qty), n: 1 }));
}
