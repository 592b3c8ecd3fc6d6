/**
 * The engine's mirror of one venue account, and the one owner of its orders: orders by client id
 * (with one bounded history of closed ones), the fills it has seen (by trade id, with a per-symbol
 * watermark = the newest fill known), positions and balances. Stream events, REST snapshots and
 * the order manager's sends all land here, and every change goes to the store as an EngineEvent.
 *
 *   order manager ── addOrder / moveOrder (local: sent, cancel in flight) ──┐
 *   stream, reconcile, replies ── upsertOrder (venue reports) ──────────────┴─► orders ─► store
 *                                              └─► onOrderChange (the manager's resolvers stop)
 *
 * Stream events are fast but can arrive late, twice, or out of order around a resync, so every
 * merge is monotonic: a fill is applied once per trade id; an order never moves back in time or
 * out of a terminal state, and only along the core state machine's transitions. An order's average
 * price is its fills' once they account for all it has filled (core/fill-average.ts: some venues'
 * reports carry the limit price instead), and a fill that names its order only by venue id is
 * given the order's client id.
 */
import { cmp, isZero, mul, sub } from '../core/decimal.js';
import { FillAverages } from '../core/fill-average.js';
import { canTransition, mergeOrderReport, sameOrder } from '../core/order-state.js';
import { type Balance, type Fill, isTerminalOrderState, type Order, type OrderState, type Position } from '../core/types.js';
import { RecentIds } from '../core/recent-ids.js';
import type { EngineEvent, EventSink } from './events.js';
import { MOST_FILLS_PER_PASS } from './fill-pages.js';
import type { AccountUpdate, MarkPriceUpdate } from '../venues/stream-types.js';

/** The newest fill known for a symbol: where the next "fills since" query starts. */
export interface Watermark {
  tradeId: string;
  time: number;
}

/** What the order manager hears: a venue report merged into an order, or a closed order forgotten. */
export type OrderChange = { kind: 'reported'; order: Order } | { kind: 'forgotten'; clientOrderId: string };

export interface AccountCounters {
  orders: number;
  /** Venue reports older than what is held (or reopening a closed order): skipped. */
  staleOrders: number;
  /** Venue reports the order state machine refuses (logged): skipped. */
  illegalOrders: number;
  fills: number;
  duplicateFills: number;
}

export interface AccountOptions {
  sink: EventSink;
  /** Wall clock for event times (default Date.now). */
  now?: () => number;
  /** Trade ids remembered per symbol for dedupe: the last `maxFillIds` (default `FILL_IDS_REMEMBERED`). */
  maxFillIds?: number;
  /** Closed orders kept; older ones are forgotten first, open ones never (default 10 000). */
  maxClosedOrders?: number;
}

/**
 * The default of `maxFillIds`: twice what one resync pass can re-deliver per symbol. A forgotten id
 * that a REST pass brings back would be applied a second time, so the bound is set by what REST can
 * return, not by time: a pass reads at most `MOST_FILLS_PER_PASS` (10 000) fills of a symbol, the
 * newest of its window, and the other half covers the stream fills that arrive while the pass runs
 * (10 000: ten seconds at the soak's 1 000 fills/s, hours at a trader's pace). Stream duplicates
 * (a venue sending a fill twice) come seconds apart, well inside it.
 */
export const FILL_IDS_REMEMBERED = 2 * MOST_FILLS_PER_PASS;

export class AccountState {
  readonly counters: AccountCounters = { orders: 0, staleOrders: 0, illegalOrders: 0, fills: 0, duplicateFills: 0 };
  readonly #orders = new Map<string, Order>();
  /** Orders of this session no venue has reported yet: their time is a local estimate, not the venue's. */
  readonly #unconfirmed = new Set<string>();
  /** Trade ids seen, per symbol (ids are unique per symbol on some venues). */
  readonly #fillIds = new Map<string, RecentIds>();
  readonly #averages: FillAverages;
  readonly #watermarks = new Map<string, Watermark>();
  readonly #positions = new Map<string, Position>();
  readonly #balances = new Map<string, Balance>();
  readonly #listeners = new Set<(change: OrderChange) => void>();
  readonly #sink: EventSink;
  readonly #now: () => number;
  readonly #maxFillIds: number;
  readonly #maxClosedOrders: number;
  /** Ids of closed orders, oldest first (a Set keeps insertion order). */
  readonly #closedIds = new Set<string>();

  constructor(opts: AccountOptions) {
    this.#sink = opts.sink;
    this.#now = opts.now ?? Date.now;
    this.#maxFillIds = opts.maxFillIds ?? FILL_IDS_REMEMBERED;
    this.#maxClosedOrders = opts.maxClosedOrders ?? 10_000;
    this.#averages = new FillAverages(2 * this.#maxClosedOrders);
  }

  /** Returns an unsubscribe function. Listeners only read: they never write an order back. */
  onOrderChange(fn: (change: OrderChange) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  order(clientOrderId: string): Order | undefined {
    return this.#orders.get(clientOrderId);
  }

  /** Orders not in a terminal state: open, or sent and not yet confirmed. */
  openOrders(): Order[] {
    const out: Order[] = [];
    for (const o of this.#orders.values()) if (!isTerminalOrderState(o.state)) out.push(o);
    return out;
  }

  allPositions(): Position[] {
    return [...this.#positions.values()];
  }

  allBalances(): Balance[] {
    return [...this.#balances.values()];
  }

  /** Trade ids are unique per symbol on some venues, so the key is both. */
  hasFill(fill: Pick<Fill, 'symbol' | 'tradeId'>): boolean {
    return this.#fillIds.get(fill.symbol)?.has(fill.tradeId) === true;
  }

  watermark(symbol: string): Watermark | undefined {
    const mark = this.#watermarks.get(symbol);
    return mark === undefined ? undefined : { ...mark };
  }

  /** Symbols the account has touched: orders, positions, fills. */
  symbols(): string[] {
    const set = new Set<string>(this.#watermarks.keys());
    for (const o of this.#orders.values()) set.add(o.symbol);
    for (const p of this.#positions.keys()) set.add(p);
    return [...set];
  }

  /** An order this session is about to send: shown at once, held as unconfirmed until a venue reports it. */
  addOrder(order: Order): void {
    this.#orders.set(order.clientOrderId, order);
    this.#unconfirmed.add(order.clientOrderId);
    this.counters.orders++;
    this.#emit({ type: 'order', at: this.#now(), order });
  }

  /**
   * Merges an order as a venue now reports it (stream, snapshot, a reply, a query) by the core's
   * one rule (`mergeOrderReport`): skipped and counted when stale (it would reopen the order, or
   * is no progress and older), refused and logged when the state machine forbids the move.
   * Returns whether it applied.
   */
  upsertOrder(report: Order): boolean {
    const id = report.clientOrderId;
    const old = this.#orders.get(id);
    const merged = old === undefined ? { order: report } : mergeOrderReport(old, report, !this.#unconfirmed.has(id));
    if ('stale' in merged) {
      this.counters.staleOrders++;
      return false;
    }
    if ('illegal' in merged) {
      this.counters.illegalOrders++;
      this.#emit({ type: 'log', at: this.#now(), level: 'warn', source: 'orders', text: `order ${id}: venue report ignored (${merged.illegal})` });
      return false;
    }
    this.#unconfirmed.delete(id);
    this.#averages.link(merged.order);
    const order = this.#averages.priced(merged.order);
    if (old === undefined || !sameOrder(old, order)) this.#store(order);
    // A Set's iterator is an object per report: none when nobody listens.
    if (this.#listeners.size > 0) for (const fn of this.#listeners) fn({ kind: 'reported', order });
    return true;
  }

  /**
   * A local move of one of this session's orders (sent and unanswered, cancel in flight, refused
   * before it left, a cancel that failed): only along the state machine. `updatedAt` stays the
   * venue's last stamp, so no venue report is ever judged older than a local move.
   */
  moveOrder(clientOrderId: string, state: OrderState, reason?: string): void {
    const old = this.#orders.get(clientOrderId);
    if (old === undefined || !canTransition(old.state, state)) return;
    const order: Order = { ...old, state };
    if (reason === undefined) delete order.reason;
    else order.reason = reason;
    if (!sameOrder(old, order)) this.#store(order);
  }

  #store(order: Order): void {
    this.#orders.set(order.clientOrderId, order);
    if (isTerminalOrderState(order.state)) this.#forgetOldest(order.clientOrderId);
    this.counters.orders++;
    this.#emit({ type: 'order', at: this.#now(), order });
  }

  /**
   * Records a fill once per trade id; returns false for a duplicate. The fill gets its order's
   * client id when it names only the venue's, and the order the average price its fills give.
   */
  addFill(reported: Fill): boolean {
    let fill = reported;
    let ids = this.#fillIds.get(fill.symbol);
    if (ids === undefined) {
      ids = new RecentIds(this.#maxFillIds);
      this.#fillIds.set(fill.symbol, ids);
    }
    if (!ids.addNew(fill.tradeId)) {
      this.counters.duplicateFills++;
      return false;
    }
    const mark = this.#watermarks.get(fill.symbol);
    if (mark === undefined || fill.time > mark.time || (fill.time === mark.time && newerId(fill.tradeId, mark.tradeId))) {
      if (mark === undefined) this.#watermarks.set(fill.symbol, { tradeId: fill.tradeId, time: fill.time });
      else {
        mark.tradeId = fill.tradeId;
        mark.time = fill.time;
      }
    }
    this.counters.fills++;
    const owner = this.#averages.add(fill);
    if (owner !== undefined && fill.clientOrderId === undefined) fill = { ...fill, clientOrderId: owner };
    this.#emit({ type: 'fill', at: this.#now(), fill });
    const held = owner === undefined ? undefined : this.#orders.get(owner);
    if (held !== undefined) {
      const priced = this.#averages.priced(held);
      if (priced !== held) this.#store(priced);
    }
    return true;
  }

  /**
   * A stream's balance/position push, merged into the full objects the store holds. A push older
   * than what is known (replayed after a snapshot) is skipped.
   */
  applyAccountUpdate(u: AccountUpdate): void {
    if (u.positions.length > 0) {
      const changed: Position[] = [];
      for (const p of u.positions) {
        const old = this.#positions.get(p.symbol);
        if (old !== undefined && old.updatedAt > u.time) continue;
        const entryPrice = p.entryPrice ?? old?.entryPrice ?? '0';
        const markPrice = old !== undefined && !isZero(old.markPrice) ? old.markPrice : entryPrice;
        const next: Position = {
          symbol: p.symbol,
          qty: p.qty,
          entryPrice,
          markPrice,
          // A push without PnL (size only): qty × (mark − entry) at the last mark, as applyMark does.
          unrealizedPnl: p.unrealizedPnl ?? mul(p.qty, sub(markPrice, entryPrice)),
          updatedAt: u.time,
        };
        if (old !== undefined) keepRisk(old, next);
        this.setPosition(next);
        changed.push(next);
      }
      if (changed.length > 0) this.#emit({ type: 'positions', at: this.#now(), snapshot: false, positions: changed });
    }
    if (u.balances.length > 0) {
      const changed: Balance[] = [];
      for (const b of u.balances) {
        const old = this.#balances.get(b.asset);
        if (old !== undefined && old.updatedAt > u.time) continue;
        // Streams carry the wallet only; what is available moves with it until the next snapshot.
        const available = old === undefined ? b.wallet : sub(old.available, sub(old.wallet, b.wallet));
        const next: Balance = { asset: b.asset, wallet: b.wallet, available, updatedAt: u.time };
        this.#balances.set(b.asset, next);
        changed.push(next);
      }
      if (changed.length > 0) this.#emit({ type: 'balances', at: this.#now(), snapshot: false, balances: changed });
    }
  }

  /**
   * A mark price moves the position's unrealized PnL: qty × (mark − entry). `updatedAt` stays: it
   * dates the size, and a mark push says nothing about the size (were it stamped, the next
   * snapshot would look older than a wrong size and never correct it — found by the chaos run).
   */
  applyMark(m: MarkPriceUpdate): void {
    const old = this.#positions.get(m.symbol);
    if (old === undefined) return;
    const next: Position = {
      ...old,
      markPrice: m.markPrice,
      unrealizedPnl: mul(old.qty, sub(m.markPrice, old.entryPrice)),
    };
    this.#positions.set(m.symbol, next);
    this.#emit({ type: 'positions', at: this.#now(), snapshot: false, positions: [next] });
  }

  /**
   * The risk fields of the venue's positions (liquidation and break-even prices, margin, mode,
   * leverage) merged into the positions held, where the venue's size is the size held: a read that
   * raced a fill says nothing about the new size. Sizes never change here (reconcile owns them).
   */
  applyRisk(positions: readonly Position[]): void {
    const changed: Position[] = [];
    for (const p of positions) {
      const old = this.#positions.get(p.symbol);
      if (old === undefined || cmp(old.qty, p.qty) !== 0) continue;
      const next: Position = { ...old };
      // An absent price or margin is "none now"; an absent leverage or mode is "not said" (kept).
      for (const key of RISK_KEYS) if (key !== 'leverage' && key !== 'marginMode') delete next[key];
      for (const key of RISK_KEYS) if (p[key] !== undefined) Object.assign(next, { [key]: p[key] });
      if (RISK_KEYS.every((k) => next[k] === old[k])) continue;
      this.#positions.set(p.symbol, next);
      changed.push(next);
    }
    if (changed.length > 0) this.#emit({ type: 'positions', at: this.#now(), snapshot: false, positions: changed });
  }

  /** Venue truth from a REST snapshot: replaces positions and balances wholesale. */
  replacePositions(positions: readonly Position[]): void {
    this.#positions.clear();
    for (const p of positions) this.setPosition(p);
    this.publishPositions();
  }

  replaceBalances(balances: readonly Balance[]): void {
    this.#balances.clear();
    for (const b of balances) this.#balances.set(b.asset, b);
    this.publishBalances();
  }

  /** Sets one position quietly (a zero qty removes it); `publishPositions` tells the store. */
  setPosition(p: Position): void {
    if (cmp(p.qty, '0') === 0) this.#positions.delete(p.symbol);
    else this.#positions.set(p.symbol, p);
  }

  /** Sets or removes one balance quietly; `publishBalances` tells the store. */
  setBalance(asset: string, b: Balance | undefined): void {
    if (b === undefined) this.#balances.delete(asset);
    else this.#balances.set(asset, b);
  }

  /** All positions as a snapshot; `requestedAt` when they come from a REST snapshot asked then (our clock). */
  publishPositions(requestedAt?: number): void {
    this.#emit({ type: 'positions', at: this.#now(), snapshot: true, positions: [...this.#positions.values()], ...(requestedAt === undefined ? {} : { requestedAt }) });
  }

  publishBalances(): void {
    this.#emit({ type: 'balances', at: this.#now(), snapshot: true, balances: [...this.#balances.values()] });
  }

  /** Tells the store which orders are open now (after a snapshot has been merged order by order). */
  publishOpenOrders(): void {
    this.#emit({ type: 'orders-snapshot', at: this.#now(), orders: this.openOrders() });
  }

  /** Bounded memory over a long session: past the cap the oldest closed orders are forgotten. */
  #forgetOldest(closedId: string): void {
    this.#closedIds.add(closedId);
    for (const id of this.#closedIds) {
      if (this.#closedIds.size <= this.#maxClosedOrders) break;
      this.#closedIds.delete(id);
      const o = this.#orders.get(id);
      if (o === undefined || !isTerminalOrderState(o.state)) continue;
      this.#orders.delete(id);
      this.#unconfirmed.delete(id);
      this.#averages.forget(o);
      for (const fn of this.#listeners) fn({ kind: 'forgotten', clientOrderId: id });
    }
  }

  #emit(event: EngineEvent): void {
    this.#sink.push(event);
  }
}

/** What a risk read brings; sizes, entry, mark and PnL stay with the snapshot and the streams. */
const RISK_KEYS = ['liquidationPrice', 'leverage', 'marginMode', 'margin', 'maintMargin', 'breakEvenPrice'] as const;

/**
 * A stream push kept the risk fields of the position it updates: leverage and mode always; the
 * prices and margins only while the size is unchanged (they depend on it, and the next risk read
 * brings the new ones).
 */
function keepRisk(old: Position, next: Position): void {
  if (old.leverage !== undefined) next.leverage = old.leverage;
  if (old.marginMode !== undefined) next.marginMode = old.marginMode;
  if (cmp(old.qty, next.qty) !== 0) return;
  if (old.liquidationPrice !== undefined) next.liquidationPrice = old.liquidationPrice;
  if (old.margin !== undefined) next.margin = old.margin;
  if (old.maintMargin !== undefined) next.maintMargin = old.maintMargin;
  if (old.breakEvenPrice !== undefined) next.breakEvenPrice = old.breakEvenPrice;
}

/** Numeric trade ids compare as numbers; other ids by length then text. */
function newerId(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}
