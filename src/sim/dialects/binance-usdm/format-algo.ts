// Binance USD-M algo (conditional) order shapes: the New / Query / open-orders replies of the Algo Order API
// and the ALGO_UPDATE user-stream event, field names and order as the venue's docs and official connector
// give them (the engine's trigger states are the venue's algoStatus words). A conditional order's market order shows in ORDER_TRADE_UPDATE like any other (format.ts).
import * as D from '../../../core/decimal.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { TriggerOrder } from '../../matching/triggers.js';
import { px, qty } from './format.js';

const workingType = (t: TriggerOrder) => (t.triggerBy === 'mark' ? 'MARK_PRICE' : 'CONTRACT_PRICE');
const closes = (t: TriggerOrder) => t.quantity === undefined;
const price = (s: SymbolSpec) => D.toFixed('0', s.pricePrecision, 'half_up');

/** `POST /fapi/v1/algoOrder` reply. */
export function newAlgoJson(t: TriggerOrder, s: SymbolSpec): Record<string, unknown> {
  return {
    algoId: t.triggerId,
    clientAlgoId: t.clientId,
    algoType: 'CONDITIONAL',
    orderType: t.type,
    symbol: t.symbol,
    side: t.side,
    positionSide: 'BOTH',
    timeInForce: 'GTC',
    quantity: qty(t.quantity ?? '0', s),
    algoStatus: t.status,
    triggerPrice: px(t.triggerPrice, s),
    price: price(s),
    icebergQuantity: null,
    selfTradePreventionMode: 'EXPIRE_MAKER',
    workingType: workingType(t),
    priceMatch: 'NONE',
    closePosition: closes(t),
    priceProtect: t.meta.priceProtect === 'true',
    reduceOnly: t.reduceOnly,
    activatePrice: '',
    callbackRate: '',
    createTime: t.time,
    updateTime: t.updateTime,
    triggerTime: t.triggerTime,
    goodTillDate: 0,
  };
}

/** `GET /fapi/v1/algoOrder`, `openAlgoOrders`, `allAlgoOrders` rows. */
export function algoJson(t: TriggerOrder, s: SymbolSpec): Record<string, unknown> {
  return {
    algoId: t.triggerId,
    clientAlgoId: t.clientId,
    algoType: 'CONDITIONAL',
    orderType: t.type,
    symbol: t.symbol,
    side: t.side,
    positionSide: 'BOTH',
    timeInForce: 'GTC',
    quantity: qty(t.quantity ?? '0', s),
    algoStatus: t.status,
    actualOrderId: t.orderId === undefined ? '' : String(t.orderId),
    actualPrice: D.toFixed(t.avgPrice, Math.max(5, s.pricePrecision), 'half_up'),
    actualType: 'MARKET',
    actualQty: qty(t.executedQty, s),
    triggerPrice: px(t.triggerPrice, s),
    price: price(s),
    icebergQuantity: null,
    tpOrderType: '',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    workingType: workingType(t),
    priceMatch: 'NONE',
    closePosition: closes(t),
    priceProtect: t.meta.priceProtect === 'true',
    reduceOnly: t.reduceOnly,
    createTime: t.time,
    updateTime: t.updateTime,
    triggerTime: t.triggerTime,
    goodTillDate: 0,
  };
}

/** Why the venue refused the market order a conditional order sent (ALGO_UPDATE `rm`). */
function rejectWords(t: TriggerOrder): string {
  const why = t.rejected?.reject;
  if (why === 'reduce-only') return 'Reduce Only reject';
  if (why === 'insufficient-margin') return 'Margin is insufficient';
  return why ?? '';
}

/** The ALGO_UPDATE event (`T` event time, `E` transaction time, as the venue's example labels them). */
export function algoUpdate(t: TriggerOrder, s: SymbolSpec, now: number): string {
  const fired = t.orderId !== undefined;
  return JSON.stringify({
    e: 'ALGO_UPDATE',
    T: now,
    E: t.updateTime,
    o: {
      caid: t.clientId,
      aid: t.triggerId,
      at: 'CONDITIONAL',
      o: t.type,
      s: t.symbol,
      S: t.side,
      ps: 'BOTH',
      f: 'GTC',
      q: qty(t.quantity ?? '0', s),
      X: t.status,
      ai: fired ? String(t.orderId) : '',
      ap: D.toFixed(t.avgPrice, Math.max(5, s.pricePrecision), 'half_up'),
      aq: qty(t.executedQty, s),
      act: fired ? 'MARKET' : '0',
      tp: px(t.triggerPrice, s),
      p: price(s),
      V: 'EXPIRE_MAKER',
      wt: workingType(t),
      pm: 'NONE',
      cp: closes(t),
      pP: t.meta.priceProtect === 'true',
      R: t.reduceOnly,
      tt: t.triggerTime,
      gtd: 0,
      rm: rejectWords(t),
    },
  });
}
