/**
 * Bybit v5 conditional orders: a protective order is a `/v5/order/create` market order with a
 * `triggerPrice`, a `triggerDirection` (1: fires when the price rises to it, 2: when it falls to it)
 * and a `triggerBy` (MarkPrice or LastPrice), reduce-only — or `qty` "0" with `closeOnTrigger` to
 * close whatever the position is. It keeps its orderId and orderLinkId when it fires (Untriggered →
 * Triggered → New / Filled): unlike the algo venues it fills under its own id. Conditional orders are
 * listed and cancelled apart with `orderFilter=StopOrder`; the adapter's cancel-all and open-orders
 * ask for `orderFilter=Order`, so a cancel-all keeps the stops.
 */
import type { Trigger } from '../../core/types.js';
import { type Obj, nonEmpty, optStr } from '../shared/fields.js';

/** A long's stop falls to its trigger, a long's take-profit rises to it; a short's the other way. */
export function triggerDirection(side: 'buy' | 'sell', kind: Trigger['kind']): 1 | 2 {
  return (kind === 'stop') === (side === 'buy') ? 1 : 2;
}

const BY_WIRE: Readonly<Record<Trigger['by'], string>> = { mark: 'MarkPrice', last: 'LastPrice' };
const BY: Readonly<Record<string, Trigger['by']>> = { MarkPrice: 'mark', LastPrice: 'last', IndexPrice: 'mark' };

/** The fields a protective intent adds to the create body. */
export function conditionalFields(side: 'buy' | 'sell', trigger: Trigger, closePosition: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    triggerPrice: trigger.price,
    triggerDirection: triggerDirection(side, trigger.kind),
    triggerBy: BY_WIRE[trigger.by],
  };
  if (closePosition) fields['closeOnTrigger'] = true;
  return fields;
}

/**
 * The trigger of an order row (REST or the order topic), when it is a conditional order: a
 * `stopOrderType` and a `triggerPrice` other than ''/0. The kind follows from side and direction.
 */
export function triggerOf(o: Obj, side: 'buy' | 'sell'): Trigger | undefined {
  const type = nonEmpty(o, 'stopOrderType');
  const price = nonEmpty(o, 'triggerPrice');
  if (type === undefined || price === undefined || Number(price) === 0) return undefined;
  const direction = Number(o['triggerDirection']);
  const rises = direction === 1;
  const kind: Trigger['kind'] = rises === (side === 'buy') ? 'stop' : 'take_profit';
  return { kind, price, by: BY[optStr(o, 'triggerBy') ?? 'LastPrice'] ?? 'last' };
}
