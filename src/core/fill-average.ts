/**
 * What an order paid, from the venue's own fills. Some venues' order reports carry no average
 * price (Hyperliquid's orderUpdates and orderStatus give the limit price, and a market order there
 * is an IOC limit a few % through the book): the fills are the venue's record of every trade, so
 * when the fills seen for an order add up to all it has filled, their average is its average price.
 * The fills also name the order only by its venue id on some venues: the owner's client id is
 * found here, for the Fills pane to show the order as the trader knows it.
 *
 * Keyed by symbol and venue order id (ids are unique per symbol on some venues). Bounded: past
 * `cap` orders the oldest are forgotten first; a fill that lands before its order's first report
 * waits here until the order is linked.
 */
import { cmp, type Dec, divRound, formatDec, isDecimal, lastShortScale, parseDec, pow10, shortMantissa } from './decimal.js';
import type { Fill, Order } from './types.js';

/**
 * Kept as exact scaled integers, so adding a fill parses two strings and writes none. While they
 * fit, they are plain numbers (`qm`/`qs`, `nm`/`ns`: safe integers, so exact; as decimal.ts's `cmp`
 * does): bigint arithmetic was ~5 % of private-event ingest. Past 2^53 they move to `big` for good.
 */
interface Sum {
  qm: number;
  qs: number;
  nm: number;
  ns: number;
  /** The sums as decimal.ts's Dec once a number could no longer hold them exactly (then qm/nm unused). */
  big: { qty: Dec; notional: Dec } | undefined;
  /** The most decimals any fill price had: the average is given with 8 more. */
  places: number;
  /** The average of these fills, written once when first asked for. */
  average: string | undefined;
}

const plus = (a: Dec, b: Dec): Dec =>
  a.s === b.s
    ? { m: a.m + b.m, s: a.s }
    : a.s > b.s
      ? { m: a.m + b.m * pow10(a.s - b.s), s: a.s }
      : { m: a.m * pow10(b.s - a.s) + b.m, s: b.s };

/** notional / qty rounded half-even to `scale` decimals (decimal.ts's `div`, without the strings). */
function average(sum: Sum): string {
  const { qty, notional } = bigOf(sum);
  const scale = sum.places + 8;
  return formatDec({
    m: divRound(notional.m * pow10(scale + qty.s), qty.m * pow10(notional.s), 'half_even'),
    s: scale,
  });
}

/** The sums as bigints (kept when the numbers overflowed, built from them otherwise). */
const bigOf = (sum: Sum): { qty: Dec; notional: Dec } =>
  sum.big ?? { qty: { m: BigInt(sum.qm), s: sum.qs }, notional: { m: BigInt(sum.nm), s: sum.ns } };

/** a·10^as + b·10^bs as a mantissa at scale max(as, bs); NaN when a number cannot hold it exactly. */
function plusN(a: number, as: number, b: number, bs: number): number {
  const m = as >= bs ? a + b * 10 ** (as - bs) : a * 10 ** (bs - as) + b;
  // Each term and the sum must be safe integers: a product past 2^53 rounds to 2^53 or more.
  const ok = Number.isSafeInteger(as >= bs ? b * 10 ** (as - bs) : a * 10 ** (bs - as)) && Number.isSafeInteger(m);
  return ok ? m : Number.NaN;
}

/** a·10^-as === b·10^-bs, exactly; undefined when a number cannot tell. */
function sameN(a: number, as: number, b: number, bs: number): boolean | undefined {
  const l = as >= bs ? a : a * 10 ** (bs - as);
  const r = bs >= as ? b : b * 10 ** (as - bs);
  return Number.isSafeInteger(l) && Number.isSafeInteger(r) ? l === r : undefined;
}

/**
 * Whether `avgPrice` is exactly the fills' average and written to no more places than `average`
 * gives, so that `average` would round to the same value: notional / qty = a.m / 10^a.s, cross-
 * multiplied. Most venues report the true average; this answers for them with three products
 * where `average` divides, rounds, writes a string and parses it back to compare.
 */
function isExactAverage(sum: Sum, avgPrice: string): boolean {
  if (!isDecimal(avgPrice)) return false;
  const am = sum.big === undefined ? shortMantissa(avgPrice) : Number.NaN;
  if (!Number.isNaN(am)) {
    const as = lastShortScale();
    if (as > sum.places + 8) return false;
    const l = sum.nm * 10 ** (sum.qs + as);
    const r = am * sum.qm * 10 ** sum.ns;
    if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l === r;
  }
  const a = parseDec(avgPrice);
  if (a.s > sum.places + 8) return false;
  const { qty, notional } = bigOf(sum);
  return notional.m * pow10(qty.s + a.s) === a.m * qty.m * pow10(notional.s);
}

const placesOf = (decimal: string): number => {
  const dot = decimal.indexOf('.');
  return dot === -1 ? 0 : decimal.length - dot - 1;
};

const sameValue = (a: Dec, b: Dec): boolean =>
  a.s >= b.s ? a.m === b.m * pow10(a.s - b.s) : a.m * pow10(b.s - a.s) === b.m;

export class FillAverages {
  readonly #sums = new Map<string, Sum>();
  readonly #owners = new Map<string, string>();
  readonly #cursors = new Map<Map<string, unknown>, Iterator<string>>();
  /** The last key built, and what it was built from (see `#key`). */
  #last = { symbol: '', venueOrderId: '', key: '|' };

  constructor(readonly cap = 20_000) {}

  /**
   * The maps' key of one order. The account asks about the same order several times in a row (its
   * report: link, priced; its fill: add, priced), so the last key is kept: a key built afresh is a
   * new string that each map lookup must flatten and hash, which cost more than the lookup itself.
   */
  #key(symbol: string, venueOrderId: string): string {
    const last = this.#last;
    if (last.symbol !== symbol || last.venueOrderId !== venueOrderId) {
      last.symbol = symbol;
      last.venueOrderId = venueOrderId;
      last.key = `${symbol}|${venueOrderId}`;
    }
    return last.key;
  }

  /** Records a fill (once per trade: the caller dedupes); returns its order's client id when known. */
  add(fill: Fill): string | undefined {
    const key = this.#key(fill.symbol, fill.venueOrderId);
    // Read without an object per value (decimal.ts's `shortMantissa`); NaN where not short.
    const qm0 = shortMantissa(fill.qty);
    const qs0 = lastShortScale();
    const pm0 = !Number.isNaN(qm0) ? shortMantissa(fill.price) : Number.NaN;
    const ps0 = lastShortScale();
    const short = !Number.isNaN(pm0);
    // What the short reader did not take the full parser accepts or refuses, before anything changes.
    if (!short) {
      parseDec(fill.qty);
      parseDec(fill.price);
    }
    let sum = this.#sums.get(key);
    if (sum === undefined) {
      sum = { qm: 0, qs: 0, nm: 0, ns: 0, big: undefined, places: 0, average: undefined };
      this.#sums.set(key, sum);
    } else {
      // Moved to the young end: the cap forgets the order filled longest ago.
      this.#sums.delete(key);
      this.#sums.set(key, sum);
    }
    const n = short ? pm0 * qm0 : Number.NaN;
    const qm = !short || sum.big !== undefined ? Number.NaN : plusN(sum.qm, sum.qs, qm0, qs0);
    const nm = !short || !Number.isSafeInteger(n) ? Number.NaN : plusN(sum.nm, sum.ns, n, ps0 + qs0);
    if (short && !Number.isNaN(qm) && !Number.isNaN(nm)) {
      sum.qm = qm;
      sum.qs = Math.max(sum.qs, qs0);
      sum.nm = nm;
      sum.ns = Math.max(sum.ns, ps0 + qs0);
    } else {
      const qty = parseDec(fill.qty);
      const price = parseDec(fill.price);
      const big = bigOf(sum);
      sum.big = {
        qty: plus(big.qty, qty),
        notional: plus(big.notional, { m: price.m * qty.m, s: price.s + qty.s }),
      };
    }
    sum.places = Math.max(sum.places, placesOf(fill.price));
    sum.average = undefined;
    this.#bound(this.#sums);
    return fill.clientOrderId ?? this.#owners.get(key);
  }

  /** Remembers which order a venue id belongs to (once the venue has given it one). */
  link(order: Order): void {
    if (order.venueOrderId === undefined) return;
    const key = this.#key(order.symbol, order.venueOrderId);
    if (this.#owners.get(key) === order.clientOrderId) return;
    this.#owners.set(key, order.clientOrderId);
    this.#bound(this.#owners);
  }

  /**
   * `order` with the average of its fills when they account for exactly what it has filled and the
   * order says another figure; otherwise `order` itself.
   */
  priced(order: Order): Order {
    if (order.venueOrderId === undefined) return order;
    const sum = this.#sums.get(this.#key(order.symbol, order.venueOrderId));
    if (sum === undefined || !this.#accountsFor(sum, order.filledQty)) return order;
    if (isExactAverage(sum, order.avgPrice)) return order;
    sum.average ??= average(sum);
    const avgPrice = sum.average;
    return avgPrice === order.avgPrice || cmp(avgPrice, order.avgPrice) === 0
      ? order
      : { ...order, avgPrice };
  }

  /** Whether the fills add up to `filledQty`, more than nothing. */
  #accountsFor(sum: Sum, filledQty: string): boolean {
    const fm = sum.big === undefined ? shortMantissa(filledQty) : Number.NaN;
    const same = !Number.isNaN(fm) ? sameN(sum.qm, sum.qs, fm, lastShortScale()) : undefined;
    if (same !== undefined) return same && sum.qm > 0;
    const qty = bigOf(sum).qty;
    return sameValue(qty, parseDec(filledQty)) && qty.m > 0n;
  }

  /** Drops what is known of an order the account forgets. */
  forget(order: Order): void {
    if (order.venueOrderId === undefined) return;
    const key = this.#key(order.symbol, order.venueOrderId);
    this.#sums.delete(key);
    this.#owners.delete(key);
  }

  /**
   * Forgets the oldest keys past the cap. The oldest is found by a cursor kept across calls, not by
   * a fresh `map.keys().next()`: V8 leaves a deleted entry's slot in the table until it rehashes, and
   * a fresh iterator walks every hole before the first live entry, on every add once full (the
   * same cost core/recent-ids.ts measured). A Map iterator sees deletions and later insertions,
   * and everything before the cursor has been deleted, so its next key is the oldest live one.
   */
  #bound(map: Map<string, unknown>): void {
    while (map.size > this.cap) {
      let cursor = this.#cursors.get(map);
      let next = cursor?.next();
      if (cursor === undefined || next === undefined || next.done === true) {
        cursor = map.keys();
        this.#cursors.set(map, cursor);
        next = cursor.next();
      }
      if (next.done === true) return;
      map.delete(next.value);
    }
  }
}
