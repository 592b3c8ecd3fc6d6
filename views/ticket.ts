/**
 * The order ticket as data: open it prefilled from the book, move it by ticks, pick a size
 * preset, type a value, and check it BEFORE anything is sent. A ticket that fails the check gets
 * a message and never becomes a request. All arithmetic is exact on decimal strings.
 */
import {
  DecimalError,
  add,
  cmp,
  div,
  isDecimal,
  isZero,
  mul,
  normalize,
  sign,
  sub,
} from '../src/core/decimal.js';
import { isOnStep, roundPrice, roundToStep, stepDecimals } from '../src/core/rounding.js';
import type { Instrument, OrderType, Side } from '../src/core/types.js';
import type { OrderTicket } from '../src/store/actions.js';

export interface TicketDraft {
  side: Side;
  type: OrderType;
  qty: string;
  /** The limit price; kept while the ticket is on market so that `m` toggles back to it. */
  price: string;
  reduceOnly: boolean;
  /** 1-based preset the size came from, or null after typing one. */
  preset: number | null;
  /** A value being typed after `p` or `z`. */
  editing: { field: 'price' | 'size'; text: string } | null;
  /** The last check's message, shown in the ticket until the next change. */
  error: string | null;
}

/** What a ticket is checked against: the market, the rules, the money. */
export interface TicketContext {
  instrument?: Instrument;
  bid?: string;
  ask?: string;
  /** Available balance in the instrument's quote asset. Unknown = not checked. */
  available?: string;
  /** Leverage for the margin estimate; '1' unless the position says otherwise. */
  leverage: string;
  /** The symbol's signed position qty, if any. */
  positionQty?: string;
}

/**
 * Default size presets: 1, 2, 5, 10, 20 times the smallest order the venue takes — the minimum
 * quantity, or more when the minimum order value (minNotional) at `price` needs more.
 */
export function defaultPresets(instrument: Instrument | undefined, price?: string): string[] {
  let unit = instrument?.minQty && !isZero(instrument.minQty) ? instrument.minQty : '1';
  if (instrument !== undefined && price !== undefined && isDecimal(price) && sign(price) > 0 && !isZero(instrument.minNotional)) {
    const scale = stepDecimals(instrument.stepSize) + 2;
    const needed = roundToStep(div(instrument.minNotional, price, scale, 'ceil'), instrument.stepSize, 'ceil');
    if (cmp(needed, unit) > 0) unit = needed;
  }
  return ['1', '2', '5', '10', '20'].map((k) => normalize(mul(unit, k)));
}

/** Fixed decimals for the instrument's tick, so '64210.10' reads like the venue's own prices. */
function showPrice(price: string, instrument: Instrument | undefined): string {
  if (instrument === undefined) return price;
  const places = stepDecimals(instrument.tickSize);
  const [int = '0', frac = ''] = normalize(price).split('.');
  return places === 0 ? int : `${int}.${frac.padEnd(places, '0').slice(0, places)}`;
}

/** A fresh ticket: buys at the best bid, sells at the best ask (joining the book, not crossing). */
export function openTicket(side: Side, ctx: TicketContext, presets: readonly string[]): TicketDraft {
  const book = side === 'buy' ? ctx.bid : ctx.ask;
  let price = book ?? '';
  if (book !== undefined && ctx.instrument !== undefined) {
    price = showPrice(roundPrice(book, ctx.instrument.tickSize, side, true), ctx.instrument);
  }
  return {
    side,
    type: 'limit',
    qty: presets[0] ?? '',
    price,
    reduceOnly: false,
    preset: 1,
    editing: null,
    error: null,
  };
}

/** Moves the limit price by `ticks` (negative = down); never below one tick. */
export function stepPrice(t: TicketDraft, ticks: number, instrument: Instrument | undefined): TicketDraft {
  if (instrument === undefined || t.type === 'market' || !isDecimal(t.price)) return t;
  const tick = instrument.tickSize;
  let price = add(t.price, mul(tick, String(ticks)));
  if (cmp(price, tick) < 0) price = tick;
  return { ...t, price: showPrice(price, instrument), error: null };
}

export function choosePreset(t: TicketDraft, n: number, presets: readonly string[]): TicketDraft {
  const qty = presets[n - 1];
  return qty === undefined ? t : { ...t, qty, preset: n, error: null };
}

export const toggleMarket = (t: TicketDraft): TicketDraft => ({
  ...t,
  type: t.type === 'market' ? 'limit' : 'market',
  error: null,
});
export const toggleReduceOnly = (t: TicketDraft): TicketDraft => ({
  ...t,
  reduceOnly: !t.reduceOnly,
  error: null,
});

export const startEdit = (t: TicketDraft, field: 'price' | 'size'): TicketDraft => ({
  ...t,
  editing: { field, text: '' },
  error: null,
});

export function typeChar(t: TicketDraft, ch: string): TicketDraft {
  if (t.editing === null || !/^[0-9.]$/.test(ch) || t.editing.text.length >= 24) return t;
  return { ...t, editing: { ...t.editing, text: t.editing.text + ch } };
}

export function eraseChar(t: TicketDraft): TicketDraft {
  if (t.editing === null) return t;
  return { ...t, editing: { ...t.editing, text: t.editing.text.slice(0, -1) } };
}

/** Takes the typed value as is (an empty entry keeps the old one); the check judges it. */
export function acceptEdit(t: TicketDraft): TicketDraft {
  if (t.editing === null) return t;
  const { field, text } = t.editing;
  if (text === '') return { ...t, editing: null };
  return field === 'price'
    ? { ...t, price: text, type: 'limit', editing: null, error: null }
    : { ...t, qty: text, preset: null, editing: null, error: null };
}

export const dropEdit = (t: TicketDraft): TicketDraft => ({ ...t, editing: null });

/** The price a margin/notional estimate uses: the limit, or the side of the book a market order takes. */
function referencePrice(t: TicketDraft, ctx: TicketContext): string | undefined {
  if (t.type === 'limit') return t.price;
  return t.side === 'buy' ? ctx.ask : ctx.bid;
}

/** Why this ticket must not be sent, or null when it may. */
export function checkTicket(t: TicketDraft, ctx: TicketContext): string | null {
  try {
    return check(t, ctx);
  } catch (error) {
    if (error instanceof DecimalError) return `not a number: ${error.message}`;
    throw error;
  }
}

function check(t: TicketDraft, ctx: TicketContext): string | null {
  const ins = ctx.instrument;
  if (ins === undefined) return 'no trading rules for the symbol yet: cannot check tick and step';
  if (!isDecimal(t.qty)) return `size '${t.qty}' is not a number`;
  if (sign(t.qty) <= 0) return 'size must be more than 0';
  if (!isOnStep(t.qty, ins.stepSize)) return `size ${t.qty} is not a multiple of the step ${ins.stepSize}`;
  if (cmp(t.qty, ins.minQty) < 0) return `size ${t.qty} is below the minimum ${ins.minQty}`;
  if (ins.maxQty !== undefined && cmp(t.qty, ins.maxQty) > 0)
    return `size ${t.qty} is above the maximum ${ins.maxQty}`;
  if (t.type === 'limit') {
    if (!isDecimal(t.price)) return `price '${t.price}' is not a number`;
    if (sign(t.price) <= 0) return 'price must be more than 0';
    if (!isOnStep(t.price, ins.tickSize)) return `price ${t.price} is off the ${ins.tickSize} tick`;
  }
  const ref = referencePrice(t, ctx);
  if (ref === undefined || !isDecimal(ref)) return 'no market price yet for a market order';
  const notional = mul(ref, t.qty);
  if (t.reduceOnly) {
    const pos = ctx.positionQty;
    const reduces = pos !== undefined && (t.side === 'buy' ? sign(pos) < 0 : sign(pos) > 0);
    if (!reduces)
      return `reduce-only: no ${t.side === 'buy' ? 'short' : 'long'} ${ins.symbol} position to reduce`;
    return null;
  }
  if (!isZero(ins.minNotional) && cmp(notional, ins.minNotional) < 0) {
    return `order value ${normalize(notional)} ${ins.quote} is below the minimum ${ins.minNotional}`;
  }
  if (ctx.available !== undefined) {
    const lev = isDecimal(ctx.leverage) && sign(ctx.leverage) > 0 ? ctx.leverage : '1';
    const margin = div(notional, lev, 2, 'ceil');
    if (cmp(margin, ctx.available) > 0) {
      const short = normalize(sub(margin, ctx.available));
      return `needs ${margin} ${ins.quote} margin at ${normalize(lev)}x, ${ctx.available} available (${short} short)`;
    }
  }
  return null;
}

/** The request the engine gets; call only after `checkTicket` returned null. */
export function toOrderTicket(t: TicketDraft, symbol: string): OrderTicket {
  const ticket: OrderTicket = {
    symbol,
    side: t.side,
    type: t.type,
    qty: normalize(t.qty),
    reduceOnly: t.reduceOnly,
    postOnly: false,
  };
  if (t.type === 'limit') ticket.price = normalize(t.price);
  return ticket;
}

/** One-line summary: 'BUY 0.010 BTCUSDT @ 64210.10' / 'SELL 0.005 BTCUSDT MKT reduce-only'. */
export function describeTicket(t: TicketDraft, symbol: string): string {
  const where = t.type === 'market' ? 'MKT' : `@ ${t.price}`;
  return `${t.side.toUpperCase()} ${t.qty} ${symbol} ${where}${t.reduceOnly ? ' reduce-only' : ''}`;
}
