/**
 * Resync and reconciliation (invariant 3: the venue is the source of truth). After every
 * (re)connect, before the account socket is shown live, and every 30 s in the background:
 * REST snapshot of open orders, positions, balances and the fills since the watermark (the newest
 * fill known per symbol), then the venue's picture is merged into the account mirror. Every
 * difference found is applied AND recorded as a correction the cockpit shows ("recovered 2
 * BTCUSDT fills missed while disconnected", "order qd-7 filled while away"). The snapshot
 * requests go through the engine's REST executor on the background lane.
 */
import { cmp } from '../core/decimal.js';
import type { Balance, Fill, Order, Position } from '../core/types.js';
import type { Correction, EventSink, ReconcileTrigger } from '../store/events.js';
import type { OrderRef, RestAdapter } from '../venues/venue.js';
import type { AccountState } from './account.js';
import type { RestRunner } from './stream.js';

export interface ResyncOptions {
  adapter: RestAdapter;
  rest: RestRunner;
  account: AccountState;
  sink: EventSink;
  /** Symbols always checked for fills (the session's symbol), besides those the account touched. */
  symbols?: readonly string[];
  /** Venue time now (the engine's clock estimate); dates the first fills query. */
  venueNow: () => number;
  /** With no watermark yet, fills are fetched from this long before the first resync (default 1 h). */
  fillLookbackMs?: number;
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
}

export interface ResyncCounters {
  passes: number;
  failures: number;
  corrections: number;
}

export class Resyncer {
  readonly counters: ResyncCounters = { passes: 0, failures: 0, corrections: 0 };
  private readonly o: ResyncOptions;
  private readonly now: () => number;
  private sinceFirst: number | undefined;
  private running: Promise<Correction[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(opts: ResyncOptions) {
    this.o = opts;
    this.now = opts.now ?? Date.now;
  }

  /** For StreamOptions.resync: the first pass is `startup`, later ones `reconnect`. Rejects on failure. */
  readonly onConnect = async (): Promise<void> => {
    await this.pass(this.started ? 'reconnect' : 'startup');
    this.started = true;
  };

  /** Starts the periodic background pass. */
  startPeriodic(): void {
    const period = this.o.periodMs ?? 30_000;
    if (period <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running === undefined) void this.pass('periodic').catch(() => undefined);
    }, period);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * One snapshot + reconcile pass. Concurrent calls share the running pass. Emits a `reconcile`
   * event either way (with `error` when the snapshot failed) and rethrows the failure.
   */
  pass(trigger: ReconcileTrigger): Promise<Correction[]> {
    this.running ??= this.run(trigger).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(trigger: ReconcileTrigger): Promise<Correction[]> {
    this.counters.passes++;
    try {
      const snapshot = await this.fetch();
      const corrections = await reconcileSnapshot(this.o.account, snapshot, {
        queryOrder: (order) => this.o.rest(this.o.adapter.queryOrder(ref(order))),
        maxOrderQueries: this.o.maxOrderQueries ?? 20,
        away: trigger === 'periodic' ? 'unnoticed' : 'while away',
        initial: trigger === 'startup',
      });
      this.counters.corrections += corrections.length;
      this.o.sink.push({ type: 'reconcile', at: this.now(), trigger, corrections });
      return corrections;
    } catch (err) {
      this.counters.failures++;
      const error = err instanceof Error ? err.message : String(err);
      this.o.sink.push({ type: 'reconcile', at: this.now(), trigger, corrections: [], error });
      throw err;
    }
  }

  private async fetch(): Promise<Snapshot> {
    const { adapter, rest, account } = this.o;
    const takenAt = this.o.venueNow();
    this.sinceFirst ??= takenAt - (this.o.fillLookbackMs ?? 3_600_000);
    const [orders, positions, balances] = await Promise.all([
      rest(adapter.openOrders()),
      rest(adapter.positions()),
      rest(adapter.balances()),
    ]);
    const symbols = new Set([...(this.o.symbols ?? []), ...account.symbols()]);
    for (const o of orders) symbols.add(o.symbol);
    for (const p of positions) symbols.add(p.symbol);
    const fills = (await Promise.all([...symbols].map((s) => this.fillsSince(s)))).flat();
    return { takenAt, orders, positions, balances, fills };
  }

  /** Fills of one symbol from the watermark (inclusive; dedupe drops it), following full pages. */
  private async fillsSince(symbol: string): Promise<Fill[]> {
    const limit = this.o.fillPageSize ?? 500;
    const out: Fill[] = [];
    const seen = new Set<string>();
    const mark = this.o.account.watermark(symbol);
    let query = mark === undefined ? { symbol, startTime: this.sinceFirst, limit } : { symbol, fromTradeId: mark.tradeId, limit };
    for (let page = 0; page < (this.o.maxFillPages ?? 20); page++) {
      const batch = await this.o.rest(this.o.adapter.fills(query));
      let fresh = 0;
      for (const f of batch) {
        if (seen.has(f.tradeId)) continue;
        seen.add(f.tradeId);
        out.push(f);
        fresh++;
      }
      const last = batch.at(-1);
      if (batch.length < limit || fresh === 0 || last === undefined) break;
      query = { symbol, fromTradeId: last.tradeId, limit };
    }
    return out;
  }
}

function ref(order: Order): OrderRef {
  const r: OrderRef = { symbol: order.symbol, clientOrderId: order.clientOrderId };
  if (order.venueOrderId !== undefined) r.venueOrderId = order.venueOrderId;
  return r;
}

/** The venue's picture; `takenAt` = venue time when the requests left. */
export interface Snapshot {
  takenAt: number;
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
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(o: Order): string {
  const price = o.price === undefined ? 'MKT' : `@ ${o.price}`;
  return `${o.side} ${o.qty} ${o.symbol} ${price}`;
}

/**
 * Merges a venue snapshot into the account and says what changed. Every merge is monotonic:
 * orders by the mirror's rules, positions and balances by time — one the stream moved after the
 * snapshot was taken stays — so a periodic pass racing the live stream cannot move anything back.
 */
export async function reconcileSnapshot(account: AccountState, snap: Snapshot, d: ReconcileDeps): Promise<Correction[]> {
  const out: Correction[] = [];
  // The first pass of a session loads the picture: nothing to correct yet.
  const record = (c: Correction): void => {
    if (!d.initial) out.push(c);
  };
  // Fills first: they name the orders that closed while we were away.
  const clientIds = new Map<string, string>();
  for (const o of [...account.openOrders(), ...snap.orders]) if (o.venueOrderId) clientIds.set(o.venueOrderId, o.clientOrderId);
  const fresh = snap.fills.filter((f) => !account.hasFill(f.tradeId)).sort((a, b) => a.time - b.time);
  const perSymbol = new Map<string, number>();
  for (const f of fresh) {
    const fill = f.clientOrderId === undefined && clientIds.has(f.venueOrderId) ? { ...f, clientOrderId: clientIds.get(f.venueOrderId) } : f;
    if (account.addFill(fill)) perSymbol.set(f.symbol, (perSymbol.get(f.symbol) ?? 0) + 1);
  }
  for (const [symbol, n] of perSymbol) {
    record({ kind: 'fill-recovered', symbol, text: `recovered ${plural(n, `${symbol} fill`)} missed ${d.away}` });
  }

  const venueOpen = new Set<string>();
  for (const v of snap.orders) {
    venueOpen.add(v.clientOrderId);
    const local = account.order(v.clientOrderId);
    if (local === undefined) {
      account.upsertOrder(v);
      record({ kind: 'order-added', symbol: v.symbol, clientOrderId: v.clientOrderId, text: `order ${v.clientOrderId} (${describe(v)}) found open at the venue` });
    } else if (orderDiffers(local, v) && account.upsertOrder(v)) {
      const text = `order ${v.clientOrderId} ${v.state.replace('_', ' ')} ${d.away}: ${v.filledQty}/${v.qty} filled`;
      record({ kind: 'order-changed', symbol: v.symbol, clientOrderId: v.clientOrderId, text });
    }
  }
  let queries = 0;
  for (const local of account.openOrders()) {
    // Sent but not yet acknowledged: the order manager resolves those by client id itself.
    if (venueOpen.has(local.clientOrderId) || local.state === 'pending_new' || local.state === 'unknown') continue;
    const base = { kind: 'order-closed' as const, symbol: local.symbol, clientOrderId: local.clientOrderId };
    if (queries++ < d.maxOrderQueries) {
      try {
        const v = await d.queryOrder(local);
        if (account.upsertOrder(v)) record({ ...base, text: `order ${local.clientOrderId} ${v.state.replace('_', ' ')} ${d.away}` });
        continue;
      } catch (err) {
        account.forgetOrder(local.clientOrderId);
        record({ ...base, text: `order ${local.clientOrderId} closed ${d.away} (status query failed: ${err instanceof Error ? err.message : String(err)})` });
        continue;
      }
    }
    account.forgetOrder(local.clientOrderId);
    record({ ...base, text: `order ${local.clientOrderId} closed ${d.away} (final state not queried)` });
  }
  account.publishOpenOrders();

  const localPositions = new Map(account.allPositions().map((p) => [p.symbol, p]));
  const positions = new Map<string, Position>();
  for (const v of snap.positions) {
    const l = localPositions.get(v.symbol);
    if (l !== undefined && l.updatedAt > snap.takenAt) positions.set(l.symbol, l);
    else {
      if (l === undefined || cmp(l.qty, v.qty) !== 0 || cmp(l.entryPrice, v.entryPrice) !== 0) {
        record({ kind: 'position-changed', symbol: v.symbol, text: `${v.symbol} position ${l?.qty ?? '0'} → ${v.qty} @ ${v.entryPrice}` });
      }
      positions.set(v.symbol, asOf(v, snap.takenAt));
    }
  }
  for (const l of localPositions.values()) {
    if (positions.has(l.symbol)) continue;
    // Flat at the venue, unless the stream moved it after the snapshot was taken.
    if (l.updatedAt > snap.takenAt) positions.set(l.symbol, l);
    else record({ kind: 'position-changed', symbol: l.symbol, text: `${l.symbol} position ${l.qty} → 0 (flat at the venue)` });
  }
  account.replacePositions([...positions.values()]);

  const localBalances = new Map(account.allBalances().map((b) => [b.asset, b]));
  const balances = new Map<string, Balance>();
  for (const v of snap.balances) {
    const l = localBalances.get(v.asset);
    if (l !== undefined && l.updatedAt > snap.takenAt) balances.set(v.asset, l);
    else {
      if (l !== undefined && cmp(l.wallet, v.wallet) !== 0) record({ kind: 'balance-changed', text: `${v.asset} wallet ${l.wallet} → ${v.wallet}` });
      balances.set(v.asset, asOf(v, snap.takenAt));
    }
  }
  for (const l of localBalances.values()) if (!balances.has(l.asset) && l.updatedAt > snap.takenAt) balances.set(l.asset, l);
  account.replaceBalances([...balances.values()]);
  return out;
}

/** Snapshot state is known as of the snapshot: older stream pushes replayed after it are skipped. */
function asOf<T extends { updatedAt: number }>(x: T, takenAt: number): T {
  return x.updatedAt >= takenAt ? x : { ...x, updatedAt: takenAt };
}

function orderDiffers(a: Order, b: Order): boolean {
  return a.state !== b.state || cmp(a.filledQty, b.filledQty) !== 0 || a.price !== b.price || cmp(a.qty, b.qty) !== 0;
}
