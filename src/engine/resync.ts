/**
 * Resync and reconciliation (invariant 3: the venue is the source of truth). After every
 * (re)connect, before the account socket is shown live, and every 30 s in the background:
 * REST snapshot of open orders, positions, balances and the fills since the watermark (the newest
 * fill known per symbol), then the venue's picture is merged into the account mirror. Every
 * difference found is applied AND recorded as a correction the cockpit shows ("recovered 2
 * BTCUSDT fills missed while disconnected", "order qd-7 filled while away"). The snapshot
 * requests go through the engine's REST executor on the background lane.
 */
import { findOrder } from './query-order.js';
import { errorMessage } from '../core/error-message.js';
import { eq } from '../core/decimal.js';
import { classifyClosed, diffSnapshot } from '../core/reconcile.js';
import type { Balance, Fill, Instrument, Order, Position } from '../core/types.js';
import type { CorrectionNote, EventSink, ReconcileTrigger } from './events.js';
import type { OrderRef, RestAdapter } from '../venues/venue.js';
import type { AccountState } from './account.js';
import { FILL_PAGE_SIZE, MAX_FILL_PAGES, fillsBack, fillsByCursor } from './fill-pages.js';
import { refOf } from './orders.js';
import type { RestRunner } from './stream-options.js';

export interface ResyncOptions {
  adapter: RestAdapter;
  rest: RestRunner;
  account: AccountState;
  sink: EventSink;
  /** Symbols always checked for fills (the session's symbols, as `:sym` adds them), besides those the account touched. */
  symbols?: Iterable<string>;
  /** Venue time now (the engine's clock estimate); dates the first fills query. */
  venueNow: () => number;
  /** With no watermark yet, fills are fetched from this long before the first resync (default 1 h). */
  fillLookbackMs?: number;
  /**
   * Time-paged venues are asked for fills from this long before the watermark (default 60 s):
   * a fill can carry an earlier time than the newest one known (the venue's clock stepped back,
   * a late print), and a query from the watermark itself would never return it. Trade ids dedupe.
   */
  fillOverlapMs?: number;
  /** Page size of fills queries (default 500); pages are followed while full. */
  fillPageSize?: number;
  /** Most fill pages per symbol per pass (default 20). */
  maxFillPages?: number;
  /** Most status queries for orders that vanished from the open list (default 20). */
  maxOrderQueries?: number;
  /** Background pass period (default 30 s); 0 disables it. */
  periodMs?: number;
  /** Wall clock for event times (default Date.now). */
  now?: () => number;
  /** The session's instrument when it trades spot: balance changes are told as holdings (core/reconcile.ts). */
  spot?: () => Pick<Instrument, 'symbol' | 'base' | 'quote'> | undefined;
}

export interface ResyncCounters {
  passes: number;
  failures: number;
  corrections: number;
}

export class Resyncer {
  readonly counters: ResyncCounters = { passes: 0, failures: 0, corrections: 0 };
  readonly #o: ResyncOptions;
  readonly #now: () => number;
  #sinceFirst: number | undefined;
  #running: Promise<CorrectionNote[]> | undefined;
  /** The latest pass asked for and not yet started. */
  #queued: { trigger: ReconcileTrigger; done: Promise<CorrectionNote[]> } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(opts: ResyncOptions) {
    this.#o = opts;
    this.#now = opts.now ?? Date.now;
  }

  /** For StreamOptions.resync: the first pass is `startup`, later ones `reconnect`. Rejects on failure. */
  readonly onConnect = async (): Promise<void> => {
    await this.pass(this.#started ? 'reconnect' : 'startup');
    this.#started = true;
  };

  /** Starts the periodic background pass. */
  startPeriodic(): void {
    const period = this.#o.periodMs ?? 30_000;
    if (period <= 0 || this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#running === undefined) void this.pass('periodic').catch(() => undefined);
    }, period);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * One snapshot + reconcile pass, emitting a `reconcile` event either way (with `error` when the
   * snapshot failed) and rethrowing the failure. Passes never overlap: a pass asked for while one
   * runs starts after it, with a fresh snapshot (a reconnect must not reuse one taken before its
   * socket was open). Two periodic asks in a row share one pass.
   */
  pass(trigger: ReconcileTrigger): Promise<CorrectionNote[]> {
    if (trigger === 'periodic' && this.#queued?.trigger === 'periodic') return this.#queued.done;
    const prior = this.#running ?? Promise.resolve([]);
    const done = prior
      .catch(() => [])
      .then(() => {
        if (this.#queued?.done === done) this.#queued = undefined;
        return this.#run(trigger);
      });
    const current = done.finally(() => {
      if (this.#running === current) this.#running = undefined;
    });
    // The caller handles `done`; this bookkeeping copy must not surface as an unhandled rejection.
    current.catch(() => undefined);
    this.#running = current;
    this.#queued = { trigger, done };
    return done;
  }

  async #run(trigger: ReconcileTrigger): Promise<CorrectionNote[]> {
    this.counters.passes++;
    try {
      const snapshot = await this.#fetch();
      const corrections = await reconcileSnapshot(this.#o.account, snapshot, {
        queryOrder: (order) => findOrder(this.#o.adapter, this.#o.rest, ref(order)),
        maxOrderQueries: this.#o.maxOrderQueries ?? 20,
        away: trigger === 'periodic' ? 'unnoticed' : 'while away',
        initial: trigger === 'startup',
        spot: this.#o.spot?.(),
      });
      this.counters.corrections += corrections.length;
      this.#o.sink.push({ type: 'reconcile', at: this.#now(), trigger, corrections });
      return corrections;
    } catch (err) {
      this.counters.failures++;
      const error = errorMessage(err);
      this.#o.sink.push({ type: 'reconcile', at: this.#now(), trigger, corrections: [], error });
      throw err;
    }
  }

  async #fetch(): Promise<Snapshot> {
    const { adapter, rest, account } = this.#o;
    const takenAt = this.#o.venueNow();
    const requestedAt = this.#now();
    this.#sinceFirst ??= takenAt - (this.#o.fillLookbackMs ?? 3_600_000);
    // Fills of the symbols already known go out with the snapshot; symbols it reveals follow.
    const known = new Set([...(this.#o.symbols ?? []), ...account.symbols()]);
    const [regular, protective, positions, balances, knownFills] = await Promise.all([
      rest(adapter.openOrders()),
      // Protective orders are reconciled like any order: they can trigger while the socket is down.
      adapter.protective === undefined ? Promise.resolve([]) : rest(adapter.protective.open()),
      // A venue without positions (spot) is asked nothing: it holds none.
      adapter.positions === undefined ? Promise.resolve([]) : rest(adapter.positions()),
      rest(adapter.balances()),
      Promise.all([...known].map((s) => this.fillsSince(s))),
    ]);
    const orders = [...regular, ...protective];
    const extra = new Set<string>();
    for (const x of [...orders, ...positions]) if (!known.has(x.symbol)) extra.add(x.symbol);
    const extraFills = await Promise.all([...extra].map((s) => this.fillsSince(s)));
    const fills = [...knownFills, ...extraFills].flat();
    return { takenAt, requestedAt, orders, positions, balances, fills };
  }

  /** Fills of one symbol from the watermark (inclusive; dedupe drops it), following full pages. */
  async fillsSince(symbol: string): Promise<Fill[]> {
    const limit = this.#o.fillPageSize ?? FILL_PAGE_SIZE;
    const out: Fill[] = [];
    const seen = new Set<string>();
    const mark = this.#o.account.watermark(symbol);
    // Test doubles may leave capabilities out: absent means the forward default.
    const paging = this.#o.adapter.capabilities?.fillsPaging;
    if (paging !== undefined) {
      const since = mark === undefined ? (this.#sinceFirst ?? 0) : mark.time - (this.#o.fillOverlapMs ?? 60_000);
      const pages = { rest: this.#o.rest, adapter: this.#o.adapter, maxPages: this.#o.maxFillPages ?? MAX_FILL_PAGES };
      const size = Math.min(limit, paging.maxPage);
      return paging.direction === 'cursor' ? fillsByCursor(pages, symbol, since, size) : fillsBack(pages, symbol, since, size);
    }
    let query =
      mark === undefined
        ? { symbol, startTime: this.#sinceFirst, limit }
        : { symbol, fromTradeId: mark.tradeId, startTime: mark.time, limit };
    for (let page = 0; page < (this.#o.maxFillPages ?? MAX_FILL_PAGES); page++) {
      const batch = await this.#o.rest(this.#o.adapter.fills(query));
      let fresh = 0;
      for (const f of batch) {
        if (seen.has(f.tradeId)) continue;
        seen.add(f.tradeId);
        out.push(f);
        fresh++;
      }
      const last = batch.at(-1);
      if (batch.length < limit || fresh === 0 || last === undefined) break;
      // Both: trade-id venues page by id, time-paged venues (Hyperliquid) by the fill's time.
      query = { symbol, fromTradeId: last.tradeId, startTime: last.time, limit };
    }
    return out;
  }
}

const ref = (order: Order): OrderRef => refOf(order, order.venueOrderId);

/** The venue's picture; `takenAt` = venue time when the requests left. */
export interface Snapshot {
  takenAt: number;
  /**
   * Our clock when the requests left: what was seen before it may be missing from the snapshot
   * (the signal runner orders it against the fills it saw, docs/signals.md §Runner).
   */
  requestedAt?: number;
  orders: Order[];
  positions: Position[];
  balances: Balance[];
  fills: Fill[];
}

interface ReconcileDeps {
  queryOrder(order: Order): Promise<Order>;
  maxOrderQueries: number;
  /** How the gap is named in corrections: 'while away' after a reconnect, 'unnoticed' otherwise. */
  away: string;
  /** The session's first pass: loads state, records no corrections. */
  initial: boolean;
  /** A spot session's instrument (ResyncOptions.spot). */
  spot?: Pick<Instrument, 'symbol' | 'base' | 'quote'> | undefined;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Runs the core reconcile diff of the account against a venue snapshot, then applies every
 * correction to the mirror and returns those to show. Applying is monotonic: orders by the
 * mirror's rules, positions and balances by time — one the stream moved after the snapshot was
 * taken stays — so a periodic pass racing the live stream moves nothing back (and says nothing).
 * Orders gone from the open list are queried (bounded) for their final state; an order still
 * unresolved stays as it is and is reported again next pass: nothing is guessed.
 */
export async function reconcileSnapshot(
  account: AccountState,
  snap: Snapshot,
  d: ReconcileDeps,
): Promise<CorrectionNote[]> {
  const out: CorrectionNote[] = [];
  const record = (c: CorrectionNote): void => {
    if (!d.initial) out.push(c);
  };
  const local = {
    orders: account.openOrders(),
    positions: account.allPositions(),
    balances: account.allBalances(),
  };
  // Oldest first, so each recovered fill moves the watermark forward.
  const venueFills = [...snap.fills].sort((a, b) => a.time - b.time);
  const diff = diffSnapshot(
    { ...local, hasFill: (f) => account.hasFill(f), ...(d.spot === undefined ? {} : { spot: d.spot }) },
    { openOrders: snap.orders, fills: venueFills, positions: snap.positions, balances: snap.balances },
  );

  // REST fills may lack the client order id (Binance's do): look it up by venue order id, once.
  let clientIds: Map<string, string> | undefined;
  const clientIdOf = (venueOrderId: string): string | undefined => {
    if (clientIds === undefined) {
      clientIds = new Map();
      for (const o of [...local.orders, ...snap.orders]) if (o.venueOrderId !== undefined) clientIds.set(o.venueOrderId, o.clientOrderId);
    }
    return clientIds.get(venueOrderId);
  };
  const recovered = new Map<string, number>();
  const missing: Order[] = [];
  for (const c of diff) {
    switch (c.kind) {
      case 'missing_fill': {
        const id = c.fill.clientOrderId ?? clientIdOf(c.fill.venueOrderId);
        if (account.addFill(id === undefined ? c.fill : { ...c.fill, clientOrderId: id })) {
          recovered.set(c.fill.symbol, (recovered.get(c.fill.symbol) ?? 0) + 1);
        }
        break;
      }
      case 'external_order':
        if (account.upsertOrder(c.venue)) record(orderCorrection('order-added', c.venue, c.reason));
        break;
      case 'order_changed':
        if (account.upsertOrder(c.venue)) record(orderCorrection('order-changed', c.venue, c.reason));
        break;
      case 'order_missing':
        // Sent but never confirmed: the order manager resolves those by client id itself.
        if (c.local.state !== 'pending_new' && c.local.state !== 'unknown') missing.push(c.local);
        break;
    }
  }
  for (const [symbol, n] of recovered) {
    record({
      kind: 'fill-recovered',
      symbol,
      text: `recovered ${plural(n, `${symbol} fill`)} missed ${d.away}`,
    });
  }

  // Final states of orders gone from the open list, asked one by one (bounded).
  const closed: Order[] = [];
  for (const o of missing.slice(0, d.maxOrderQueries)) {
    try {
      closed.push(await d.queryOrder(o));
    } catch (err) {
      const why = errorMessage(err);
      record(
        orderCorrection(
          'order-closed',
          o,
          `order ${o.clientOrderId} is no longer open at the venue; status query failed (${why})`,
        ),
      );
    }
  }
  if (missing.length > d.maxOrderQueries) {
    record({
      kind: 'order-closed',
      text: `${missing.length - d.maxOrderQueries} more orders no longer open at the venue: checked next pass`,
    });
  }
  for (const c of classifyClosed(missing, closed)) {
    if (account.upsertOrder(c.venue)) record(orderCorrection('order-closed', c.venue, c.reason));
  }
  account.publishOpenOrders();

  // Positions and balances: the venue's values replace ours (mark, entry, available move all the
  // time) unless the stream changed ours after the snapshot was taken; only a different size or
  // wallet is news. Last, so the log reads fills → orders → positions.
  const newer = (x: { updatedAt: number } | undefined): boolean =>
    x !== undefined && x.updatedAt > snap.takenAt;
  const localPos = new Map(local.positions.map((p) => [p.symbol, p]));
  const venuePos = new Set(snap.positions.map((p) => p.symbol));
  for (const v of snap.positions)
    if (!newer(localPos.get(v.symbol))) account.setPosition(asOf(v, snap.takenAt));
  for (const l of local.positions)
    if (!venuePos.has(l.symbol) && !newer(l)) account.setPosition(flat(l.symbol, snap.takenAt));
  const localBal = new Map(local.balances.map((b) => [b.asset, b]));
  const venueBal = new Set(snap.balances.map((b) => b.asset));
  for (const v of snap.balances)
    if (!newer(localBal.get(v.asset))) account.setBalance(v.asset, asOf(v, snap.takenAt));
  for (const l of local.balances)
    if (!venueBal.has(l.asset) && !newer(l)) account.setBalance(l.asset, undefined);
  for (const c of diff) {
    if (c.kind === 'position_mismatch' && !newer(localPos.get(c.symbol))) {
      record({ kind: 'position-changed', symbol: c.symbol, text: c.reason });
    } else if (c.kind === 'balance_changed' && !newer(c.local) && !sameWallet(c.local, c.venue)) {
      record({ kind: 'balance-changed', text: c.reason });
    }
  }
  account.publishPositions(snap.requestedAt);
  account.publishBalances();
  return out;
}

function orderCorrection(kind: CorrectionNote['kind'], o: Order, text: string): CorrectionNote {
  return { kind, symbol: o.symbol, clientOrderId: o.clientOrderId, text };
}

function sameWallet(a: Balance | undefined, b: Balance | undefined): boolean {
  return a !== undefined && b !== undefined && eq(a.wallet, b.wallet);
}

function flat(symbol: string, at: number): Position {
  return { symbol, qty: '0', entryPrice: '0', markPrice: '0', unrealizedPnl: '0', updatedAt: at };
}

/** Snapshot state is known as of the snapshot: older stream pushes replayed after it are skipped. */
function asOf<T extends { updatedAt: number }>(x: T, takenAt: number): T {
  return x.updatedAt >= takenAt ? x : { ...x, updatedAt: takenAt };
}
