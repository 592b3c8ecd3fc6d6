/**
 * One placement of the order manager (src/engine/orders.ts): what resolving an ambiguous send
 * needs, and nothing of the order's state (that is the book's, the account mirror). Apart from the
 * manager because the resolvers of a new intent (placement-resolve.ts) and of a recovered one
 * (order-recovery.ts) both work on it, with the steps the manager lends them (ResolverSteps).
 */
import type { JournalEntry } from '../core/journal.js';
import { isProtective, type Order, type OrderIntent, type OrderState } from '../core/types.js';
import type { OrderRef, RequestPlan, RestAdapter } from '../venues/venue.js';
import type { AccountState } from './account.js';
import type { ResolveOptions } from './order-resolve.js';

/** What the manager needs of the one order owner (the account mirror). */
export type OrderBook = Pick<AccountState, 'order' | 'addOrder' | 'upsertOrder' | 'moveOrder' | 'onOrderChange'>;

export interface TrackedOrder {
  readonly intent: OrderIntent;
  /** The order as the book holds it now. */
  readonly order: Order;
  readonly sends: number;
  /** Settles when the order reaches a known state (or resolution gives up: state stays `unknown`). */
  readonly settled: Promise<Order>;
}

export class Placement implements TrackedOrder {
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
  readonly settled: Promise<Order>;
  #settle!: (o: Order) => void;
  #last: Order;

  constructor(
    readonly intent: OrderIntent,
    readonly book: OrderBook,
    first: Order,
  ) {
    this.#last = first;
    this.settled = new Promise<Order>((resolve) => {
      this.#settle = resolve;
    });
  }

  get order(): Order {
    const now = this.book.order(this.intent.clientOrderId);
    if (now !== undefined) this.#last = now;
    return this.#last;
  }

  /** Its resolver is done: `settled` resolves with the order as the book holds it now. */
  settle(): void {
    this.#settle(this.order);
  }
}

/** What the order manager (orders.ts) lends the resolvers of its placements: its sends, queries, book moves and journal. */
export interface ResolverSteps {
  readonly adapter: Pick<RestAdapter, 'placeOrder'>;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  readonly opts: ResolveOptions;
  readonly counters: { sends: number; resent: number; unresolved: number };
  readonly random: (() => number) | undefined;
  closed(): boolean;
  wall(): number;
  mono(): number;
  /** Woken early by the manager's close(). */
  sleep(ms: number): Promise<void>;
  /** Asks the venue by client id; a found order is adopted (and journaled `as`). */
  query(p: Placement, as: 'resolved' | 'recovered'): Promise<'found' | 'never-seen' | 'failed'>;
  /** A venue's answer: the book merges it; the resolver stops either way. */
  adopt(p: Placement, venue: Order, as: 'acked'): void;
  ambiguous(p: Placement, reason: string): void;
  /** A local refusal: the order and the journal both end. */
  reject(p: Placement, reason: string): void;
  journal(entry: JournalEntry): void;
  /** A local move; the book skips illegal ones. */
  move(p: Placement, state: OrderState, reason?: string): void;
  log(level: 'info' | 'warn' | 'error', text: string): void;
}

/** How the venue finds an order again: its ids, and whether it is a protective one (kept apart at some venues). */
export function refOf(order: { symbol: string; clientOrderId: string; trigger?: OrderIntent['trigger'] }, venueOrderId?: string): OrderRef {
  const ref: OrderRef = { symbol: order.symbol, clientOrderId: order.clientOrderId };
  if (venueOrderId !== undefined) ref.venueOrderId = venueOrderId;
  if (isProtective(order)) ref.protective = true;
  return ref;
}
