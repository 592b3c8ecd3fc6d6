/**
 * Fan-out sizing: how big one account's order is when a ticket is sent to a group (docs/desk.md
 * "Fan-out"). Pure: the caller hands the lead ticket, the lead account's instrument, and per
 * account its instrument, sizing and equity.
 *
 * Sizes meet in the BASE asset: the lead's size is turned into base units through its
 * `contractSize` (an OKX swap counts contracts of 0.01 BTC), scaled, and turned back into the
 * account's own units. Every size is rounded DOWN to the account's step, so no account is ever
 * sent more than its sizing asks; an account whose size cannot be sent is skipped with a reason a
 * trader reads as is.
 */
import { sameAsset } from './holdings.js';
import { div, eq, gt, isDecimal, lt, mul, normalize } from './decimal.js';
import { roundPrice, roundQty } from './rounding.js';
import type { Balance, DecimalString, Instrument, OrderType, Side } from './types.js';

/** The same as src/store/desk.ts's FanOutSizing (core imports nothing of the store). */
export type FanOutSizingRule = { multiplier: DecimalString } | { equityShare: DecimalString };

/** The ticket as the lead account's cockpit built it: `qty` in the lead instrument's units. */
export interface LeadTicket {
  side: Side;
  type: OrderType;
  qty: DecimalString;
  /** A limit's price; absent on a market order. */
  price?: DecimalString;
}

export interface FanOutTarget {
  /** Absent while the account's instruments have not arrived. */
  instrument: Instrument | undefined;
  /** Absent: multiplier 1. */
  sizing?: FanOutSizingRule | undefined;
  /** The account's equity in its quote (margin) asset; only an equity share needs it. */
  equity?: DecimalString | undefined;
  /** The account's own reference price (its mid) for a market ticket; a limit uses its price. */
  mid?: DecimalString | undefined;
}

export type FanOutSize =
  | {
      kind: 'send';
      symbol: string;
      /** In the account's instrument units, on its step. */
      qty: DecimalString;
      /** A limit's price on the account's tick (passive side: a buy rounds down, a sell up). */
      price?: DecimalString;
    }
  | { kind: 'skip'; reason: string };

/** Scale kept while converting between units, far below any venue's step. */
const SCALE = 18;


/**
 * The equity an equity share is taken of: the account's balance in the instrument's quote asset
 * (its equity where the venue reports one, else its wallet). The engine and the cockpit both read
 * it from the same balances, so the confirmation's sizes are the ones sent.
 */
export function equityIn(balances: Iterable<Balance>, quote: string): DecimalString | undefined {
  for (const b of balances) if (sameAsset(b.asset, quote)) return b.equity ?? b.wallet;
  return undefined;
}

/** Base units per unit of the instrument's quantity: its contract size, else 1. */
const unitOf = (i: Instrument): string =>
  i.contractSize !== undefined && isDecimal(i.contractSize) && gt(i.contractSize, '0') ? i.contractSize : '1';

/** The lead ticket's size in base units. */
export function baseSize(ticket: LeadTicket, lead: Instrument): string {
  return normalize(mul(ticket.qty, unitOf(lead)));
}

/**
 * One account's order of a fan-out: its size (and, for a limit, its price on its tick), or why it
 * is skipped.
 */
export function fanOutSize(ticket: LeadTicket, lead: Instrument, target: FanOutTarget): FanOutSize {
  const inst = target.instrument;
  if (inst === undefined) return skip('its instrument is not known yet');
  if (!sameAsset(inst.base, lead.base)) return skip(`it trades ${inst.base}, the ticket ${lead.base}`);
  if (!isDecimal(ticket.qty) || !gt(ticket.qty, '0')) return skip('the ticket has no size');
  const price = ticket.type === 'limit' ? ticket.price : target.mid;
  const sizing = target.sizing ?? { multiplier: '1' };

  let base: string;
  if ('multiplier' in sizing) {
    if (!isDecimal(sizing.multiplier) || !gt(sizing.multiplier, '0')) return skip(`its multiplier ${sizing.multiplier} is not above 0`);
    base = mul(baseSize(ticket, lead), sizing.multiplier);
  } else {
    const share = sizing.equityShare;
    if (!isDecimal(share) || !gt(share, '0') || gt(share, '1')) return skip(`its equity share ${share} is not above 0 and at most 1`);
    if (target.equity === undefined || !isDecimal(target.equity)) return skip('its equity is not known yet');
    if (!gt(target.equity, '0')) return skip('it has no equity');
    if (price === undefined || !isDecimal(price) || !gt(price, '0')) return skip('no price to size its equity share at yet');
    base = div(mul(target.equity, share), price, SCALE, 'down');
  }

  const units = div(base, unitOf(inst), SCALE, 'down');
  const qty = normalize(roundQty(units, inst.stepSize));
  if (!gt(qty, '0')) return skip(`its size rounds to zero (step ${normalize(inst.stepSize)})`);
  if (isDecimal(inst.minQty) && lt(qty, inst.minQty)) return skip(`its size ${qty} is below the minimum ${normalize(inst.minQty)}`);
  if (inst.maxQty !== undefined && isDecimal(inst.maxQty) && gt(inst.maxQty, '0') && gt(qty, inst.maxQty)) {
    return skip(`its size ${qty} is above the maximum ${normalize(inst.maxQty)}`);
  }
  // Without a price (a market ticket before any quote) the venue judges the order value, as it
  // does a single market order's: the account's line then shows the venue's answer.
  if (isDecimal(inst.minNotional) && gt(inst.minNotional, '0') && price !== undefined && isDecimal(price) && gt(price, '0')) {
    const value = mul(mul(qty, unitOf(inst)), price);
    if (lt(value, inst.minNotional)) return skip(`its order value ${normalize(div(value, '1', 2, 'down'))} is below the minimum ${normalize(inst.minNotional)} ${inst.quote}`);
  }

  if (ticket.type === 'limit') {
    if (ticket.price === undefined || !isDecimal(ticket.price)) return skip('the limit ticket has no price');
    const onTick = normalize(roundPrice(ticket.price, inst.tickSize, ticket.side));
    if (eq(onTick, '0')) return skip(`the price rounds to zero on its tick ${normalize(inst.tickSize)}`);
    return { kind: 'send', symbol: inst.symbol, qty, price: onTick };
  }
  return { kind: 'send', symbol: inst.symbol, qty };
}

const skip = (reason: string): FanOutSize => ({ kind: 'skip', reason });
