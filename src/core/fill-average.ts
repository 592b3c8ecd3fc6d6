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
import { add, cmp, div, mul, normalize } from './decimal.js';
import type { Fill, Order } from './types.js';

interface Sum {
  qty: string;
  notional: string;
  /** The most decimals any fill price had: the average is given with 8 more. */
  places: number;
}

const placesOf = (decimal: string): number => {
  const dot = decimal.indexOf('.');
  return dot === -1 ? 0 : decimal.length - dot - 1;
};

export class FillAverages {
  readonly #sums = new Map<string, Sum>();
  readonly #owners = new Map<string, string>();

  constructor(readonly cap = 20_000) {}

  /** Records a fill (once per trade: the caller dedupes); returns its order's client id when known. */
  add(fill: Fill): string | undefined {
    const key = `${fill.symbol}|${fill.venueOrderId}`;
    const sum = this.#sums.get(key) ?? { qty: '0', notional: '0', places: 0 };
    this.#sums.delete(key);
    this.#sums.set(key, {
      qty: add(sum.qty, fill.qty),
      notional: add(sum.notional, mul(fill.price, fill.qty)),
      places: Math.max(sum.places, placesOf(fill.price)),
    });
    this.#bound(this.#sums);
    return fill.clientOrderId ?? this.#owners.get(key);
  }

  /** Remembers which order a venue id belongs to (once the venue has given it one). */
  link(order: Order): void {
    if (order.venueOrderId === undefined) return;
    const key = `${order.symbol}|${order.venueOrderId}`;
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
    const sum = this.#sums.get(`${order.symbol}|${order.venueOrderId}`);
    if (sum === undefined || cmp(sum.qty, order.filledQty) !== 0 || cmp(sum.qty, '0') <= 0) return order;
    const avgPrice = normalize(div(sum.notional, sum.qty, sum.places + 8, 'half_even'));
    return cmp(avgPrice, order.avgPrice) === 0 ? order : { ...order, avgPrice };
  }

  /** Drops what is known of an order the account forgets. */
  forget(order: Order): void {
    if (order.venueOrderId === undefined) return;
    const key = `${order.symbol}|${order.venueOrderId}`;
    this.#sums.delete(key);
    this.#owners.delete(key);
  }

  #bound(map: Map<string, unknown>): void {
    while (map.size > this.cap) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) return;
      map.delete(oldest);
    }
  }
}
