/**
 * The fat-finger guard: what a trader's own limits say of an order before it is signed. Pure — the
 * engine supplies the prices, the position and how many orders went out in the last minute, and
 * sends nothing the guard refuses. A refusal names its rule and the figures, so the ticket can say
 * which limit stopped the order and by how much.
 *
 * Exits are not blocked: an order that only reduces the position (reduce-only, or the opposite side
 * no larger than the position) passes the size limits, since a limit that traps a trader in a
 * position is worse than none. The price band applies to every limit order: a close at a price ten
 * percent through the book is as much a typo as an open.
 */
import { abs, add, cmp, div, gt, isDecimal, lte, mul, neg, normalize, sub } from './decimal.js';
import type { Side } from './types.js';

/** A trader's limits for one account; an absent field is no limit. Percentages are of the price. */
export interface GuardLimits {
  /** Largest order, in the quote currency (qty × contract size × price). */
  maxOrderNotional?: string;
  /** Largest position the order may leave, in the quote currency, at the order's price. */
  maxPositionNotional?: string;
  /** A limit order priced more than this % through the best opposite price is refused. */
  priceBandPct?: string;
  /** A marketable limit more than this % through the best opposite price asks first. */
  sweepConfirmPct?: string;
  /** Orders the trader may send in any 60 s. */
  maxOrdersPerMinute?: number;
}

/**
 * Where an account sets none (the local venue, testnet, demo): wide enough for any test order,
 * narrow enough to stop an extra zero. Mainnet has no defaults — the account must choose.
 */
export const DEFAULT_GUARD_LIMITS: Readonly<GuardLimits> = {
  maxOrderNotional: '250000',
  maxPositionNotional: '1000000',
  priceBandPct: '5',
  sweepConfirmPct: '1',
  maxOrdersPerMinute: 60,
};

/** The limits a mainnet account must set itself. */
export const MAINNET_GUARD_FIELDS = ['maxOrderNotional', 'maxPositionNotional', 'priceBandPct'] as const;

/** The mainnet fields these limits lack (all of them when there are none). */
export function missingMainnetLimits(limits: GuardLimits | undefined): string[] {
  return MAINNET_GUARD_FIELDS.filter((f) => limits?.[f] === undefined);
}

export type GuardRule = 'order-notional' | 'position-notional' | 'price-band' | 'sweep' | 'order-rate' | 'no-price';

export interface GuardOrder {
  side: Side;
  type: 'limit' | 'market';
  qty: string;
  price?: string;
  reduceOnly: boolean;
}

export interface GuardMarket {
  /** Best bid and ask, when a quote has come. */
  bid?: string;
  ask?: string;
  /** The price a market order is judged at: the mid, else the mark, else a REST quote. */
  reference?: string;
  /** Signed position (negative = short), in the order's units. */
  position: string;
  /** Units per contract where orders count contracts (OKX swaps); 1 elsewhere. */
  contractSize?: string;
  /** Orders sent in the last 60 s, this one not counted. */
  sentLastMinute: number;
  /** Quote currency, for the words. */
  quote: string;
}

export type GuardVerdict =
  | { kind: 'pass' }
  | { kind: 'refuse'; rule: GuardRule; text: string }
  | { kind: 'confirm'; rule: 'sweep'; text: string };

const PASS: GuardVerdict = { kind: 'pass' };

export function guardOrder(o: GuardOrder, m: GuardMarket, limits: GuardLimits): GuardVerdict {
  if (limits.maxOrdersPerMinute !== undefined && m.sentLastMinute >= limits.maxOrdersPerMinute) {
    return refuse('order-rate', `order rate: ${m.sentLastMinute} orders in the last minute, the limit is ${limits.maxOrdersPerMinute}`);
  }
  const through = throughBest(o, m);
  if (through !== undefined && limits.priceBandPct !== undefined && gt(through.pct, limits.priceBandPct)) {
    return refuse(
      'price-band',
      `price band: ${o.side} at ${o.price} is ${pct(through.pct)} through the best ${through.name} ${through.best}, the band is ${pct(limits.priceBandPct)}`,
    );
  }
  const sizeLimited = limits.maxOrderNotional !== undefined || limits.maxPositionNotional !== undefined;
  if (sizeLimited && !reduces(o, m.position)) {
    const price = o.type === 'limit' ? o.price : m.reference;
    if (!isDecimal(price) || !gt(price, '0')) {
      return refuse('no-price', 'no price to judge the order\'s size against the guard\'s limits yet: wait for a quote');
    }
    const unit = mul(price, m.contractSize ?? '1');
    const notional = mul(o.qty, unit);
    if (limits.maxOrderNotional !== undefined && gt(notional, limits.maxOrderNotional)) {
      return refuse('order-notional', `order size: ${money(notional, m.quote, 'ceil')} is over the ${money(limits.maxOrderNotional, m.quote)} limit per order`);
    }
    if (limits.maxPositionNotional !== undefined) {
      const after = add(m.position, o.side === 'buy' ? o.qty : neg(o.qty));
      const exposure = mul(abs(after), unit);
      if (gt(exposure, limits.maxPositionNotional)) {
        return refuse(
          'position-notional',
          `position size: this order would leave ${money(exposure, m.quote, 'ceil')} of position, over the ${money(limits.maxPositionNotional, m.quote)} limit`,
        );
      }
    }
  }
  if (through !== undefined && limits.sweepConfirmPct !== undefined && gt(through.pct, limits.sweepConfirmPct)) {
    return {
      kind: 'confirm',
      rule: 'sweep',
      text: `${o.side} at ${o.price} is ${pct(through.pct)} through the best ${through.name} ${through.best}: it would sweep the book. Send it?`,
    };
  }
  return PASS;
}

/** Whether the order can only shrink the position (never open or flip it). */
export function reduces(o: Pick<GuardOrder, 'side' | 'qty' | 'reduceOnly'>, position: string): boolean {
  if (o.reduceOnly) return true;
  // Flat: neither comparison holds, so nothing reduces.
  const against = o.side === 'buy' ? cmp(position, '0') < 0 : cmp(position, '0') > 0;
  return against && lte(o.qty, abs(position));
}

/**
 * How far a limit order's price goes past the best opposite price, in % of that price: a buy above
 * the ask, a sell below the bid. Undefined for a market order, an order that rests, or no quote.
 */
function throughBest(o: GuardOrder, m: GuardMarket): { pct: string; best: string; name: 'ask' | 'bid' } | undefined {
  if (o.type !== 'limit' || !isDecimal(o.price)) return undefined;
  const name = o.side === 'buy' ? 'ask' : 'bid';
  const best = o.side === 'buy' ? m.ask : m.bid;
  if (!isDecimal(best) || !gt(best, '0')) return undefined;
  const past = o.side === 'buy' ? sub(o.price, best) : sub(best, o.price);
  if (!gt(past, '0')) return undefined;
  return { pct: normalize(div(mul(past, '100'), best, 4, 'half_even')), best, name };
}

function refuse(rule: GuardRule, text: string): GuardVerdict {
  return { kind: 'refuse', rule, text };
}

const pct = (x: string): string => `${normalize(x)} %`;
/** A limit as written; a judged amount rounded up, so one over its limit never reads as equal to it. */
const money = (x: string, quote: string, mode: 'half_even' | 'ceil' = 'half_even'): string => `${normalize(div(x, '1', 2, mode))} ${quote}`;
