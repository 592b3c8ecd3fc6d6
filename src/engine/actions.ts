/**
 * What the cockpit may ask of the engine: the engine implements these (and feeds the results
 * back as events, see events.ts). Every call returns at once with an outcome the views show in
 * their message line; the lasting effect arrives through the store (the order shows up in Open
 * orders, the fill in Fills). The store re-exports them as part of `CockpitActions`.
 */
import type { AmendChange } from '../core/amend-target.js';
import type { SpotAmount } from '../core/spot-flatten.js';
import type { DecimalString, MarginMode, OrderType, Side, Trigger } from '../core/types.js';

/**
 * An order as the ticket built it: validated by the views (size > 0, price on the tick, within
 * the balance), but still checked again by the engine. No client order id: the engine's order
 * manager fixes it before the first send (invariant 4) and returns it.
 */
export interface OrderTicket {
  symbol: string;
  side: Side;
  type: OrderType;
  qty: DecimalString;
  /** Required for limit, absent for market. */
  price?: DecimalString;
  reduceOnly: boolean;
  postOnly: boolean;
  /** A limit that takes what crosses now and cancels the rest (absent: it rests until cancelled). */
  timeInForce?: 'ioc';
}

export interface ProtectOptions {
  /**
   * The venue's close-position order (Binance closePosition, OKX closeFraction 1, Hyperliquid a
   * positionTpsl of size 0, Bybit qty 0 with closeOnTrigger): it closes the whole position as it is
   * when the trigger fires, so a position that grew after it was placed is still covered.
   */
  closePosition?: boolean;
  /**
   * The symbol to protect instead of the session's (the signal runner: a proposal's bracket stays on
   * its own symbol when `:sym` moved meanwhile). Its tick is not checked (the session's instrument
   * is the only one loaded).
   */
  symbol?: string;
  /**
   * The size to cover instead of the whole position (the signal runner: exactly what Enter showed,
   * not a same-side position it was added to); never more than the position.
   */
  qty?: string;
}

export interface FlattenOptions {
  /** Spot only: what this session bought, or all the base that is free; absent: the smaller (core/spot-flatten.ts). */
  amount?: SpotAmount;
}

/** Outcome of an action. `clientOrderId` on place; `message` is shown to the trader as is. */
export type ActionResult =
  | { ok: true; clientOrderId?: string; message?: string }
  | { ok: false; error: string; confirm?: true };

/**
 * How a place is asked. `confirmed`: the trader answered yes to the guard's question about this very
 * ticket (a result with `confirm: true` asks it; its `error` is the question).
 */
export interface PlaceOptions {
  confirmed?: boolean;
}

export interface CancelAllOptions {
  /** 'keep' (the default) leaves protective orders on the venue; 'include' cancels them too. */
  protective?: 'keep' | 'include';
}

export interface EngineActions {
  /** Place one order; resolves with its client order id once the engine has tracked it. */
  place(ticket: OrderTicket, options?: PlaceOptions): Promise<ActionResult>;
  cancel(clientOrderId: string): Promise<ActionResult>;
  /**
   * Moves a resting limit order (a typed price, ticks up or down, a new total quantity) through the
   * venue's modify endpoint, keeping its client order id; sent at most once (engine/amend.ts).
   */
  amend(clientOrderId: string, change: AmendChange): Promise<ActionResult>;
  /**
   * Cancel every open order of the session's symbol. Protective orders (stops, take-profits) stay
   * unless `protective` is 'include': a panic cancel-all must not strip the stop.
   */
  cancelAll(options?: CancelAllOptions): Promise<ActionResult>;
  /**
   * A protective order on the venue (`:stop PRICE`, `:tp PRICE`): reduce-only, at market once the
   * mark price crosses `price`, sized to the session symbol's position when sent — or, with
   * `closePosition` (`:stop PRICE all`), the venue's close-position order, which closes whatever
   * the position is when it fires.
   */
  protect(kind: Trigger['kind'], price: DecimalString, options?: ProtectOptions): Promise<ActionResult>;
  /** A stop and a take-profit around the position (`:bracket STOP TARGET`), each sized to all of it. */
  bracket(stop: DecimalString, target: DecimalString): Promise<ActionResult>;
  /**
   * Reduce-only market order(s) closing the session symbol's position; once flat, its protective
   * orders are cancelled. On a spot session (no position): one market sell of the base, the amount
   * as the cockpit's `:flatten [session|all]` plans it (docs/spot.md), sent without asking.
   */
  flatten(options?: FlattenOptions): Promise<ActionResult>;
  /**
   * Closes `percent` (above 0, at most 100) of the session symbol's position as the venue holds it
   * now, at market, reduce-only: never flips it, even when a fill races the close.
   */
  closePart(percent: string): Promise<ActionResult>;
  /** One market order of twice the live position, the other way: long becomes short (and back). */
  reverse(): Promise<ActionResult>;
  /** Drop and re-open every socket now (resync follows, as after any reconnect). */
  reconnect(): Promise<ActionResult>;
  /** Arm the dead-man's switch if disarmed, disarm it if armed. */
  toggleDeadman(): Promise<ActionResult>;
  /** Read the account's leverage for the session's symbol from the venue again (it arrives as an event). */
  readLeverage(): Promise<ActionResult>;
  /** Set the account's leverage for the session's symbol on the venue, then read what it holds. */
  setLeverage(leverage: number): Promise<ActionResult>;
  /** Set cross or isolated margin (for the symbol, or the account where the venue has one mode). */
  setMarginMode(mode: MarginMode): Promise<ActionResult>;
  /**
   * `:sym SYMBOL`, the `/` picker: the ticket, cancel-all, flatten, close and protection follow this
   * symbol (the venue's spelling, matched case-insensitively) from now on; a `session` event brings
   * its instrument, its leverage is read, its market stream is subscribed. Unknown: an error
   * naming the closest symbols the venue lists.
   */
  setSymbol(symbol: string): Promise<ActionResult>;
  /**
   * The selected row's symbol (undefined: none): its market stream is subscribed beside the
   * ticket's, so the market pane can follow the row; no other symbol's is.
   */
  showSymbol(symbol: string | undefined): Promise<ActionResult>;
}
