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
 *
 * The manager holds no order state: orders live in the account mirror (the order book), which
 * merges every reply and report; the manager keeps per send only what resolving it needs (the
 * intent, the sends, the time of the last one, whether a venue has answered) and forgets it when
 * the book forgets the closed order.
 *
 * Journal: every step of an intent (decided, each send, the venue's answer, an ambiguity and how it
 * was resolved, a cancel, the end state) goes to the injected `journal` as it happens; the intent
 * before its first send, each send before its request leaves (docs/journal.md).
 *
 * Beside it: placement.ts (one placement, the steps the manager lends its resolvers, refOf),
 * placement-resolve.ts (the send-and-resolve loop), order-recovery.ts (a restart's intents, queries
 * only) and cancel-sweep.ts (cancels that sweep a symbol at the venue).
 */
import { findOrder } from './query-order.js';
import { abs, isZero, sign } from '../core/decimal.js';
import { isProtective, isTerminalOrderState, type Order, type OrderIntent, type OrderState, type Position } from '../core/types.js';
import type { LogEvent } from './events.js';
import { orderOfIntent } from '../venues/shared/intent-order.js';
import type { RequestPlan, RestAdapter } from '../venues/venue.js';
import { errorMessage } from '../core/error-message.js';
import type { JournalEntry } from '../core/journal.js';
import { DEFAULT_RESOLVE, meaningOf, type ResolveOptions } from './order-resolve.js';
import { type OrderBook, Placement, type ResolverSteps, refOf, type TrackedOrder } from './placement.js';
import { type AskableIntent, recoveredOrder, resolveRecovered } from './order-recovery.js';
import { resolvePlacement } from './placement-resolve.js';
import { cancelEach, cancelInBatches, cancelProtective, type SweepDeps, worthAsking } from './cancel-sweep.js';

export { DEFAULT_RESOLVE, type ResolveOptions } from './order-resolve.js';
// The placement's types and the venue ref live in placement.ts; importers keep naming them from here.
export { type OrderBook, refOf, type TrackedOrder } from './placement.js';

export interface OrderManagerDeps {
  adapter: RestAdapter;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  newClientOrderId(): string;
  /** Where orders live: the manager writes its sends and the venue's replies there. */
  book: OrderBook;
  /** Log lines (orders reach the store through the book). */
  emit(event: LogEvent): void;
  resolve?: Partial<ResolveOptions>;
  random?: () => number;
  /** Venue time (loose estimate): stamps `updatedAt` of an order before the venue has. */
  venueNow?(): number;
  wallNow?(): number;
  monoNow?(): number;
  /** Each step of an intent, synchronously as it happens (the engine stamps and writes it). */
  journal?(entry: JournalEntry): void;
}

/** What the trader asks for; the manager adds the client order id. */
export type PlaceRequest = Omit<OrderIntent, 'clientOrderId'>;

/** An action the manager cannot perform (unknown client order id, nothing to flatten). */
export class OrderActionError extends Error {
  override readonly name = 'OrderActionError';
}

export class OrderManager {
  readonly counters = { placed: 0, sends: 0, queries: 0, resent: 0, unresolved: 0 };
  readonly #d: OrderManagerDeps;
  readonly #opts: ResolveOptions;
  readonly #book: OrderBook;
  /** This session's placements still held by the book. */
  readonly #placements = new Map<string, Placement>();
  readonly #sleepers = new Map<NodeJS.Timeout, () => void>();
  readonly #unlisten: () => void;
  #closed = false;
  /** The cancels that sweep a symbol at the venue (cancel-sweep.ts). */
  readonly #sweep: SweepDeps;

  constructor(deps: OrderManagerDeps) {
    this.#d = deps;
    this.#book = deps.book;
    this.#sweep = { adapter: deps.adapter, run: (plan) => deps.run(plan) };
    this.#opts = { ...DEFAULT_RESOLVE, ...deps.resolve, backoff: { ...DEFAULT_RESOLVE.backoff, ...deps.resolve?.backoff } };
    this.#unlisten = this.#book.onOrderChange((change) => {
      if (change.kind === 'forgotten') this.#placements.delete(change.clientOrderId);
      else {
        const p = this.#placements.get(change.order.clientOrderId);
        if (p === undefined) return;
        const first = !p.known;
        p.known = true;
        // The venue's first word from elsewhere (a stream, a reconcile: the reply is journaled by
        // #adopt), then the end as the venue reported it (a fill, a cancel, an expiry), once.
        if (first) this.#journalAnswer(p, p.recovering ? 'recovered' : p.ambiguous ? 'resolved' : 'acked', change.order);
        else if (!p.ended && isTerminalOrderState(change.order.state)) this.#journalAnswer(p, 'closed', change.order);
      }
    });
  }

  #wall(): number {
    return this.#d.wallNow?.() ?? Date.now();
  }

  #mono(): number {
    return this.#d.monoNow?.() ?? performance.now();
  }

  get(clientOrderId: string): TrackedOrder | undefined {
    return this.#placements.get(clientOrderId);
  }

  all(): TrackedOrder[] {
    return [...this.#placements.values()];
  }

  /** Puts the order in the book as `pending_new` and starts sending; returns at once. */
  place(request: PlaceRequest): TrackedOrder {
    const intent: OrderIntent = { ...request, clientOrderId: this.#d.newClientOrderId() };
    const order = orderOfIntent(intent, 'pending_new', Math.floor(this.#d.venueNow?.() ?? this.#wall()));
    if (intent.timeInForce !== undefined) order.timeInForce = intent.timeInForce;
    const p = new Placement(intent, this.#book, order);
    this.#placements.set(intent.clientOrderId, p);
    const { clientOrderId, ...facts } = intent;
    this.#journal({ event: 'intent', clientOrderId, intent: facts });
    this.counters.placed++;
    this.#book.addOrder(order);
    void resolvePlacement(this.#steps(), p).then(() => p.settle());
    return p;
  }

  /**
   * An intent an earlier process journaled and never saw end (src/core/journal-recovery.ts),
   * adopted as this session's: in the book at once (cancel-all and the orders pane count it), then
   * resolved by its client id with queries only. It is never sent again: found means placed (its
   * state is the venue's); not found once the last send can no longer arrive means never placed.
   */
  recover(r: AskableIntent): TrackedOrder {
    const { intent, order } = recoveredOrder(r, Math.floor(this.#d.venueNow?.() ?? this.#wall()));
    const p = new Placement(intent, this.#book, order);
    p.sends = r.sends;
    p.recovering = true;
    this.#placements.set(intent.clientOrderId, p);
    this.#book.addOrder(order);
    void resolveRecovered(this.#steps(), p, r).then(() => p.settle());
    return p;
  }

  async cancel(clientOrderId: string): Promise<Order> {
    const p = this.#placements.get(clientOrderId);
    if (p === undefined) throw new OrderActionError(`no order ${clientOrderId} in this session`);
    const before = p.order.state;
    if (isTerminalOrderState(before)) return p.order;
    this.#journal({ event: 'cancel', clientOrderId, via: 'cancel' });
    this.#move(p, 'pending_cancel');
    // A protective order goes by the venue's id where it has one: OKX's cancel-algos takes nothing else;
    // so does every order where the venue cancels by its own id only (Coinbase).
    const byVenueId = isProtective(p.intent) || this.#d.adapter.capabilities?.cancelNeedsVenueId === true;
    const ref = refOf(p.intent, byVenueId ? p.order.venueOrderId : undefined);
    try {
      const reply = await this.#d.run(this.#d.adapter.cancelOrder(ref));
      // A venue that only acknowledges the cancel (OKX) leaves the end state to be asked for.
      if (reply.state === 'pending_cancel') await this.#query(p);
      else this.#adopt(p, reply);
    } catch (err) {
      if (worthAsking(err)) await this.#query(p);
      if (p.order.state === 'pending_cancel') {
        this.#move(p, before, `cancel failed: ${errorMessage(err)}`);
        this.#journal({ event: 'cancel-failed', clientOrderId, reason: errorMessage(err) });
        throw err;
      }
    }
    return p.order;
  }

  /**
   * Cancels every open order of `symbol` at the venue, then learns each tracked order's end state.
   * Protective orders stay unless `protective` says otherwise (invariant 11: a panic cancel-all
   * must not strip the stop); with it, they go after the others. Like one cancel, a failed
   * cancel-all asks when its answer may have been lost, and puts back, with the reason, every
   * order still waiting for its cancel (it rests at the venue).
   */
  async cancelAll(symbol: string, protective: 'keep' | 'include' = 'keep'): Promise<number> {
    const included = (intent: OrderIntent) => protective === 'include' || !isProtective(intent);
    const open = [...this.#placements.values()].filter(
      (p) => p.intent.symbol === symbol && !isTerminalOrderState(p.order.state) && included(p.intent),
    );
    const was = open.map((p) => ({ p, state: p.order.state }));
    for (const p of open) {
      this.#journal({ event: 'cancel', clientOrderId: p.intent.clientOrderId, via: 'cancel-all' });
      this.#move(p, 'pending_cancel');
    }
    try {
      const batch = this.#d.adapter.cancelBatch;
      // A venue whose cancel-all takes the whole account (Kraken) would take every other symbol's orders too.
      if (batch === undefined && this.#d.adapter.capabilities.cancelAllScope === 'account') await cancelEach(this.#sweep, symbol);
      else if (batch === undefined) await this.#d.run(this.#d.adapter.cancelAll(symbol));
      else await cancelInBatches(this.#sweep, symbol, batch, (o) => !isProtective(o), this.#d.adapter.openOrders);
      if (protective === 'include') await this.cancelProtective(symbol);
    } catch (err) {
      if (worthAsking(err)) await this.#askEndStates(open);
      const left = was.filter(({ p }) => p.order.state === 'pending_cancel');
      for (const { p, state } of left) {
        this.#move(p, state, `cancel failed: ${errorMessage(err)}`);
        this.#journal({ event: 'cancel-failed', clientOrderId: p.intent.clientOrderId, reason: errorMessage(err) });
      }
      if (left.length > 0) throw err;
      return open.length;
    }
    await this.#askEndStates(open);
    return open.length;
  }

  /** The end state of the orders a cancel-all touched: the first 50 asked, the rest left to reconcile. */
  async #askEndStates(orders: Placement[]): Promise<void> {
    await Promise.all(orders.slice(0, 50).map((p) => this.#query(p)));
  }

  /**
   * Cancels every protective order of `symbol` at the venue (this session's or not): by the
   * venue's own cancel-all for them where it has one, else listed and cancelled by batches, else
   * one by one.
   */
  cancelProtective(symbol: string): Promise<void> {
    return cancelProtective(this.#sweep, symbol);
  }

  /** Reduce-only market order closing the position; undefined when already flat. */
  async flatten(symbol: string): Promise<TrackedOrder | undefined> {
    const plan = this.#d.adapter.positions?.();
    if (plan === undefined) return undefined; // spot holds no positions (a spot flatten sells a balance: engine/spot-flatten.ts)
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
    this.#unlisten();
    for (const [t, wake] of this.#sleepers) {
      clearTimeout(t);
      wake();
    }
    this.#sleepers.clear();
  }

  // ------------------------------------------------------------------------------------------

  /** What the resolvers of its placements use of the manager (placement-resolve.ts, order-recovery.ts). */
  #steps(): ResolverSteps {
    return {
      adapter: this.#d.adapter,
      run: (plan) => this.#d.run(plan),
      opts: this.#opts,
      counters: this.counters,
      random: this.#d.random,
      closed: () => this.#closed,
      wall: () => this.#wall(),
      mono: () => this.#mono(),
      sleep: (ms) => this.#sleep(ms),
      query: (p, as) => this.#query(p, as),
      adopt: (p, venue, as) => this.#adopt(p, venue, as),
      ambiguous: (p, reason) => this.#ambiguous(p, reason),
      reject: (p, reason) => this.#reject(p, reason),
      journal: (entry) => this.#journal(entry),
      move: (p, state, reason) => this.#move(p, state, reason),
      log: (level, text) => this.#log(level, text),
    };
  }

  #log(level: 'info' | 'warn' | 'error', text: string): void {
    this.#d.emit({ type: 'log', at: this.#wall(), level, source: 'orders', text });
  }

  async #query(p: Placement, journalAs?: 'resolved' | 'recovered'): Promise<'found' | 'never-seen' | 'failed'> {
    this.counters.queries++;
    try {
      const found = await findOrder(this.#d.adapter, this.#d.run, refOf(p.intent));
      this.#adopt(p, found, journalAs);
      return 'found';
    } catch (err) {
      return meaningOf(err) === 'order_not_found' ? 'never-seen' : 'failed';
    }
  }

  /** A venue's answer about this order: the book merges it; the resolver stops either way. */
  #adopt(p: Placement, venue: Order, journalAs?: 'acked' | 'resolved' | 'recovered'): void {
    // Journaled before the book merges it (the merge tells the listener, which would write it
    // too); not when the venue already spoke of it another way (the listener wrote that).
    if (journalAs !== undefined && !p.known) this.#journalAnswer(p, journalAs, venue);
    p.known = true;
    this.#book.upsertOrder(venue);
  }

  #ambiguous(p: Placement, reason: string): void {
    p.ambiguous = true;
    this.#journal({ event: 'ambiguous', clientOrderId: p.intent.clientOrderId, reason });
  }

  /** A local refusal (the venue's, or before the send): the order and the journal both end here. */
  #reject(p: Placement, reason: string): void {
    this.#journal({ event: 'rejected', clientOrderId: p.intent.clientOrderId, reason });
    p.ended = true;
    this.#move(p, 'rejected', reason);
  }

  /** What the venue says the order is, as one step; a terminal one ends the intent's story. */
  #journalAnswer(p: Placement, event: 'acked' | 'resolved' | 'recovered' | 'closed', venue: Order): void {
    if (isTerminalOrderState(venue.state)) p.ended = true;
    this.#journal({
      event,
      clientOrderId: p.intent.clientOrderId,
      state: venue.state,
      ...(venue.venueOrderId === undefined ? {} : { venueOrderId: venue.venueOrderId }),
      filledQty: venue.filledQty,
      ...(venue.reason === undefined ? {} : { reason: venue.reason }),
    });
  }

  #journal(entry: JournalEntry): void {
    this.#d.journal?.(entry);
  }

  /** A local move (pending_cancel, unknown, rejected); the book skips illegal ones. */
  #move(p: Placement, state: OrderState, reason?: string): void {
    this.#book.moveOrder(p.intent.clientOrderId, state, reason);
  }

  #sleep(ms: number): Promise<void> {
    // close() wakes the sleepers it finds; a resolver whose request was still in flight then
    // must not fall asleep after it (up to a whole validity window, holding the process open).
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#sleepers.delete(t);
        resolve();
      }, ms);
      this.#sleepers.set(t, resolve);
    });
  }
}
