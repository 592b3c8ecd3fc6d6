// What Coinbase says about an order that the engine does not keep: the `order_configuration` it was
// sent with, the fee paid and fills so far, the last fill's time, and the account's client order ids
// (all of them, open or ended: the venue answers a repeated `client_order_id` with the order that id
// made and creates nothing). Keyed by the engine's order id; filled from requests and engine events.
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { Order } from '../../matching/orders.js';
import { isOpen } from '../../matching/orders.js';

export interface OrderExtras {
  /** As the request sent it, e.g. `{ limit_limit_gtc: { base_size, limit_price, post_only } }`. */
  configuration: Record<string, Record<string, unknown>>;
  fee: string;
  fills: number;
  lastFillTime?: number;
  closeTime?: number;
}

export class OrderBook {
  readonly #extras = new Map<number, OrderExtras>();
  /** `accountId client_order_id` → engine order id. */
  readonly #byClientId = new Map<string, number>();

  constructor(readonly core: SimCore) {}

  set(o: Order, configuration: OrderExtras['configuration']): void {
    this.#extras.set(o.orderId, { configuration, fee: '0', fills: 0 });
    this.#byClientId.set(`${o.accountId} ${o.clientOrderId}`, o.orderId);
  }

  extras(orderId: number): OrderExtras {
    return this.#extras.get(orderId) ?? { configuration: {}, fee: '0', fills: 0 };
  }

  /** The order an account's `client_order_id` already made, if any. */
  byClientId(accountId: string, clientOrderId: string): Order | undefined {
    const id = this.#byClientId.get(`${accountId} ${clientOrderId}`);
    return id === undefined ? undefined : this.core.engine.orders.get(id);
  }

  /** The account's order with this engine id, if this dialect placed it. */
  mine(accountId: string, orderId: number | undefined): Order | undefined {
    const o = orderId === undefined ? undefined : this.core.engine.orders.get(orderId);
    return o !== undefined && o.accountId === accountId && this.#extras.has(o.orderId) ? o : undefined;
  }

  onMatchEvent(e: MatchEvent): void {
    if (e.kind !== 'order') return;
    const x = this.#extras.get(e.order.orderId);
    if (x === undefined) return;
    if (e.fill !== undefined) {
      x.fee = D.add(x.fee, e.fill.commission);
      x.fills++;
      x.lastFillTime = e.fill.time;
    }
    if (!isOpen(e.order)) x.closeTime ??= e.order.updateTime;
  }

  /** Every order of the account this dialect placed, oldest first. */
  all(accountId: string): Order[] {
    const out: Order[] = [];
    for (const id of this.#extras.keys()) {
      const o = this.core.engine.orders.get(id);
      if (o !== undefined && o.accountId === accountId) out.push(o);
    }
    return out;
  }
}
