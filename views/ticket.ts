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
import { cappedPrice } from '../src/core/slippage.js';
import type { Instrument, Order, OrderType, Side } from '../src/core/types.js';
import { TRIGGER_WORD } from '../src/core/protection.js';
import type { OrderTicket } from '../src/store/actions.js';
import { baseAmount, formatMoney, formatPrice, formatSize, notional, sizeUnit } from './quantity.js';

export type LimitTiming = 'gtc' | 'post-only' | 'ioc';

export interface TicketDraft {
  side: Side;
  type: OrderType;
  qty: string;
  /** The limit price; kept while the ticket is on market so that `m` toggles back to it. */
  price: string;
  reduceOnly: boolean;
  /** How a limit order lives: rests (gtc), only adds liquidity (post-only), or takes what it can now (ioc). */
  timing: LimitTiming;
  /** 1-based preset the size came from, or null after typing one (the size follows the preset). */
  preset: number | null;
  /** The trader moved or typed the price: it stays; until then it follows the book. */
  priceFixed: boolean;
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
  /** Leverage for the margin estimate: the account's for the symbol, as the venue holds it. */
  leverage: string;
  /** The venue has not said the account's leverage yet: `leverage` is the session's assumption. */
  leverageAssumed?: boolean;
  /** The symbol's signed position qty, if any. */
  positionQty?: string;
  /** Fixed size presets (options); default: from the instrument's minimums. */
  sizePresets?: readonly string[];
  /** A market order's slippage cap, % through the reference price (the session's). */
  slippagePct?: string;
  /**
   * A spot session: no leverage, margin or reduce-only; a buy spends the quote that is free, a
   * sell the base that is free (`baseFree`, unknown = not checked).
   */
  spot?: { baseFree?: string };
}

/**
 * Default size presets: 1, 2, 5, 10, 20 times the smallest order the venue takes — the minimum
 * quantity, or more when the minimum order value (minNotional) at `price` needs more. None
 * while the instrument is not loaded, or while a minimum value has no price to be judged at:
 * a preset the venue would refuse is worse than none.
 */
export function defaultPresets(instrument: Instrument | undefined, price?: string): string[] {
  if (instrument === undefined) return [];
  let unit = instrument.minQty && !isZero(instrument.minQty) ? instrument.minQty : instrument.stepSize;
  if (!isZero(instrument.minNotional)) {
    if (price === undefined || !isDecimal(price) || sign(price) <= 0) return [];
    const scale = stepDecimals(instrument.stepSize) + 2;
    const perUnit = mul(price, baseAmount('1', instrument));
    const needed = roundToStep(div(instrument.minNotional, perUnit, scale, 'ceil'), instrument.stepSize, 'ceil');
    if (cmp(needed, unit) > 0) unit = needed;
  }
  return ['1', '2', '5', '10', '20'].map((k) => normalize(mul(unit, k)));
}

/** The presets a ticket offers now: the options' own, or the instrument's at the ticket's price. */
export function presetsFor(t: Pick<TicketDraft, 'side' | 'type' | 'price'>, ctx: TicketContext): readonly string[] {
  if (ctx.sizePresets !== undefined) return ctx.sizePresets;
  const price = t.type === 'limit' && isDecimal(t.price) ? t.price : t.side === 'buy' ? ctx.ask : ctx.bid;
  return defaultPresets(ctx.instrument, price);
}

/** The book price a fresh ticket joins: the best bid for a buy, the best ask for a sell. */
function bookPrice(side: Side, ctx: TicketContext): string | undefined {
  const book = side === 'buy' ? ctx.bid : ctx.ask;
  if (book === undefined || ctx.instrument === undefined || !isDecimal(book)) return book;
  return formatPrice(roundPrice(book, ctx.instrument.tickSize, side, true), ctx.instrument);
}

/**
 * The ticket as it stands now: an untouched price follows the book, a preset size follows the
 * presets (which follow the instrument's minimums). Drawn, stepped and sent from this.
 */
export function liveTicket(t: TicketDraft, ctx: TicketContext): TicketDraft {
  let out = t;
  if (!t.priceFixed) {
    const price = bookPrice(t.side, ctx);
    if (price !== undefined && price !== t.price) out = { ...out, price };
  }
  if (t.preset !== null) {
    const qty = presetsFor(out, ctx)[t.preset - 1] ?? '';
    if (qty !== out.qty) out = { ...out, qty };
  }
  // A refusal from the last Enter judged the old values: it goes when they change.
  return out === t || out.error === null ? out : { ...out, error: null };
}

/** A fresh ticket: buys at the best bid, sells at the best ask (joining the book, not crossing). */
export function openTicket(side: Side, ctx: TicketContext, presets?: readonly string[]): TicketDraft {
  const draft: TicketDraft = {
    side,
    type: 'limit',
    qty: '',
    price: bookPrice(side, ctx) ?? '',
    reduceOnly: false,
    timing: 'gtc',
    preset: 1,
    priceFixed: false,
    editing: null,
    error: null,
  };
  const sizes = presets ?? presetsFor(draft, ctx);
  return { ...draft, qty: sizes[0] ?? '' };
}

/** Moves the limit price by `ticks` (negative = down); never below one tick. */
export function stepPrice(t: TicketDraft, ticks: number, instrument: Instrument | undefined): TicketDraft {
  if (instrument === undefined || t.type === 'market' || !isDecimal(t.price)) return t;
  const tick = instrument.tickSize;
  let price = add(t.price, mul(tick, String(ticks)));
  if (cmp(price, tick) < 0) price = tick;
  return { ...t, price: formatPrice(price, instrument), priceFixed: true, error: null };
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

/** `o` / `i`: post-only or IOC on, or back to a resting limit; the two exclude each other. */
export const toggleTiming = (t: TicketDraft, timing: Exclude<LimitTiming, 'gtc'>): TicketDraft => ({
  ...t,
  timing: t.timing === timing ? 'gtc' : timing,
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
    ? { ...t, price: text, type: 'limit', priceFixed: true, editing: null, error: null }
    : { ...t, qty: text, preset: null, editing: null, error: null };
}

export const dropEdit = (t: TicketDraft): TicketDraft => ({ ...t, editing: null });

/** The price a margin/notional estimate uses: the limit, or the side of the book a market order takes. */
function referencePrice(t: TicketDraft, ctx: TicketContext): string | undefined {
  if (t.type === 'limit') return t.price;
  return t.side === 'buy' ? ctx.ask : ctx.bid;
}

/** The leverage margin is judged at: the context's, when it is a positive number; else 1x. */
function marginLeverage(ctx: TicketContext): string {
  return isDecimal(ctx.leverage) && sign(ctx.leverage) > 0 ? ctx.leverage : '1';
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
  if (ins === undefined) return 'loading instrument: sizes and checks wait for the venue\'s rules';
  if (t.qty === '' && t.preset !== null) return 'waiting for a price to size the order at the venue\'s minimum value';
  if (!isDecimal(t.qty)) return `size '${t.qty}' is not a number`;
  if (sign(t.qty) <= 0) return 'size must be more than 0';
  const unit = sizeUnit(ins);
  if (!isOnStep(t.qty, ins.stepSize)) return `size ${t.qty} is not a multiple of the step ${ins.stepSize} ${unit}`;
  if (cmp(t.qty, ins.minQty) < 0) return `size ${t.qty} is below the minimum ${formatSize(ins.minQty, ins)}`;
  if (ins.maxQty !== undefined && cmp(t.qty, ins.maxQty) > 0)
    return `size ${t.qty} is above the maximum ${formatSize(ins.maxQty, ins)}`;
  if (t.type === 'limit') {
    if (!isDecimal(t.price)) return t.price === '' ? 'waiting for a price from the book' : `price '${t.price}' is not a number`;
    if (sign(t.price) <= 0) return 'price must be more than 0';
    if (!isOnStep(t.price, ins.tickSize)) return `price ${t.price} is off the ${ins.tickSize} tick`;
  }
  const ref = referencePrice(t, ctx);
  if (ref === undefined || !isDecimal(ref)) return 'no market price yet for a market order';
  const value = notional(ref, t.qty, ins);
  if (t.reduceOnly) {
    const pos = ctx.positionQty;
    const reduces = pos !== undefined && (t.side === 'buy' ? sign(pos) < 0 : sign(pos) > 0);
    if (!reduces)
      return `reduce-only: no ${t.side === 'buy' ? 'short' : 'long'} ${ins.symbol} position to reduce`;
    return null;
  }
  if (!isZero(ins.minNotional) && cmp(value, ins.minNotional) < 0) {
    return `order value ${formatMoney(value, ins.quote)} ${ins.quote} is below the venue's minimum ${ins.minNotional} ${ins.quote}`;
  }
  if (ctx.spot !== undefined) return spotFunds(t, ctx.spot, ctx.available, value, ins);
  if (ctx.available !== undefined) {
    const lev = marginLeverage(ctx);
    const margin = div(value, lev, 2, 'ceil');
    if (cmp(margin, ctx.available) > 0) {
      const short = formatMoney(sub(margin, ctx.available), ins.quote);
      const at = `${normalize(lev)}x${ctx.leverageAssumed ? ' (assumed: the account\'s leverage is not read yet)' : ''}`;
      return `needs ${formatMoney(margin, ins.quote)} ${ins.quote} margin at ${at}, ${formatMoney(ctx.available, ins.quote)} available (${short} short)`;
    }
  }
  return null;
}

/** A spot order spends what is held: a buy the quote that is free, a sell the base that is free. */
function spotFunds(t: TicketDraft, spot: NonNullable<TicketContext['spot']>, available: string | undefined, value: string, ins: Instrument): string | null {
  if (t.side === 'buy') {
    if (available === undefined || cmp(value, available) <= 0) return null;
    return `needs ${formatMoney(value, ins.quote)} ${ins.quote}, ${formatMoney(available, ins.quote)} free (${formatMoney(sub(value, available), ins.quote)} short)`;
  }
  if (spot.baseFree === undefined || cmp(t.qty, spot.baseFree) <= 0) return null;
  return `sells ${formatSize(t.qty, ins)}, ${normalize(spot.baseFree)} ${ins.base} free (${normalize(sub(t.qty, spot.baseFree))} short)`;
}

/** What the ticket says beside its verdict: the order's value, whether it takes liquidity. */
export interface TicketNotes {
  /** 'value 64.21 USDT' */
  value?: string;
  /** 'crosses the ask by 73.4 — taker' */
  cross?: string;
  /** 'price follows the bid' / 'price fixed' */
  price: string;
  /** A market order's slippage cap: 'IOC ≤ 65,330.0, cap 2 %'. */
  cap?: string;
  /** 'margin 12.85 USDT at 5x': the order's initial margin at the account's leverage. */
  margin?: string;
}

/**
 * What a market order will be on the wire: an IOC limit at the cap ('IOC ≤ 65,330.0, cap 2 %'), from
 * the mid the engine prices it at when it sends.
 */
function marketCap(t: TicketDraft, ctx: TicketContext, pct: string): string {
  const ins = ctx.instrument;
  const { bid, ask } = ctx;
  if (ins === undefined || bid === undefined || ask === undefined || !isDecimal(bid) || !isDecimal(ask)) return `cap ${pct} %`;
  const mid = div(add(bid, ask), '2', ins.pricePrecision + 2, 'half_even');
  const cap = cappedPrice(t.side, mid, pct, ins.tickSize);
  return `IOC ${t.side === 'buy' ? '≤' : '≥'} ${formatPrice(cap, ins)}, cap ${pct} %`;
}

export function ticketNotes(t: TicketDraft, ctx: TicketContext): TicketNotes {
  const ins = ctx.instrument;
  const out: TicketNotes = {
    price: t.type === 'market' ? 'market price' : t.priceFixed ? 'price fixed' : `price follows the ${t.side === 'buy' ? 'bid' : 'ask'}`,
  };
  if (t.type === 'market' && ctx.slippagePct !== undefined) out.cap = marketCap(t, ctx, ctx.slippagePct);
  if (ins === undefined) return out;
  try {
    const ref = referencePrice(t, ctx);
    if (ref !== undefined && isDecimal(ref) && isDecimal(t.qty)) {
      const value = notional(ref, t.qty, ins);
      out.value = `value ${formatMoney(value, ins.quote)} ${ins.quote}`;
      const lev = marginLeverage(ctx);
      if (ctx.spot === undefined) out.margin = `margin ${formatMoney(div(value, lev, 2, 'ceil'), ins.quote)} ${ins.quote} at ${normalize(lev)}x${ctx.leverageAssumed ? ' (assumed)' : ''}`;
    }
    if (t.type === 'limit' && isDecimal(t.price)) {
      const far = t.side === 'buy' ? ctx.ask : ctx.bid;
      if (far !== undefined && isDecimal(far)) {
        const by = t.side === 'buy' ? sub(t.price, far) : sub(far, t.price);
        const which = t.side === 'buy' ? 'ask' : 'bid';
        if (sign(by) > 0) out.cross = `crosses the ${which} by ${formatPrice(by, ins)} — taker`;
        else if (sign(by) === 0) out.cross = `at the ${which} — taker`;
      }
    }
  } catch (error) {
    if (!(error instanceof DecimalError)) throw error;
  }
  return out;
}

/** The request the engine gets; call only after `checkTicket` returned null. */
export function toOrderTicket(t: TicketDraft, symbol: string): OrderTicket {
  const ticket: OrderTicket = {
    symbol,
    side: t.side,
    type: t.type,
    qty: normalize(t.qty),
    reduceOnly: t.reduceOnly,
    postOnly: t.type === 'limit' && t.timing === 'post-only',
  };
  if (t.type === 'limit') ticket.price = normalize(t.price);
  if (t.type === 'limit' && t.timing === 'ioc') ticket.timeInForce = 'ioc';
  return ticket;
}

/** One-line summary in the trader's words: 'BUY 0.010 BTC BTCUSDT @ 64210.10' / 'SELL 12 contracts BTC-USDT-SWAP at market, reduce-only'. */
export function describeTicket(t: TicketDraft, symbol: string, instrument?: Instrument): string {
  const where = t.type === 'market' ? 'at market' : `@ ${formatPrice(t.price, instrument)}`;
  return `${t.side.toUpperCase()} ${formatSize(t.qty, instrument)} ${symbol} ${where}${timingWords(t)}${t.reduceOnly ? ', reduce-only' : ''}`;
}

/** The limit's timing as the ticket's summary says it (nothing for a resting limit or a market order). */
export function timingWords(t: Pick<TicketDraft, 'type' | 'timing'>): string {
  if (t.type === 'market') return '';
  return t.timing === 'post-only' ? ', post-only' : t.timing === 'ioc' ? ', IOC' : '';
}

/** An order in the same words as the ticket that made it: 'BUY 0.002 BTC BTCUSDT @ 64210.1'. */
export function describeOrder(o: Order, instrument: Instrument | undefined): string {
  const where =
    o.trigger !== undefined
      ? `${TRIGGER_WORD[o.trigger.kind]} @ ${formatPrice(o.trigger.price, instrument)} (${o.trigger.by})`
      : o.type === 'market' || o.price === undefined
        ? 'at market'
        : `@ ${formatPrice(o.price, instrument)}`;
  return `${o.side.toUpperCase()} ${formatSize(o.qty, instrument)} ${o.symbol} ${where}${o.reduceOnly ? ', reduce-only' : ''}`;
}
