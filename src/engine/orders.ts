/**
 * The order manager (invariant 4: an order is placed at most once). Every action returns at once
 * with a tracked order; the venue's answer arrives later as order events.
 *
 * Placement: the client order id is fixed before the first send. A definite refusal makes the
 * order `rejected`. Anything that might have executed — a timeout, a reset, a 5xx, -1007, an
 * unreadable 2xx, a "duplicate client id" — makes it `unknown` (or keeps it `pending_new` when the
 * venue said it did not process it), and a resolver queries the venue by client order id with
 * bounded, jittered backoff. The order is re-sent, with the SAME id, only when the venue says it
 * has never seen that id and the original can no longer arrive: the venue refuses a request older
 * than its validity window (recvWindow), so "never seen" is believed only once `settleMs`
 * (recvWindow + margin) has passed since the last send.
 */
import { Backoff } from '../core/backoff.js';
import { abs, isZero, sign } from '../core/decimal.js';
import { applyOrderUpdate, canTransition } from '../core/order-state.js';
import { isTerminalOrderState, type Order, type OrderIntent, type OrderState, type Position } from '../core/types.js';
import type { LogEvent, OrderEvent } from './events.js';
import { orderOfIntent } from '../venues/shared/intent-order.js';
import type { CancelBatchSpec, OrderRef, RequestPlan, RestAdapter } from '../venues/venue.js';
import { DEFAULT_RESOLVE, failureOf, meaningOf, messageOf, readSendFailure, type ResolveOptions } from './order-resolve.js';

export { DEFAULT_RESOLVE, type ResolveOptions } from './order-resolve.js';

export interface OrderManagerDeps {
  adapter: RestAdapter;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  newClientOrderId(): string;
  emit(event: OrderEvent | LogEvent): void;
  resolve?: Partial<ResolveOptions>;
  random?: () => number;
  /** Venue time (loose estimate): stamps `updatedAt` of an order before the venue has. */
  venueNow?(): number;
  wallNow?(): number;
  monoNow?(): number;
  /** Closed orders kept for lookups; older ones are forgotten so a long session stays flat (default 10 000). */
  maxClosedOrders?: number;
}

/** What the trader asks for; the manager adds the client order id. */
export type PlaceRequest = Omit<OrderIntent, 'clientOrderId'>;

export interface TrackedOrder {
  readonly intent: OrderIntent;
  order: Order;
  sends: number;
  /** Settles when the order reaches a known state (or resolution gives up: state stays `unknown`). */
  readonly settled: Promise<Order>;
}

interface Entry extends TrackedOrder {
  lastSendAt: number;
  /** Set by venue updates (stream, reconcile) so a running resolver stops. */
  known: boolean;
}

/** An action the manager cannot perform (unknown client order id, nothing to flatten). */
export class OrderActionError extends Error {
  override readonly name = 'OrderActionError';
}

export class OrderManager {
  readonly counters = { placed: 0, sends: 0, queries: 0, resent: 0, unresolved: 0 };
  readonly #d: OrderManagerDeps;
  readonly #opts: ResolveOptions;
  readonly #orders = new Map<string, Entry>();
  /** Ids of closed orders, oldest first (a Set keeps insertion order). */
  readonly #closedIds = new Set<string>();
  readonly #sleepers = new Map<NodeJS.Timeout, () => void>();
  #closed = false;
  #emitting = false;

  constructor(deps: OrderManagerDeps) {
    this.#d = deps;
    this.#opts = { ...DEFAULT_RESOLVE, ...deps.resolve, backoff: { ...DEFAULT_RESOLVE.backoff, ...deps.resolve?.backoff } };
  }

  #wall(): number {
    return this.#d.wallNow?.() ?? Date.now();
  }

  #mono(): number {
    return this.#d.monoNow?.() ?? performance.now();
  }

  get(clientOrderId: string): TrackedOrder | undefined {
    return this.#orders.get(clientOrderId);
  }

  all(): TrackedOrder[] {
    return [...this.#orders.values()];
  }

  /** Tracks the order, emits it as `pending_new` and starts sending; returns at once. */
  place(request: PlaceRequest): TrackedOrder {
    const intent: OrderIntent = { ...request, clientOrderId: this.#d.newClientOrderId() };
    const order = orderOfIntent(intent, 'pending_new', Math.floor(this.#d.venueNow?.() ?? this.#wall()));
    if (intent.timeInForce !== undefined) order.timeInForce = intent.timeInForce;
    let settle!: (o: Order) => void;
    const settled = new Promise<Order>((resolve) => {
      settle = resolve;
    });
    const entry: Entry = { intent, order, sends: 0, settled, lastSendAt: 0, known: false };
    this.#orders.set(intent.clientOrderId, entry);
    this.counters.placed++;
    this.#emit(order);
    void this.#placeAndResolve(entry).then(() => settle(entry.order));
    return entry;
  }

  /** A venue report about one of our orders (stream event, snapshot, query). */
  applyVenueOrder(update: Order): void {
    if (this.#emitting) return;
    const entry = this.#orders.get(update.clientOrderId);
    if (entry === undefined) return;
    this.#adopt(entry, update);
  }

  async cancel(clientOrderId: string): Promise<Order> {
    const entry = this.#orders.get(clientOrderId);
    if (entry === undefined) throw new OrderActionError(`no order ${clientOrderId} in this session`);
    if (isTerminalOrderState(entry.order.state)) return entry.order;
    const before = entry.order.state;
    this.#move(entry, 'pending_cancel');
    const ref = { symbol: entry.intent.symbol, clientOrderId };
    try {
      const reply = await this.#d.run(this.#d.adapter.cancelOrder(ref));
      // A venue that only acknowledges the cancel (OKX) leaves the end state to be asked for.
      if (reply.state === 'pending_cancel') await this.#queryOnce(entry);
      else this.#adopt(entry, reply);
    } catch (err) {
      const failure = failureOf(err);
      if (failure === 'ambiguous' || meaningOf(err) === 'order_not_found' || meaningOf(err) === 'other') {
        // Filled or canceled already, or the answer was lost: ask what it is now.
        await this.#queryOnce(entry);
      }
      if (entry.order.state === 'pending_cancel') {
        this.#move(entry, before, `cancel failed: ${messageOf(err)}`);
        throw err;
      }
    }
    return entry.order;
  }

  /** Cancels every open order of `symbol` at the venue, then learns each tracked order's end state. */
  async cancelAll(symbol: string): Promise<number> {
    const open = [...this.#orders.values()].filter((e) => e.intent.symbol === symbol && !isTerminalOrderState(e.order.state));
    for (const e of open) this.#move(e, 'pending_cancel');
    const batch = this.#d.adapter.cancelBatch;
    if (batch === undefined) await this.#d.run(this.#d.adapter.cancelAll(symbol));
    else await this.#cancelInBatches(symbol, batch);
    await Promise.all(open.slice(0, 50).map((e) => this.#queryOnce(e)));
    return open.length;
  }

  /**
   * Cancel-all where the venue has none: its open orders (all of them, not only this session's),
   * listed and canceled a batch at a time, until the list is empty or stops shrinking.
   */
  async #cancelInBatches(symbol: string, batch: CancelBatchSpec): Promise<void> {
    let before = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 10; round++) {
      const list = this.#d.adapter.openOrders(symbol);
      const open = await this.#d.run({ ...list, lane: 'critical' });
      if (open.length === 0 || open.length >= before) return;
      before = open.length;
      const refs: OrderRef[] = open.map((o) => ({ symbol: o.symbol, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId }));
      for (let i = 0; i < refs.length; i += batch.max) await this.#d.run(batch.plan(refs.slice(i, i + batch.max)));
    }
  }

  /** Reduce-only market order closing the position; undefined when already flat. */
  async flatten(symbol: string): Promise<TrackedOrder | undefined> {
    const plan = this.#d.adapter.positions();
    const positions: Position[] = await this.#d.run({ ...plan, lane: 'critical' });
    const position = positions.find((p) => p.symbol === symbol);
    if (position === undefined || isZero(position.qty)) return undefined;
    return this.place({
      symbol,
      side: sign(position.qty) > 0 ? 'sell' : 'buy',
      type: 'market',
      qty: abs(position.qty),
      reduceOnly: true,
      postOnly: false,
    });
  }

  /** Stops resolvers (their orders keep their current state). */
  close(): void {
    this.#closed = true;
    for (const [t, wake] of this.#sleepers) {
      clearTimeout(t);
      wake();
    }
    this.#sleepers.clear();
  }

  // ------------------------------------------------------------------------------------------

  async #placeAndResolve(entry: Entry): Promise<void> {
    const backoff = new Backoff(this.#d.random ?? Math.random, this.#opts.backoff);
    let needSend = true;
    let queries = 0;
    while (!this.#closed) {
      if (needSend) {
        needSend = false;
        const outcome = await this.#send(entry);
        if (outcome === 'done') return;
      }
      if (entry.known) return;
      if (queries >= this.#opts.maxQueries) break;
      await this.#sleep(backoff.nextDelay(this.#mono()));
      if (entry.known || this.#closed) return;
      queries++;
      const q = await this.#query(entry);
      if (q === 'found') return;
      if (q === 'never-seen') {
        // Believed only once the original can no longer arrive: wait out the rest of the
        // validity window (spending no queries meanwhile), then ask once more before re-sending.
        const wait = this.#opts.settleMs - (this.#mono() - entry.lastSendAt);
        if (wait > 0) {
          await this.#sleep(wait);
          continue;
        }
        if (entry.sends >= this.#opts.maxSends) {
          this.#move(entry, 'rejected', `not placed after ${entry.sends} sends`);
          return;
        }
        this.counters.resent++;
        needSend = true;
        queries = 0;
        backoff.reset();
      }
    }
    if (!this.#closed && !entry.known) {
      this.counters.unresolved++;
      this.#d.emit({
        type: 'log',
        at: this.#wall(),
        level: 'error',
        source: 'orders',
        text: `order ${entry.intent.clientOrderId}: status still unknown after ${queries} queries; reconciliation will settle it`,
      });
    }
  }

  /** One send. 'done' = the venue answered definitely; 'resolve' = the answer must be found by query. */
  async #send(entry: Entry): Promise<'done' | 'resolve'> {
    let plan: RequestPlan<Order>;
    try {
      plan = this.#d.adapter.placeOrder(entry.intent);
    } catch (err) {
      this.#move(entry, 'rejected', messageOf(err));
      return 'done';
    }
    entry.sends++;
    this.counters.sends++;
    entry.lastSendAt = this.#mono();
    try {
      const ack = await this.#d.run(plan);
      this.#adopt(entry, ack);
      return 'done';
    } catch (err) {
      if (entry.known) return 'done';
      const read = readSendFailure(err);
      if (read.move === 'none') return 'resolve';
      this.#move(entry, read.move === 'keep' ? entry.order.state : read.move, read.reason);
      return read.move === 'rejected' ? 'done' : 'resolve';
    }
  }

  async #query(entry: Entry): Promise<'found' | 'never-seen' | 'failed'> {
    this.counters.queries++;
    try {
      const found = await this.#d.run(
        this.#d.adapter.queryOrder({ symbol: entry.intent.symbol, clientOrderId: entry.intent.clientOrderId }),
      );
      this.#adopt(entry, found);
      return 'found';
    } catch (err) {
      return meaningOf(err) === 'order_not_found' ? 'never-seen' : 'failed';
    }
  }

  async #queryOnce(entry: Entry): Promise<void> {
    await this.#query(entry);
  }

  /** Merges a venue report through the core state machine: progress never goes backwards. */
  #adopt(entry: Entry, venue: Order): void {
    entry.known = true;
    // A reply overtaken by the stream (an OKX ack saying "live" after the push said "filled") is
    // old news, not a conflict: nothing to merge, nothing to warn about.
    if (isTerminalOrderState(entry.order.state) && !isTerminalOrderState(venue.state) && venue.updatedAt <= entry.order.updatedAt) return;
    const result = applyOrderUpdate(entry.order, {
      state: venue.state,
      filledQty: venue.filledQty,
      avgPrice: venue.avgPrice,
      ...(venue.venueOrderId === undefined ? {} : { venueOrderId: venue.venueOrderId }),
      ...(venue.reason === undefined ? {} : { reason: venue.reason }),
      updatedAt: venue.updatedAt,
    });
    if (!result.ok) {
      this.#d.emit({
        type: 'log',
        at: this.#wall(),
        level: 'warn',
        source: 'orders',
        text: `order ${entry.intent.clientOrderId}: venue report ignored (${result.error.message})`,
      });
      return;
    }
    if (!result.changed) return;
    const order = result.order;
    if (venue.reason === undefined && order.state !== 'rejected') delete order.reason;
    if (venue.createdAt !== undefined) order.createdAt = venue.createdAt;
    entry.order = order;
    this.#emit(order);
  }

  /** A local move (pending_cancel, unknown, rejected); illegal moves are skipped. */
  #move(entry: Entry, state: OrderState, reason?: string): void {
    if (!canTransition(entry.order.state, state)) return;
    // updatedAt stays the venue's last stamp, so no venue report is ever judged older than a local move.
    const order: Order = { ...entry.order, state };
    if (reason === undefined) delete order.reason;
    else order.reason = reason;
    entry.order = order;
    this.#emit(order);
  }

  #emit(order: Order): void {
    // The sink may echo the order back through applyVenueOrder (account listeners): not news.
    this.#emitting = true;
    try {
      this.#d.emit({ type: 'order', at: this.#wall(), order });
    } finally {
      this.#emitting = false;
    }
    if (isTerminalOrderState(order.state)) this.#forgetOldest(order.clientOrderId);
  }

  /** Bounded memory: past the cap the oldest closed orders leave the map (an open one never does). */
  #forgetOldest(closedId: string): void {
    this.#closedIds.add(closedId);
    const max = this.#d.maxClosedOrders ?? 10_000;
    for (const id of this.#closedIds) {
      if (this.#closedIds.size <= max) break;
      this.#closedIds.delete(id);
      const e = this.#orders.get(id);
      if (e !== undefined && isTerminalOrderState(e.order.state)) this.#orders.delete(id);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#sleepers.delete(t);
        resolve();
      }, ms);
      this.#sleepers.set(t, resolve);
    });
  }
}
