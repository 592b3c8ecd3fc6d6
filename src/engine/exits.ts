/**
 * The trader's fast exits, sized from the position as the venue reports it when they are sent:
 * a share of the position (reduce-only at market; the venue caps it, so a racing fill never flips
 * the position) and a reverse (the position closed reduce-only, then, once the venue says flat,
 * what that close took opened on the other side, judged by the guard). docs/orders.md "Fast exits".
 */
import { closeSize, isValidPercent } from '../core/close-size.js';
import { abs, eq, isZero, normalize, sign } from '../core/decimal.js';
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

/**
 * Reverse in two steps, never one order of twice the position: sized once from a read, that order
 * doubled the exposure when a reduce-only fill (a target, a close) shrank the position on its way.
 * First a reduce-only close of the position read (the venue caps it at what is left, as for
 * closePart); then, only once the venue reports the position flat, the other side opened for what
 * that close actually took. A racing fill can only make the new side smaller, never larger.
 */
export async function reverse(d: ExitDeps): Promise<ActionResult> {
  const position = await livePosition(d);
  if (position === undefined) return { ok: false, error: `no ${d.symbol} position to reverse` };
  const side = sign(position.qty) > 0 ? 'sell' : 'buy';
  const close = d.orders.place({ symbol: d.symbol, side, type: 'market', qty: abs(position.qty), reduceOnly: true, postOnly: false });
  const closed = await close.settled;
  const took = normalize(closed.filledQty);
  if (isZero(took)) {
    const why = closed.reason === undefined ? closed.state : `${closed.state}: ${closed.reason}`;
    return { ok: false, error: `reverse ${d.symbol}: its close took nothing (${why}); nothing opened` };
  }
  const left = await livePosition(d);
  if (left !== undefined) {
    return { ok: false, error: `reverse ${d.symbol}: closed ${took}, but ${left.qty} is still open; the other side was not opened` };
  }
  const ticket: OrderTicket = { symbol: d.symbol, side, type: 'market', qty: took, reduceOnly: false, postOnly: false };
  // It opens the other side: judged by the guard like any order that opens a position.
  const placed = await d.place(ticket, { confirmed: true });
  if (!placed.ok) return { ok: false, error: `reverse ${d.symbol}: closed ${took}, the other side not opened: ${placed.error}` };
  return { ...placed, message: `reversing ${d.symbol}: closed ${took} reduce-only, then ${side.toUpperCase()} ${took} at market` };
}
