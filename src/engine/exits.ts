/**
 * The trader's fast exits, sized from the position as the venue reports it when they are sent:
 * a share of the position (reduce-only at market; the venue caps it, so a racing fill never flips
 * the position) and a reverse (one market order of twice the position, judged by the guard).
 * docs/orders.md "Fast exits".
 */
import { closeSize, isValidPercent } from '../core/close-size.js';
import { abs, eq, mul, normalize, sign } from '../core/decimal.js';
import type { Instrument } from '../core/types.js';
import type { RestAdapter } from '../venues/venue.js';
import type { ActionResult, OrderTicket, PlaceOptions } from './actions.js';
import type { OrderManager } from './orders.js';
import type { RestExecutor } from './rest.js';
import { livePosition } from './live-position.js';

export interface ExitDeps {
  symbol: string;
  adapter: Pick<RestAdapter, 'positions'>;
  rest: Pick<RestExecutor, 'run'>;
  orders: Pick<OrderManager, 'place'>;
  /** The session symbol's instrument, when loaded. */
  instrument(): Instrument | undefined;
  /** A reference price for a market order (a REST quote when none has streamed). */
  ensurePrice(): Promise<void>;
  flatten(): Promise<ActionResult>;
  place(ticket: OrderTicket, options: PlaceOptions): Promise<ActionResult>;
}

/** The session symbol's position as the venue reports it now (critical lane); undefined when flat. */
export async function closePart(d: ExitDeps, percent: string): Promise<ActionResult> {
  if (!isValidPercent(percent)) return { ok: false, error: `close takes a percent above 0 and at most 100, not '${percent}'` };
  if (eq(percent, '100')) return d.flatten();
  await d.ensurePrice();
  const position = await livePosition(d);
  const size = closeSize(position?.qty ?? '0', percent, d.instrument()?.stepSize);
  if (size === 'flat') return { ok: true, message: `${d.symbol}: already flat` };
  if (size === 'below-step') {
    return { ok: false, error: `${percent} % of ${abs(position!.qty)} ${d.symbol} is less than one size step: nothing sent (:close 100% closes it all)` };
  }
  const tracked = d.orders.place({ symbol: d.symbol, side: size.side, type: 'market', qty: size.qty, reduceOnly: true, postOnly: false });
  const { clientOrderId } = tracked.intent;
  return { ok: true, clientOrderId, message: `closing ${percent} % of ${d.symbol}: ${size.side.toUpperCase()} ${size.qty} at market, reduce-only` };
}

export async function reverse(d: ExitDeps): Promise<ActionResult> {
  const position = await livePosition(d);
  if (position === undefined) return { ok: false, error: `no ${d.symbol} position to reverse` };
  const ticket: OrderTicket = {
    symbol: d.symbol,
    side: sign(position.qty) > 0 ? 'sell' : 'buy',
    type: 'market',
    qty: normalize(mul(abs(position.qty), '2')),
    reduceOnly: false,
    postOnly: false,
  };
  // It opens the other side: judged by the guard like any order that opens a position.
  const placed = await d.place(ticket, { confirmed: true });
  if (!placed.ok) return placed;
  return { ...placed, message: `reversing ${d.symbol}: ${ticket.side.toUpperCase()} ${ticket.qty} at market` };
}
