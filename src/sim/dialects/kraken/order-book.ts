// What Kraken says about an order that the engine does not keep: the client's `cl_ord_id` and
// `userref`, the flags it was sent with, the fee paid so far, and why and when it closed. Keyed by
// the engine's order id; filled from the requests and the engine's events.
import * as D from '../../../core/decimal.js';
import type { SimCore } from '../../core.js';
import type { MatchEvent } from '../../matching/engine.js';
import type { Order } from '../../matching/orders.js';
import { isOpen } from '../../matching/orders.js';
import { orderIdOf } from './ids.js';

export interface OrderExtras {
  clOrdId?: string;
  userref: number;
  oflags: string[];
  fee: string;
  closeTime?: number;
  reason?: string;
  /** The trade ids of its fills. */
  trades: number[];
}

export class OrderBook {
  readonly #extras = new Map<number, OrderExtras>();
  /** Why the next cancel of an order happens (set just before the engine cancels it). */
  readonly #cancelReason = new Map<number, string>();

  constructor(readonly core: SimCore) {}

  /** Records a new order's extras before the engine's first event about it. */
  set(orderId: number, extras: Omit<OrderExtras, 'fee' | 'trades'>): void {
    this.#extras.set(orderId, { ...extras, fee: '0', trades: [] });
  }

  extras(orderId: number): OrderExtras {
    return this.#extras.get(orderId) ?? { userref: 0, oflags: [], fee: '0', trades: [] };
  }

  onMatchEvent(e: MatchEvent): void {
    if (e.kind !== 'order') return;
    const x = this.#extras.get(e.order.orderId);
    if (x === undefined) return;
    if (e.fill !== undefined) {
      x.fee = D.add(x.fee, e.fill.commission);
      x.trades.push(e.fill.tradeId);
    }
    if (!isOpen(e.order)) {
      x.closeTime ??= e.order.updateTime;
      if (e.exec === 'CANCELED') x.reason ??= this.#cancelReason.get(e.order.orderId) ?? 'User requested';
      if (e.exec === 'EXPIRED' && D.isZero(e.order.executedQty)) x.reason ??= 'Insufficient liquidity';
    }
  }

  /** Cancels an open order, recording why. */
  cancel(o: Order, reason = 'User requested'): void {
    this.#cancelReason.set(o.orderId, reason);
    this.core.engine.cancel(o.accountId, o.symbol, { orderId: o.orderId });
  }

  /** The account's open orders with this `cl_ord_id` (uniqueness is enforced across open orders). */
  openByClOrdId(accountId: string, clOrdId: string): Order[] {
    return this.core.engine
      .openOrders(accountId)
      .filter((o) => this.#extras.get(o.orderId)?.clOrdId === clOrdId);
  }

  /** The account's order named by a txid, or undefined. */
  byTxid(accountId: string, txid: string): Order | undefined {
    const id = orderIdOf(txid);
    const o = id === undefined ? undefined : this.core.engine.orders.get(id);
    return o !== undefined && o.accountId === accountId && this.#extras.has(o.orderId) ? o : undefined;
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
