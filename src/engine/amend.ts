/**
 * Amending a resting order through the venue's modify endpoint, under the order manager's rules
 * (invariant 4, docs/orders.md "Amend"). An amend is a mutating request and is sent ONCE:
 *
 *   ask ─► target (core/amend-target) ─► send ─► answered with the order ─► the book merges it
 *                                          ├──► acknowledged only ─► query by client id ─► merged
 *                                          ├──► refused ─► query (the venue may have canceled it) ─► said
 *                                          └──► ambiguous ─► wait out the validity window since the send
 *                                               (a late copy can no longer apply) ─► query ─► said what
 *                                               the venue shows: the amend took or did not. Never re-sent.
 *
 * The order keeps its client order id throughout; where the venue gives the amended order a new
 * venue id (Hyperliquid replaces it), the book follows the new id. One amend is in flight per order:
 * a newer ask meanwhile becomes the one follow-up (the last ask wins, and tick steps add up on top of
 * what is in flight), sent when the first is settled.
 *
 * A protective order (stop, take-profit) moves its TRIGGER the same way, through the venue's own
 * modify (`RestAdapter.amendTrigger`), after a check that the new trigger is not already crossed
 * (it would fire the moment it landed). Where the venue has no such modify (Binance's algo service)
 * it is replaced instead, and said so (amend-replace.ts).
 */
import { findOrder } from './query-order.js';
import { type AmendChange, type AmendTarget, amendTarget, restingAt } from '../core/amend-target.js';
import { errorMessage } from '../core/error-message.js';
import { eq } from '../core/decimal.js';
import { movedTriggerProblem } from '../core/protection.js';
import { isTerminalOrderState, type Instrument, type Order } from '../core/types.js';
import type { RequestPlan, RestAdapter } from '../venues/venue.js';
import type { ActionResult } from './actions.js';
import type { AccountState } from './account.js';
import type { LogEvent } from './events.js';
import type { JournalEntry } from '../core/journal.js';
import { failureOf } from './order-resolve.js';
import { refOf } from './orders.js';

export interface AmenderDeps {
  adapter: Pick<RestAdapter, 'amendOrder' | 'amendTrigger' | 'queryOrder' | 'name'>;
  run<T>(plan: RequestPlan<T>): Promise<T>;
  book: Pick<AccountState, 'order' | 'upsertOrder'>;
  /** How long after a send a late copy can still reach the venue and apply (validity window + margin). */
  settleMs: number;
  instrument(symbol: string): Instrument | undefined;
  /** Where a follow-up's outcome is told (the trader's own call has returned by then). */
  emit?(event: LogEvent): void;
  monoNow?(): number;
  /** The price a protective order's new trigger is checked against (the mark, else the mid), when known. */
  mark?(symbol: string): string | undefined;
  /** Where the venue cannot modify a protective order: a new one in its place, the old one cancelled. */
  replace?(order: Order, target: AmendTarget): Promise<ActionResult>;
  /** The ask and what came of it, as journal steps (docs/journal.md); the ask before its request leaves. */
  journal?(entry: JournalEntry): void;
}

interface Flight {
  target: AmendTarget;
  next?: AmendTarget;
}

const where = (o: Pick<Order, 'price' | 'qty' | 'trigger'>) => (o.trigger === undefined ? `${o.qty} @ ${o.price ?? 'market'}` : `${o.qty}, trigger ${o.trigger.price}`);
/** Where an order is asked to go, said as `where` says where it is. */
const whereTo = (o: Pick<Order, 'trigger'>, t: AmendTarget) => (o.trigger === undefined ? `${t.qty} @ ${t.price}` : `${t.qty}, trigger ${t.price}`);

export class Amender {
  readonly counters = { sent: 0, queued: 0, ambiguous: 0 };
  readonly #d: AmenderDeps;
  readonly #flights = new Map<string, Flight>();

  constructor(deps: AmenderDeps) {
    this.#d = deps;
  }

  async amend(clientOrderId: string, change: AmendChange): Promise<ActionResult> {
    const d = this.#d;
    const order = d.book.order(clientOrderId);
    if (order === undefined) return { ok: false, error: `no order ${clientOrderId}` };
    const modifies = order.trigger === undefined ? d.adapter.amendOrder : (d.adapter.amendTrigger ?? d.replace);
    if (modifies === undefined) return { ok: false, error: `${d.adapter.name} has no modify endpoint here` };
    if (isTerminalOrderState(order.state)) return { ok: false, error: `${clientOrderId} is ${order.state}: nothing to amend` };
    if (order.state !== 'new' && order.state !== 'partially_filled')
      return { ok: false, error: `${clientOrderId} is ${order.state}: amend it once the venue has answered` };
    const flying = this.#flights.get(clientOrderId);
    const base = flying?.next ?? flying?.target ?? restingAt(order);
    const target = amendTarget(order, base, change, d.instrument(order.symbol));
    if ('error' in target) return { ok: false, error: target.error };
    if (order.trigger !== undefined) {
      const mark = d.mark?.(order.symbol);
      const crossed = mark === undefined ? undefined : movedTriggerProblem(order.side, mark, order.trigger.kind, target.price);
      if (crossed !== undefined) return { ok: false, error: `${clientOrderId} not moved: ${crossed}` };
      if (d.adapter.amendTrigger === undefined) return this.#replace(order, target, flying !== undefined);
    }
    if (flying !== undefined) {
      flying.next = target;
      this.counters.queued++;
      return { ok: true, clientOrderId, message: `${clientOrderId}: to ${whereTo(order, target)} once the amend in flight has gone through` };
    }
    const flight: Flight = { target };
    this.#flights.set(clientOrderId, flight);
    try {
      const first = await this.#sendOnce(clientOrderId, target);
      void this.#followUps(clientOrderId, flight, first.ok);
      return first;
    } catch (err) {
      this.#flights.delete(clientOrderId);
      throw err;
    }
  }

  /**
   * A protective order the venue cannot modify, replaced (amend-replace.ts). Its client id changes,
   * so an ask during the replace has nothing to follow: it is refused, and asked again on the new order.
   */
  async #replace(order: Order, target: AmendTarget, busy: boolean): Promise<ActionResult> {
    const id = order.clientOrderId;
    if (busy) return { ok: false, error: `${id} is being replaced: move the new order once it rests` };
    this.#flights.set(id, { target });
    try {
      return await this.#d.replace!(order, target);
    } finally {
      this.#flights.delete(id);
    }
  }

  /** The asks that came while one was in flight: the last of them, once, if the order still rests. */
  async #followUps(clientOrderId: string, flight: Flight, lastOk: boolean): Promise<void> {
    try {
      while (flight.next !== undefined) {
        const next = flight.next;
        delete flight.next;
        if (!lastOk) {
          const order = this.#d.book.order(clientOrderId) ?? {};
          this.#tell('warn', `${clientOrderId}: the amend to ${whereTo(order, next)} was not sent: the one before it did not go through`);
          continue;
        }
        flight.target = next;
        const r = await this.#sendOnce(clientOrderId, next);
        lastOk = r.ok;
        this.#tell(r.ok ? 'info' : 'warn', r.ok ? (r.message ?? `${clientOrderId} amended`) : r.error);
      }
    } finally {
      this.#flights.delete(clientOrderId);
    }
  }

  /** One amend, journaled: the ask before anything leaves, then its outcome. */
  async #sendOnce(clientOrderId: string, target: AmendTarget): Promise<ActionResult> {
    const journal = this.#d.journal;
    if (journal === undefined) return this.#sendUnjournaled(clientOrderId, target);
    journal({ event: 'amend', clientOrderId, amendTo: { price: target.price, qty: target.qty } });
    let r: ActionResult;
    try {
      r = await this.#sendUnjournaled(clientOrderId, target);
    } catch (err) {
      journal({ event: 'amend-failed', clientOrderId, reason: errorMessage(err) });
      throw err;
    }
    const now = this.#d.book.order(clientOrderId);
    journal(
      r.ok
        ? {
            event: 'amended',
            clientOrderId,
            ...(now === undefined ? {} : { state: now.state, filledQty: now.filledQty }),
            ...(now?.venueOrderId === undefined ? {} : { venueOrderId: now.venueOrderId }),
            ...(r.message === undefined ? {} : { reason: r.message }),
          }
        : { event: 'amend-failed', clientOrderId, reason: r.error },
    );
    return r;
  }

  async #sendUnjournaled(clientOrderId: string, target: AmendTarget): Promise<ActionResult> {
    const d = this.#d;
    const order = d.book.order(clientOrderId);
    if (order === undefined || isTerminalOrderState(order.state)) {
      return { ok: false, error: `${clientOrderId} is ${order?.state ?? 'gone'}: nothing to amend` };
    }
    let plan: RequestPlan<{ order?: Order; venueOrderId?: string }>;
    try {
      const request = { order, price: target.price, qty: target.qty };
      plan = order.trigger === undefined ? d.adapter.amendOrder!(request) : d.adapter.amendTrigger!(request);
    } catch (err) {
      return { ok: false, error: `amend not sent: ${errorMessage(err)}` };
    }
    const before = order.venueOrderId;
    const sentAt = this.#mono();
    this.counters.sent++;
    try {
      const ack = await d.run(plan);
      if (ack.order !== undefined) d.book.upsertOrder(ack.order);
      else await this.#query(order);
      const now = d.book.order(clientOrderId) ?? order;
      const renamed = now.venueOrderId !== undefined && now.venueOrderId !== before ? ` (the venue replaced it: new venue id ${now.venueOrderId})` : '';
      if (isTerminalOrderState(now.state)) return { ok: false, error: `${clientOrderId}: the venue answered the amend and the order is now ${now.state}` };
      return { ok: true, clientOrderId, message: `${clientOrderId} amended: ${where(now)}${renamed}` };
    } catch (err) {
      if (failureOf(err) === 'ambiguous' || failureOf(err) === undefined) {
        // Sent at most once: the answer is found, never by sending again. A copy still on its way
        // can apply until the validity window has passed; only then is the venue's picture final.
        this.counters.ambiguous++;
        const wait = d.settleMs - (this.#mono() - sentAt);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const found = await this.#query(order);
        const now = d.book.order(clientOrderId) ?? order;
        const at = restingAt(now);
        const took = found && at.price !== '0' && eq(at.price, target.price) && eq(at.qty, target.qty);
        if (took) return { ok: true, clientOrderId, message: `${clientOrderId} amended (answer lost, then found): ${where(now)}` };
        const shows = found ? `the venue shows ${now.state} ${where(now)}: the amend did not take` : 'the order could not be asked for; reconciliation will show it';
        return { ok: false, error: `amend of ${clientOrderId}: no clear answer (${errorMessage(err)}), not re-sent; ${shows}` };
      }
      // Refused. A venue may still have changed the order by its own rules (Binance cancels a
      // partly filled order amended to its filled size; Hyperliquid's replace may cancel and fail to place).
      await this.#query(order);
      const now = d.book.order(clientOrderId) ?? order;
      const after = isTerminalOrderState(now.state) ? `; the order is now ${now.state}` : `; it still rests at ${where(now)}`;
      return { ok: false, error: `amend of ${clientOrderId} refused: ${errorMessage(err)}${after}` };
    }
  }

  #tell(level: 'info' | 'warn', text: string): void {
    this.#d.emit?.({ type: 'log', at: Date.now(), level, text, source: 'orders' });
  }

  async #query(order: Order): Promise<boolean> {
    try {
      // By client id (a Hyperliquid modify gave the order a new oid); a protective ref where the venue asks apart.
      const found = await findOrder(this.#d.adapter, this.#d.run, refOf(order));
      this.#d.book.upsertOrder(found);
      return true;
    } catch {
      return false;
    }
  }

  #mono(): number {
    return this.#d.monoNow?.() ?? performance.now();
  }
}
