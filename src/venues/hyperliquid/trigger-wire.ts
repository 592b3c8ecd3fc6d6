/**
 * Hyperliquid trigger orders: a protective order is an order wire whose type is
 * `{trigger: {isMarket: true, triggerPx, tpsl}}` (key order as the SDK signs it: isMarket,
 * triggerPx, tpsl; `tpsl` "sl" for a stop, "tp" for a take-profit), sent with grouping "na". It
 * fires on the mark price (the only price Hyperliquid triggers on) and then executes as a market
 * order under the same oid; `p` is the worst price that market order may fill at, which the venue
 * wants at or beyond the trigger: the trigger moved by the market slippage away from it.
 * A whole-position TP/SL (`closePosition`) is the same wire with size 0, reduce-only, sent with
 * grouping "positionTpsl": the venue ties it to the position and closes all of it, whatever its
 * size when the mark crosses (and drops it once the position is closed).
 */
import { add, mul, sub } from '../../core/decimal.js';
import type { OrderIntent } from '../../core/types.js';
import { InvalidIntentError } from '../shared/errors.js';
import { floatToWire } from './float-to-wire.js';
import { roundToGrid } from './prices.js';

export interface TriggerWire {
  /** The limit price of the wire: the worst fill of the triggered market order. */
  price: string;
  t: { trigger: { isMarket: true; triggerPx: string; tpsl: 'sl' | 'tp' } };
  /** The wire's size: the intent's, or "0" for the whole position. */
  size: string;
  grouping: 'na' | 'positionTpsl';
}

export function triggerWire(intent: OrderIntent, szDecimals: number, slippage: string): TriggerWire {
  const t = intent.trigger!;
  if (intent.type !== 'market') throw new InvalidIntentError(`protective order ${intent.clientOrderId} must execute at market`);
  if (t.by !== 'mark') throw new InvalidIntentError(`Hyperliquid triggers on the mark price only, not the ${t.by} price`);
  const buy = intent.side === 'buy';
  const worst = mul(t.price, buy ? add('1', slippage) : sub('1', slippage));
  const whole = intent.closePosition === true;
  return {
    price: roundToGrid(worst, szDecimals, buy),
    t: { trigger: { isMarket: true, triggerPx: floatToWire(t.price), tpsl: t.kind === 'stop' ? 'sl' : 'tp' } },
    size: whole ? '0' : floatToWire(intent.qty),
    grouping: whole ? 'positionTpsl' : 'na',
  };
}
