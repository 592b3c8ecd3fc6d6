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
 */
import { findOrder } from './query-order.js';
import { Backoff } from '../core/backoff.js';
import { abs, isZero, sign } from '../core/decimal.js';
import { isProtective, isTerminalOrderState, type Order, type OrderIntent, type OrderState, type Position } from '../core/types.js';
import type { LogEvent } from './events.js';
import { orderOfIntent } from '../venues/shared/intent-order.js';
import type { CancelBatchSpec, OrderRef, RequestPlan, RestAdapter } from '../venues/venue.js';
import type { AccountState } from './account.js';
import { errorMessage } from '../core/error-message.js';
import { describeIntent, type JournalEntry } from '../core/journal.js';
import type { InFlightIntent } from '../core/journal-recovery.js';
import { DEFAULT_RESOLVE, failureOf, meaningOf, readSendFailure, type ResolveOptions } from './order-resolve.js';

export { DEFAULT_RESOLVE, type ResolveOptions } from './order-resolve.js';

/** What the manager needs of the one order owner (the account mirror). */
export type OrderBook = Pick<AccountState, 'order' | 'addOrder' | 'upsertOrder' | 'moveOrder' | 'onOrderChange'>;

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

export interface TrackedOrder {
  readonly intent: OrderIntent;
  /** The order as the book holds it now. */
  readonly order: Order;
  readonly sends: number;
  /** Settles when the order reaches a known state (or resolution gives up: state stays `unknown`). */
  readonly settled: Promise<Order>;
}

/** One placement: what resolving an ambiguous send needs, and nothing of the order's state. */
class Placement implements TrackedOrder {
  sends = 0;
  lastSendAt = 0;
  /** A venue has answered about this id (reply, stream, reconcile): a running resolver stops. */
  known = false;
  /** The journal holds this intent's end (a terminal answer, a refusal): no `closed` step follows. */
  ended = false;
  /** A send's answer was lost: the venue's first word about it is journaled as `resolved`. */
  ambiguous = false;
  /** An earlier process's intent, adopted at a restart: the venue's first word is journaled as `recovered`. */
  recovering = false;
  #last: Order;

  constructor(
    readonly intent: OrderIntent,
    readonly settled: Promise<Order>,
    readonly book: OrderBook,
    first: Order,
  ) {
    this.#last = first;
  }

  get order(): Order {
    const now = this.book.order(this.intent.clientOrderId);
    if (now !== undefined) this.#last = now;
    return this.#last;
  }
}

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

  constructor(deps: OrderManagerDeps) {
    this.#d = deps;
    this.#book = deps.book;
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
    let settle!: (o: Order) => void;
    const settled = new Promise<Order>((resolve) => {
      settle = resolve;
    });
    const p = new Placement(intent, settled, this.#book, order);
    this.#placements.set(intent.clientOrderId, p);
    const { clientOrderId, ...facts } = intent;
    this.#journal({ event: 'intent', clientOrderId, intent: facts });
    this.counters.placed++;
    this.#book.addOrder(order);
    void this.#placeAndResolve(p).then(() => settle(p.order));
    return p;
  }

  /**
   * An intent an earlier process journaled and never saw end (src/core/journal-recovery.ts),
   * adopted as this session's: in the book at once (cancel-all and the orders pane count it), then
   * resolved by its client id with queries only. It is never sent again: found means placed (its
   * state is the venue's); not found once the last send can no longer arrive means never placed.
   */
  recover(r: InFlightIntent & { intent: NonNullable<InFlightIntent['intent']> }): TrackedOrder {
    const intent: OrderIntent = { ...r.intent, clientOrderId: r.clientOrderId };
    const state: OrderState = r.step === 'answered' && r.state !== undefined ? r.state : r.step === 'sent' ? 'unknown' : 'pending_new';
    const order = orderOfIntent(intent, state, Math.floor(this.#d.venueNow?.() ?? this.#wall()));
    if (intent.timeInForce !== undefined) order.timeInForce = intent.timeInForce;
    if (r.venueOrderId !== undefined) order.venueOrderId = r.venueOrderId;
    if (r.filledQty !== undefined) order.filledQty = r.filledQty;
    let settle!: (o: Order) => void;
    const settled = new Promise<Order>((resolve) => {
      settle = resolve;
    });
    const p = new Placement(intent, settled, this.#book, order);
    p.sends = r.sends;
    p.recovering = true;
    this.#placements.set(intent.clientOrderId, p);
    this.#book.addOrder(order);
    void this.#recoverAndResolve(p, r).then(() => settle(p.order));
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
      if (batch === undefined && this.#d.adapter.capabilities.cancelAllScope === 'account') await this.#cancelEach(symbol);
      else if (batch === undefined) await this.#d.run(this.#d.adapter.cancelAll(symbol));
      else await this.#cancelInBatches(symbol, batch, (o) => !isProtective(o), this.#d.adapter.openOrders);
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
  async cancelProtective(symbol: string): Promise<void> {
    const { adapter } = this.#d;
    const spec = adapter.protective;
    if (spec?.cancelAll !== undefined) {
      await this.#d.run(spec.cancelAll(symbol));
      return;
    }
    const list = spec?.open ?? adapter.openOrders;
    const batch = spec === undefined ? adapter.cancelBatch : spec.cancelBatch;
    if (batch !== undefined) {
      await this.#cancelInBatches(symbol, batch, isProtective, list);
      return;
    }
    const open = await this.#d.run({ ...list(symbol), lane: 'critical' });
    for (const o of open.filter(isProtective)) await this.#d.run(adapter.cancelOrder(refOf(o, o.venueOrderId)));
  }

  /**
   * Cancel-all where the venue has none: its open orders that `pick` takes (all of them, not only
   * this session's), listed and canceled a batch at a time, until none is left or the list stops
   * shrinking.
   */
  async #cancelInBatches(
    symbol: string,
    batch: CancelBatchSpec,
    pick: (o: Order) => boolean,
    list: (symbol: string) => RequestPlan<Order[]>,
  ): Promise<void> {
    let before = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 10; round++) {
      const open = (await this.#d.run({ ...list(symbol), lane: 'critical' })).filter(pick);
      if (open.length === 0 || open.length >= before) return;
      before = open.length;
      const refs: OrderRef[] = open.map((o) => refOf(o, o.venueOrderId));
      for (let i = 0; i < refs.length; i += batch.max) await this.#d.run(batch.plan(refs.slice(i, i + batch.max)));
    }
  }

  /** The symbol's open non-protective orders as the venue lists them, cancelled one by one (all at once). */
  async #cancelEach(symbol: string): Promise<void> {
    const { adapter, run } = this.#d;
    const open = (await run({ ...adapter.openOrders(symbol), lane: 'critical' })).filter((o) => o.symbol === symbol && !isProtective(o));
    await Promise.all(open.map((o) => run({ ...adapter.cancelOrder(refOf(o, o.venueOrderId)), lane: 'critical' })));
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

  async #placeAndResolve(p: Placement): Promise<void> {
    const backoff = new Backoff(this.#d.random ?? Math.random, this.#opts.backoff);
    let needSend = true;
    let queries = 0;
    while (!this.#closed) {
      if (needSend) {
        needSend = false;
        const outcome = await this.#send(p);
        if (outcome === 'done') return;
      }
      if (p.known) return;
      if (queries >= this.#opts.maxQueries) break;
      await this.#sleep(backoff.nextDelay(this.#mono()));
      if (p.known || this.#closed) return;
      queries++;
      const q = await this.#query(p, 'resolved');
      if (q === 'found') return;
      if (q === 'never-seen') {
        this.#journal({ event: 'never-seen', clientOrderId: p.intent.clientOrderId });
        // Believed only once the original can no longer arrive: wait out the rest of the
        // validity window (spending no queries meanwhile), then ask once more before re-sending.
        const wait = this.#opts.settleMs - (this.#mono() - p.lastSendAt);
        if (wait > 0) {
          await this.#sleep(wait);
          continue;
        }
        if (p.sends >= this.#opts.maxSends) {
          this.#reject(p, `not placed after ${p.sends} sends`);
          return;
        }
        this.counters.resent++;
        needSend = true;
        queries = 0;
        backoff.reset();
      }
    }
    if (!this.#closed && !p.known) {
      this.counters.unresolved++;
      this.#journal({ event: 'unresolved', clientOrderId: p.intent.clientOrderId, reason: `status unknown after ${queries} queries` });
      this.#d.emit({
        type: 'log',
        at: this.#wall(),
        level: 'error',
        source: 'orders',
        text: `order ${p.intent.clientOrderId}: status still unknown after ${queries} queries; reconciliation will settle it`,
      });
    }
  }

  /**
   * A recovered intent's resolution: queries by client id with backoff, never a send. Not found
   * while the last send (or, unsent, the intent) could still reach the venue: asked again once it
   * cannot; not found then: never placed, and the story ends.
   */
  async #recoverAndResolve(p: Placement, r: InFlightIntent): Promise<void> {
    const id = p.intent.clientOrderId;
    const what = `${id} (${describeIntent(r.intent)})`;
    const backoff = new Backoff(this.#d.random ?? Math.random, this.#opts.backoff);
    // Unsent: the send line comes before the request, so it never left; but a session whose journal
    // writes failed went on trading: it could have left up to a validity window after the intent.
    const lastChance = r.validUntil ?? r.since + this.#opts.settleMs;
    let failures = 0;
    while (!this.#closed) {
      const q = await this.#query(p, 'recovered');
      if (q === 'found' || p.known) {
        const o = p.order;
        this.#log('info', `recovered ${what}: placed, ${o.state}${o.venueOrderId === undefined ? '' : ` (venue ${o.venueOrderId})`}; adopted as this session's`);
        return;
      }
      if (q === 'never-seen') {
        if (r.step === 'answered') {
          // The venue spoke of it before and no longer finds it: reconciliation settles it.
          this.counters.unresolved++;
          this.#journal({ event: 'unresolved', clientOrderId: id, reason: 'after a restart the venue no longer finds an order it had acknowledged' });
          this.#log('warn', `recovered ${what}: the venue acknowledged it before the restart and no longer finds it; reconciliation will settle it`);
          return;
        }
        const wait = lastChance - this.#wall();
        if (wait > 0) {
          // The request may still be on its way: not judged before the venue would refuse it.
          await this.#sleep(wait + 50);
          continue;
        }
        // The step says "never placed"; its reason says how that is known.
        const reason =
          r.step === 'unsent'
            ? 'the process stopped after journaling it and before sending it'
            : `the venue does not have it after send #${r.sends} could no longer arrive`;
        this.#journal({ event: 'never-placed', clientOrderId: id, reason });
        p.ended = true;
        this.#move(p, 'rejected', `never placed: ${reason}`);
        this.#log('info', `recovered ${what}: never placed (${reason}); not sent again`);
        return;
      }
      if (++failures >= this.#opts.maxQueries) break;
      await this.#sleep(backoff.nextDelay(this.#mono()));
    }
    if (!this.#closed && !p.known) {
      this.counters.unresolved++;
      this.#journal({ event: 'unresolved', clientOrderId: id, reason: `after a restart: status unknown after ${failures} queries` });
      this.#log('error', `recovered ${what}: status still unknown after ${failures} queries; reconciliation will settle it`);
    }
  }

  #log(level: 'info' | 'warn' | 'error', text: string): void {
    this.#d.emit({ type: 'log', at: this.#wall(), level, source: 'orders', text });
  }

  /** One send. 'done' = the venue answered definitely; 'resolve' = the answer must be found by query. */
  async #send(p: Placement): Promise<'done' | 'resolve'> {
    let plan: RequestPlan<Order>;
    try {
      plan = this.#d.adapter.placeOrder(p.intent);
    } catch (err) {
      this.#reject(p, errorMessage(err));
      return 'done';
    }
    p.sends++;
    this.counters.sends++;
    p.lastSendAt = this.#mono();
    // Before the request leaves: a restart that finds this line knows the id may be at the venue,
    // and that after validUntil a query finding nothing means it was never placed.
    this.#journal({
      event: 'sent',
      clientOrderId: p.intent.clientOrderId,
      send: p.sends,
      validUntil: new Date(this.#wall() + this.#opts.settleMs).toISOString(),
    });
    try {
      const ack = await this.#d.run(plan);
      this.#adopt(p, ack, 'acked');
      return 'done';
    } catch (err) {
      if (p.known) return 'done';
      const read = readSendFailure(err);
      if (read.move === 'none') {
        this.#ambiguous(p, `the venue already has this id: ${errorMessage(err)}`);
        return 'resolve';
      }
      if (read.move === 'rejected') {
        this.#reject(p, read.reason);
        return 'done';
      }
      this.#ambiguous(p, read.reason);
      this.#move(p, read.move === 'keep' ? p.order.state : read.move, read.reason);
      return 'resolve';
    }
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

/** A failed cancel that may have happened after all (its answer was lost), or met an order already gone: ask the venue. */
function worthAsking(err: unknown): boolean {
  const meaning = meaningOf(err);
  return failureOf(err) === 'ambiguous' || meaning === 'order_not_found' || meaning === 'other';
}

/** How the venue finds an order again: its ids, and whether it is a protective one (kept apart at some venues). */
export function refOf(order: { symbol: string; clientOrderId: string; trigger?: OrderIntent['trigger'] }, venueOrderId?: string): OrderRef {
  const ref: OrderRef = { symbol: order.symbol, clientOrderId: order.clientOrderId };
  if (venueOrderId !== undefined) ref.venueOrderId = venueOrderId;
  if (isProtective(order)) ref.protective = true;
  return ref;
}
