// Bybit v5 conditional orders (BYD `order/create-order.mdx`): a `/v5/order/create` with `triggerPrice`
// becomes a conditional order held in the shared trigger book — `triggerDirection` 1 fires when the price
// rises to it, 2 when it falls to it, on `triggerBy` LastPrice (default) or MarkPrice — and sends a market
// order when it fires, shown under the conditional order's own orderId (Untriggered → Triggered → New /
// Filled, or Deactivated when cancelled first). `qty` "0" with reduceOnly and closeOnTrigger closes the
// whole position. Limit conditional orders, IndexPrice triggers and attached TP/SL are not served.
import * as D from '../../../core/decimal.js';
import type { SymbolSpec } from '../../market/symbols.js';
import type { Order } from '../../matching/orders.js';
import { isTriggerReject, type TriggerOrder, type TriggerType } from '../../matching/triggers.js';
import { BybitError, errors, rejectError } from './errors.js';
import { type OrderExtras, orderJson } from './format.js';
import type { Ctx } from './route.js';
import { accountOf } from './route.js';

type Row = Record<string, unknown>;

/** Active conditional orders an account may hold per symbol (BYD create-order: 10). */
const MAX_PER_SYMBOL = 10;
const LINK_ID = /^[A-Za-z0-9_-]{1,36}$/;
const TRIGGER_BY: Readonly<Record<string, 'last' | 'mark'>> = { LastPrice: 'last', MarkPrice: 'mark' };

/** Which engine kind a direction and side make: a buy on the way up is a stop, a sell on the way up a take-profit. */
function kindOf(rises: boolean, buy: boolean): TriggerType {
  return rises === buy ? 'STOP_MARKET' : 'TAKE_PROFIT_MARKET';
}

const risesOf = (t: TriggerOrder) => (t.type === 'STOP_MARKET') === (t.side === 'BUY');
const triggerByWord = (t: TriggerOrder) => (t.triggerBy === 'mark' ? 'MarkPrice' : 'LastPrice');

/** 110092 / 110093: the trigger is already on the wrong side of the price it watches. */
function crossedError(rises: boolean, triggerPrice: string, current: string, byName: string): BybitError {
  const [code, word, cmp] = rises ? [110092, 'Rising', '<='] : [110093, 'Falling', '>='];
  return new BybitError(200, code, `expect ${word}, but trigger_price[${D.normalize(triggerPrice)}] ${cmp} current[${D.normalize(current)}]??${byName}`);
}

/** The venue's refusal of a moved trigger the price has already crossed. */
export function amendCrossedError(t: TriggerOrder, triggerPrice: string, current: string): BybitError {
  return crossedError(risesOf(t), triggerPrice, current, triggerByWord(t));
}

/** Places a conditional order from the create-order parameters; returns the reply's ids. */
export function placeConditional(ctx: Ctx, spec: SymbolSpec): Row {
  const p = ctx.params;
  for (const name of ['takeProfit', 'stopLoss', 'tpslMode', 'tpLimitPrice', 'slLimitPrice'])
    if (p.has(name)) throw errors.param(`params error: ${name} is not served by this venue (no attached TP/SL)`);
  const side = p.require('side');
  if (side !== 'Buy' && side !== 'Sell') throw errors.invalid('side');
  const orderType = p.require('orderType');
  if (orderType === 'Limit') throw errors.param('params error: conditional Limit orders are not served by this venue (Market only)');
  if (orderType !== 'Market') throw errors.invalid('orderType');
  const positionIdx = p.get('positionIdx');
  if (positionIdx !== undefined && positionIdx !== '0') throw errors.param('position idx not match position mode');
  const triggerPrice = p.decimal('triggerPrice', true)!;
  const direction = p.get('triggerDirection');
  if (direction !== '1' && direction !== '2') throw errors.invalid('triggerDirection');
  const byName = p.get('triggerBy') ?? 'LastPrice';
  const by = TRIGGER_BY[byName];
  if (by === undefined) throw errors.param(`params error: triggerBy ${byName} is not served by this venue (LastPrice, MarkPrice)`);
  const reduceOnly = p.bool('reduceOnly');
  const closeOnTrigger = p.bool('closeOnTrigger');
  const qty = p.decimal('qty', true)!;
  // qty "0" with reduceOnly and closeOnTrigger: close the position, whatever its size.
  const whole = D.isZero(qty) && reduceOnly && closeOnTrigger;
  const linkId = p.get('orderLinkId') ?? '';
  if (linkId !== '' && !LINK_ID.test(linkId)) throw errors.invalid('orderLinkId');
  const account = accountOf(ctx);
  const used = ctx.services.usedLinkIds(account.id);
  if (linkId !== '' && used.has(linkId)) throw errors.duplicateLinkId();
  const m = ctx.core.market.get(spec.symbol)!;
  const current = by === 'mark' ? m.mark : m.stats.last;
  const rises = direction === '1';
  if (rises ? D.lte(triggerPrice, current) : D.gte(triggerPrice, current)) throw crossedError(rises, triggerPrice, current, byName);
  if (ctx.core.engine.triggers.open(account.id, spec.symbol).length >= MAX_PER_SYMBOL)
    throw new BybitError(200, 110009, 'The number of stop orders exceeds the maximum allowable limit');
  const placed = ctx.core.engine.triggers.place(account.id, {
    symbol: spec.symbol,
    side: side === 'Buy' ? 'BUY' : 'SELL',
    type: kindOf(rises, side === 'Buy'),
    triggerPrice,
    triggerBy: by,
    quantity: whole ? undefined : qty,
    reduceOnly: reduceOnly || closeOnTrigger,
    clientId: linkId,
    refuseWithoutPosition: true,
    meta: { closeOnTrigger: String(closeOnTrigger) },
  });
  if (isTriggerReject(placed)) {
    if (placed.reject === 'would-trigger' || placed.reject === 'max-open-triggers') throw errors.invalid('triggerPrice');
    throw rejectError(placed);
  }
  if (linkId !== '') used.add(linkId);
  return { orderId: String(placed.triggerId), orderLinkId: placed.clientId };
}

const STATUS: Readonly<Record<TriggerOrder['status'], string>> = {
  NEW: 'Untriggered',
  TRIGGERING: 'Triggered',
  TRIGGERED: 'Triggered',
  FINISHED: 'Triggered',
  CANCELED: 'Deactivated',
  EXPIRED: 'Deactivated',
  REJECTED: 'Rejected',
};

/**
 * The order row of a conditional order: before it fires, its own fields (Untriggered, Deactivated,
 * Rejected); once its market order exists, that order's row under the conditional order's id.
 */
export function conditionalJson(t: TriggerOrder, sent: Order | undefined, s: SymbolSpec, extras: OrderExtras = {}): Row {
  const shown: Order = sent === undefined
    ? {
        orderId: t.triggerId,
        clientOrderId: t.clientId,
        accountId: t.accountId,
        symbol: t.symbol,
        side: t.side,
        type: 'MARKET',
        timeInForce: 'IOC',
        origQty: t.quantity ?? '0',
        price: '0',
        executedQty: '0',
        cumQuote: '0',
        status: 'NEW',
        reduceOnly: t.reduceOnly,
        time: t.time,
        updateTime: t.updateTime,
      }
    : { ...sent, orderId: t.triggerId, clientOrderId: t.clientId };
  const row = orderJson(shown, s, extras);
  const fields = {
    stopOrderType: 'Stop',
    triggerPrice: D.normalize(t.triggerPrice),
    triggerDirection: risesOf(t) ? 1 : 2,
    triggerBy: triggerByWord(t),
    closeOnTrigger: t.meta.closeOnTrigger === 'true',
    reduceOnly: t.reduceOnly,
  };
  // Deactivated: cancelled before it fired; Rejected: its market order was refused when it fired.
  if (sent === undefined)
    return { ...row, ...fields, orderStatus: STATUS[t.status], cancelType: t.status === 'CANCELED' ? (extras.cancelType ?? 'CancelByUser') : 'UNKNOWN' };
  return { ...row, ...fields };
}
